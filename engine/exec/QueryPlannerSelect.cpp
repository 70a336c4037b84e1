// QueryPlanner: the stages of one SELECT (see QueryPlanner.h).
#include <algorithm>
#include <set>
#include <unordered_set>

#include "engine/column/TypeDispatch.h"
#include "engine/exec/AggregateOperator.h"
#include "engine/exec/DistinctOperator.h"
#include "engine/exec/EmitSortOperator.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/HopPaneAggregateOperator.h"
#include "engine/exec/LimitByOperator.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/SortOperator.h"
#include "engine/exec/StreamingAggregateOperator.h"
#include "engine/exec/WindowAggregateOperator.h"
#include "engine/exec/WindowAssignOperator.h"
#include "engine/exec/Engine.h"
#include "engine/exec/WindowFunctionOperator.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

namespace {

sql::ExprPtr withoutAlias(const sql::ExprPtr &e)
{
    if (!e || e->alias.empty())
        return e;
    auto copy = std::make_shared<sql::Expr>(*e);
    copy->alias.clear();
    return copy;
}

int64_t constantInteger(const ExpressionPtr &e, const char *what, int pos)
{
    if (!e->isConstant())
        fail(ErrorCode::IncorrectQuery, std::string(what) + " must be a constant", pos);
    const Column &c = *e->constant;
    int64_t v = -1;
    dispatchNumeric(removeNullable(c.type())->kind, [&]<typename T>() {
        if constexpr (std::is_integral_v<T> || std::is_same_v<T, Int128> || std::is_same_v<T, UInt128>)
            v = static_cast<int64_t>(c.data<T>()[0]);
    });
    if (v < 0)
        fail(ErrorCode::IncorrectQuery, std::string("Illegal value for ") + what + ": must be a non-negative integer", pos);
    return v;
}

// The aggregate's registry name: count(DISTINCT x) is count_distinct(x).
std::string aggregateName(const sql::Expr &call)
{
    return call.distinct ? call.name + "_distinct" : call.name;
}

} // namespace

struct AggregationPlan {
    OperatorPtr op;
    Scope scope;
    std::unordered_map<std::string, size_t> precomputed;
};


struct StreamingAggregateInputs {
    std::vector<ExpressionPtr> pre; // keys first, then aggregate arguments
    std::vector<std::string> preNames;
    std::vector<size_t> keyIdx;
    std::vector<std::string> keyNames;
    std::vector<AggregateSpec> specs;
    int deltaColumn = -1; // _tp_delta of changelog input, in `pre`
};

// The key position of a group key named `name`, or -1.
static int keyPosition(const std::vector<std::string> &keyNames, const std::string &name)
{
    for (size_t k = 0; k < keyNames.size(); ++k)
        if (keyNames[k] == name)
            return static_cast<int>(k);
    return -1;
}

// The column count of a scope ending with window_start, window_end (a hop's output), else 0.
static size_t windowColumns(const Scope &scope)
{
    const size_t n = scope.columns.size();
    return n >= 2 && scope.columns[n - 2].name == "window_start" && scope.columns[n - 1].name == "window_end" ? n : 0;
}

// Hop windows closed by the watermark: aggregate per pane and merge panes per window, when
// that gives the same emits (HopPaneAggregateOperator::paneSource; no ON UPDATE, no changelog,
// no substreams split by a window column, which would see panes, not windows).
static bool useHopPanes(Operator *input, const Scope &scope, const StreamingAggregateInputs &in, const std::vector<size_t> &partitionKeys,
                        const StreamingAggregation &streaming)
{
    if (streaming.watermark.kind != WindowWatermarkSpec::Kind::Hop || streaming.policy.onUpdate || in.deltaColumn >= 0)
        return false;
    HopPaneSpec panes;
    WindowAssignOperator *hop = HopPaneAggregateOperator::paneSource(input, windowColumns(scope), in.pre, in.keyIdx, in.specs, panes);
    auto partitioned = [&](int key) {
        return key >= 0 && std::find(partitionKeys.begin(), partitionKeys.end(), in.keyIdx[static_cast<size_t>(key)]) != partitionKeys.end();
    };
    if (!hop || partitioned(panes.windowStartKey) || partitioned(panes.windowEndKey))
        return false;
    hop->usePanes();
    return true;
}

