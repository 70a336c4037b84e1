#include <gtest/gtest.h>

#include <vector>

#include "engine/sql/Lexer.h"

using namespace tideline::engine::sql;

namespace {
std::vector<Token> lexAll(std::string_view sql)
{
    Lexer lexer(sql);
    std::vector<Token> out;
    size_t pos = 0;
    TokenType prev = TokenType::EndOfStream;
    for (int guard = 0; guard < 1000; ++guard) {
        Token t = lexer.next(pos, prev);
        if (t.is(TokenType::EndOfStream))
            break;
        out.push_back(t);
        pos = t.end();
        prev = t.type;
    }
    return out;
}

std::vector<TokenType> types(std::string_view sql)
{
    std::vector<TokenType> out;
    for (const Token &t : lexAll(sql))
        out.push_back(t.type);
    return out;
}
} // namespace

using T = TokenType;

TEST(Lexer, IdentifiersAndQuoting)
{
    auto tokens = lexAll("abc _x1 `a b` \"c\"\"d\" `e\\`f`");
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[0].type, T::Identifier);
    EXPECT_EQ(tokens[2].type, T::QuotedIdentifier);
    EXPECT_EQ(tokens[2].value(), "a b");
    EXPECT_EQ(tokens[3].value(), "c\"d");
    EXPECT_EQ(tokens[4].value(), "e`f");
}

TEST(Lexer, Numbers)
{
    for (const char *n : {"1", "123", "1.5", "1e10", "1E-3", "0x1F", "0b101", "1.", "2.5e+3"}) {
        auto t = lexAll(n);
        ASSERT_EQ(t.size(), 1u) << n;
        EXPECT_EQ(t[0].type, T::Number) << n;
        EXPECT_EQ(t[0].text, n);
    }
    EXPECT_EQ(types("SELECT .5"), (std::vector<T>{T::Identifier, T::Dot, T::Number}));
    EXPECT_EQ(types("(.5)"), (std::vector<T>{T::LParen, T::Number, T::RParen}));
    EXPECT_EQ(types("t.1.2"), (std::vector<T>{T::Identifier, T::Dot, T::Number, T::Dot, T::Number}));
    EXPECT_EQ(types("1abc"), (std::vector<T>{T::Error}));
}

TEST(Lexer, IntervalShortcutsAreCaseSensitive)
{
    for (const char *n : {"5s", "2m", "1h", "1ms", "1us", "1ns", "1d", "1w", "1M", "1q", "1y"}) {
        auto t = lexAll(n);
        ASSERT_EQ(t.size(), 1u) << n;
        EXPECT_EQ(t[0].type, T::IntervalNumber) << n;
    }
    for (const char *n : {"1S", "1H", "1x", "1.5s", "1mss"})
        EXPECT_EQ(lexAll(n)[0].type, T::Error) << n;
}

TEST(Lexer, StringsWithEscapes)
{
    auto t = lexAll(R"('a\'b' 'c''d' '\n\t\\' '\x41' '\%' '')");
    ASSERT_EQ(t.size(), 6u);
    EXPECT_EQ(t[0].value(), "a'b");
    EXPECT_EQ(t[1].value(), "c'd");
    EXPECT_EQ(t[2].value(), "\n\t\\");
    EXPECT_EQ(t[3].value(), "A");
    EXPECT_EQ(t[4].value(), "\\%");
    EXPECT_EQ(t[5].value(), "");
    EXPECT_EQ(lexAll("'abc")[0].type, T::Error);
}

TEST(Lexer, DollarBodies)
{
    auto t = lexAll("AS $$ function f(a) { return 'x;'; } $$ x");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[1].type, T::DollarString);
    EXPECT_EQ(t[1].value(), " function f(a) { return 'x;'; } ");
    EXPECT_EQ(lexAll("$$ open")[0].type, T::Error);
}

TEST(Lexer, CommentsAreSkipped)
{
    EXPECT_EQ(types("a -- c\nb # c\nc #!x\n/* multi\nline */ d"), (std::vector<T>{T::Identifier, T::Identifier, T::Identifier, T::Identifier}));
    EXPECT_EQ(types("1 -- { serverError 62 }"), (std::vector<T>{T::Number}));
    EXPECT_EQ(types("a /* open"), (std::vector<T>{T::Identifier, T::Error}));
    auto t = lexAll("a /*x*/b");
    EXPECT_TRUE(t[1].spaceBefore);
}

TEST(Lexer, Operators)
{
    EXPECT_EQ(types(":: : -> || == = != <> <= >= < > + - * / % ? . , ; ( ) [ ] { }"),
              (std::vector<T>{T::DoubleColon, T::Colon, T::Arrow, T::Concat, T::Equals, T::Equals, T::NotEquals, T::NotEquals,
                              T::LessOrEquals, T::GreaterOrEquals, T::Less, T::Greater, T::Plus, T::Minus, T::Star, T::Slash,
                              T::Percent, T::QuestionMark, T::Dot, T::Comma, T::Semicolon, T::LParen, T::RParen, T::LBracket,
                              T::RBracket, T::LBrace, T::RBrace}));
    EXPECT_EQ(types("a|b"), (std::vector<T>{T::Identifier, T::Error, T::Identifier}));
    EXPECT_EQ(types("x::int"), (std::vector<T>{T::Identifier, T::DoubleColon, T::Identifier}));
    EXPECT_EQ(types("raw:a.b"), (std::vector<T>{T::Identifier, T::Colon, T::Identifier, T::Dot, T::Identifier}));
}

TEST(Lexer, PositionsAreByteOffsets)
{
    auto t = lexAll("  ab  'c'");
    EXPECT_EQ(t[0].pos, 2u);
    EXPECT_EQ(t[1].pos, 6u);
    EXPECT_EQ(t[1].end(), 9u);
}
