#include "engine/sql/SqlParser.h"

#include <algorithm>

#include "engine/sql/Keywords.h"
#include "engine/sql/Parser.h"

namespace tideline::engine::sql {

SqlParser::SqlParser(std::string_view sql) : m_lexer(sql) {}

DepthGuard::DepthGuard(SqlParser &parser) : m_parser(parser)
{
    if (++m_parser.m_depth > SqlParser::kMaxDepth) {
        --m_parser.m_depth;
        m_parser.tooDeep();
    }
}

DepthGuard::~DepthGuard()
{
    --m_parser.m_depth;
}

const Token &SqlParser::peek(size_t k)
{
    while (m_tokens.size() <= m_index + k) {
        TokenType previous = m_tokens.empty() ? TokenType::EndOfStream : m_tokens.back().type;
        Token t = m_lexer.next(m_lexPos, previous);
        m_lexPos = t.end();
        m_tokens.push_back(t);
    }
    return m_tokens[m_index + k];
}

Token SqlParser::take()
{
    Token t = peek();
    if (!t.is(TokenType::EndOfStream)) {
        ++m_index;
        m_lastEnd = t.end();
    }
    return t;
}

void SqlParser::restartLexingAt(size_t pos)
{
    m_tokens.resize(m_index);
    m_lexPos = pos;
    m_lastEnd = pos;
}

bool SqlParser::at(TokenType type, size_t k)
{
    return peek(k).is(type);
}

void SqlParser::noteExpected(std::string_view what)
{
    size_t pos = peek().pos;
    if (pos > m_expectedPos || m_expected.empty()) {
        if (pos != m_expectedPos)
            m_expected.clear();
        m_expectedPos = pos;
    }
    if (pos == m_expectedPos && std::find(m_expected.begin(), m_expected.end(), what) == m_expected.end())
        m_expected.emplace_back(what);
}

bool SqlParser::accept(TokenType type)
{
    if (at(type)) {
        take();
        return true;
    }
    noteExpected(tokenTypeName(type));
    return false;
}

void SqlParser::expect(TokenType type)
{
    if (!accept(type))
        fail();
}

bool SqlParser::atKeyword(std::string_view keyword, size_t k)
{
    const Token &t = peek(k);
    return t.is(TokenType::Identifier) && equalsIgnoreCase(t.text, keyword);
}

bool SqlParser::acceptKeyword(std::string_view keyword)
{
    if (atKeyword(keyword)) {
        take();
        return true;
    }
    noteExpected(keyword);
    return false;
}

bool SqlParser::acceptKeywords(std::initializer_list<std::string_view> keywords)
{
    size_t k = 0;
    for (std::string_view kw : keywords) {
        if (!atKeyword(kw, k)) {
            if (k == 0)
                noteExpected(*keywords.begin());
            return false;
        }
        ++k;
    }
    for (size_t i = 0; i < keywords.size(); ++i)
        take();
    return true;
}

void SqlParser::expectKeyword(std::string_view keyword)
{
    if (!acceptKeyword(keyword))
        fail();
}

void SqlParser::expectKeywords(std::initializer_list<std::string_view> keywords)
{
    for (std::string_view kw : keywords)
        expectKeyword(kw);
}

void SqlParser::failAt(const Token &token, const std::string &message)
{
    // ClickHouse prints 1-based positions; Status::position() stays a 0-based byte offset.
    std::string text = "Syntax error: failed at position " + std::to_string(token.pos + 1);
    if (token.is(TokenType::EndOfStream)) {
        text += " (end of query)";
    } else {
        std::string_view shown = token.text.substr(0, 40);
        text += " ('" + std::string(shown) + "')";
    }
    std::string_view rest = m_lexer.sql().substr(std::min(token.pos, m_lexer.sql().size()));
    text += ": " + std::string(rest.substr(0, 60));
    text += ". " + message;
    throw EngineError(ErrorCode::SyntaxError, text, static_cast<int>(token.pos));
}

void SqlParser::fail()
{
    const Token &t = peek();
    if (t.is(TokenType::Error))
        failAt(t, std::string("Unrecognized token: ") + (t.errorMessage ? t.errorMessage : "bad token"));
    std::string message;
    if (m_expected.empty() || m_expectedPos != t.pos) {
        message = "Unexpected " + std::string(tokenTypeName(t.type));
    } else if (m_expected.size() == 1) {
        message = "Expected " + m_expected.front();
    } else {
        message = "Expected one of: ";
        for (size_t i = 0; i < m_expected.size(); ++i)
            message += (i ? ", " : "") + m_expected[i];
    }
    failAt(t, message);
}

void SqlParser::tooDeep()
{
    size_t pos = peek().pos;
    throw EngineError(ErrorCode::TooDeepRecursion,
                      "Maximum parse depth (" + std::to_string(kMaxDepth) + ") exceeded at position " + std::to_string(pos + 1),
                      static_cast<int>(pos));
}

bool SqlParser::atName(size_t k)
{
    return at(TokenType::Identifier, k) || at(TokenType::QuotedIdentifier, k);
}

std::string SqlParser::parseName()
{
    if (!atName()) {
        noteExpected("identifier");
        fail();
    }
    return take().value();
}

void SqlParser::parseQualifiedName(std::string &database, std::string &name)
{
    name = parseName();
    if (at(TokenType::Dot) && atName(1)) {
        take();
        database = std::move(name);
        name = parseName();
    }
}

std::string SqlParser::parseStringLiteral()
{
    if (!at(TokenType::String)) {
        noteExpected("string literal");
        fail();
    }
    return take().value();
}

StatementPtr SqlParser::parseSingle()
{
    while (accept(TokenType::Semicolon)) {
    }
    StatementPtr st = parseStatement();
    accept(TokenType::Semicolon);
    if (!at(TokenType::EndOfStream)) {
        noteExpected("end of query");
        fail();
    }
    return st;
}

std::vector<StatementPtr> SqlParser::parseAll()
{
    std::vector<StatementPtr> out;
    for (;;) {
        while (accept(TokenType::Semicolon)) {
        }
        if (at(TokenType::EndOfStream))
            break;
        out.push_back(parseStatement());
        if (!at(TokenType::EndOfStream))
            expect(TokenType::Semicolon);
    }
    return out;
}

ExprPtr SqlParser::parseStandaloneExpression()
{
    ExprPtr e = parseExprWithAlias();
    if (!at(TokenType::EndOfStream)) {
        noteExpected("end of expression");
        fail();
    }
    return e;
}

// Splitting uses the lexer, so ';' inside strings, quoted names, comments and $$ bodies is
// ignored; INSERT ... FORMAT data is taken raw.
std::vector<std::string_view> SqlParser::split(std::string_view sql)
{
    std::vector<std::string_view> out;
    Lexer lexer(sql);
    size_t pos = 0, start = std::string_view::npos, end = 0;
    Token prev[3];
    auto flush = [&] {
        if (start != std::string_view::npos)
            out.push_back(sql.substr(start, end - start));
        start = std::string_view::npos;
    };
    for (;;) {
        Token t = lexer.next(pos, prev[0].type);
        if (t.is(TokenType::EndOfStream))
            break;
        pos = t.end();
        if (t.is(TokenType::Semicolon)) {
            flush();
            prev[0] = prev[1] = prev[2] = Token{};
            continue;
        }
        if (start == std::string_view::npos)
            start = t.pos;
        end = t.end();
        bool isFormat = prev[0].is(TokenType::Identifier) && equalsIgnoreCase(prev[0].text, "FORMAT")
                        && t.is(TokenType::Identifier) && equalsIgnoreCase(sql.substr(start, 6), "INSERT");
        if (isFormat) {
            size_t dataEnd = formatDataEnd(sql, formatDataStart(sql, t.end()));
            end = dataEnd;
            while (end > t.end() && (sql[end - 1] == ' ' || sql[end - 1] == '\t' || sql[end - 1] == '\n' || sql[end - 1] == '\r'))
                --end;
            pos = dataEnd;
        }
        prev[2] = prev[1];
        prev[1] = prev[0];
        prev[0] = t;
    }
    flush();
    return out;
}

size_t formatDataStart(std::string_view sql, size_t pos)
{
    while (pos < sql.size() && (sql[pos] == ' ' || sql[pos] == '\t'))
        ++pos;
    if (pos < sql.size() && sql[pos] == '\r')
        ++pos;
    if (pos < sql.size() && sql[pos] == '\n')
        ++pos;
    return pos;
}

size_t formatDataEnd(std::string_view sql, size_t pos)
{
    for (size_t i = pos; i < sql.size(); ++i) {
        if (sql[i] != ';')
            continue;
        size_t j = i + 1;
        while (j < sql.size() && (sql[j] == ' ' || sql[j] == '\t' || sql[j] == '\r'))
            ++j;
        if (j == sql.size() || sql[j] == '\n')
            return i;
    }
    return sql.size();
}

std::string normalizeFunctionName(std::string_view name)
{
    bool hasUpper = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    bool hasLower = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    bool camel = !name.empty() && name[0] >= 'a' && name[0] <= 'z' && hasUpper && hasLower;
    return camel ? std::string(name) : toLower(name);
}

// --- Parser.h -------------------------------------------------------------------------------

template <typename T, typename F>
static Result<T> guarded(F &&f)
{
    try {
        return Result<T>(f());
    } catch (const EngineError &e) {
        return Result<T>(e.status());
    } catch (const std::bad_alloc &) {
        return Result<T>(Status(ErrorCode::CannotAllocateMemory, "Out of memory while parsing"));
    }
}

Result<std::vector<StatementPtr>> parseStatements(std::string_view sql)
{
    return guarded<std::vector<StatementPtr>>([&] { return SqlParser(sql).parseAll(); });
}

Result<StatementPtr> parseStatement(std::string_view sql)
{
    return guarded<StatementPtr>([&] { return SqlParser(sql).parseSingle(); });
}

Result<ExprPtr> parseExpression(std::string_view text)
{
    return guarded<ExprPtr>([&] { return SqlParser(text).parseStandaloneExpression(); });
}

std::vector<std::string_view> splitStatements(std::string_view sql)
{
    return SqlParser::split(sql);
}

} // namespace tideline::engine::sql
