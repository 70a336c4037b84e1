// QueryPlanner: rewinding a streaming read by its WHERE clause (streaming-sql.md §9.1, §9.3-9.4).
// A top-level conjunct `_tp_time > / >= <constant>` (typically earliest_ts()) makes the read
// start at the beginning of the log, so the history that matches is backfilled before the live
// rows; `_tp_sn > / >= n` starts it at that sequence number. The filter itself stays, so only the
// matching rows come. Comparing _tp_time with earliest_ts() by =, != or < is
// UNEXPECTED_EXPRESSION (183), as in Proton.
#include "engine/exec/QueryPlanner.h"

namespace tideline::engine {

namespace {

bool isColumn(const sql::Expr &e, const char *name)
{
    return e.kind == sql::ExprKind::Identifier && !e.parts.empty() && e.parts.back() == name;
}

bool isEarliestTs(const sql::Expr &e)
{
    return e.kind == sql::ExprKind::Function && (e.name == "earliest_ts" || e.name == "earliest_timestamp") && e.args.empty();
}

void conjuncts(const sql::ExprPtr &e, std::vector<const sql::Expr *> &out)
{
    if (!e)
        return;
    if (e->kind == sql::ExprKind::Function && e->name == "and") {
        for (const auto &a : e->args)
            conjuncts(a, out);
        return;
    }
    out.push_back(e.get());
}

void refuseEarliestComparison(const sql::Expr &e)
{
    if (e.kind == sql::ExprKind::Subquery || e.kind == sql::ExprKind::Lambda)
        return;
    if (e.kind == sql::ExprKind::Function && (e.name == "equals" || e.name == "not_equals" || e.name == "less") && e.args.size() == 2) {
        bool time = isColumn(*e.args[0], "_tp_time") || isColumn(*e.args[1], "_tp_time");
        bool earliest = isEarliestTs(*e.args[0]) || isEarliestTs(*e.args[1]);
        if (time && earliest)
            fail(ErrorCode::UnexpectedExpression, "_tp_time can only be compared with earliest_ts() by > or >=", e.pos);
    }
    for (const auto &a : e.args)
        if (a)
            refuseEarliestComparison(*a);
}

// The literal integer of `e`, if it is one.
bool integerLiteral(const sql::Expr &e, int64_t &value)
{
    if (e.kind != sql::ExprKind::Literal || e.literalKind != sql::LiteralKind::Integer || e.text.empty() || e.text.size() > 18
        || e.text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    value = std::stoll(e.text);
    return true;
}

bool constantExpr(const sql::Expr &e)
{
    if (e.kind == sql::ExprKind::Identifier || e.kind == sql::ExprKind::Asterisk || e.kind == sql::ExprKind::Subquery)
        return false;
    for (const auto &a : e.args)
        if (a && !constantExpr(*a))
            return false;
    return true;
}

} // namespace

void QueryPlanner::seekByWhere(const sql::SelectQuery &q)
{
    if (q.where)
        refuseEarliestComparison(*q.where);
    if (!q.where || !q.joins.empty() || !q.from || q.from->kind != sql::TableExpr::Kind::Name || m_settings.count("seek_to"))
        return;
    std::vector<const sql::Expr *> parts;
    conjuncts(q.where, parts);
    for (const sql::Expr *c : parts) {
        if (c->kind != sql::ExprKind::Function || (c->name != "greater" && c->name != "greater_or_equals") || c->args.size() != 2)
            continue;
        const sql::Expr &left = *c->args[0], &right = *c->args[1];
        int64_t sn = 0;
        if (isColumn(left, "_tp_time") && constantExpr(right))
            m_settings["seek_to"] = "earliest";
        else if (isColumn(left, "_tp_sn") && integerLiteral(right, sn))
            m_settings["seek_to"] = std::to_string(c->name == "greater" ? sn + 1 : sn);
    }
}

} // namespace tideline::engine
