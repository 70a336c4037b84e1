#pragma once
// Tokenizer of Proton's SQL dialect. It never fails: malformed input becomes an Error token, so
// the parser can report it with a position. Lexing is incremental (next() from any offset)
// because INSERT ... FORMAT x <data> switches to raw text in the middle of a script.

#include <cstddef>
#include <string>
#include <string_view>

namespace tideline::engine::sql {

enum class TokenType : unsigned char {
    EndOfStream,
    Error,            // text: the bad bytes; errorMessage says why
    Identifier,       // bare word; keywords are identifiers the parser recognises case-insensitively
    QuotedIdentifier, // `x` or "x"; value() unescapes
    Number,           // 12, 1.5, 1e10, .5, 0x1F, 0b101
    IntervalNumber,   // 5s, 2m, 1M, 1ms ... (streaming-sql.md §5.12)
    String,           // 'x'; value() unescapes
    DollarString,     // $$ ... $$; value() is the body
    LParen, RParen, LBracket, RBracket, LBrace, RBrace,
    Comma, Semicolon, Dot, Colon, DoubleColon, QuestionMark,
    Plus, Minus, Star, Slash, Percent, Arrow, Concat,
    Equals, NotEquals, Less, LessOrEquals, Greater, GreaterOrEquals,
};

const char *tokenTypeName(TokenType type);

struct Token {
    TokenType type = TokenType::EndOfStream;
    std::string_view text; // raw source bytes of the token
    size_t pos = 0;        // byte offset of the first byte
    const char *errorMessage = nullptr;
    // Whitespace or a comment sat between this token and the previous one; the JSON path
    // shortcut raw:a.b only binds tightly.
    bool spaceBefore = false;

    size_t end() const { return pos + text.size(); }
    bool is(TokenType t) const { return type == t; }
    // Unescaped value of String / QuotedIdentifier / DollarString tokens; text otherwise.
    std::string value() const;
};

class Lexer {
public:
    explicit Lexer(std::string_view sql) : m_sql(sql) {}
    // The token starting at or after `pos` (whitespace and comments skipped). `previous` is the
    // type of the token before: after a dot a number stops at its integer part (t.1.2 is
    // t . 1 . 2), and after a name or closing bracket '.5' is a dot and a number (t.1).
    Token next(size_t pos, TokenType previous = TokenType::EndOfStream) const;
    std::string_view sql() const { return m_sql; }

private:
    size_t skipSpaceAndComments(size_t pos) const;
    Token lexNumber(size_t pos, bool afterDot) const;
    Token lexQuoted(size_t pos, char quote, TokenType type) const;
    Token lexDollar(size_t pos) const;
    Token lexOperator(size_t pos) const;
    Token make(TokenType type, size_t pos, size_t end) const;
    Token error(size_t pos, size_t end, const char *message) const;

    std::string_view m_sql;
};

// Unescapes the body of a quoted token (without its quotes), ClickHouse style: \n \t \r \0 \b \f
// \a \v \e \\ \' \" \` \xHH and a doubled quote; an unknown escape keeps its backslash.
std::string unescapeQuoted(std::string_view body, char quote);
bool isIdentifierStart(unsigned char c);
bool isIdentifierChar(unsigned char c);

} // namespace tideline::engine::sql
