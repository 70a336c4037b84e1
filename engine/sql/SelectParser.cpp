// SELECT: [WITH] SELECT [DISTINCT [ON]] list [FROM t [JOIN ...] [ARRAY JOIN ...]] [PREWHERE] [WHERE]
// [PARTITION BY] [GROUP BY [ALL] [WITH TOTALS]] [HAVING] [QUALIFY] [ORDER BY] [LIMIT ... [BY]]
// [OFFSET] [EMIT ...] [SETTINGS], and UNION chains. Proton accepts EMIT after HAVING, ORDER BY
// or LIMIT; the tree keeps it once and the formatter prints it before SETTINGS.

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

SelectUnionPtr SqlParser::parseSelectUnion()
{
    DepthGuard guard(*this);
    auto u = std::make_shared<SelectUnion>();
    u->pos = static_cast<int>(peek().pos);
    parseUnionMember(*u);
    while (acceptKeyword("UNION")) {
        bool distinct = false;
        if (!acceptKeyword("ALL"))
            distinct = acceptKeyword("DISTINCT");
        u->unionDistinct.push_back(distinct);
        parseUnionMember(*u);
    }
    return u;
}

void SqlParser::parseUnionMember(SelectUnion &u)
{
    if (at(TokenType::LParen)) {
        take();
        SelectUnionPtr inner = parseSelectUnion();
        expect(TokenType::RParen);
        u.selects.insert(u.selects.end(), inner->selects.begin(), inner->selects.end());
        u.unionDistinct.insert(u.unionDistinct.end(), inner->unionDistinct.begin(), inner->unionDistinct.end());
        return;
    }
    u.selects.push_back(parseSelectQuery());
}

SelectQueryPtr SqlParser::parseSelectQuery()
{
    auto q = std::make_shared<SelectQuery>();
    q->pos = static_cast<int>(peek().pos);
    if (acceptKeyword("WITH"))
        parseWith(*q);
    expectKeyword("SELECT");
    parseSelectList(*q);
    if (acceptKeyword("FROM"))
        parseFromClause(*q);
    if (acceptKeyword("PREWHERE"))
        q->prewhere = parseExpr();
    if (acceptKeyword("WHERE"))
        q->where = parseExpr();
    if (acceptKeywords({"PARTITION", "BY"}))
        q->partitionBy = parseExprList();
    if (acceptKeywords({"GROUP", "BY"}))
        parseGroupBy(*q);
    if (acceptKeyword("HAVING"))
        q->having = parseExpr();
    if (atKeyword("EMIT"))
        parseEmit(q->emit);
    if (acceptKeyword("QUALIFY"))
        q->qualify = parseExpr();
    if (acceptKeywords({"ORDER", "BY"}))
        q->orderBy = parseOrderByList();
    if (atKeyword("EMIT") && !q->emit.present)
        parseEmit(q->emit);
    parseLimit(*q);
    if (atKeyword("EMIT") && !q->emit.present)
        parseEmit(q->emit);
    if (acceptKeyword("SETTINGS"))
        q->settings = parseSettingList();
    return q;
}

void SqlParser::parseWith(SelectQuery &q)
{
    do {
        if (atName() && atKeyword("AS", 1) && at(TokenType::LParen, 2) && atSubqueryStart(3)) {
            std::string name = parseName();
            take();
            take();
            SelectUnionPtr cte = parseSelectUnion();
            expect(TokenType::RParen);
            q.ctes.emplace_back(std::move(name), std::move(cte));
        } else {
            q.with.push_back(parseExprWithAlias());
        }
    } while (accept(TokenType::Comma));
}

void SqlParser::parseSelectList(SelectQuery &q)
{
    if (acceptKeyword("DISTINCT")) {
        q.distinct = true;
        if (acceptKeyword("ON")) {
            expect(TokenType::LParen);
            q.distinctOn = parseExprList();
            expect(TokenType::RParen);
        }
    } else if (atKeyword("ALL") && !at(TokenType::Comma, 1) && !atKeyword("FROM", 1)) {
        take();
    }
    do {
        q.select.push_back(parseSelectItem());
    } while (accept(TokenType::Comma));
}

void SqlParser::parseFromClause(SelectQuery &q)
{
    q.from = parseTableExpr();
    for (;;) {
        if (parseArrayJoin(q))
            continue;
        if (!parseJoin(q))
            break;
    }
}

TableExpr SqlParser::parseTableExpr()
{
    TableExpr t;
    t.pos = static_cast<int>(peek().pos);
    if (at(TokenType::LParen)) {
        DepthGuard guard(*this);
        take();
        if (!atSubqueryStart()) {
            noteExpected("SELECT");
            fail();
        }
        t.kind = TableExpr::Kind::Subquery;
        t.subquery = parseSelectUnion();
        expect(TokenType::RParen);
    } else {
        std::string first = parseName();
        if (at(TokenType::LParen)) {
            t.kind = TableExpr::Kind::Function;
            t.name = normalizeFunctionName(first);
            parseTableFunctionArgs(t);
        } else if (at(TokenType::Dot) && atName(1)) {
            take();
            t.database = std::move(first);
            t.name = parseName();
        } else {
            t.name = std::move(first);
        }
    }
    t.final = acceptKeyword("FINAL");
    if (acceptKeyword("AS"))
        t.alias = parseName();
    else if (at(TokenType::QuotedIdentifier) || (at(TokenType::Identifier) && !isClauseKeyword(peek().text)))
        t.alias = parseName();
    if (!t.final)
        t.final = acceptKeyword("FINAL");
    return t;
}

