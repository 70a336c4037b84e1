#include "engine/sql/Lexer.h"

#include <cstring>

namespace tideline::engine::sql {

bool isIdentifierStart(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool isIdentifierChar(unsigned char c)
{
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
}

static bool isDigit(char c) { return c >= '0' && c <= '9'; }
static bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

const char *tokenTypeName(TokenType type)
{
    switch (type) {
    case TokenType::EndOfStream: return "end of query";
    case TokenType::Error: return "error";
    case TokenType::Identifier: return "identifier";
    case TokenType::QuotedIdentifier: return "quoted identifier";
    case TokenType::Number: return "number";
    case TokenType::IntervalNumber: return "interval";
    case TokenType::String: return "string literal";
    case TokenType::DollarString: return "$$ body";
    case TokenType::LParen: return "opening round bracket";
    case TokenType::RParen: return "closing round bracket";
    case TokenType::LBracket: return "opening square bracket";
    case TokenType::RBracket: return "closing square bracket";
    case TokenType::LBrace: return "opening curly brace";
    case TokenType::RBrace: return "closing curly brace";
    case TokenType::Comma: return "comma";
    case TokenType::Semicolon: return "semicolon";
    case TokenType::Dot: return "dot";
    case TokenType::Colon: return "colon";
    case TokenType::DoubleColon: return "'::'";
    case TokenType::QuestionMark: return "'?'";
    case TokenType::Plus: return "'+'";
    case TokenType::Minus: return "'-'";
    case TokenType::Star: return "'*'";
    case TokenType::Slash: return "'/'";
    case TokenType::Percent: return "'%'";
    case TokenType::Arrow: return "'->'";
    case TokenType::Concat: return "'||'";
    case TokenType::Equals: return "'='";
    case TokenType::NotEquals: return "'!='";
    case TokenType::Less: return "'<'";
    case TokenType::LessOrEquals: return "'<='";
    case TokenType::Greater: return "'>'";
    case TokenType::GreaterOrEquals: return "'>='";
    }
    return "token";
}

std::string Token::value() const
{
    switch (type) {
    case TokenType::String:
        return unescapeQuoted(text.substr(1, text.size() - 2), '\'');
    case TokenType::QuotedIdentifier:
        return unescapeQuoted(text.substr(1, text.size() - 2), text[0]);
    case TokenType::DollarString:
        return std::string(text.substr(2, text.size() - 4));
    default:
        return std::string(text);
    }
}

static int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

std::string unescapeQuoted(std::string_view body, char quote)
{
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
            out += quote;
            ++i;
            continue;
        }
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++i];
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'a': out += '\a'; break;
        case 'v': out += '\v'; break;
        case 'e': out += '\x1b'; break;
        case '\\': case '\'': case '"': case '`': out += e; break;
        case 'x':
            if (i + 2 < body.size() + 0 && isHexDigit(body[i + 1]) && isHexDigit(body[i + 2])) {
                out += static_cast<char>(hexValue(body[i + 1]) * 16 + hexValue(body[i + 2]));
                i += 2;
                break;
            }
            [[fallthrough]];
        default:
            // ClickHouse keeps unknown escapes (LIKE patterns rely on '\%' and '\_').
            out += '\\';
            out += e;
        }
    }
    return out;
}

Token Lexer::make(TokenType type, size_t pos, size_t end) const
{
    Token t;
    t.type = type;
    t.pos = pos;
    t.text = m_sql.substr(pos, end - pos);
    return t;
}

Token Lexer::error(size_t pos, size_t end, const char *message) const
{
    Token t = make(TokenType::Error, pos, end);
    t.errorMessage = message;
    return t;
}