// The operator of a streaming aggregation: StreamingAggregateOperator for a global one,
// WindowAggregateOperator (fed the event time and window_end besides) for a windowed one.
// PARTITION BY keys are group keys too; their positions tell the operator the substreams.
static OperatorPtr makeStreamingAggregate(OperatorPtr input, const Scope &scope, StreamingAggregateInputs in, const StreamingAggregation &streaming)
{
    std::vector<size_t> partitionKeys;
    for (const auto &p : streaming.partitionBy)
        if (int k = keyPosition(in.keyNames, exprColumnName(*p)); k >= 0)
            partitionKeys.push_back(in.keyIdx[static_cast<size_t>(k)]);
    if (!streaming.windowed) {
        auto projected = std::make_unique<ProjectOperator>(std::move(input), std::move(in.pre), std::move(in.preNames));
        return std::make_unique<StreamingAggregateOperator>(std::move(projected), std::move(in.keyIdx), std::move(in.keyNames), std::move(in.specs),
                                                            streaming.policy, *streaming.clock, std::move(partitionKeys), in.deltaColumn);
    }
    WindowAggregationConfig config;
    config.spec = streaming.watermark;
    config.spec.panes = useHopPanes(input.get(), scope, in, partitionKeys, streaming);
    config.spec.partitionKeys = std::move(partitionKeys);
    config.timeType = streaming.timeType;
    config.spec.timeColumn = in.pre.size();
    in.pre.push_back(Expression::makeInput(streaming.watermark.timeColumn, scope.columns[streaming.watermark.timeColumn].type));
    in.preNames.push_back("__watermark_time");
    config.spec.windowEndColumn = in.pre.size();
    in.pre.push_back(Expression::makeInput(streaming.watermark.windowEndColumn, scope.columns[streaming.watermark.windowEndColumn].type));
    in.preNames.push_back("__watermark_window_end");
    for (int *cond : {&config.spec.startCondColumn, &config.spec.endCondColumn}) {
        if (*cond < 0)
            continue; // session predicates: scope positions until here, then input positions
        auto position = static_cast<size_t>(*cond);
        *cond = static_cast<int>(in.pre.size());
        in.pre.push_back(Expression::makeInput(position, scope.columns[position].type));
        in.preNames.push_back("__session_condition");
    }
    // One state per window: window_start / window_end need not be keys of it.
    config.spec.windowStartKey = keyPosition(in.keyNames, "window_start");
    config.spec.windowEndKey = keyPosition(in.keyNames, "window_end");
    if (config.spec.kind == WindowWatermarkSpec::Kind::Session) {
        for (const auto &name : in.keyNames)
            if (name != "window_start" && name != "window_end" && (name.find("window_start") != std::string::npos || name.find("window_end") != std::string::npos))
                fail(ErrorCode::NotImplemented, "A streaming session aggregation can group by window_start and window_end only as they are, not by " + name);
    }
    config.deltaColumn = in.deltaColumn;
    config.keyIndices = std::move(in.keyIdx);
    config.keyNames = std::move(in.keyNames);
    config.aggregates = std::move(in.specs);
    auto projected = std::make_unique<ProjectOperator>(std::move(input), std::move(in.pre), std::move(in.preNames));
    return std::make_unique<WindowAggregateOperator>(std::move(projected), std::move(config), streaming.policy, *streaming.clock);
}

