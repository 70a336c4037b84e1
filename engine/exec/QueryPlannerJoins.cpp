// QueryPlanner: JOIN, ARRAY JOIN and window table functions (tumble/hop/session) in FROM.
#include <optional>

#include "engine/exec/ArrayJoinOperator.h"
#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/HashJoinOperator.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/WindowAssignOperator.h"

namespace tideline::engine {

namespace {

// Flattens and(a, and(b, c)) into [a, b, c].
void conjuncts(const sql::ExprPtr &e, std::vector<sql::ExprPtr> &out)
{
    if (e->kind == sql::ExprKind::Function && e->name == "and" && e->alias.empty()) {
        for (const auto &a : e->args)
            conjuncts(a, out);
        return;
    }
    out.push_back(e);
}

// Whether `e` binds over `scope` alone (it names only that side's columns).
bool bindsOver(const Scope &scope, const BindContext &ctx, const sql::Expr &e)
{
    try {
        ExpressionBinder(scope, ctx).bind(e);
        return true;
    } catch (const EngineError &) {
        return false;
    }
}

// A common type for two join keys (types equal up to nullability afterwards).
DataTypePtr commonKeyType(const DataTypePtr &a, const DataTypePtr &b)
{
    DataTypePtr x = removeNullable(a), y = removeNullable(b);
    if (x->equals(*y))
        return x;
    if (x->isInteger() && y->isInteger())
        return makeType(x->isUnsignedInteger() && y->isUnsignedInteger() ? TypeKind::UInt64 : TypeKind::Int64);
    if (x->isNumeric() && y->isNumeric())
        return makeType(TypeKind::Float64);
    if (x->isStringLike() && y->isStringLike())
        return makeType(TypeKind::String);
    return x;
}

// Casts keeping nullability: join keys only need equal types up to nullability.
ExpressionPtr castTo(ExpressionPtr e, const DataTypePtr &type, const FunctionContext &fc)
{
    if (removeNullable(e->type)->equals(*type))
        return e;
    return Expression::makeCast(e, e->type->isNullable() ? makeNullable(type) : type, fc);
}

bool asofOp(const std::string &name, bool swapped, JoinSpec::AsofOp &op)
{
    static const std::map<std::string, std::pair<JoinSpec::AsofOp, JoinSpec::AsofOp>> ops{
        {"less", {JoinSpec::AsofOp::Less, JoinSpec::AsofOp::Greater}},
        {"less_or_equals", {JoinSpec::AsofOp::LessOrEquals, JoinSpec::AsofOp::GreaterOrEquals}},
        {"greater", {JoinSpec::AsofOp::Greater, JoinSpec::AsofOp::Less}},
        {"greater_or_equals", {JoinSpec::AsofOp::GreaterOrEquals, JoinSpec::AsofOp::LessOrEquals}}};
    auto it = ops.find(name);
    if (it == ops.end())
        return false;
    op = swapped ? it->second.second : it->second.first;
    return true;
}

// Which argument of a binary condition names only the left side and which only the right; both
// null when the condition does not compare the two sides.
void sidesOf(const sql::Expr &p, const Scope &left, const Scope &right, const BindContext &ctx, const sql::Expr *&l, const sql::Expr *&r)
{
    const auto &a = *p.args[0], &b = *p.args[1];
    bool aLeft = bindsOver(left, ctx, a), bRight = bindsOver(right, ctx, b);
    bool aRight = !aLeft && bindsOver(right, ctx, a), bLeft = !bRight && bindsOver(left, ctx, b);
    l = aLeft && bRight ? &a : (aRight && bLeft ? &b : nullptr);
    r = l == &a ? &b : (l ? &a : nullptr);
}

// The columns of a bounded join's result: the left then the right ones; with join_use_nulls
// the side an outer join fills becomes nullable.
Scope joinedScope(const Scope &left, const Scope &right, const JoinSpec &spec)
{
    Scope out = left;
    out.columns.insert(out.columns.end(), right.columns.begin(), right.columns.end());
    if (!spec.useNulls)
        return out;
    bool nullLeft = spec.kind == JoinSpec::Kind::Right || spec.kind == JoinSpec::Kind::Full;
    bool nullRight = spec.kind == JoinSpec::Kind::Left || spec.kind == JoinSpec::Kind::Full;
    for (size_t i = 0; i < out.columns.size(); ++i) {
        bool isLeft = i < left.columns.size();
        auto &t = out.columns[i].type;
        if (((isLeft && nullLeft) || (!isLeft && nullRight)) && t->kind != TypeKind::Array && t->kind != TypeKind::Map && t->kind != TypeKind::Tuple)
            t = makeNullable(t);
    }
    return out;
}

} // namespace

// Appends key expressions to a side as extra (hidden) columns; returns their positions.
std::vector<size_t> QueryPlanner::appendKeys(Source &side, const std::vector<ExpressionPtr> &keys)
{
    std::vector<size_t> positions;
    if (keys.empty())
        return positions;
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < side.scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, side.scope.columns[i].type));
        names.push_back(side.scope.columns[i].name);
    }
    for (const auto &k : keys) {
        positions.push_back(exprs.size());
        exprs.push_back(k);
        names.push_back("__join_key" + std::to_string(positions.size()));
        side.scope.columns.push_back({names.back(), "\x01", {}, k->type, true});
    }
    side.op = std::make_unique<ProjectOperator>(std::move(side.op), std::move(exprs), std::move(names));
    return positions;
}