size_t Lexer::skipSpaceAndComments(size_t pos) const
{
    const size_t n = m_sql.size();
    while (pos < n) {
        char c = m_sql[pos];
        if (isSpace(c)) {
            ++pos;
        } else if (c == '-' && pos + 1 < n && m_sql[pos + 1] == '-') {
            while (pos < n && m_sql[pos] != '\n')
                ++pos;
        } else if (c == '#' && pos + 1 < n && (m_sql[pos + 1] == '!' || m_sql[pos + 1] == ' ')) {
            while (pos < n && m_sql[pos] != '\n')
                ++pos;
        } else if (c == '/' && pos + 1 < n && m_sql[pos + 1] == '*') {
            size_t close = m_sql.find("*/", pos + 2);
            if (close == std::string_view::npos)
                return pos; // unterminated: reported as an error token by next()
            pos = close + 2;
        } else {
            break;
        }
    }
    return pos;
}

Token Lexer::next(size_t start, TokenType previous) const
{
    const bool afterDot = previous == TokenType::Dot;
    const bool dotMayStartNumber = !afterDot && previous != TokenType::Identifier && previous != TokenType::QuotedIdentifier
                                   && previous != TokenType::RParen && previous != TokenType::RBracket
                                   && previous != TokenType::Number && previous != TokenType::String
                                   && previous != TokenType::RBrace && previous != TokenType::IntervalNumber;
    size_t pos = skipSpaceAndComments(start);
    Token t;
    const size_t n = m_sql.size();
    if (pos >= n) {
        t = make(TokenType::EndOfStream, n, n);
    } else {
        unsigned char c = static_cast<unsigned char>(m_sql[pos]);
        if (c == '/' && pos + 1 < n && m_sql[pos + 1] == '*') {
            t = error(pos, n, "unterminated multiline comment");
        } else if (isDigit(static_cast<char>(c)) || (c == '.' && pos + 1 < n && isDigit(m_sql[pos + 1]) && dotMayStartNumber)) {
            t = lexNumber(pos, afterDot);
        } else if (isIdentifierStart(c)) {
            size_t end = pos + 1;
            while (end < n && isIdentifierChar(static_cast<unsigned char>(m_sql[end])))
                ++end;
            t = make(TokenType::Identifier, pos, end);
        } else if (c == '\'') {
            t = lexQuoted(pos, '\'', TokenType::String);
        } else if (c == '`' || c == '"') {
            t = lexQuoted(pos, static_cast<char>(c), TokenType::QuotedIdentifier);
        } else if (c == '$' && pos + 1 < n && m_sql[pos + 1] == '$') {
            t = lexDollar(pos);
        } else {
            t = lexOperator(pos);
        }
    }
    t.spaceBefore = pos != start;
    return t;
}

// Digits, fraction and exponent, then an optional interval unit suffix.
Token Lexer::lexNumber(size_t pos, bool afterDot) const
{
    const size_t n = m_sql.size();
    size_t end = pos;
    auto digits = [&](auto pred) { while (end < n && pred(m_sql[end])) ++end; };
    if (m_sql[pos] == '0' && pos + 2 < n + 0 && (m_sql[pos + 1] == 'x' || m_sql[pos + 1] == 'X') && pos + 2 < n && isHexDigit(m_sql[pos + 2])) {
        end = pos + 2;
        digits(isHexDigit);
    } else if (m_sql[pos] == '0' && pos + 2 < n && (m_sql[pos + 1] == 'b' || m_sql[pos + 1] == 'B')
               && (m_sql[pos + 2] == '0' || m_sql[pos + 2] == '1')) {
        end = pos + 2;
        digits([](char c) { return c == '0' || c == '1'; });
    } else {
        digits(isDigit);
        if (!afterDot && end < n && m_sql[end] == '.') {
            ++end;
            digits(isDigit);
        }
        if (!afterDot && end < n && (m_sql[end] == 'e' || m_sql[end] == 'E')) {
            size_t e = end + 1;
            if (e < n && (m_sql[e] == '+' || m_sql[e] == '-'))
                ++e;
            if (e < n && isDigit(m_sql[e])) {
                end = e;
                digits(isDigit);
            }
        }
    }
    if (end >= n || !isIdentifierChar(static_cast<unsigned char>(m_sql[end])))
        return make(TokenType::Number, pos, end);
    size_t wordEnd = end;
    while (wordEnd < n && isIdentifierChar(static_cast<unsigned char>(m_sql[wordEnd])))
        ++wordEnd;
    std::string_view suffix = m_sql.substr(end, wordEnd - end);
    bool integer = true;
    for (size_t i = pos; i < end; ++i)
        integer = integer && isDigit(m_sql[i]);
    static constexpr std::string_view kUnits[] = {"ns", "us", "ms", "s", "m", "h", "d", "w", "M", "q", "y"};
    for (std::string_view u : kUnits) {
        if (integer && suffix == u)
            return make(TokenType::IntervalNumber, pos, wordEnd);
    }
    return error(pos, wordEnd, "wrong number");
}