static AggregationPlan planAggregation(OperatorPtr input, const Scope &scope, const std::vector<sql::ExprPtr> &groupBy,
                                       const std::vector<sql::ExprPtr> &calls, const BindContext &keyCtx, const BindContext &argCtx,
                                       const StreamingAggregation *streaming)
{
    AggregationPlan plan;
    std::vector<ExpressionPtr> pre;
    std::vector<std::string> preNames, keyNames;
    std::vector<size_t> keyIdx;
    std::unordered_set<std::string> seen;
    // A streaming aggregation over changelog input (_tp_delta, e.g. changelog()) retracts the
    // rows with _tp_delta = -1 (streaming-sql.md §10.2).
    const int delta = streaming ? scope.find({"_tp_delta"}) : -1;
    const bool retract = delta >= 0;
    ExpressionBinder keyBinder(scope, keyCtx);
    for (const auto &k : groupBy) {
        std::string name = exprColumnName(*k);
        if (!seen.insert(name).second)
            continue;
        auto e = keyBinder.bind(*k);
        keyIdx.push_back(pre.size());
        pre.push_back(e);
        preNames.push_back(name);
        keyNames.push_back(name);
        plan.scope.columns.push_back({name, {}, {}, e->type, false});
    }
    std::vector<AggregateSpec> specs;
    ExpressionBinder argBinder(scope, argCtx);
    std::unordered_set<std::string> seenCalls;
    for (const auto &call : calls) {
        std::string name = exprColumnName(*call);
        if (!seenCalls.insert(name).second)
            continue;
        AggregateArgs args;
        AggregateSpec spec;
        for (const auto &p : call->parameters) {
            auto e = argBinder.bind(*p);
            if (!e->isConstant())
                fail(ErrorCode::BadArguments, "Parameters of aggregate function " + call->name + " must be constants", p->pos);
            args.parameters.push_back(e->constant);
        }
        std::vector<ExpressionPtr> bound;
        for (const auto &a : call->args) {
            if (a->kind == sql::ExprKind::Asterisk)
                continue; // count(*)
            bound.push_back(argBinder.bind(*a));
        }
        // Parameters are the constant arguments right after the first one, up to the function's
        // trailingParameters (top_k(x, 10, false); min_k(x, 3, ctx) keeps ctx an argument).
        const AggregateInfo *info = AggregateRegistry::instance().find(aggregateName(*call));
        size_t wanted = info ? info->trailingParameters : 0;
        size_t taken = 0;
        while (taken < wanted && 1 + taken < bound.size() && bound[1 + taken]->isConstant()) {
            args.parameters.push_back(bound[1 + taken]->constant);
            ++taken;
        }
        bound.erase(bound.begin() + (bound.empty() ? 0 : 1), bound.begin() + (bound.empty() ? 0 : 1 + static_cast<ptrdiff_t>(taken)));
        for (const auto &b : bound) {
            args.types.push_back(b->type);
            spec.argIndices.push_back(pre.size());
            pre.push_back(b);
            preNames.push_back("__arg" + std::to_string(pre.size()));
        }
        args.retract = retract;
        try {
            spec.function = resolveAggregateFunction(aggregateName(*call), args);
        } catch (const EngineError &e) {
            throw EngineError(Status(e.status().code(), e.status().message(), e.status().position() >= 0 ? e.status().position() : call->pos));
        }
        if (retract && !spec.function->supportsRetract())
            fail(ErrorCode::NotImplemented, "Aggregate function " + call->name + " doesn't support retraction, so it cannot aggregate changelog input", call->pos);
        spec.name = name;
        plan.scope.columns.push_back({name, {}, {}, spec.function->returnType(), false});
        specs.push_back(std::move(spec));
    }
    if (streaming) {
        // The columns an emit carries after the aggregates (StreamingEmit.h).
        if (streaming->policy.changelog)
            plan.scope.columns.push_back({emitcolumns::kDelta, {}, {}, makeType(TypeKind::Int8), false});
        if (streaming->policy.emitVersion)
            plan.scope.columns.push_back({emitcolumns::kEmitVersion, {}, {}, makeType(TypeKind::Int64), false});
    }
    for (size_t i = 0; i < plan.scope.columns.size(); ++i)
        plan.precomputed[plan.scope.columns[i].name] = i;
    if (streaming) {
        int deltaColumn = -1;
        if (retract) {
            deltaColumn = static_cast<int>(pre.size());
            pre.push_back(Expression::makeInput(static_cast<size_t>(delta), scope.columns[static_cast<size_t>(delta)].type));
            preNames.push_back("__delta");
        }
        StreamingAggregateInputs in{std::move(pre), std::move(preNames), std::move(keyIdx), std::move(keyNames), std::move(specs), deltaColumn};
        plan.op = makeStreamingAggregate(std::move(input), scope, std::move(in), *streaming);
        return plan;
    }
    // GROUP BY straight over hop(): aggregate per pane, not per copied row (HopPaneAggregateOperator).
    if ((plan.op = HopPaneAggregateOperator::tryPlan(input, windowColumns(scope), pre, preNames, keyIdx, keyNames, specs)))
        return plan;
    auto projected = std::make_unique<ProjectOperator>(std::move(input), std::move(pre), std::move(preNames));
    plan.op = std::make_unique<AggregateOperator>(std::move(projected), std::move(keyIdx), std::move(keyNames), std::move(specs));
    return plan;
}

