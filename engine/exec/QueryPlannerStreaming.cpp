// QueryPlanner: what makes an aggregation streaming. The EMIT clause becomes a policy
// (StreamingEmitPolicy), checked the way Proton 1.6 checks it (INCORRECT_QUERY, 80, for the
// combinations it refuses), and a window aggregation gets its watermark parameters in ticks of
// the time column.
#include "engine/exec/ChangelogOperator.h"
#include "engine/exec/DedupOperator.h"
#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StreamInfo.h"
#include "engine/formats/TimeZones.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

bool callsFunction(const sql::Expr &e, const char *name)
{
    if (e.kind == sql::ExprKind::Function && e.name == name)
        return true;
    if (e.kind == sql::ExprKind::Subquery || e.kind == sql::ExprKind::Lambda)
        return false;
    for (const auto &a : e.args)
        if (a && callsFunction(*a, name))
            return true;
    return false;
}

bool isWindowFunction(const sql::SelectQuery &q)
{
    return q.from && q.from->kind == sql::TableExpr::Kind::Function && (q.from->name == "tumble" || q.from->name == "hop" || q.from->name == "session");
}

bool groupsByWindowColumn(const sql::SelectQuery &q)
{
    for (const auto &g : q.groupBy)
        if (g->kind == sql::ExprKind::Identifier && (g->parts.back() == "window_start" || g->parts.back() == "window_end"))
            return true;
    // GROUP BY an alias of window_start also counts.
    for (const auto &item : q.select)
        if (item->kind == sql::ExprKind::Identifier && (item->parts.back() == "window_start" || item->parts.back() == "window_end") && !item->alias.empty())
            for (const auto &g : q.groupBy)
                if (g->kind == sql::ExprKind::Identifier && g->parts.size() == 1 && g->parts[0] == item->alias)
                    return true;
    return false;
}

// Proton refuses EMIT LAST together with any other emit policy but PERIODIC (which sets how often
// a global aggregation emits): 80. A window aggregation takes LAST alone.
void checkLastCombination(const sql::EmitClause &emit, bool windowed)
{
    bool other = emit.streamKind == sql::EmitKind::Changelog || emit.afterWatermark || emit.delay || emit.onUpdate || emit.onUpdateBatch
        || emit.onUpdateDelay || emit.timeout || emit.repeat || (windowed && emit.periodic);
    if (other)
        fail(ErrorCode::IncorrectQuery, "Streaming last-x query doesn't support combining EMIT LAST with other emit policies but PERIODIC (global aggregation)", emit.pos);
}

} // namespace

bool isWindowTableFunction(const sql::SelectQuery &q)
{
    return isWindowFunction(q);
}

bool usesEmitVersion(const sql::SelectQuery &q)
{
    for (const auto &e : q.select)
        if (callsFunction(*e, "emit_version"))
            return true;
    return q.having && callsFunction(*q.having, "emit_version");
}

// Proton's checks that need only the AST: EMIT on a tail query (80; EMIT LAST alone is the
// tail's "last X" mode), invalid EMIT combinations (80), and a window aggregation that groups
// by neither window_start nor window_end (2002).
void checkStreamingClauses(const sql::SelectQuery &q, bool aggregating)
{
    const sql::EmitClause &emit = q.emit;
    bool onlyLast = emit.last && emit.streamKind == sql::EmitKind::None && !emit.afterWatermark && !emit.delay && !emit.periodic && !emit.onUpdate
        && !emit.onUpdateBatch && !emit.timeout;
    if (emit.present && !aggregating && !onlyLast)
        fail(ErrorCode::IncorrectQuery, "Streaming tail mode doesn't support any watermark or periodic emit policy", emit.pos);
    if (emit.present && (emit.periodic || emit.onUpdateBatch) && (emit.delay || emit.timeout))
        fail(ErrorCode::IncorrectQuery, "Streaming doesn't support having both any watermark delay or timeout and periodic emit policy", emit.pos);
    if (emit.periodic && emit.onUpdateBatch)
        fail(ErrorCode::IncorrectQuery, "Streaming doesn't support both PERIODIC and ON UPDATE WITH BATCH in one emit policy", emit.pos);
    if (!isWindowFunction(q) || !aggregating)
        return;
    if (!groupsByWindowColumn(q))
        fail(ErrorCode::WindowColumnNotReferenced, "Window aggregation requires window_start or window_end in GROUP BY", q.pos);
}