void SqlParser::parseTableFunctionArgs(TableExpr &t)
{
    DepthGuard guard(*this);
    expect(TokenType::LParen);
    if (accept(TokenType::RParen))
        return;
    do {
        t.args.push_back(parseTableFunctionArg());
    } while (accept(TokenType::Comma));
    expect(TokenType::RParen);
}

// session(s, 1m, [c1, c2)): a half-open range of start/end predicates. Kept as
// session_range(c1, c2, start_inclusive, end_inclusive).
ExprPtr SqlParser::parseTableFunctionArg()
{
    bool square = at(TokenType::LBracket);
    if (square || at(TokenType::LParen)) {
        int depth = 0;
        TokenType closer = TokenType::EndOfStream;
        for (size_t i = 0; closer == TokenType::EndOfStream; ++i) {
            const Token &t = peek(i);
            if (t.is(TokenType::EndOfStream))
                break;
            if (t.is(TokenType::LParen) || t.is(TokenType::LBracket) || t.is(TokenType::LBrace))
                ++depth;
            if ((t.is(TokenType::RParen) || t.is(TokenType::RBracket) || t.is(TokenType::RBrace)) && --depth == 0)
                closer = t.type;
        }
        if ((square && closer == TokenType::RParen) || (!square && closer == TokenType::RBracket)) {
            DepthGuard guard(*this);
            int pos = static_cast<int>(take().pos);
            ExprPtr start = parseExpr();
            expect(TokenType::Comma);
            ExprPtr end = parseExpr();
            expect(closer);
            return makeFunction("session_range",
                                {start, end, makeLiteral(LiteralKind::Bool, square ? "true" : "false", pos),
                                 makeLiteral(LiteralKind::Bool, closer == TokenType::RBracket ? "true" : "false", pos)},
                                pos);
        }
    }
    return parseExprWithAlias();
}

bool SqlParser::parseJoin(SelectQuery &q)
{
    JoinClause j;
    j.pos = static_cast<int>(peek().pos);
    if (accept(TokenType::Comma)) {
        j.kind = JoinKind::Comma;
        j.table = parseTableExpr();
        q.joins.push_back(std::move(j));
        return true;
    }
    if (atKeyword("LEFT") && atKeyword("ARRAY", 1))
        return false;
    bool any = false;
    j.global = acceptKeyword("GLOBAL");
    any = j.global;
    auto strictness = [&] {
        static const std::pair<const char *, JoinStrictness> kWords[] = {
            {"ALL", JoinStrictness::All}, {"ANY", JoinStrictness::Any}, {"ASOF", JoinStrictness::Asof},
            {"LATEST", JoinStrictness::Latest}, {"SEMI", JoinStrictness::Semi}, {"ANTI", JoinStrictness::Anti}};
        for (auto [word, value] : kWords) {
            if (j.strictness == JoinStrictness::Default && acceptKeyword(word)) {
                j.strictness = value;
                any = true;
            }
        }
    };
    strictness();
    static const std::pair<const char *, JoinKind> kKinds[] = {
        {"INNER", JoinKind::Inner}, {"LEFT", JoinKind::Left}, {"RIGHT", JoinKind::Right}, {"FULL", JoinKind::Full}, {"CROSS", JoinKind::Cross}};
    for (auto [word, value] : kKinds) {
        if (acceptKeyword(word)) {
            j.kind = value;
            any = true;
            break;
        }
    }
    j.outerKeyword = acceptKeyword("OUTER");
    strictness();
    if (!any && !atKeyword("JOIN"))
        return false;
    expectKeyword("JOIN");
    j.table = parseTableExpr();
    if (acceptKeyword("ON")) {
        j.on = parseExpr();
    } else if (acceptKeyword("USING")) {
        bool paren = accept(TokenType::LParen);
        do {
            j.using_.push_back(parseName());
        } while (accept(TokenType::Comma));
        if (paren)
            expect(TokenType::RParen);
    }
    q.joins.push_back(std::move(j));
    return true;
}

bool SqlParser::parseArrayJoin(SelectQuery &q)
{
    bool left = atKeyword("LEFT") && atKeyword("ARRAY", 1) && atKeyword("JOIN", 2);
    if (!left && !(atKeyword("ARRAY") && atKeyword("JOIN", 1)))
        return false;
    if (!q.arrayJoin.empty())
        failAt(peek(), "Only one ARRAY JOIN clause is supported");
    if (left)
        take();
    take();
    take();
    q.leftArrayJoin = left;
    q.arrayJoin = parseExprList();
    return true;
}