OperatorPtr QueryPlanner::planWindowFunctions(OperatorPtr input, Scope &scope, std::unordered_map<std::string, size_t> &precomputed, bool aggregated,
                                              const std::vector<sql::ExprPtr> &calls)
{
    BindContext ctx = bindContext("window function arguments");
    ExpressionBinder binder(scope, ctx);
    if (aggregated || !precomputed.empty())
        binder.setPrecomputed(precomputed, aggregated);
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, scope.columns[i].type));
        names.push_back(scope.columns[i].name);
    }
    auto add = [&](const sql::Expr &e) {
        exprs.push_back(binder.bind(e));
        names.push_back("__window_arg" + std::to_string(exprs.size()));
        return exprs.size() - 1;
    };
    std::vector<WindowFunctionSpec> specs;
    std::unordered_set<std::string> seen;
    for (const auto &call : calls) {
        std::string name = exprColumnName(*call);
        if (!seen.insert(name).second)
            continue;
        WindowFunctionSpec spec;
        spec.name = name;
        for (const auto &p : call->over->partitionBy)
            spec.partitionBy.push_back(add(*p));
        for (const auto &o : call->over->orderBy)
            spec.orderBy.push_back({add(*o.expr), o.descending, o.nullsFirst.value_or(false)});
        spec.frame = FrameSpec::parse(call->over->frame);
        if (WindowFunctionSpec::kindFromName(call->name, spec.kind)) {
            for (size_t i = 0; i < call->args.size(); ++i) {
                ExpressionPtr e = binder.bind(*call->args[i]);
                bool lagLead = spec.kind == WindowFunctionKind::Lag || spec.kind == WindowFunctionKind::Lead
                    || spec.kind == WindowFunctionKind::LagInFrame || spec.kind == WindowFunctionKind::LeadInFrame;
                bool offsetArg = (i == 1 && (lagLead || spec.kind == WindowFunctionKind::NthValue)) || (i == 0 && spec.kind == WindowFunctionKind::Ntile);
                if (offsetArg && e->isConstant()) {
                    int64_t v = 0;
                    dispatchNumeric(removeNullable(e->type)->kind, [&]<typename T>() {
                        if constexpr (std::is_integral_v<T>)
                            v = static_cast<int64_t>(e->constant->data<T>()[0]);
                    });
                    spec.offset = v;
                    continue;
                }
                spec.args.push_back(add(*call->args[i]));
            }
        } else {
            spec.kind = WindowFunctionKind::Aggregate;
            AggregateArgs args;
            for (const auto &a : call->args) {
                if (a->kind == sql::ExprKind::Asterisk)
                    continue;
                size_t pos = add(*a);
                spec.args.push_back(pos);
                args.types.push_back(exprs[pos]->type);
            }
            for (const auto &p : call->parameters) {
                ExpressionPtr e = binder.bind(*p);
                if (e->isConstant())
                    args.parameters.push_back(e->constant);
            }
            spec.aggregate = resolveAggregateFunction(aggregateName(*call), args);
        }
        specs.push_back(std::move(spec));
    }
    std::vector<DataTypePtr> types;
    for (const auto &e : exprs)
        types.push_back(e->type);
    size_t base = exprs.size();
    for (size_t i = scope.columns.size(); i < base; ++i)
        scope.columns.push_back({names[i], "\x01", {}, exprs[i]->type, true});
    for (size_t i = 0; i < specs.size(); ++i) {
        DataTypePtr t = WindowFunctionOperator::resultType(specs[i], types);
        precomputed[specs[i].name] = scope.columns.size();
        scope.columns.push_back({specs[i].name, "\x01", {}, t, true});
    }
    auto projected = std::make_unique<ProjectOperator>(std::move(input), std::move(exprs), std::move(names));
    return std::make_unique<WindowFunctionOperator>(std::move(projected), std::move(specs));
}

