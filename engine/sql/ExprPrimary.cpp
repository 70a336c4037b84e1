// Primary expressions: literals, names, function calls, CASE, CAST, INTERVAL, brackets,
// subqueries, and the type names that follow '::' and CAST ... AS.

#include <algorithm>

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

ExprPtr SqlParser::parsePrimary()
{
    const Token &t = peek();
    switch (t.type) {
    case TokenType::Number: return parseNumber();
    case TokenType::IntervalNumber: return parseIntervalShortcut();
    case TokenType::String: {
        Token s = take();
        return makeLiteral(LiteralKind::String, s.value(), static_cast<int>(s.pos));
    }
    case TokenType::LParen: return parseParenthesized();
    case TokenType::LBracket: return parseArrayLiteral();
    case TokenType::LBrace: return parseBraced();
    case TokenType::Star: {
        auto e = std::make_shared<Expr>();
        e->kind = ExprKind::Asterisk;
        e->pos = static_cast<int>(take().pos);
        return parseAsteriskTail(e);
    }
    case TokenType::Identifier: return parseWord();
    case TokenType::QuotedIdentifier: return parseIdentifier();
    default: break;
    }
    noteExpected("expression");
    fail();
}

ExprPtr SqlParser::parseNumber()
{
    Token t = take();
    std::string text(t.text);
    bool integer = text.find_first_not_of("0123456789") == std::string::npos
                   || (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X' || text[1] == 'b' || text[1] == 'B'));
    if (!integer && text[0] == '.')
        text.insert(text.begin(), '0'); // so it never re-lexes as a tuple index after a name
    return makeLiteral(integer ? LiteralKind::Integer : LiteralKind::Float, text, static_cast<int>(t.pos));
}

ExprPtr SqlParser::parseIntervalShortcut()
{
    Token t = take();
    size_t digits = t.text.find_first_not_of("0123456789");
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Interval;
    e->pos = static_cast<int>(t.pos);
    e->intervalUnit = *intervalUnitFromSuffix(t.text.substr(digits));
    e->args.push_back(makeLiteral(LiteralKind::Integer, std::string(t.text.substr(0, digits)), e->pos));
    return finish(e);
}

bool SqlParser::atSubqueryStart(size_t k)
{
    if (atKeyword("SELECT", k) || atKeyword("WITH", k))
        return true;
    if (!at(TokenType::LParen, k))
        return false;
    // A bracketed SELECT followed by UNION: the whole bracket is a union, not an expression.
    int depth = 0;
    for (size_t i = k;; ++i) {
        const Token &t = peek(i);
        if (t.is(TokenType::EndOfStream))
            return false;
        if (t.is(TokenType::LParen) || t.is(TokenType::LBracket) || t.is(TokenType::LBrace))
            ++depth;
        if ((t.is(TokenType::RParen) || t.is(TokenType::RBracket) || t.is(TokenType::RBrace)) && --depth == 0)
            return atKeyword("UNION", i + 1) && atSubqueryStart(k + 1);
    }
}

ExprPtr SqlParser::parseWord()
{
    const Token &t = peek();
    int pos = static_cast<int>(t.pos);
    std::string_view w = t.text;
    if (equalsIgnoreCase(w, "NULL")) {
        take();
        return makeLiteral(LiteralKind::Null, "NULL", pos);
    }
    if (equalsIgnoreCase(w, "TRUE") || equalsIgnoreCase(w, "FALSE")) {
        take();
        return makeLiteral(LiteralKind::Bool, toLower(w), pos);
    }
    if (equalsIgnoreCase(w, "CASE") && !at(TokenType::LParen, 1))
        return parseCase(pos);
    if (equalsIgnoreCase(w, "INTERVAL")) {
        const Token &n = peek(1);
        bool amount = n.is(TokenType::Number) || n.is(TokenType::String) || n.is(TokenType::LParen) || n.is(TokenType::Minus)
                      || (n.is(TokenType::Identifier) && peekIntervalUnit(2).has_value());
        if (amount)
            return parseInterval(pos);
    }
    if (equalsIgnoreCase(w, "EXISTS") && at(TokenType::LParen, 1) && atSubqueryStart(2)) {
        take();
        take();
        return makeFunction("exists", {parseSubqueryExpr(pos)}, pos);
    }
    if ((equalsIgnoreCase(w, "inf") || equalsIgnoreCase(w, "nan")) && !at(TokenType::LParen, 1) && !at(TokenType::Dot, 1)) {
        take();
        return makeLiteral(LiteralKind::Float, toLower(w), pos);
    }
    if (equalsIgnoreCase(w, "COLUMNS") && at(TokenType::LParen, 1) && at(TokenType::String, 2) && at(TokenType::RParen, 3)) {
        take();
        take();
        auto e = std::make_shared<Expr>();
        e->kind = ExprKind::Columns;
        e->pos = pos;
        e->text = take().value();
        take();
        return finish(e);
    }
    return parseIdentifier();
}

ExprPtr SqlParser::parseIdentifier()
{
    Token first = take();
    int pos = static_cast<int>(first.pos);
    if (at(TokenType::LParen))
        return parseFunctionCall(normalizeFunctionName(first.value()), pos);
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Identifier;
    e->pos = pos;
    e->parts.push_back(first.value());
    e->quoted.push_back(first.is(TokenType::QuotedIdentifier));
    while (at(TokenType::Dot)) {
        if (atName(1)) {
            take();
            Token part = take();
            e->parts.push_back(part.value());
            e->quoted.push_back(part.is(TokenType::QuotedIdentifier));
        } else if (at(TokenType::Star, 1)) {
            take();
            take();
            e->kind = ExprKind::Asterisk;
            e->quoted.clear();
            return parseAsteriskTail(e);
        } else {
            break;
        }
    }
    return finish(e);
}

ExprPtr SqlParser::parseAsteriskTail(ExprPtr e)
{
    if (acceptKeyword("EXCEPT")) {
        if (accept(TokenType::LParen)) {
            do {
                e->except.push_back(parseName());
            } while (accept(TokenType::Comma));
            expect(TokenType::RParen);
        } else {
            e->except.push_back(parseName());
        }
    }
    return finish(e);
}

ExprPtr SqlParser::parseFunctionCall(std::string name, int pos)
{
    DepthGuard guard(*this);
    expect(TokenType::LParen);
    if (name == "cast")
        return parseCast(pos);
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Function;
    e->name = std::move(name);
    e->pos = pos;
    auto argList = [&] {
        std::vector<ExprPtr> args;
        if (atKeyword("DISTINCT") && !at(TokenType::RParen, 1) && !at(TokenType::Comma, 1)) {
            take();
            e->distinct = true;
        }
        if (!at(TokenType::RParen))
            args = parseExprList();
        expect(TokenType::RParen);
        return args;
    };
    e->args = argList();
    if (at(TokenType::LParen)) { // parametric aggregate: quantile(0.9)(x)
        take();
        e->parameters = std::move(e->args);
        e->args = argList();
    }
    if (atKeyword("OVER")) {
        take();
        e->over = parseWindowSpec();
    }
    return finish(e);
}

ExprPtr SqlParser::parseCast(int pos)
{
    ExprPtr value = parseExpr();
    if (acceptKeyword("AS")) {
        int typePos = static_cast<int>(peek().pos);
        std::string type = at(TokenType::String) ? parseStringLiteral() : parseTypeText();
        expect(TokenType::RParen);
        return makeFunction("cast", {value, makeLiteral(LiteralKind::String, type, typePos)}, pos);
    }
    if (accept(TokenType::RParen))
        return makeFunction("cast", {value}, pos);
    expect(TokenType::Comma);
    std::vector<ExprPtr> args{value};
    for (ExprPtr &a : parseExprList())
        args.push_back(a);
    expect(TokenType::RParen);
    return makeFunction("cast", std::move(args), pos);
}

ExprPtr SqlParser::parseCase(int pos)
{
    DepthGuard guard(*this);
    take(); // CASE
    std::vector<ExprPtr> args;
    bool withSubject = !atKeyword("WHEN");
    if (withSubject)
        args.push_back(parseExpr());
    do {
        expectKeyword("WHEN");
        args.push_back(parseExpr());
        expectKeyword("THEN");
        args.push_back(parseExpr());
    } while (atKeyword("WHEN"));
    if (acceptKeyword("ELSE"))
        args.push_back(parseExpr());
    else
        args.push_back(makeLiteral(LiteralKind::Null, "NULL", static_cast<int>(peek().pos)));
    expectKeyword("END");
    return makeFunction(withSubject ? "case_with_expression" : "multi_if", std::move(args), pos);
}

std::optional<IntervalUnit> SqlParser::peekIntervalUnit(size_t k)
{
    const Token &t = peek(k);
    if (!t.is(TokenType::Identifier))
        return std::nullopt;
    return intervalUnitFromWord(t.text);
}

ExprPtr SqlParser::parseInterval(int pos)
{
    take(); // INTERVAL
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Interval;
    e->pos = pos;
    if (at(TokenType::String) && !peekIntervalUnit(1)) {
        // INTERVAL '5 second'
        Token s = take();
        std::string v = s.value();
        size_t sp = v.find(' ');
        std::string amount = v.substr(0, sp);
        auto unit = sp == std::string::npos ? std::nullopt : intervalUnitFromWord(v.substr(v.find_first_not_of(' ', sp)));
        if (!unit || amount.empty() || amount.find_first_not_of("-0123456789") != std::string::npos)
            failAt(s, "Expected an interval like '5 second'");
        e->intervalUnit = *unit;
        e->args.push_back(makeLiteral(LiteralKind::Integer, amount, static_cast<int>(s.pos)));
        return finish(e);
    }
    e->args.push_back(parsePrefix());
    auto unit = peekIntervalUnit();
    if (!unit) {
        noteExpected("interval unit");
        fail();
    }
    take();
    e->intervalUnit = *unit;
    return finish(e);
}

ExprPtr SqlParser::parseSubqueryExpr(int pos)
{
    int savedMax = m_maxHeight;
    m_maxHeight = 0;
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Subquery;
    e->pos = pos;
    e->subquery = parseSelectUnion();
    expect(TokenType::RParen);
    m_heights[e.get()] = m_maxHeight + 1;
    m_maxHeight = std::max(savedMax, m_maxHeight);
    return finish(e);
}

ExprPtr SqlParser::parseParenthesized()
{
    DepthGuard guard(*this);
    int pos = static_cast<int>(take().pos);
    if (atSubqueryStart())
        return parseSubqueryExpr(pos);
    if (accept(TokenType::RParen))
        return makeFunction("tuple", {}, pos);
    ExprPtr first = parseExprWithAlias();
    if (accept(TokenType::RParen))
        return first;
    std::vector<ExprPtr> items{first};
    while (accept(TokenType::Comma)) {
        if (at(TokenType::RParen))
            break;
        items.push_back(parseExprWithAlias());
    }
    expect(TokenType::RParen);
    return makeFunction("tuple", std::move(items), pos);
}

ExprPtr SqlParser::parseArrayLiteral()
{
    DepthGuard guard(*this);
    int pos = static_cast<int>(take().pos);
    std::vector<ExprPtr> items;
    if (!at(TokenType::RBracket))
        items = parseExprList();
    expect(TokenType::RBracket);
    return makeFunction("array", std::move(items), pos);
}

// {name:Type} / {{name}} query parameters, or a map literal {'k': v}.
ExprPtr SqlParser::parseBraced()
{
    DepthGuard guard(*this);
    int pos = static_cast<int>(take().pos);
    auto param = [&](std::string name, std::string type) {
        auto e = std::make_shared<Expr>();
        e->kind = ExprKind::QueryParameter;
        e->pos = pos;
        e->text = std::move(name);
        e->typeName = std::move(type);
        return finish(e);
    };
    if (at(TokenType::LBrace) && atName(1) && at(TokenType::RBrace, 2) && at(TokenType::RBrace, 3)) {
        take();
        std::string name = parseName();
        take();
        take();
        return param(name, "");
    }
    if (atName() && at(TokenType::Colon, 1) && at(TokenType::Identifier, 2)) {
        std::string name = parseName();
        take();
        std::string type = parseTypeText();
        expect(TokenType::RBrace);
        return param(name, type);
    }
    std::vector<ExprPtr> items;
    while (!at(TokenType::RBrace)) {
        if (!items.empty())
            expect(TokenType::Comma);
        bool saved = m_noJsonPath;
        m_noJsonPath = true;
        items.push_back(parseExpr());
        m_noJsonPath = saved;
        expect(TokenType::Colon);
        items.push_back(parseExpr());
    }
    take();
    return makeFunction("map", std::move(items), pos);
}

std::shared_ptr<WindowSpec> SqlParser::parseWindowSpec()
{
    auto spec = std::make_shared<WindowSpec>();
    if (!accept(TokenType::LParen)) {
        spec->name = parseName();
        return spec;
    }
    if (atName() && !atKeyword("PARTITION") && !atKeyword("ORDER") && !atKeyword("ROWS") && !atKeyword("RANGE"))
        spec->name = parseName();
    if (acceptKeywords({"PARTITION", "BY"}))
        spec->partitionBy = parseExprList();
    if (acceptKeywords({"ORDER", "BY"}))
        spec->orderBy = parseOrderByList();
    if (atKeyword("ROWS") || atKeyword("RANGE")) {
        std::string frame;
        int depth = 0;
        while (!(depth == 0 && at(TokenType::RParen))) {
            if (at(TokenType::EndOfStream) || at(TokenType::Error))
                fail();
            Token t = take();
            depth += t.is(TokenType::LParen) ? 1 : t.is(TokenType::RParen) ? -1 : 0;
            frame += (frame.empty() ? "" : " ") + (t.is(TokenType::Identifier) ? toUpper(t.text) : std::string(t.text));
        }
        spec->frame = frame;
    }
    expect(TokenType::RParen);
    return spec;
}

// A type name with its arguments, re-spelled canonically from its tokens so that formatting
// and re-parsing give the same text: "nullable(string)", "datetime64(3, 'UTC')".
std::string SqlParser::parseTypeText()
{
    // A quoted name that is not a plain word keeps its quotes (`a b`), else the formatted text
    // would not re-parse (found by fuzz_parser: "` string, `" printed bare became two columns).
    const Token &first = peek();
    bool keepQuotes = first.is(TokenType::QuotedIdentifier);
    if (keepQuotes) {
        const std::string name = first.value();
        keepQuotes = name.empty() || !isIdentifierStart(static_cast<unsigned char>(name[0]))
                     || !std::all_of(name.begin(), name.end(), [](char c) { return isIdentifierChar(static_cast<unsigned char>(c)); });
    }
    const std::string raw(first.text);
    std::string text = parseName();
    if (keepQuotes)
        text = raw;
    if (at(TokenType::LParen))
        text += collectBalancedText(false);
    return text;
}

std::string SqlParser::parseStandaloneTypeText()
{
    std::string text = parseTypeText();
    if (!at(TokenType::EndOfStream))
        fail();
    return text;
}

std::string SqlParser::collectBalancedText(bool upperWords)
{
    std::string out;
    int depth = 0;
    TokenType prev = TokenType::EndOfStream;
    do {
        const Token &t = peek();
        if (t.is(TokenType::EndOfStream) || t.is(TokenType::Error))
            fail();
        Token tok = take();
        if (tok.is(TokenType::LParen))
            ++depth;
        if (tok.is(TokenType::RParen))
            --depth;
        bool space = !out.empty() && !tok.is(TokenType::RParen) && !tok.is(TokenType::Comma) && prev != TokenType::LParen
                     && !(prev == TokenType::Minus && tok.is(TokenType::Number)) && !tok.is(TokenType::LParen);
        if (prev == TokenType::Comma || (tok.is(TokenType::LParen) && prev != TokenType::Identifier && prev != TokenType::LParen && !out.empty()))
            space = true;
        if (space)
            out += ' ';
        out += upperWords && tok.is(TokenType::Identifier) ? toUpper(tok.text) : std::string(tok.text);
        prev = tok.type;
    } while (depth > 0);
    return out;
}

namespace {
struct UnitNames {
    IntervalUnit unit;
    const char *suffix;
    const char *keyword;
};
constexpr UnitNames kUnits[] = {
    {IntervalUnit::Nanosecond, "ns", "NANOSECOND"}, {IntervalUnit::Microsecond, "us", "MICROSECOND"},
    {IntervalUnit::Millisecond, "ms", "MILLISECOND"}, {IntervalUnit::Second, "s", "SECOND"}, {IntervalUnit::Minute, "m", "MINUTE"},
    {IntervalUnit::Hour, "h", "HOUR"}, {IntervalUnit::Day, "d", "DAY"}, {IntervalUnit::Week, "w", "WEEK"},
    {IntervalUnit::Month, "M", "MONTH"}, {IntervalUnit::Quarter, "q", "QUARTER"}, {IntervalUnit::Year, "y", "YEAR"},
};
} // namespace

std::optional<IntervalUnit> intervalUnitFromSuffix(std::string_view suffix)
{
    for (const UnitNames &u : kUnits)
        if (suffix == u.suffix) // case-sensitive: m is minute, M is month
            return u.unit;
    return std::nullopt;
}

std::optional<IntervalUnit> intervalUnitFromWord(std::string_view word)
{
    if (word.size() > 1 && (word.back() == 's' || word.back() == 'S'))
        word.remove_suffix(1); // SECONDS
    for (const UnitNames &u : kUnits)
        if (equalsIgnoreCase(word, u.keyword))
            return u.unit;
    return std::nullopt;
}

const char *intervalUnitSuffix(IntervalUnit unit)
{
    return kUnits[static_cast<int>(unit)].suffix;
}

const char *intervalUnitKeyword(IntervalUnit unit)
{
    return kUnits[static_cast<int>(unit)].keyword;
}

} // namespace tideline::engine::sql