// USING keys of a RIGHT or FULL join are one column: a row only the right side has takes the
// right key (the left one is a default). FULL: the right key where it is not the default.
OperatorPtr QueryPlanner::coalesceUsingKeys(OperatorPtr join, Scope &scope, const sql::JoinClause &clause, size_t leftCount, const BindContext &ctx)
{
    Scope leftScope, rightScope;
    leftScope.columns.assign(scope.columns.begin(), scope.columns.begin() + static_cast<ptrdiff_t>(leftCount));
    rightScope.columns.assign(scope.columns.begin() + static_cast<ptrdiff_t>(leftCount), scope.columns.end());
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, scope.columns[i].type));
        names.push_back(scope.columns[i].name);
    }
    for (const auto &name : clause.using_) {
        int l = leftScope.find({name}), r = rightScope.find({name});
        if (l < 0 || r < 0)
            continue;
        size_t li = static_cast<size_t>(l), ri = leftCount + static_cast<size_t>(r);
        ExpressionPtr rightKey = Expression::makeInput(ri, scope.columns[ri].type);
        if (clause.kind == sql::JoinKind::Right) {
            exprs[li] = castTo(rightKey, removeNullable(scope.columns[li].type), ctx.functions);
            continue;
        }
        auto dflt = Column::create(scope.columns[ri].type);
        dflt->pushDefault();
        auto call = [&](const std::string &fn, std::vector<ExpressionPtr> args) { return Expression::makeCall(fn, std::move(args), ctx.functions); };
        ExpressionPtr leftKey = Expression::makeInput(li, scope.columns[li].type);
        ExpressionPtr picked = call("if", {call("not_equals", {rightKey, Expression::makeConstant(dflt)}), castTo(rightKey, removeNullable(scope.columns[li].type), ctx.functions), leftKey});
        exprs[li] = castTo(picked, removeNullable(scope.columns[li].type), ctx.functions);
    }
    return std::make_unique<ProjectOperator>(std::move(join), std::move(exprs), std::move(names));
}