// array_join(x) in the select list expands rows like ARRAY JOIN: it becomes an ARRAY JOIN item
// with a generated name, and the call is replaced by that name.
static sql::ExprPtr replaceArrayJoinCalls(const sql::ExprPtr &e, std::vector<sql::ExprPtr> &joins)
{
    if (!e || e->kind == sql::ExprKind::Subquery || e->kind == sql::ExprKind::Lambda)
        return e;
    if (e->kind == sql::ExprKind::Function && e->name == "array_join" && e->args.size() == 1) {
        auto item = std::make_shared<sql::Expr>(*e->args[0]);
        item->alias = "__array_join" + std::to_string(joins.size() + 1);
        joins.push_back(item);
        auto id = std::make_shared<sql::Expr>();
        id->kind = sql::ExprKind::Identifier;
        id->pos = e->pos;
        id->parts = {item->alias};
        id->alias = e->alias;
        return id;
    }
    if (e->args.empty())
        return e;
    auto copy = std::make_shared<sql::Expr>(*e);
    for (auto &a : copy->args)
        a = replaceArrayJoinCalls(a, joins);
    return copy;
}

static std::shared_ptr<sql::SelectQuery> rewriteArrayJoinFunctions(const sql::SelectQuery &q)
{
    std::vector<sql::ExprPtr> joins;
    std::vector<sql::ExprPtr> items;
    for (const auto &item : q.select) {
        auto replaced = replaceArrayJoinCalls(item, joins);
        if (replaced != item && replaced->alias.empty())
            replaced = std::make_shared<sql::Expr>(*replaced), replaced->alias = exprColumnName(*item);
        items.push_back(replaced);
    }
    if (joins.empty())
        return nullptr;
    auto copy = std::make_shared<sql::SelectQuery>(q);
    copy->select = std::move(items);
    copy->arrayJoin.insert(copy->arrayJoin.end(), joins.begin(), joins.end());
    return copy;
}