Token Lexer::lexQuoted(size_t pos, char quote, TokenType type) const
{
    const size_t n = m_sql.size();
    size_t i = pos + 1;
    while (i < n) {
        char c = m_sql[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == quote) {
            if (i + 1 < n && m_sql[i + 1] == quote) {
                i += 2;
                continue;
            }
            if (type == TokenType::QuotedIdentifier && i == pos + 1)
                return error(pos, i + 1, "empty quoted identifier");
            return make(type, pos, i + 1);
        }
        ++i;
    }
    return error(pos, n, type == TokenType::String ? "unterminated string literal" : "unterminated quoted identifier");
}

Token Lexer::lexDollar(size_t pos) const
{
    size_t close = m_sql.find("$$", pos + 2);
    if (close == std::string_view::npos)
        return error(pos, m_sql.size(), "unterminated $$ body");
    return make(TokenType::DollarString, pos, close + 2);
}

Token Lexer::lexOperator(size_t pos) const
{
    const size_t n = m_sql.size();
    char c = m_sql[pos];
    char d = pos + 1 < n ? m_sql[pos + 1] : '\0';
    auto two = [&](TokenType t) { return make(t, pos, pos + 2); };
    auto one = [&](TokenType t) { return make(t, pos, pos + 1); };
    switch (c) {
    case '(': return one(TokenType::LParen);
    case ')': return one(TokenType::RParen);
    case '[': return one(TokenType::LBracket);
    case ']': return one(TokenType::RBracket);
    case '{': return one(TokenType::LBrace);
    case '}': return one(TokenType::RBrace);
    case ',': return one(TokenType::Comma);
    case ';': return one(TokenType::Semicolon);
    case '.': return one(TokenType::Dot);
    case '?': return one(TokenType::QuestionMark);
    case '+': return one(TokenType::Plus);
    case '*': return one(TokenType::Star);
    case '/': return one(TokenType::Slash);
    case '%': return one(TokenType::Percent);
    case ':': return d == ':' ? two(TokenType::DoubleColon) : one(TokenType::Colon);
    case '-': return d == '>' ? two(TokenType::Arrow) : one(TokenType::Minus);
    case '|': return d == '|' ? two(TokenType::Concat) : error(pos, pos + 1, "single '|' is not an operator");
    case '=': return d == '=' ? two(TokenType::Equals) : one(TokenType::Equals);
    case '!': return d == '=' ? two(TokenType::NotEquals) : error(pos, pos + 1, "single '!' is not an operator");
    case '<':
        if (d == '=')
            return two(TokenType::LessOrEquals);
        if (d == '>')
            return two(TokenType::NotEquals);
        return one(TokenType::Less);
    case '>': return d == '=' ? two(TokenType::GreaterOrEquals) : one(TokenType::Greater);
    default: break;
    }
    // Keep a whole UTF-8 sequence together so the error message shows a readable character.
    size_t end = pos + 1;
    while (end < n && (static_cast<unsigned char>(m_sql[end]) & 0xC0) == 0x80)
        ++end;
    return error(pos, end, "unrecognized token");
}

} // namespace tideline::engine::sql
