// Operators and precedence (ClickHouse's, low to high): lambda, ?:, OR, AND, NOT, IS [NOT] NULL,
// [NOT] BETWEEN, comparisons/LIKE/IN, ||, + -, * / %, unary -, postfix ([i], .1, ::T, :path).
// Binary operators use precedence climbing, so one bracket level costs a handful of frames.

#include <algorithm>

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

namespace {
constexpr int kPrecIsNull = 4;
constexpr int kPrecBetween = 5;
constexpr int kPrecComparison = 6;

bool isNumericLiteral(const ExprPtr &e)
{
    return e->kind == ExprKind::Literal && (e->literalKind == LiteralKind::Integer || e->literalKind == LiteralKind::Float)
           && e->alias.empty();
}
} // namespace

int SqlParser::heightOf(const ExprPtr &e) const
{
    if (!e)
        return 0;
    auto it = m_heights.find(e.get());
    return it == m_heights.end() ? 1 : it->second;
}

ExprPtr SqlParser::finish(ExprPtr e)
{
    int h = 0;
    for (const auto &a : e->args)
        h = std::max(h, heightOf(a));
    for (const auto &a : e->parameters)
        h = std::max(h, heightOf(a));
    if (e->over) {
        for (const auto &a : e->over->partitionBy)
            h = std::max(h, heightOf(a));
        for (const auto &o : e->over->orderBy)
            h = std::max(h, heightOf(o.expr));
    }
    if (e->kind == ExprKind::Subquery)
        h = std::max(h, heightOf(e) - 1);
    ++h;
    if (h + m_depth > kMaxDepth)
        tooDeep();
    m_heights[e.get()] = h;
    m_maxHeight = std::max(m_maxHeight, h);
    return e;
}

ExprPtr SqlParser::makeFunction(std::string name, std::vector<ExprPtr> args, int pos)
{
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Function;
    e->name = std::move(name);
    e->args = std::move(args);
    e->pos = pos;
    return finish(e);
}

ExprPtr SqlParser::makeLiteral(LiteralKind kind, std::string text, int pos)
{
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Literal;
    e->literalKind = kind;
    e->text = std::move(text);
    e->pos = pos;
    return finish(e);
}

ExprPtr SqlParser::parseExpr()
{
    DepthGuard guard(*this);
    if (atLambda())
        return parseLambda();
    ExprPtr cond = parseBinary(0);
    if (!at(TokenType::QuestionMark))
        return cond;
    take();
    bool saved = m_noJsonPath;
    m_noJsonPath = true;
    ExprPtr then = parseExpr();
    m_noJsonPath = saved;
    expect(TokenType::Colon);
    ExprPtr otherwise = parseExpr();
    return makeFunction("if", {cond, then, otherwise}, cond->pos);
}

ExprPtr SqlParser::parseExprWithAlias()
{
    ExprPtr e = parseExpr();
    if (acceptKeyword("AS")) {
        e->alias = parseName();
    }
    return e;
}

// A select-list item may also take an alias without AS (SELECT count() cnt FROM s).
ExprPtr SqlParser::parseSelectItem()
{
    ExprPtr e = parseExprWithAlias();
    if (e->alias.empty() && (at(TokenType::QuotedIdentifier) || (at(TokenType::Identifier) && !isClauseKeyword(peek().text))))
        e->alias = parseName();
    return e;
}

std::vector<ExprPtr> SqlParser::parseExprList()
{
    std::vector<ExprPtr> out;
    do {
        out.push_back(parseExprWithAlias());
    } while (accept(TokenType::Comma));
    return out;
}

bool SqlParser::atLambda()
{
    if (atName() && at(TokenType::Arrow, 1))
        return true;
    if (!at(TokenType::LParen))
        return false;
    size_t k = 1;
    while (atName(k)) {
        if (at(TokenType::RParen, k + 1))
            return at(TokenType::Arrow, k + 2);
        if (!at(TokenType::Comma, k + 1))
            return false;
        k += 2;
    }
    return false;
}