namespace {

sql::ExprPtr makeCall(const std::string &name, std::vector<sql::ExprPtr> args, int pos)
{
    auto e = std::make_shared<sql::Expr>();
    e->kind = sql::ExprKind::Function;
    e->name = name;
    e->args = std::move(args);
    e->pos = pos;
    return e;
}

// `side`'s _tp_time, qualified so that it is not ambiguous in the joined scope.
sql::ExprPtr sideTime(const Scope &side, int pos)
{
    int i = side.find({"_tp_time"});
    if (i < 0)
        fail(ErrorCode::UnknownIdentifier, "date_diff_within(interval) needs _tp_time on both sides of the join; name the time columns", pos);
    auto e = std::make_shared<sql::Expr>();
    e->kind = sql::ExprKind::Identifier;
    e->pos = pos;
    const std::string &table = side.columns[static_cast<size_t>(i)].table;
    e->parts = table.empty() ? std::vector<std::string>{"_tp_time"} : std::vector<std::string>{table, "_tp_time"};
    return e;
}

// date_diff_within(i[, a, b]) (streaming-sql.md §8.3): |a - b| <= i, both ends inclusive,
// as b >= a - i AND b <= a + i; a and b default to each side's _tp_time.
sql::ExprPtr rewriteDateDiffWithin(const sql::ExprPtr &p, const Scope &left, const Scope &right)
{
    if (p->kind != sql::ExprKind::Function || p->name != "date_diff_within")
        return p;
    if (p->args.size() != 1 && p->args.size() != 3)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "date_diff_within takes an interval and optionally the two time columns", p->pos);
    sql::ExprPtr range = p->args[0];
    sql::ExprPtr a = p->args.size() == 3 ? p->args[1] : sideTime(left, p->pos);
    sql::ExprPtr b = p->args.size() == 3 ? p->args[2] : sideTime(right, p->pos);
    return makeCall("and",
                    {makeCall("greater_or_equals", {b, makeCall("minus", {a, range}, p->pos)}, p->pos),
                     makeCall("less_or_equals", {b, makeCall("plus", {a, range}, p->pos)}, p->pos)},
                    p->pos);
}

// The two time expressions of date_diff_within, bound over their sides (left first), when each
// is a datetime or datetime64; null expressions otherwise (no state bound then).
std::pair<ExpressionPtr, ExpressionPtr> rangeTimes(const sql::Expr &call, const Scope &left, const Scope &right, const BindContext &ctx)
{
    sql::ExprPtr a = call.args.size() == 3 ? call.args[1] : sideTime(left, call.pos);
    sql::ExprPtr b = call.args.size() == 3 ? call.args[2] : sideTime(right, call.pos);
    if (!bindsOver(left, ctx, *a))
        std::swap(a, b);
    ExpressionPtr l = ExpressionBinder(left, ctx).bind(*a), r = ExpressionBinder(right, ctx).bind(*b);
    for (const auto &e : {l, r})
        if (e->type->kind != TypeKind::DateTime && e->type->kind != TypeKind::DateTime64)
            fail(ErrorCode::IllegalTypeOfArgument, "date_diff_within needs datetime or datetime64 columns, got " + e->type->name(), call.pos);
    return {l, r};
}

} // namespace

QueryPlanner::Source QueryPlanner::planJoin(Source left, const sql::JoinClause &join)
{
    Source right = planTable(join.table, boundedMode());
    if (right.streaming)
        checkStreamJoinShape(left, right, join);
    else if (left.streaming && join.kind != sql::JoinKind::Inner && join.kind != sql::JoinKind::Left)
        fail(ErrorCode::NotImplemented, "A stream can only be INNER or LEFT joined with table(...)", join.pos);
    JoinConditions cond = bindJoinConditions(left, right, join, JoinSpec::strictnessOf(join.strictness));
    if (right.streaming)
        return planStreamJoin(std::move(left), std::move(right), join, std::move(cond));
    JoinSpec spec;
    spec.kind = JoinSpec::kindOf(join.kind);
    spec.strictness = JoinSpec::strictnessOf(join.strictness);
    spec.useNulls = m_settings.count("join_use_nulls") && (m_settings["join_use_nulls"] == "1" || m_settings["join_use_nulls"] == "true");
    spec.asofOp = cond.asofOp;
    if (cond.haveAsof) {
        cond.leftKeys.push_back(cond.leftAsof);
        cond.rightKeys.push_back(cond.rightAsof);
    }
    std::vector<size_t> lpos = appendKeys(left, cond.leftKeys), rpos = appendKeys(right, cond.rightKeys);
    if (cond.haveAsof) {
        spec.leftAsof = lpos.back(), spec.rightAsof = rpos.back();
        lpos.pop_back(), rpos.pop_back();
    }
    spec.leftKeys = lpos;
    spec.rightKeys = rpos;
    Source out;
    out.streaming = left.streaming;
    out.scope = joinedScope(left.scope, right.scope, spec);
    for (const auto &c : left.scope.columns)
        spec.leftTypes.push_back(c.type);
    for (const auto &c : right.scope.columns)
        spec.rightTypes.push_back(c.type);
    spec.residual = bindResidual(out.scope, cond.residual);
    for (const auto &c : out.scope.columns)
        spec.outputNames.push_back(c.name);
    bool coalesceUsing = !join.using_.empty() && (spec.kind == JoinSpec::Kind::Right || spec.kind == JoinSpec::Kind::Full);
    out.op = std::make_unique<HashJoinOperator>(std::move(left.op), std::move(right.op), std::move(spec));
    if (coalesceUsing)
        out.op = coalesceUsingKeys(std::move(out.op), out.scope, join, left.scope.columns.size(), bindContext("JOIN ON"));
    return out;
}

