// Hop panes: GROUP BY over hop windows through HopPaneAggregateOperator must give exactly what
// the row-copying path (WindowAssignOperator + AggregateOperator) gives, and tryPlan must refuse
// what panes cannot do.

#include <gtest/gtest.h>

#include <random>

#include "engine/exec/AggregateOperator.h"
#include "engine/exec/HopPaneAggregateOperator.h"
#include "engine/exec/WindowAssignOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

// Input columns: t datetime64(3), k nullable(int64), v int64; the hop adds window_start (3),
// window_end (4).
constexpr size_t kStart = 3, kEnd = 4;

WindowAssignSpec hopSpec(int64_t slideMs, int64_t sizeMs)
{
    WindowAssignSpec s;
    s.kind = WindowAssignSpec::Kind::Hop;
    s.timeColumn = 0;
    s.slide = {IntervalUnit::Millisecond, slideMs};
    s.size = {IntervalUnit::Millisecond, sizeMs};
    return s;
}

std::vector<Block> input(uint64_t seed, size_t blocks, size_t rows)
{
    std::mt19937_64 rng(seed);
    std::vector<Block> out;
    for (size_t b = 0; b < blocks; ++b) {
        auto t = Column::create(makeDateTime64(3)), k = Column::create(makeNullable(makeType(TypeKind::Int64)));
        auto v = Column::create(makeType(TypeKind::Int64));
        for (size_t r = 0; r < rows; ++r) {
            // Mostly increasing, some out of order, many exactly on a slide boundary, some negative.
            int64_t time = static_cast<int64_t>(b * rows + r) * 7 - 500 + static_cast<int64_t>(rng() % 3 == 0 ? -(rng() % 900) : 0);
            if (rng() % 5 == 0)
                time -= time % 100;
            t->push<int64_t>(time);
            bool null = rng() % 11 == 0;
            k->nullMap.push_back(null);
            k->children[0]->push<int64_t>(null ? 0 : static_cast<int64_t>(rng() % 4));
            k->setSize(k->size() + 1);
            v->push<int64_t>(static_cast<int64_t>(rng() % 1000) - 300);
        }
        out.push_back(block({{"t", t}, {"k", k}, {"v", v}}));
    }
    return out;
}

struct Query {
    std::vector<ExpressionPtr> pre;
    std::vector<std::string> names;
    std::vector<size_t> keys;
    std::vector<std::string> keyNames;
    std::vector<AggregateSpec> aggregates;
};

AggregateSpec aggregate(const std::string &name, std::vector<DataTypePtr> types, std::vector<size_t> args)
{
    AggregateArgs a;
    a.types = std::move(types);
    return {AggregateRegistry::instance().resolve(name, a), std::move(args), name};
}

// GROUP BY the given input columns; count(), sum(v), min(v), max(v), avg(v) (v at pre position
// `keys.size()`).
Query query(std::vector<size_t> keyColumns)
{
    Query q;
    const DataTypePtr types[] = {makeDateTime64(3), makeNullable(makeType(TypeKind::Int64)), makeType(TypeKind::Int64), makeDateTime64(3), makeDateTime64(3)};
    for (size_t c : keyColumns) {
        q.keys.push_back(q.pre.size());
        q.pre.push_back(Expression::makeInput(c, types[c]));
        q.names.push_back("key" + std::to_string(c));
        q.keyNames.push_back("key" + std::to_string(c));
    }
    size_t v = q.pre.size();
    q.pre.push_back(Expression::makeInput(2, types[2]));
    q.names.push_back("v");
    q.aggregates.push_back(aggregate("count", {}, {}));
    for (const char *f : {"sum", "min", "max", "avg"})
        q.aggregates.push_back(aggregate(f, {types[2]}, {v}));
    return q;
}

Rows sorted(Drained d)
{
    std::sort(d.rows.begin(), d.rows.end());
    return d.rows;
}