ExprPtr SqlParser::parseLambda()
{
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Lambda;
    e->pos = static_cast<int>(peek().pos);
    if (accept(TokenType::LParen)) {
        do {
            e->params.push_back(parseName());
        } while (accept(TokenType::Comma));
        expect(TokenType::RParen);
    } else {
        e->params.push_back(parseName());
    }
    expect(TokenType::Arrow);
    e->args.push_back(parseExpr());
    return finish(e);
}

bool SqlParser::peekBinaryOp(BinaryOp &op)
{
    const Token &t = peek();
    switch (t.type) {
    case TokenType::Equals: op = {"equals", kPrecComparison, 1}; return true;
    case TokenType::NotEquals: op = {"not_equals", kPrecComparison, 1}; return true;
    case TokenType::Less: op = {"less", kPrecComparison, 1}; return true;
    case TokenType::LessOrEquals: op = {"less_or_equals", kPrecComparison, 1}; return true;
    case TokenType::Greater: op = {"greater", kPrecComparison, 1}; return true;
    case TokenType::GreaterOrEquals: op = {"greater_or_equals", kPrecComparison, 1}; return true;
    case TokenType::Concat: op = {"concat", 7, 1}; return true;
    case TokenType::Plus: op = {"plus", 8, 1}; return true;
    case TokenType::Minus: op = {"minus", 8, 1}; return true;
    case TokenType::Star: op = {"multiply", 9, 1}; return true;
    case TokenType::Slash: op = {"divide", 9, 1}; return true;
    case TokenType::Percent: op = {"modulo", 9, 1}; return true;
    case TokenType::Identifier: break;
    default: return false;
    }
    struct Word { const char *words[3]; BinaryOp op; };
    static const Word kWords[] = {
        {{"OR"}, {"or", 1, 1}}, {{"AND"}, {"and", 2, 1}},
        {{"LIKE"}, {"like", kPrecComparison, 1}}, {{"ILIKE"}, {"ilike", kPrecComparison, 1}},
        {{"NOT", "LIKE"}, {"not_like", kPrecComparison, 2}}, {{"NOT", "ILIKE"}, {"not_ilike", kPrecComparison, 2}},
        {{"IN"}, {"in", kPrecComparison, 1}}, {{"NOT", "IN"}, {"not_in", kPrecComparison, 2}},
        {{"GLOBAL", "IN"}, {"global_in", kPrecComparison, 2}}, {{"GLOBAL", "NOT", "IN"}, {"global_not_in", kPrecComparison, 3}},
        {{"DIV"}, {"int_div", 9, 1}}, {{"MOD"}, {"modulo", 9, 1}},
    };
    for (const Word &w : kWords) {
        size_t k = 0;
        bool match = true;
        for (const char *word : w.words)
            match = match && (!word || atKeyword(word, k++));
        if (match) {
            op = w.op;
            return true;
        }
    }
    noteExpected("operator");
    return false;
}

ExprPtr SqlParser::parseBinary(int minPrecedence)
{
    ExprPtr lhs = parsePrefix();
    bool chain = false; // lhs is an AND/OR built in this loop, so it may take more operands
    for (;;) {
        if (minPrecedence <= kPrecIsNull && atKeyword("IS")) {
            take();
            bool negated = acceptKeyword("NOT");
            expectKeyword("NULL");
            lhs = makeFunction(negated ? "is_not_null" : "is_null", {lhs}, lhs->pos);
            chain = false;
            continue;
        }
        bool notBetween = atKeyword("NOT") && atKeyword("BETWEEN", 1);
        if (minPrecedence <= kPrecBetween && (atKeyword("BETWEEN") || notBetween)) {
            take();
            if (notBetween)
                take();
            lhs = parseBetween(lhs, notBetween, lhs->pos);
            chain = false;
            continue;
        }
        BinaryOp op{};
        if (!peekBinaryOp(op) || op.precedence < minPrecedence)
            break;
        for (int i = 0; i < op.tokens; ++i)
            take();
        ExprPtr rhs = parseBinary(op.precedence + 1);
        if (chain && lhs->name == op.name) {
            lhs->args.push_back(rhs);
            finish(lhs);
            continue;
        }
        lhs = makeFunction(op.name, {lhs, rhs}, lhs->pos);
        chain = op.precedence <= 2;
    }
    return lhs;
}