// Binds ON (or USING) over the two sides and casts each pair of equality keys to a common type.
QueryPlanner::JoinConditions QueryPlanner::bindJoinConditions(Source &left, Source &right, const sql::JoinClause &join, JoinSpec::Strictness strictness)
{
    JoinConditions cond;
    if (!join.using_.empty()) {
        for (const auto &name : join.using_) {
            int l = left.scope.find({name}), r = right.scope.find({name});
            if (l < 0 || r < 0)
                fail(ErrorCode::UnknownIdentifier, "Column " + name + " of USING is not on both sides of the join", join.pos);
            cond.leftKeys.push_back(Expression::makeInput(static_cast<size_t>(l), left.scope.columns[static_cast<size_t>(l)].type));
            cond.rightKeys.push_back(Expression::makeInput(static_cast<size_t>(r), right.scope.columns[static_cast<size_t>(r)].type));
            right.scope.columns[static_cast<size_t>(r)].hiddenFromAsterisk = true;
        }
        if (strictness == JoinSpec::Strictness::Asof && cond.leftKeys.size() > 1) {
            // ASOF USING (k..., t): the last column is the ASOF one, as left.t >= right.t.
            cond.haveAsof = true;
            cond.leftAsof = cond.leftKeys.back(), cond.rightAsof = cond.rightKeys.back();
            cond.leftKeys.pop_back(), cond.rightKeys.pop_back();
        }
    } else if (join.on) {
        bindJoinOn(left, right, join, strictness, cond);
    } else if (join.kind != sql::JoinKind::Cross && join.kind != sql::JoinKind::Comma) {
        fail(ErrorCode::SyntaxError, "JOIN needs ON or USING", join.pos);
    }
    if (strictness == JoinSpec::Strictness::Asof && !cond.haveAsof)
        fail(ErrorCode::InvalidJoinOnExpression, "ASOF JOIN needs one inequality between the two sides in ON", join.pos);
    FunctionContext fc;
    fc.clock = &m_engine.clock();
    for (size_t i = 0; i < cond.leftKeys.size(); ++i) {
        DataTypePtr t = commonKeyType(cond.leftKeys[i]->type, cond.rightKeys[i]->type);
        cond.leftKeys[i] = castTo(cond.leftKeys[i], t, fc);
        cond.rightKeys[i] = castTo(cond.rightKeys[i], t, fc);
    }
    if (cond.haveAsof) { // compared value to value: one type for both sides
        DataTypePtr t = commonKeyType(cond.leftAsof->type, cond.rightAsof->type);
        cond.leftAsof = castTo(cond.leftAsof, t, fc);
        cond.rightAsof = castTo(cond.rightAsof, t, fc);
    }
    return cond;
}

// The time columns and the interval of the date_diff_within that bounds a range join's state.
void QueryPlanner::bindRangeTimes(const Source &left, const Source &right, JoinConditions &cond)
{
    std::tie(cond.leftTime, cond.rightTime) = rangeTimes(*cond.rangeCall, left.scope, right.scope, bindContext("JOIN ON"));
    cond.rangeNanos = emitIntervalNanos(cond.rangeCall->args[0]);
}

