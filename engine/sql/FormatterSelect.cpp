// SELECT and UNION printing. In pretty mode each clause starts a line at the query's indent;
// subqueries are indented one level deeper.

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlFormatter.h"

namespace tideline::engine::sql {

namespace {
// A union member with its own ORDER BY/LIMIT/SETTINGS/EMIT is bracketed, or the parser would
// attach those clauses to the union's last member.
bool needsBrackets(const SelectQuery &q)
{
    return !q.orderBy.empty() || q.limit || q.offset || q.limitBy || !q.settings.empty() || q.emit.present;
}
} // namespace

std::string SqlFormatter::select(const SelectUnion &u, int level)
{
    std::string out;
    for (size_t i = 0; i < u.selects.size(); ++i) {
        if (i)
            out += sep(level) + kw(u.unionDistinct[i - 1] ? "UNION DISTINCT" : "UNION ALL") + sep(level);
        std::string s = selectQuery(*u.selects[i], level);
        out += u.selects.size() > 1 && needsBrackets(*u.selects[i]) ? "(" + s + ")" : s;
    }
    return out;
}

std::string SqlFormatter::withClause(const SelectQuery &q, int level)
{
    std::string out = kw("WITH") + " ";
    bool first = true;
    for (const auto &[name, cte] : q.ctes) {
        out += (first ? "" : ", ") + quoteIdentifierIfNeeded(name) + " " + kw("AS") + " (" + select(*cte, level + 1) + ")";
        first = false;
    }
    for (const ExprPtr &e : q.with) {
        out += (first ? "" : ", ") + item(*e);
        first = false;
    }
    return out + sep(level);
}

std::string SqlFormatter::selectQuery(const SelectQuery &q, int level)
{
    std::string out;
    if (!q.ctes.empty() || !q.with.empty())
        out += withClause(q, level);
    out += kw("SELECT") + " ";
    if (q.distinct) {
        out += kw("DISTINCT") + " ";
        if (!q.distinctOn.empty())
            out += kw("ON") + " (" + list(q.distinctOn) + ") ";
    }
    out += list(q.select);
    if (q.from) {
        out += sep(level) + kw("FROM") + " " + tableExpr(*q.from, level);
        for (const JoinClause &j : q.joins)
            out += join(j, level);
        if (!q.arrayJoin.empty())
            out += sep(level) + kw(q.leftArrayJoin ? "LEFT ARRAY JOIN" : "ARRAY JOIN") + " " + list(q.arrayJoin);
    }
    auto clause = [&](const char *keyword, const ExprPtr &e) {
        if (e)
            out += sep(level) + kw(keyword) + " " + expr(*e, 0);
    };
    clause("PREWHERE", q.prewhere);
    clause("WHERE", q.where);
    if (!q.partitionBy.empty())
        out += sep(level) + kw("PARTITION BY") + " " + list(q.partitionBy);
    if (q.groupByAll)
        out += sep(level) + kw("GROUP BY ALL");
    else if (!q.groupBy.empty())
        out += sep(level) + kw("GROUP BY") + " " + list(q.groupBy);
    if (q.groupByWithTotals)
        out += " " + kw("WITH TOTALS");
    clause("HAVING", q.having);
    clause("QUALIFY", q.qualify);
    if (!q.orderBy.empty())
        out += sep(level) + kw("ORDER BY") + " " + orderBy(q.orderBy);
    out += limitClause(q, level);
    if (q.emit.present)
        out += sep(level) + emit(q.emit);
    if (!q.settings.empty())
        out += sep(level) + kw("SETTINGS") + " " + settings(q.settings);
    return out;
}

std::string SqlFormatter::limitClause(const SelectQuery &q, int level)
{
    std::string out;
    if (q.limitBy) {
        out += sep(level) + kw("LIMIT") + " " + expr(*q.limitBy, 0);
        if (q.limitByOffset)
            out += " " + kw("OFFSET") + " " + expr(*q.limitByOffset, 0);
        out += " " + kw("BY") + " " + list(q.limitByExprs);
    }
    if (q.limit) {
        out += sep(level) + kw("LIMIT") + " " + expr(*q.limit, 0);
        if (q.offset)
            out += " " + kw("OFFSET") + " " + expr(*q.offset, 0);
        if (q.withTies)
            out += " " + kw("WITH TIES");
    } else if (q.offset) {
        out += sep(level) + kw("OFFSET") + " " + expr(*q.offset, 0);
    }
    return out;
}

std::string SqlFormatter::tableExpr(const TableExpr &t, int level)
{
    std::string out;
    switch (t.kind) {
    case TableExpr::Kind::Name: out = qualified(t.database, t.name); break;
    case TableExpr::Kind::Function: {
        out = isBareWord(t.name) ? t.name : backQuote(t.name);
        out += "(";
        for (size_t i = 0; i < t.args.size(); ++i)
            out += (i ? ", " : "") + tableFunctionArg(*t.args[i]);
        out += ")";
        break;
    }
    case TableExpr::Kind::Subquery: out = "(" + select(*t.subquery, level + 1) + ")"; break;
    }
    if (t.final)
        out += " " + kw("FINAL");
    if (!t.alias.empty())
        out += " " + kw("AS") + " " + quoteIdentifierIfNeeded(t.alias);
    return out;
}

std::string SqlFormatter::tableFunctionArg(const Expr &e)
{
    bool range = e.kind == ExprKind::Function && e.name == "session_range" && e.alias.empty() && e.args.size() == 4 && !e.distinct
                 && !e.over && e.parameters.empty() && e.args[2]->kind == ExprKind::Literal && e.args[2]->literalKind == LiteralKind::Bool
                 && e.args[3]->kind == ExprKind::Literal && e.args[3]->literalKind == LiteralKind::Bool && e.args[2]->alias.empty()
                 && e.args[3]->alias.empty() && e.args[2]->text != e.args[3]->text;
    if (!range)
        return item(e);
    return (e.args[2]->text == "true" ? "[" : "(") + expr(*e.args[0], 0) + ", " + expr(*e.args[1], 0) + (e.args[3]->text == "true" ? "]" : ")");
}

std::string SqlFormatter::join(const JoinClause &j, int level)
{
    if (j.kind == JoinKind::Comma)
        return ", " + tableExpr(j.table, level);
    std::string out = sep(level);
    if (j.global)
        out += kw("GLOBAL") + " ";
    static const char *kKinds[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS", ""};
    static const char *kStrictness[] = {"", "ALL", "ANY", "ASOF", "LATEST", "SEMI", "ANTI"};
    bool plainInner = j.kind == JoinKind::Inner && !j.outerKeyword;
    if (!plainInner)
        out += kw(kKinds[static_cast<int>(j.kind)]) + " ";
    if (j.outerKeyword)
        out += kw("OUTER") + " ";
    if (j.strictness != JoinStrictness::Default)
        out += kw(kStrictness[static_cast<int>(j.strictness)]) + " ";
    out += kw("JOIN") + " " + tableExpr(j.table, level);
    if (j.on)
        out += " " + kw("ON") + " " + expr(*j.on, 0);
    if (!j.using_.empty()) {
        out += " " + kw("USING") + " (";
        for (size_t i = 0; i < j.using_.size(); ++i)
            out += (i ? ", " : "") + quoteIdentifierIfNeeded(j.using_[i]);
        out += ")";
    }
    return out;
}

std::string SqlFormatter::emit(const EmitClause &e)
{
    std::string out = kw("EMIT");
    if (e.streamKind == EmitKind::Stream)
        out += " " + kw("STREAM");
    if (e.streamKind == EmitKind::Changelog)
        out += " " + kw("CHANGELOG");
    auto interval = [&](const ExprPtr &x) { return expr(*x, 8); };
    if (e.afterWatermark) {
        out += " " + kw(e.windowCloseSpelling ? "AFTER WINDOW CLOSE" : "AFTER WATERMARK");
        if (e.delay)
            out += " " + kw("WITH DELAY") + " " + interval(e.delay);
    }
    if (e.periodic) {
        out += " " + kw("PERIODIC") + " " + interval(e.periodic);
        if (e.repeat)
            out += " " + kw("REPEAT");
    }
    if (e.onUpdate) {
        out += " " + kw("ON UPDATE");
        if (e.onUpdateBatch)
            out += " " + kw("WITH BATCH") + " " + interval(e.onUpdateBatch);
        if (e.onUpdateDelay)
            out += " " + kw("WITH DELAY") + " " + interval(e.onUpdateDelay);
    }
    bool first = !e.afterWatermark && !e.periodic && !e.onUpdate;
    if (e.timeout) {
        out += std::string(first ? " " : " " + kw("AND") + " ") + kw("TIMEOUT") + " " + interval(e.timeout);
        first = false;
    }
    if (e.last) {
        out += std::string(first ? " " : " " + kw("AND") + " ") + kw("LAST") + " " + interval(e.last);
        if (e.lastOnProctime)
            out += " " + kw("ON PROCTIME");
    }
    return out;
}

} // namespace tideline::engine::sql