int64_t QueryPlanner::emitIntervalNanos(const sql::ExprPtr &e)
{
    Scope none;
    ExpressionPtr b = ExpressionBinder(none, bindContext("EMIT")).bind(*e);
    int64_t unit = b->isConstant() && b->type->kind == TypeKind::Interval ? intervalUnitNanos(b->type->intervalUnit) : 0;
    if (unit <= 0)
        fail(ErrorCode::BadArguments, "EMIT needs a fixed-length interval", e->pos);
    int64_t n = b->constant->data<int64_t>()[0] * unit;
    if (n <= 0)
        fail(ErrorCode::BadArguments, "EMIT needs a positive interval", e->pos);
    return n;
}

// The checks of the policy against the query's shape, then the policy.
std::unique_ptr<StreamingAggregation> QueryPlanner::planStreamingAggregation(const sql::SelectQuery &q, const Scope &scope, bool windowed)
{
    const sql::EmitClause &emit = q.emit;
    const bool changelog = emit.streamKind == sql::EmitKind::Changelog;
    if (!windowed && (emit.afterWatermark || emit.delay))
        fail(ErrorCode::IncorrectQuery, "Watermark emit policy requires a window aggregation (tumble, hop or session)", emit.pos);
    if (!windowed && emit.timeout)
        fail(ErrorCode::IncorrectQuery, "Timeout emit policy requires a window aggregation (tumble, hop or session)", emit.pos);
    if (changelog && windowed)
        fail(ErrorCode::NotImplemented, "EMIT CHANGELOG is not supported for window aggregations", emit.pos);
    if (changelog && usesEmitVersion(q))
        fail(ErrorCode::NotImplemented, "emit_version() is not supported with EMIT CHANGELOG", emit.pos);
    if (emit.onUpdateDelay)
        fail(ErrorCode::NotImplemented, "ON UPDATE WITH DELAY is not supported", emit.pos);
    if (emit.last && !windowed)
        fail(ErrorCode::LogicalError, "EMIT LAST of a global aggregation must have been rewritten", emit.pos);
    if (emit.last)
        checkLastCombination(emit, true);
    auto agg = std::make_unique<StreamingAggregation>();
    agg->clock = &m_engine.clock();
    agg->partitionBy = q.partitionBy;
    StreamingEmitPolicy &policy = agg->policy;
    policy.changelog = changelog;
    policy.onUpdate = emit.onUpdate || emit.onUpdateBatch;
    policy.emitVersion = usesEmitVersion(q);
    if (emit.periodic)
        policy.periodNanos = emitIntervalNanos(emit.periodic);
    else if (emit.onUpdateBatch)
        policy.periodNanos = emitIntervalNanos(emit.onUpdateBatch);
    else if (emit.onUpdate || windowed)
        policy.periodNanos = 0; // per block, or on the watermark
    policy.windowPeriodic = windowed && emit.periodic;
    policy.repeat = emit.repeat;
    // Set only by rewriteLastGlobal (ON PROCTIME without LAST left): hop windows over the arrival
    // time close on the processing-time clock.
    policy.procTimeWatermark = windowed && emit.lastOnProctime && !emit.last;
    if (emit.timeout)
        policy.timeoutNanos = emitIntervalNanos(emit.timeout);
    if (windowed)
        planStreamingWindow(*agg, scope, q);
    return agg;
}