Rows copied(Query q, WindowAssignSpec spec, std::vector<Block> in)
{
    OperatorPtr hop = std::make_unique<WindowAssignOperator>(source(std::move(in)), spec, makeDateTime64(3));
    auto projected = std::make_unique<ProjectOperator>(std::move(hop), q.pre, q.names);
    AggregateOperator op(std::move(projected), q.keys, q.keyNames, q.aggregates);
    return sorted(drain(op));
}

OperatorPtr panes(Query q, WindowAssignSpec spec, std::vector<Block> in, DataTypePtr timeType = makeDateTime64(3))
{
    OperatorPtr hop = std::make_unique<WindowAssignOperator>(source(std::move(in)), spec, std::move(timeType));
    return HopPaneAggregateOperator::tryPlan(hop, 5, q.pre, q.names, q.keys, q.keyNames, q.aggregates);
}

} // namespace

TEST(HopPaneAggregate, SameGroupsAsCopyingRowsPerWindow)
{
    for (auto keys : std::vector<std::vector<size_t>>{{kStart, 1}, {1, kEnd}, {kStart, kEnd, 1}, {kEnd}, {1}, {}}) {
        SCOPED_TRACE(keys.size());
        OperatorPtr op = panes(query(keys), hopSpec(100, 300), input(3, 4, 500));
        ASSERT_TRUE(op);
        Rows got = sorted(drain(*op));
        EXPECT_EQ(got, copied(query(keys), hopSpec(100, 300), input(3, 4, 500)));
        EXPECT_FALSE(got.empty());
    }
}

TEST(HopPaneAggregate, SlideEqualToSizeAndEmptyInput)
{
    OperatorPtr op = panes(query({kStart, 1}), hopSpec(250, 250), input(9, 2, 300));
    ASSERT_TRUE(op);
    EXPECT_EQ(sorted(drain(*op)), copied(query({kStart, 1}), hopSpec(250, 250), input(9, 2, 300)));
    // No rows: no groups with keys; one row (count 0) without keys, as AggregateOperator.
    OperatorPtr keyed = panes(query({kStart}), hopSpec(100, 300), {});
    EXPECT_TRUE(drain(*keyed).rows.empty());
    OperatorPtr global = panes(query({}), hopSpec(100, 300), {});
    EXPECT_EQ(drain(*global).rows, copied(query({}), hopSpec(100, 300), {}));
}

TEST(HopPaneAggregate, WindowBoundariesExactly)
{
    // Rows at 0, 99, 100, 299, 300: windows of 300 ms every 100 ms.
    auto t = col<int64_t>(makeDateTime64(3), {0, 99, 100, 299, 300});
    auto k = ni64({1, 1, 1, 1, 1});
    auto in = [&] { return std::vector<Block>{block({{"t", t}, {"k", k}, {"v", i64({1, 2, 4, 8, 16})}})}; };
    OperatorPtr op = panes(query({kStart}), hopSpec(100, 300), in());
    ASSERT_TRUE(op);
    Rows got = sorted(drain(*op));
    EXPECT_EQ(got, copied(query({kStart}), hopSpec(100, 300), in()));
    ASSERT_EQ(got.size(), 6u); // windows starting -200, -100, 0, 100, 200, 300
}

TEST(HopPaneAggregate, RefusesWhatPanesCannotDo)
{
    // slide not dividing size, datetime (seconds), an order-dependent aggregate, window_start
    // as an aggregate argument.
    EXPECT_FALSE(panes(query({kStart}), hopSpec(200, 300), {}));
    WindowAssignSpec seconds = hopSpec(1, 3);
    seconds.slide.unit = seconds.size.unit = IntervalUnit::Second;
    EXPECT_FALSE(panes(query({kStart}), seconds, {}, makeDateTime()));
    Query ordered = query({kStart});
    ordered.aggregates.push_back(aggregate("group_array", {makeType(TypeKind::Int64)}, {ordered.keys.size()}));
    EXPECT_FALSE(panes(ordered, hopSpec(100, 300), {}));
    Query argument = query({1});
    argument.pre.push_back(Expression::makeInput(kStart, makeDateTime64(3)));
    argument.names.push_back("ws");
    argument.aggregates.push_back(aggregate("min", {makeDateTime64(3)}, {argument.pre.size() - 1}));
    EXPECT_FALSE(panes(argument, hopSpec(100, 300), {}));
    // Not a hop at all.
    OperatorPtr plain = source({});
    Query q = query({1});
    EXPECT_FALSE(HopPaneAggregateOperator::tryPlan(plain, 5, q.pre, q.names, q.keys, q.keyNames, q.aggregates));
    EXPECT_TRUE(plain);
}