// ON: each conjunct is an equality between the sides (a key), the ASOF inequality, or residual.
// A second inequality between the sides of an ASOF JOIN is refused, as ClickHouse does (403).
void QueryPlanner::bindJoinOn(const Source &left, const Source &right, const sql::JoinClause &join, JoinSpec::Strictness strictness,
                              JoinConditions &cond)
{
    BindContext ctx = bindContext("JOIN ON");
    std::vector<sql::ExprPtr> parts;
    conjuncts(join.on, parts);
    for (auto &p : parts) {
        if (!cond.rangeCall && p->kind == sql::ExprKind::Function && p->name == "date_diff_within")
            cond.rangeCall = p;
        p = rewriteDateDiffWithin(p, left.scope, right.scope);
    }
    for (const auto &p : parts) {
        bool binary = p->kind == sql::ExprKind::Function && p->args.size() == 2 && !p->over;
        JoinSpec::AsofOp op;
        bool equality = binary && p->name == "equals";
        bool inequality = binary && strictness == JoinSpec::Strictness::Asof && asofOp(p->name, false, op);
        const sql::Expr *l = nullptr, *r = nullptr;
        if (equality || inequality)
            sidesOf(*p, left.scope, right.scope, ctx, l, r);
        if (!l) {
            cond.residual.push_back(p);
            continue;
        }
        ExpressionPtr le = ExpressionBinder(left.scope, ctx).bind(*l), re = ExpressionBinder(right.scope, ctx).bind(*r);
        if (equality) {
            cond.leftKeys.push_back(le);
            cond.rightKeys.push_back(re);
            continue;
        }
        if (cond.haveAsof)
            fail(ErrorCode::InvalidJoinOnExpression, "ASOF JOIN expects exactly one inequality in ON section, unexpected " + exprColumnName(*p), p->pos);
        asofOp(p->name, l != p->args[0].get(), cond.asofOp);
        cond.leftAsof = le, cond.rightAsof = re, cond.haveAsof = true;
    }
    if (cond.leftKeys.empty() && join.kind != sql::JoinKind::Cross && !cond.haveAsof) {
        Scope both = left.scope;
        both.columns.insert(both.columns.end(), right.scope.columns.begin(), right.scope.columns.end());
        ExpressionBinder(both, ctx).bind(*join.on); // an unknown column is reported as such (47)
        fail(ErrorCode::InvalidJoinOnExpression, "Cannot find an equality between the two sides in JOIN ON " + exprColumnName(*join.on), join.on->pos);
    }
}

ExpressionPtr QueryPlanner::bindResidual(const Scope &joined, const std::vector<sql::ExprPtr> &residual)
{
    if (residual.empty())
        return nullptr;
    sql::ExprPtr cond = residual[0];
    if (residual.size() > 1) {
        auto all = std::make_shared<sql::Expr>();
        all->kind = sql::ExprKind::Function;
        all->name = "and";
        all->args = residual;
        cond = all;
    }
    return ExpressionBinder(joined, bindContext("JOIN ON")).bind(*cond);
}

QueryPlanner::Source QueryPlanner::planArrayJoin(Source input, const sql::SelectQuery &query)
{
    BindContext ctx = bindContext("ARRAY JOIN");
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < input.scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, input.scope.columns[i].type));
        names.push_back(input.scope.columns[i].name);
    }
    std::vector<size_t> arrays;
    std::vector<std::string> elementNames;
    Scope scope = input.scope;
    for (const auto &a : query.arrayJoin) {
        ExpressionPtr e = ExpressionBinder(input.scope, ctx).bind(*a);
        DataTypePtr t = removeNullable(e->type);
        if (t->kind != TypeKind::Array && t->kind != TypeKind::Map)
            fail(ErrorCode::TypeMismatch, "ARRAY JOIN requires an array argument, got " + e->type->name(), a->pos);
        arrays.push_back(exprs.size());
        exprs.push_back(e);
        names.push_back("__array" + std::to_string(arrays.size()));
        scope.columns.push_back({names.back(), "\x01", {}, e->type, true});
        std::string element = !a->alias.empty() ? a->alias : exprColumnName(*a);
        elementNames.push_back(element);
    }
    Source out;
    out.streaming = input.streaming;
    out.op = std::make_unique<ArrayJoinOperator>(std::make_unique<ProjectOperator>(std::move(input.op), std::move(exprs), std::move(names)), arrays, elementNames, query.leftArrayJoin);
    out.scope = scope;
    for (size_t i = 0; i < elementNames.size(); ++i) {
        // Without an alias the element shadows the array column of the same name.
        for (auto &c : out.scope.columns)
            if (c.name == elementNames[i] && c.table != "\x01")
                c.name = "__array_source_" + c.name, c.hiddenFromAsterisk = true;
        DataTypePtr t = removeNullable(scope.columns[arrays[i]].type);
        DataTypePtr element = t->kind == TypeKind::Map ? makeTuple({t->children[0], t->children[1]}) : t->children[0];
        out.scope.columns.push_back({elementNames[i], {}, {}, element, false});
    }
    return out;
}