// EMIT [PERIODIC p AND] LAST i [ON PROCTIME] of a global aggregation (streaming-sql.md §7.2.9):
// the aggregate over the last i, emitted every p. As in Proton, it becomes a hop window
// aggregation, hop(src, time, p, i) grouped also by the (hidden) window_end, emitted when a hop
// window closes: by the watermark of _tp_time (event time), or by the processing-time clock with
// ON PROCTIME, where a row's time is when it arrived. i / p may not exceed max_keep_windows
// (default 100): 80. Without PERIODIC, p is 2 s (Proton's default period), widened to
// i / max_keep_windows when that is more, so EMIT LAST 5m works as the docs show it.
// Reading starts at the query's start (no backfill).
std::shared_ptr<sql::SelectQuery> QueryPlanner::rewriteLastGlobal(const sql::SelectQuery &q)
{
    const sql::EmitClause &emit = q.emit;
    checkLastCombination(emit, false);
    if (!q.joins.empty() || !q.from)
        fail(ErrorCode::NotImplemented, "EMIT LAST of a global aggregation needs a single stream in FROM", emit.pos);
    std::string keep = m_settings.count("max_keep_windows") ? m_settings.at("max_keep_windows") : "100";
    for (const auto &setting : q.settings) // the query's SETTINGS are not applied yet
        if (setting.name == "max_keep_windows" && setting.value)
            keep = setting.value->text;
    int64_t maxWindows = std::max<int64_t>(1, std::atoll(keep.c_str()));
    const int64_t ms = 1000000;
    int64_t lastMs = std::max<int64_t>(1, emitIntervalNanos(emit.last) / ms);
    int64_t slideMs = 2000;
    if (emit.periodic) {
        slideMs = std::max<int64_t>(1, emitIntervalNanos(emit.periodic) / ms);
        if (lastMs / slideMs > maxWindows)
            fail(ErrorCode::IncorrectQuery, "Too many windows to keep for EMIT LAST: " + std::to_string(lastMs / slideMs) + " > max_keep_windows (" + std::to_string(maxWindows) + "); use a longer PERIODIC interval or raise max_keep_windows", emit.pos);
    } else {
        slideMs = std::max(slideMs, (lastMs + maxWindows - 1) / maxWindows);
    }
    std::string time = emit.lastOnProctime ? "now64(3, 'UTC')" : "_tp_time";
    auto hop = sql::parseExpression("hop(__src, " + time + ", INTERVAL " + std::to_string(slideMs) + " MILLISECOND, INTERVAL " + std::to_string(lastMs) + " MILLISECOND)");
    auto windowEnd = sql::parseExpression("window_end");
    if (!hop || !windowEnd)
        fail(ErrorCode::LogicalError, "EMIT LAST: cannot build the hop window", emit.pos);
    auto copy = std::make_shared<sql::SelectQuery>(q);
    const sql::TableExpr &from = *q.from;
    auto src = std::make_shared<sql::Expr>();
    src->pos = from.pos;
    if (from.kind == sql::TableExpr::Kind::Name) {
        src->kind = sql::ExprKind::Identifier;
        if (!from.database.empty())
            src->parts.push_back(from.database);
        src->parts.push_back(from.name);
        src->quoted.assign(src->parts.size(), false);
    } else if (from.kind == sql::TableExpr::Kind::Function) {
        src->kind = sql::ExprKind::Function;
        src->name = from.name;
        src->args = from.args;
    } else {
        src->kind = sql::ExprKind::Subquery;
        src->subquery = from.subquery;
    }
    (*hop)->args[0] = src;
    sql::TableExpr windowed;
    windowed.kind = sql::TableExpr::Kind::Function;
    windowed.pos = from.pos;
    windowed.name = "hop";
    windowed.args = (*hop)->args;
    windowed.alias = !from.alias.empty() ? from.alias : (from.kind == sql::TableExpr::Kind::Name ? from.name : std::string());
    copy->from = windowed;
    copy->groupBy.push_back(*windowEnd);
    copy->emit = {};
    copy->emit.present = true;
    copy->emit.pos = emit.pos;
    copy->emit.lastOnProctime = emit.lastOnProctime; // the window closes on the processing-time clock
    return copy;
}

int64_t QueryPlanner::toTicks(const WindowInterval &interval, int pos) const
{
    const DataTypePtr &timeType = m_streamingWindow.timeType;
    int64_t tickNanos = 1000000000LL;
    if (timeType->kind != TypeKind::DateTime) {
        tickNanos = 1;
        for (uint32_t i = timeType->precision; i < 9; ++i)
            tickNanos *= 10;
    }
    int64_t nanos = intervalUnitNanos(interval.unit);
    if (nanos <= 0)
        fail(ErrorCode::NotImplemented, "Streaming windows of months, quarters or years are not supported yet", pos);
    return interval.count * nanos / tickNanos;
}