void SqlParser::parseGroupBy(SelectQuery &q)
{
    if (atKeyword("ALL") && !at(TokenType::Comma, 1) && !at(TokenType::LParen, 1)) {
        take();
        q.groupByAll = true;
    } else {
        q.groupBy = parseExprList();
    }
    if (acceptKeywords({"WITH", "TOTALS"}))
        q.groupByWithTotals = true;
}

std::vector<OrderByItem> SqlParser::parseOrderByList()
{
    std::vector<OrderByItem> items;
    do {
        OrderByItem item;
        item.expr = parseExprWithAlias();
        if (acceptKeyword("DESC") || acceptKeyword("DESCENDING"))
            item.descending = true;
        else if (!acceptKeyword("ASC"))
            acceptKeyword("ASCENDING");
        if (acceptKeyword("NULLS")) {
            if (acceptKeyword("FIRST"))
                item.nullsFirst = true;
            else {
                expectKeyword("LAST");
                item.nullsFirst = false;
            }
        }
        if (acceptKeyword("COLLATE"))
            item.collation = parseStringLiteral();
        items.push_back(std::move(item));
    } while (accept(TokenType::Comma));
    return items;
}

void SqlParser::parseLimit(SelectQuery &q)
{
    for (int round = 0; round < 2 && atKeyword("LIMIT"); ++round) {
        take();
        ExprPtr limit = parseExpr(), offset;
        if (accept(TokenType::Comma)) {
            offset = limit;
            limit = parseExpr();
        } else if (acceptKeyword("OFFSET")) {
            offset = parseExpr();
        }
        if (acceptKeyword("BY")) {
            if (q.limitBy)
                fail();
            q.limitBy = limit;
            q.limitByOffset = offset;
            q.limitByExprs = parseExprList();
            continue;
        }
        q.limit = limit;
        q.offset = offset;
        if (acceptKeywords({"WITH", "TIES"}))
            q.withTies = true;
        break;
    }
    if (!q.offset && acceptKeyword("OFFSET")) {
        q.offset = parseExpr();
        if (!acceptKeyword("ROWS"))
            acceptKeyword("ROW");
    }
}

void SqlParser::parseEmit(EmitClause &emit)
{
    emit.present = true;
    emit.pos = static_cast<int>(take().pos);
    if (acceptKeyword("STREAM"))
        emit.streamKind = EmitKind::Stream;
    else if (acceptKeyword("CHANGELOG"))
        emit.streamKind = EmitKind::Changelog;
    bool any = false;
    for (;;) {
        // Parts may be joined by AND (EMIT PERIODIC 5s AND LAST 1h); AND DELAY is the pre-1.5
        // spelling of WITH DELAY and is handled by the watermark part.
        bool joined = any && !atKeyword("DELAY", 1) && acceptKeyword("AND");
        if (!parseEmitPart(emit)) {
            if (joined || (!any && emit.streamKind == EmitKind::None)) {
                noteExpected("AFTER");
                noteExpected("PERIODIC");
                noteExpected("ON UPDATE");
                noteExpected("TIMEOUT");
                noteExpected("LAST");
                fail();
            }
            return;
        }
        any = true;
    }
}

bool SqlParser::parseEmitPart(EmitClause &emit)
{
    if (acceptKeywords({"AFTER", "WATERMARK"}) || acceptKeywords({"AFTER", "WINDOW", "CLOSE"})) {
        emit.afterWatermark = true;
        if (equalsIgnoreCase(m_tokens[m_index - 1].text, "CLOSE"))
            emit.windowCloseSpelling = true;
        if (acceptKeywords({"WITH", "DELAY"}) || acceptKeywords({"AND", "DELAY"}))
            emit.delay = parseEmitInterval();
        return true;
    }
    if (acceptKeyword("PERIODIC")) {
        emit.periodic = parseEmitInterval();
        if (acceptKeyword("REPEAT"))
            emit.repeat = true;
        return true;
    }
    if (acceptKeywords({"ON", "UPDATE"})) {
        emit.onUpdate = true;
        for (;;) {
            if (acceptKeywords({"WITH", "BATCH"}))
                emit.onUpdateBatch = parseEmitInterval();
            else if (acceptKeywords({"WITH", "DELAY"}))
                emit.onUpdateDelay = parseEmitInterval();
            else
                return true;
        }
    }
    if (acceptKeyword("TIMEOUT")) {
        emit.timeout = parseEmitInterval();
        return true;
    }
    if (acceptKeyword("LAST")) {
        emit.last = parseEmitInterval();
        if (acceptKeywords({"ON", "PROCTIME"}))
            emit.lastOnProctime = true;
        return true;
    }
    return false;
}

// Additive level, so the AND between EMIT parts is not taken as a logical AND.
ExprPtr SqlParser::parseEmitInterval()
{
    return parseBinary(8);
}

} // namespace tideline::engine::sql