ExprPtr SqlParser::parseBetween(ExprPtr lhs, bool negated, int pos)
{
    ExprPtr low = parseBinary(kPrecComparison);
    expectKeyword("AND");
    ExprPtr high = parseBinary(kPrecComparison);
    return makeFunction(negated ? "not_between" : "between", {lhs, low, high}, pos);
}

ExprPtr SqlParser::parsePrefix()
{
    int pos = static_cast<int>(peek().pos);
    if (atKeyword("NOT") && !at(TokenType::Comma, 1) && !at(TokenType::RParen, 1)) {
        DepthGuard guard(*this);
        take();
        return makeFunction("not", {parseBinary(kPrecIsNull)}, pos); // NOT binds below IS NULL and comparisons
    }
    if (at(TokenType::Minus)) {
        DepthGuard guard(*this);
        take();
        ExprPtr operand = parsePrefix();
        // ClickHouse folds the sign into numeric literals and interval amounts: -1 is a literal.
        if (isNumericLiteral(operand) && operand->text[0] != '-') {
            operand->text.insert(operand->text.begin(), '-');
            operand->pos = pos;
            return operand;
        }
        if (operand->kind == ExprKind::Interval && operand->alias.empty() && isNumericLiteral(operand->args[0])
            && operand->args[0]->text[0] != '-') {
            operand->args[0]->text.insert(operand->args[0]->text.begin(), '-');
            operand->pos = pos;
            return operand;
        }
        return makeFunction("negate", {operand}, pos);
    }
    return parsePostfix(parsePrimary());
}

ExprPtr SqlParser::parsePostfix(ExprPtr lhs)
{
    for (;;) {
        if (at(TokenType::LBracket)) {
            take();
            ExprPtr index = parseExpr();
            expect(TokenType::RBracket);
            lhs = makeFunction("array_element", {lhs, index}, lhs->pos);
        } else if (at(TokenType::Dot) && at(TokenType::Number, 1)) {
            take();
            Token number = take();
            if (number.text.find_first_not_of("0123456789") != std::string_view::npos)
                failAt(number, "Expected a tuple element index");
            lhs = makeFunction("tuple_element", {lhs, makeLiteral(LiteralKind::Integer, std::string(number.text), static_cast<int>(number.pos))}, lhs->pos);
        } else if (at(TokenType::Dot) && atName(1) && lhs->kind != ExprKind::Identifier) {
            take();
            Token name = take();
            lhs = makeFunction("tuple_element", {lhs, makeLiteral(LiteralKind::String, name.value(), static_cast<int>(name.pos))}, lhs->pos);
        } else if (at(TokenType::DoubleColon)) {
            take();
            int typePos = static_cast<int>(peek().pos);
            lhs = makeFunction("cast", {lhs, makeLiteral(LiteralKind::String, parseTypeText(), typePos)}, lhs->pos);
        } else if (at(TokenType::Colon) && !peek().spaceBefore && lhs->kind == ExprKind::Identifier && !m_noJsonPath
                   && at(TokenType::Identifier, 1) && !peek(1).spaceBefore) {
            lhs = parseJsonPath(lhs);
        } else {
            return lhs;
        }
    }
}

// raw:a.b[*] - the path is kept as written (it only ever holds bare words, dots, [*] and [n]).
ExprPtr SqlParser::parseJsonPath(ExprPtr lhs)
{
    take(); // ':'
    size_t start = peek().pos;
    take(); // first word
    for (;;) {
        if (at(TokenType::Dot) && !peek().spaceBefore && at(TokenType::Identifier, 1) && !peek(1).spaceBefore) {
            take();
            take();
        } else if (at(TokenType::LBracket) && !peek().spaceBefore && (at(TokenType::Star, 1) || at(TokenType::Number, 1))
                   && at(TokenType::RBracket, 2) && peek(1).text.find_first_not_of("0123456789*") == std::string_view::npos) {
            take();
            take();
            take();
        } else {
            break;
        }
    }
    std::string path(m_lexer.sql().substr(start, lastEnd() - start));
    return makeFunction("json_path", {lhs, makeLiteral(LiteralKind::String, path, static_cast<int>(start))}, lhs->pos);
}

} // namespace tideline::engine::sql