// Watermark parameters of a streaming window aggregation, in ticks of the time column.
void QueryPlanner::planStreamingWindow(StreamingAggregation &agg, const Scope &scope, const sql::SelectQuery &q)
{
    const auto &w = m_streamingWindow;
    const sql::EmitClause &emit = q.emit;
    WindowWatermarkSpec &spec = agg.watermark;
    agg.windowed = true;
    agg.timeType = w.timeType;
    switch (w.kind) {
    case WindowAssignSpec::Kind::Tumble: {
        spec.kind = WindowWatermarkSpec::Kind::Tumble;
        uint32_t precision = w.timeType->kind == TypeKind::DateTime ? 0 : w.timeType->precision;
        const TimeZone &zone = TimeZone::get(w.timezone.empty() ? w.timeType->timezone : w.timezone);
        spec.tumbleStep = std::make_shared<WindowStep>(w.size.unit, w.size.count, precision, zone);
        if (spec.tumbleStep->scale() == WindowStep::Scale::Ticks)
            spec.sizeTicks = spec.tumbleStep->fixedTicks();
        break;
    }
    case WindowAssignSpec::Kind::Hop:
        spec.kind = WindowWatermarkSpec::Kind::Hop;
        spec.sizeTicks = toTicks(w.size, q.pos);
        spec.slideTicks = toTicks(w.slide, q.pos);
        break;
    case WindowAssignSpec::Kind::Session:
        spec.kind = WindowWatermarkSpec::Kind::Session;
        spec.sizeTicks = toTicks(w.size, q.pos);
        spec.maxLengthTicks = w.maxLength.count > 0 ? toTicks(w.maxLength, q.pos) : 0;
        if (w.sessionConditions) {
            spec.startCondColumn = scope.find({"__session_start"});
            spec.endCondColumn = scope.find({"__session_end"});
            spec.startInclusive = w.startInclusive;
            spec.endInclusive = w.endInclusive;
        }
        break;
    }
    if (emit.delay) {
        Scope none;
        ExpressionPtr d = ExpressionBinder(none, bindContext("EMIT")).bind(*emit.delay);
        if (!d->isConstant() || d->type->kind != TypeKind::Interval)
            fail(ErrorCode::BadArguments, "WITH DELAY needs an interval", emit.delay->pos);
        spec.delayTicks = toTicks({d->type->intervalUnit, d->constant->data<int64_t>()[0]}, emit.delay->pos);
    }
    int time = scope.find({"__window_time"}), end = scope.find({"window_end"});
    if (time < 0 || end < 0)
        fail(ErrorCode::LogicalError, "Window columns are missing from the plan", q.pos);
    spec.timeColumn = static_cast<size_t>(time);
    spec.windowEndColumn = static_cast<size_t>(end);
}

// EMIT LAST i (event time) on a tail: only rows whose _tp_time is within i of the query's start.
OperatorPtr QueryPlanner::filterLastEventTime(OperatorPtr input, const Scope &scope, int64_t lastNanos, int pos)
{
    if (scope.find({"_tp_time"}) < 0)
        fail(ErrorCode::UnknownIdentifier, "EMIT LAST needs a _tp_time column (or ON PROCTIME)", pos);
    int64_t fromMs = m_engine.clock().nowMillis() - lastNanos / 1000000;
    auto predicate = sql::parseExpression("_tp_time >= to_datetime64('" + std::to_string(fromMs / 1000) + "." + std::to_string(1000 + fromMs % 1000).substr(1) + "', 3, 'UTC')");
    if (!predicate)
        fail(ErrorCode::LogicalError, "EMIT LAST: " + predicate.status().message(), pos);
    ExpressionBinder b(scope, bindContext("EMIT"));
    return std::make_unique<FilterOperator>(std::move(input), b.bind(**predicate));
}

// An aggregation over a streaming read of a versioned_kv stream sees it as a changelog keyed by
// the primary key (Proton converts versioned_kv input to changelog for aggregations): a new row
// for a key retracts (_tp_delta -1) the key's previous row, so the aggregates keep one row per
// key. A tail reads the rows as they are; changelog_kv rows carry their own _tp_delta.
QueryPlanner::Source QueryPlanner::versionedKvChangelog(Source src, const sql::SelectQuery &q)
{
    bool aggregates = !q.groupBy.empty() || q.groupByAll;
    for (const auto &e : q.select)
        aggregates |= containsAggregate(*e);
    if (!aggregates || !src.streaming || !src.versionedKv || !q.joins.empty() || !q.from || q.from->kind != sql::TableExpr::Kind::Name
        || src.scope.find({"_tp_delta"}) >= 0)
        return src;
    auto info = m_engine.find(q.from->database.empty() ? m_session.currentDatabase() : q.from->database, q.from->name);
    if (!info || info->mode != StreamMode::VersionedKv)
        return src;
    std::vector<size_t> keys;
    for (const auto &k : info->primaryKey) {
        int i = src.scope.find({k});
        if (i < 0)
            fail(ErrorCode::UnknownIdentifier, "Primary key column " + k + " is missing", q.pos);
        keys.push_back(static_cast<size_t>(i));
    }
    src.op = std::make_unique<ChangelogOperator>(std::move(src.op), std::move(keys), -1, false);
    src.scope.columns.push_back({emitcolumns::kDelta, q.from->alias.empty() ? q.from->name : q.from->alias, {}, makeType(TypeKind::Int8), true});
    return src;
}