PlannedQuery QueryPlanner::planSelect(const sql::SelectQuery &q)
{
    if (auto rewritten = rewriteArrayJoinFunctions(q))
        return planSelect(*rewritten);
    {
        bool aggregates = !q.groupBy.empty() || q.groupByAll;
        for (const auto &e : q.select)
            aggregates |= containsAggregate(*e);
        checkStreamingClauses(q, aggregates);
        if (q.emit.last && aggregates && !isWindowTableFunction(q))
            return planSelect(*rewriteLastGlobal(q));
    }
    if (++m_depth > 100)
        fail(ErrorCode::TooDeepRecursion, "Too deep nesting of subqueries", q.pos);
    auto savedSettings = m_settings;
    for (const auto &s : q.settings)
        m_settings[s.name] = s.value && s.value->kind == sql::ExprKind::Literal ? s.value->text : (s.value ? exprColumnName(*s.value) : "");
    std::map<std::string, sql::SelectUnionPtr> ctes;
    for (const auto &[name, sub] : q.ctes)
        ctes[name] = sub;
    m_ctes.push_back(std::move(ctes));

    // EMIT LAST i on a tail query: start i back in processing time (by the log's record times).
    // A window aggregation with EMIT LAST reads the same way; its windows then emit as usual.
    const bool tailLast = q.emit.last
        && ((q.groupBy.empty() && !q.groupByAll && std::none_of(q.select.begin(), q.select.end(), [](const sql::ExprPtr &e) { return containsAggregate(*e); }))
            || isWindowTableFunction(q));
    int64_t lastNanos = tailLast ? emitIntervalNanos(q.emit.last) : 0;
    if (tailLast)
        m_settings["seek_to"] = "-" + std::to_string(lastNanos / 1000000) + "ms";
    else if (!boundedMode())
        seekByWhere(q);
    auto savedPartition = m_partitionBy;
    auto savedWindow = m_streamingWindow;
    m_partitionBy = q.partitionBy;
    m_streamingWindow = {};
    Source src = planFrom(q);
    src = versionedKvChangelog(std::move(src), q);
    // Only a window function directly in this FROM makes this aggregation windowed.
    const StreamingWindow window = src.streaming && q.from && q.from->kind == sql::TableExpr::Kind::Function ? m_streamingWindow : StreamingWindow{};
    m_partitionBy = savedPartition;
    OperatorPtr op = std::move(src.op);
    Scope scope = src.scope;

    std::map<std::string, sql::ExprPtr> aliases;
    for (const auto &w : q.with)
        if (!w->alias.empty())
            aliases[w->alias] = withoutAlias(w);
    for (const auto &item : q.select)
        if (!item->alias.empty())
            aliases[item->alias] = withoutAlias(item);
    auto subst = [&](const sql::ExprPtr &e) { return e ? substituteAliases(withoutAlias(e), aliases) : e; };

    std::vector<sql::ExprPtr> items = expandSelectList(q, scope);
    std::vector<std::string> names;
    std::vector<sql::ExprPtr> selectExprs;
    for (const auto &item : items) {
        names.push_back(resultColumnName(*item));
        // In its own definition an alias is the column it may shadow: SELECT i * 10 AS i.
        std::set<std::string> self;
        if (!item->alias.empty())
            self.insert(item->alias);
        selectExprs.push_back(substituteAliases(withoutAlias(item), aliases, &self));
    }
    sql::ExprPtr where = subst(q.where ? q.where : q.prewhere);
    if (q.where && q.prewhere)
        where = subst(q.where); // PREWHERE then WHERE: both filter
    sql::ExprPtr having = subst(q.having);
    std::vector<sql::ExprPtr> groupBy;
    for (const auto &g : q.groupBy)
        groupBy.push_back(subst(g));
    std::vector<sql::ExprPtr> orderExprs;
    for (const auto &o : q.orderBy)
        orderExprs.push_back(subst(o.expr));

    if (q.prewhere && q.where) {
        ExpressionBinder b(scope, bindContext("PREWHERE"));
        op = std::make_unique<FilterOperator>(std::move(op), b.bind(*subst(q.prewhere)));
    }
    if (where) {
        ExpressionBinder b(scope, bindContext("WHERE"));
        op = std::make_unique<FilterOperator>(std::move(op), b.bind(*where));
    }
    if (tailLast && !q.emit.lastOnProctime && src.streaming)
        op = filterLastEventTime(std::move(op), scope, lastNanos, q.emit.pos);

    if (q.groupByAll)
        for (const auto &e : selectExprs)
            if (!containsAggregate(*e))
                groupBy.push_back(e);
    bool aggregating = !groupBy.empty() || (having && containsAggregate(*having));
    for (const auto &e : selectExprs)
        aggregating |= containsAggregate(*e);
    for (const auto &e : orderExprs)
        aggregating |= containsAggregate(*e);
    if (q.groupByWithTotals)
        fail(ErrorCode::NotImplemented, "WITH TOTALS is not supported", q.pos);

    std::unique_ptr<StreamingAggregation> streamingAgg;
    if (src.streaming && aggregating)
        streamingAgg = planStreamingAggregation(q, scope, window.present);
    else if (!q.partitionBy.empty() && src.streaming)
        fail(ErrorCode::NotImplemented, "PARTITION BY is supported for streaming aggregations only", q.partitionBy[0]->pos);
    std::unordered_map<std::string, size_t> precomputed;
    if (aggregating) {
        std::vector<sql::ExprPtr> calls;
        for (const auto &e : selectExprs)
            collectAggregates(e, calls, false);
        collectAggregates(having, calls, false);
        for (const auto &e : orderExprs)
            collectAggregates(e, calls, false);
        if (streamingAgg)
            for (const auto &p : streamingAgg->partitionBy)
                groupBy.push_back(subst(p)); // substream keys are group keys (duplicates are skipped)
        AggregationPlan agg = planAggregation(std::move(op), scope, groupBy, calls, bindContext("GROUP BY"), bindContext("aggregate function arguments"), streamingAgg.get());
        op = std::move(agg.op);
        scope = std::move(agg.scope);
        precomputed = std::move(agg.precomputed);
        if (having) {
            BindContext havingCtx = bindContext("HAVING");
            havingCtx.sourceScope = &src.scope;
            ExpressionBinder b(scope, havingCtx);
            b.setPrecomputed(precomputed, true);
            op = std::make_unique<FilterOperator>(std::move(op), b.bind(*having));
        }
    } else if (having) {
        fail(ErrorCode::IncorrectQuery, "HAVING clause without aggregation", having->pos);
    }

    std::vector<sql::ExprPtr> windowCalls;
    for (const auto &e : selectExprs)
        collectAggregates(e, windowCalls, true);
    for (const auto &e : orderExprs)
        collectAggregates(e, windowCalls, true);
    if (!windowCalls.empty()) {
        op = planWindowFunctions(std::move(op), scope, precomputed, aggregating, windowCalls);
        aggregating = false; // from here on names resolve through `precomputed` first, then the scope
    }

    BindContext selectCtx = bindContext("SELECT");
    selectCtx.sourceScope = &src.scope;
    ExpressionBinder fb(scope, selectCtx);
    if (aggregating || !precomputed.empty())
        fb.setPrecomputed(precomputed, aggregating);
    std::vector<ExpressionPtr> outExprs;
    std::vector<DataTypePtr> types;
    for (const auto &e : selectExprs) {
        outExprs.push_back(fb.bind(*e));
        types.push_back(outExprs.back()->type);
    }
    const size_t hidden = carryChangelogDelta(q, scope, src.streaming, names, types, outExprs);
    std::vector<std::string> projNames = names;
    std::vector<SortKey> sortKeys;
    for (size_t i = 0; i < orderExprs.size(); ++i) {
        outExprs.push_back(fb.bind(*orderExprs[i]));
        projNames.push_back("__order" + std::to_string(i));
        sortKeys.push_back({names.size() + i, q.orderBy[i].descending, q.orderBy[i].nullsFirst.value_or(false)});
    }
    std::vector<size_t> limitByKeys;
    for (size_t i = 0; i < q.limitByExprs.size(); ++i) {
        limitByKeys.push_back(projNames.size());
        outExprs.push_back(fb.bind(*subst(q.limitByExprs[i])));
        projNames.push_back("__limit_by" + std::to_string(i));
    }
    op = std::make_unique<ProjectOperator>(std::move(op), std::move(outExprs), std::move(projNames));
    if (q.distinct)
        op = std::make_unique<DistinctOperator>(std::move(op), names.size());

    Scope none;
    ExpressionBinder cb(none, bindContext("LIMIT"));
    int64_t limit = q.limit ? constantInteger(cb.bind(*q.limit), "LIMIT", q.limit->pos) : -1;
    int64_t offset = q.offset ? constantInteger(cb.bind(*q.offset), "OFFSET", q.offset->pos) : 0;
    if (!sortKeys.empty() && src.streaming)
        op = std::make_unique<EmitSortOperator>(std::move(op), std::move(sortKeys)); // per emit
    else if (!sortKeys.empty())
        op = std::make_unique<SortOperator>(std::move(op), std::move(sortKeys), limit >= 0 && limitByKeys.empty() ? limit + offset : -1);
    if (q.limitBy) {
        int64_t n = constantInteger(cb.bind(*q.limitBy), "LIMIT BY", q.limitBy->pos);
        int64_t off = q.limitByOffset ? constantInteger(cb.bind(*q.limitByOffset), "LIMIT BY OFFSET", q.limitByOffset->pos) : 0;
        op = std::make_unique<LimitByOperator>(std::move(op), static_cast<uint64_t>(n), static_cast<uint64_t>(off), limitByKeys);
    }
    if (limit >= 0 || offset > 0)
        op = std::make_unique<LimitOperator>(std::move(op), limit, static_cast<uint64_t>(offset));
    if (!q.orderBy.empty() || !q.limitByExprs.empty())
        op = std::make_unique<TrimOperator>(std::move(op), names.size());

    m_ctes.pop_back();
    m_settings = savedSettings;
    m_streamingWindow = savedWindow;
    --m_depth;
    PlannedQuery out;
    out.root = std::move(op);
    out.names = std::move(names);
    out.types = std::move(types);
    out.streaming = src.streaming;
    out.hiddenColumns = hidden;
    out.keepAlive = m_keepAlive;
    out.waker = m_waker;
    out.streamingScans = m_streamingScans;
    out.externalSources = m_externalSources;
    return out;
}

} // namespace tideline::engine