// ---- streaming: WindowAggregateOperator over hop windows, pane mode against copied rows ----

#include "engine/common/Clock.h"
#include "engine/exec/WindowAggregateOperator.h"

namespace {

struct StreamRun {
    std::vector<Rows> emits; // each emit's rows, sorted
    uint64_t lateRows = 0;
};

// window_start, window_end, k (keys), count(), sum(v) over hop(100 ms, 300 ms); the clock moves
// 1 s before every block (pendingSource answers Pending before each).
StreamRun streamHop(bool panes, StreamingEmitPolicy policy, std::vector<Block> in)
{
    ManualClock clock(0);
    auto hop = std::make_unique<WindowAssignOperator>(pendingSource(std::move(in)), hopSpec(100, 300), makeDateTime64(3));
    if (panes)
        hop->usePanes();
    WindowAggregationConfig config;
    config.keyIndices = {kStart, kEnd, 1};
    config.keyNames = {"window_start", "window_end", "k"};
    config.aggregates = {aggregate("count", {}, {}), aggregate("sum", {makeType(TypeKind::Int64)}, {2})};
    config.spec.kind = WindowWatermarkSpec::Kind::Hop;
    config.spec.timeColumn = 0;
    config.spec.windowEndColumn = kEnd;
    config.spec.sizeTicks = 300;
    config.spec.slideTicks = 100;
    config.spec.windowStartKey = 0;
    config.spec.windowEndKey = 1;
    config.spec.panes = panes;
    config.timeType = makeDateTime64(3);
    WindowAggregateOperator op(std::move(hop), std::move(config), policy, clock);
    StreamRun run;
    for (;;) {
        Block b;
        Pull p = op.pull(b);
        if (p == Pull::End)
            break;
        if (p == Pull::Pending) {
            clock.advance(1000000000);
            continue;
        }
        Rows rows;
        for (size_t r = 0; r < b.rows(); ++r) {
            std::string row;
            for (size_t c = 0; c < b.columnCount(); ++c)
                row += (c ? "," : "") + valueToString(*b.at(c).column, r, TextFormat::Quoted);
            rows.push_back(row);
        }
        std::sort(rows.begin(), rows.end());
        run.emits.push_back(rows);
    }
    run.lateRows = op.lateRows();
    return run;
}

} // namespace

TEST(HopPaneStreaming, SameEmitsAsCopiedRowsUnderEachPolicy)
{
    StreamingEmitPolicy afterWatermark;
    afterWatermark.periodNanos = 0;
    StreamingEmitPolicy periodic;
    periodic.periodNanos = 1000000000;
    periodic.windowPeriodic = true;
    StreamingEmitPolicy timeout;
    timeout.periodNanos = 0;
    timeout.timeoutNanos = 500000000;
    int n = 0;
    for (const auto &policy : {afterWatermark, periodic, timeout}) {
        SCOPED_TRACE(n++);
        // input(): mostly increasing times with out-of-order and late rows, NULL keys.
        StreamRun copied = streamHop(false, policy, input(5, 12, 150));
        StreamRun panes = streamHop(true, policy, input(5, 12, 150));
        EXPECT_EQ(panes.emits, copied.emits);
        EXPECT_EQ(panes.lateRows, copied.lateRows);
        EXPECT_GT(copied.emits.size(), 3u);
        EXPECT_GT(copied.lateRows, 0u); // late rows are dropped (and counted) in both modes
    }
}
