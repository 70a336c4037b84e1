// QueryAnalyzer's syntax-only part (see QueryAnalyzerSyntax.h).
#include "engine/exec/QueryAnalyzerSyntax.h"

#include <algorithm>

#include "engine/exec/ExprNaming.h"
#include "engine/exec/ExpressionBinder.h"

namespace tideline::engine::analyzer_detail {


std::string settingText(const sql::Setting &s)
{
    if (!s.value)
        return {};
    return s.value->kind == sql::ExprKind::Literal ? s.value->text : exprColumnName(*s.value);
}

bool isTrue(const Settings &settings, const std::string &name, bool fallback)
{
    auto it = settings.find(name);
    if (it == settings.end())
        return fallback;
    return !(it->second == "false" || it->second == "0");
}

bool boundedMode(const Settings &settings)
{
    auto it = settings.find("query_mode");
    return it != settings.end() && it->second == "table";
}

// --- flags: has_aggr, has_table_join, has_union, has_subquery (AST only) ---------------------


void flagsUnion(const sql::SelectUnion &u, Flags &f, bool resultPath);

static void flagsExpr(const sql::ExprPtr &e, Flags &f)
{
    if (!e)
        return;
    if (e->kind == sql::ExprKind::Subquery) {
        f.subquery = true;
        if (e->subquery)
            flagsUnion(*e->subquery, f, false);
        return;
    }
    for (const auto &a : e->args)
        flagsExpr(a, f);
    for (const auto &p : e->parameters)
        flagsExpr(p, f);
    if (e->over) {
        for (const auto &p : e->over->partitionBy)
            flagsExpr(p, f);
        for (const auto &o : e->over->orderBy)
            flagsExpr(o.expr, f);
    }
}

static void flagsTable(const sql::TableExpr &t, Flags &f, bool resultPath)
{
    if (t.kind == sql::TableExpr::Kind::Subquery) {
        f.subquery = true;
        if (t.subquery)
            flagsUnion(*t.subquery, f, resultPath);
        return;
    }
    for (const auto &a : t.args) {
        if (a && a->kind == sql::ExprKind::Subquery) { // tumble((SELECT ...), 5s): a FROM subquery
            f.subquery = true;
            if (a->subquery)
                flagsUnion(*a->subquery, f, resultPath);
        } else {
            flagsExpr(a, f);
        }
    }
}

// `resultPath`: the SELECT feeds the query's result (top level, FROM/JOIN subqueries, CTEs),
// as opposed to a subquery used as a value; only those make the query aggregating.
static void flagsSelect(const sql::SelectQuery &q, Flags &f, bool resultPath)
{
    if (!q.ctes.empty())
        f.subquery = true;
    for (const auto &[name, sub] : q.ctes)
        if (sub)
            flagsUnion(*sub, f, resultPath);
    if (!q.joins.empty())
        f.join = true;
    if (q.from)
        flagsTable(*q.from, f, resultPath);
    for (const auto &j : q.joins) {
        flagsTable(j.table, f, resultPath);
        flagsExpr(j.on, f);
    }
    if (resultPath) {
        bool aggr = !q.groupBy.empty() || q.groupByAll;
        for (const auto &e : q.select)
            aggr = aggr || containsAggregate(*e);
        if (q.having)
            aggr = aggr || containsAggregate(*q.having);
        for (const auto &o : q.orderBy)
            aggr = aggr || (o.expr && containsAggregate(*o.expr));
        f.aggr = f.aggr || aggr;
    }
    auto exprs = [&](const std::vector<sql::ExprPtr> &v) {
        for (const auto &e : v)
            flagsExpr(e, f);
    };
    exprs(q.with);
    exprs(q.distinctOn);
    exprs(q.select);
    exprs(q.arrayJoin);
    flagsExpr(q.where, f);
    flagsExpr(q.prewhere, f);
    exprs(q.partitionBy);
    exprs(q.groupBy);
    flagsExpr(q.having, f);
    flagsExpr(q.qualify, f);
    for (const auto &o : q.orderBy)
        flagsExpr(o.expr, f);
    exprs(q.limitByExprs);
}

void flagsUnion(const sql::SelectUnion &u, Flags &f, bool resultPath)
{
    if (u.selects.size() > 1)
        f.unionAll = true;
    for (const auto &q : u.selects)
        if (q)
            flagsSelect(*q, f, resultPath);
}

// --- sources, streaming and required columns -----------------------------------------------


std::vector<std::string> groupByColumns(const sql::SelectUnion &u)
{
    std::vector<std::string> out;
    auto add = [&](const std::string &name) {
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    };
    for (const auto &q : u.selects) {
        if (!q)
            continue;
        for (const auto &g : q->groupBy)
            if (g)
                add(exprColumnName(*g));
        if (q->groupByAll)
            for (const auto &item : q->select)
                if (item && item->kind != sql::ExprKind::Asterisk && item->kind != sql::ExprKind::Columns && !containsAggregate(*item))
                    add(exprColumnName(*item));
    }
    return out;
}

} // namespace tideline::engine::analyzer_detail