namespace {

struct SessionConditions {
    sql::ExprPtr start, end;
    bool startInclusive = true, endInclusive = true;
};

// The start/end predicates of session(..., c1, c2 | [c1, c2) | (c1, c2] | [c1, c2] | (c1, c2))
// from argument `next` on, which moves past them; none when what follows is only a time zone.
// A single predicate is MISSING_SESSION_KEY (2003), as in Proton.
std::optional<SessionConditions> sessionConditions(const sql::TableExpr &t, size_t &next)
{
    size_t left = t.args.size() - next;
    if (left == 0)
        return std::nullopt;
    const sql::ExprPtr &a = t.args[next];
    auto isString = [](const sql::ExprPtr &e) { return e->kind == sql::ExprKind::Literal && e->literalKind == sql::LiteralKind::String; };
    if (left == 1 && isString(a))
        return std::nullopt;
    SessionConditions c;
    bool bracketed = a->kind == sql::ExprKind::Function && a->args.size() >= 2 && (a->name == "session_range" || a->name == "array" || a->name == "tuple");
    if (left == 1 && bracketed) {
        c.start = a->args[0];
        c.end = a->args[1];
        if (a->name == "session_range")
            c.startInclusive = a->args[2]->text == "true", c.endInclusive = a->args[3]->text == "true";
        else if (a->name == "tuple")
            c.startInclusive = c.endInclusive = false;
        next += 1;
        return c;
    }
    if (left >= 2 && !isString(a) && !isString(t.args[next + 1])) {
        c.start = a;
        c.end = t.args[next + 1];
        next += 2;
        return c;
    }
    fail(ErrorCode::MissingSessionKey, "session needs both a start and an end condition", a->pos);
}

} // namespace