// A stream, a table function or a subquery; anything else is refused (36) at its position.
sql::TableExpr QueryPlanner::sourceArgument(const sql::TableExpr &t)
{
    sql::TableExpr inner;
    const sql::Expr &src = *t.args[0];
    if (src.kind == sql::ExprKind::Identifier) {
        inner.kind = sql::TableExpr::Kind::Name;
        inner.name = src.parts.back();
        inner.database = src.parts.size() > 1 ? src.parts[0] : std::string();
    } else if (src.kind == sql::ExprKind::Function) {
        inner.kind = sql::TableExpr::Kind::Function;
        inner.name = src.name;
        inner.args = src.args;
    } else if (src.kind == sql::ExprKind::Subquery) {
        inner.kind = sql::TableExpr::Kind::Subquery;
        inner.subquery = src.subquery;
    } else {
        fail(ErrorCode::BadArguments, "The first argument of " + t.name + " must be a stream, a table function or a subquery", src.pos);
    }
    inner.pos = src.pos;
    inner.alias = t.alias;
    return inner;
}

// The trailing [ttl] [, limit] of dedup(src, key...): an interval literal, then an integer
// literal; `end` is moved before them.
void QueryPlanner::dedupOptions(const sql::TableExpr &t, size_t &end, int64_t &ttlNanos, uint64_t &limit)
{
    auto isLiteralNumber = [](const sql::Expr &e) { return e.kind == sql::ExprKind::Literal && e.literalKind == sql::LiteralKind::Integer; };
    if (end > 2 && isLiteralNumber(*t.args[end - 1])) {
        const sql::Expr &e = *t.args[--end];
        if (e.text.find_first_not_of("0123456789") != std::string::npos || e.text.size() > 18 || std::stoll(e.text) <= 0)
            fail(ErrorCode::BadArguments, "The key limit of dedup() must be a positive integer", e.pos);
        limit = static_cast<uint64_t>(std::stoll(e.text));
    }
    if (end > 2 && t.args[end - 1]->kind == sql::ExprKind::Interval)
        ttlNanos = emitIntervalNanos(t.args[--end]);
}

// dedup(src, key... [, ttl] [, limit]) and changelog(src, key... [, version] [, drop_late_rows]).
// The key (and version) expressions are computed into hidden columns after the source's.
QueryPlanner::Source QueryPlanner::planKeyedFunction(const sql::TableExpr &t, bool bounded)
{
    const bool changelog = t.name == "changelog";
    if (t.args.size() < 2)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Table function " + t.name + " needs a source and at least one key column", t.pos);
    Source source = planTable(sourceArgument(t), bounded);
    size_t end = t.args.size();
    bool dropLate = false;
    if (changelog && t.args[end - 1]->kind == sql::ExprKind::Literal && t.args[end - 1]->literalKind == sql::LiteralKind::Bool)
        dropLate = t.args[--end]->text == "true";
    int64_t ttlNanos = 0;
    uint64_t limit = 0;
    if (!changelog)
        dedupOptions(t, end, ttlNanos, limit);
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < source.scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, source.scope.columns[i].type));
        names.push_back(source.scope.columns[i].name);
    }
    std::vector<size_t> keys;
    ExpressionBinder binder(source.scope, bindContext("table function arguments"));
    for (size_t i = 1; i < end; ++i) {
        keys.push_back(exprs.size());
        exprs.push_back(binder.bind(*t.args[i]));
        names.push_back("__key" + std::to_string(i));
        source.scope.columns.push_back({names.back(), "\x01", {}, exprs.back()->type, true});
    }
    int version = -1;
    if (changelog && keys.size() >= 2) {
        version = static_cast<int>(keys.back());
        keys.pop_back();
    }
    OperatorPtr projected = std::make_unique<ProjectOperator>(std::move(source.op), std::move(exprs), std::move(names));
    if (changelog) {
        source.op = std::make_unique<ChangelogOperator>(std::move(projected), std::move(keys), version, dropLate);
        source.scope.columns.push_back({emitcolumns::kDelta, t.alias, {}, makeType(TypeKind::Int8), false});
    } else {
        source.op = std::make_unique<DedupOperator>(std::move(projected), std::move(keys), m_engine.clock(), ttlNanos, limit);
    }
    return source;
}

} // namespace tideline::engine