QueryPlanner::Source QueryPlanner::planWindowFunction(Source, const sql::TableExpr &t, bool bounded)
{
    if (t.args.size() < 2)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Window function " + t.name + " needs a source and an interval", t.pos);
    Source source = planTable(sourceArgument(t), bounded);
    BindContext ctx = bindContext("window function arguments");
    size_t next = 1;
    ExpressionPtr time;
    if (t.args[1]->kind != sql::ExprKind::Interval) {
        time = ExpressionBinder(source.scope, ctx).bind(*t.args[1]);
        next = 2;
    } else {
        int idx = source.scope.find({"_tp_time"});
        if (idx < 0)
            fail(ErrorCode::UnknownIdentifier, "The source of " + t.name + " has no _tp_time column; name the time column", t.pos);
        time = Expression::makeInput(static_cast<size_t>(idx), source.scope.columns[static_cast<size_t>(idx)].type);
    }
    Scope none;
    auto interval = [&](size_t i) {
        if (i >= t.args.size())
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Missing interval argument of " + t.name, t.pos);
        ExpressionPtr e = ExpressionBinder(none, ctx).bind(*t.args[i]);
        if (!e->isConstant() || removeNullable(e->type)->kind != TypeKind::Interval)
            fail(ErrorCode::IllegalTypeOfArgument, "Argument " + std::to_string(i + 1) + " of " + t.name + " must be an interval", t.args[i]->pos);
        return WindowInterval{e->type->intervalUnit, e->constant->data<int64_t>()[0]};
    };
    WindowAssignSpec spec;
    if (t.name == "tumble") {
        spec.kind = WindowAssignSpec::Kind::Tumble;
        spec.size = interval(next++);
    } else if (t.name == "hop") {
        spec.kind = WindowAssignSpec::Kind::Hop;
        spec.slide = interval(next++);
        spec.size = interval(next++);
    } else {
        spec.kind = WindowAssignSpec::Kind::Session;
        spec.size = interval(next++);
        if (next < t.args.size() && t.args[next]->kind == sql::ExprKind::Interval)
            spec.maxLength = interval(next++);
    }
    std::optional<SessionConditions> conditions;
    if (spec.kind == WindowAssignSpec::Kind::Session)
        conditions = sessionConditions(t, next);
    if (conditions && !source.streaming)
        fail(ErrorCode::NotImplemented, "Session start/end conditions are supported on streams only yet", t.pos);
    if (next < t.args.size()) {
        ExpressionPtr tz = ExpressionBinder(none, ctx).bind(*t.args[next]);
        if (tz->isConstant() && tz->type->kind == TypeKind::String)
            spec.timezone = std::string(tz->constant->stringAt(0)), ++next;
    }
    if (next < t.args.size())
        fail(ErrorCode::NotImplemented, "Session start/end conditions are not supported yet", t.args[next]->pos);
    // Project the source plus the time column, then assign windows.
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < source.scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, source.scope.columns[i].type));
        names.push_back(source.scope.columns[i].name);
    }
    spec.timeColumn = exprs.size();
    exprs.push_back(time);
    names.push_back("__window_time");
    const bool streamingSession = source.streaming && spec.kind == WindowAssignSpec::Kind::Session;
    for (const auto &p : m_partitionBy)
        if (spec.kind == WindowAssignSpec::Kind::Session && !streamingSession) {
            spec.partitionKeys.push_back(exprs.size());
            exprs.push_back(ExpressionBinder(source.scope, ctx).bind(*p));
            names.push_back("__partition" + std::to_string(spec.partitionKeys.size()));
        }
    if (conditions) {
        for (const auto &[cond, name] : {std::pair{conditions->start, "__session_start"}, std::pair{conditions->end, "__session_end"}}) {
            exprs.push_back(ExpressionBinder(source.scope, ctx).bind(*cond));
            names.push_back(name);
        }
    }
    Source out;
    out.streaming = source.streaming;
    if (source.streaming)
        m_streamingWindow = {true, spec.kind, spec.size, spec.slide, spec.maxLength, time->type, conditions.has_value(),
                             conditions ? conditions->startInclusive : true, conditions ? conditions->endInclusive : true};
    m_streamingWindow.timezone = spec.timezone;
    out.scope = source.scope;
    for (size_t i = source.scope.columns.size(); i < exprs.size(); ++i)
        out.scope.columns.push_back({names[i], "\x01", {}, exprs[i]->type, true});
    DataTypePtr timeType = time->type;
    if (streamingSession) {
        // Sessions of a stream are found by the aggregation (WindowAggregateOperator), which
        // writes the real window columns into its result; the rows carry placeholders.
        WindowAssignOperator check(nullptr, spec, timeType); // argument errors (36, 43) as for a bounded session
        auto zero = Column::create(timeType);
        zero->pushDefault();
        exprs.push_back(Expression::makeConstant(zero));
        names.push_back("window_start");
        exprs.push_back(Expression::makeConstant(zero));
        names.push_back("window_end");
        out.op = std::make_unique<ProjectOperator>(std::move(source.op), std::move(exprs), std::move(names));
    } else {
        out.op = std::make_unique<WindowAssignOperator>(std::make_unique<ProjectOperator>(std::move(source.op), std::move(exprs), std::move(names)), spec, timeType);
    }
    const std::string qualifier = t.alias.empty() ? std::string() : t.alias;
    out.scope.columns.push_back({"window_start", qualifier, {}, timeType, false});
    out.scope.columns.push_back({"window_end", qualifier, {}, timeType, false});
    return out;
}

} // namespace tideline::engine
