// B3a (performance.md): a streaming tumble(s, 1s) x 1,000 keys with count() and sum(v), emitted
// when the watermark closes each window, fed by in-memory columnar batches at full speed
// (WindowAssignOperator -> WindowAggregateOperator, no log). Events/s is items_per_second.
// Correctness is checked on every run: every closed window has all 1,000 keys, and the counts
// and sums emitted equal those of the rows before the last (still open) window.
#include <benchmark/benchmark.h>

#include "engine/common/Clock.h"
#include "engine/exec/WindowAggregateOperator.h"
#include "engine/exec/WindowAssignOperator.h"
#include "engine/functions/AggregateFunction.h"

using namespace tideline::engine;

namespace {

constexpr int64_t kKeys = 1000;
constexpr int64_t kEventsPerSecond = 1'000'000; // of event time
constexpr size_t kBlockRows = 65536;

std::vector<Block> generate(int64_t events)
{
    std::vector<Block> blocks;
    for (int64_t from = 0; from < events; from += kBlockRows) {
        size_t n = static_cast<size_t>(std::min<int64_t>(kBlockRows, events - from));
        auto k = Column::create(makeType(TypeKind::Int64));
        auto v = Column::create(makeType(TypeKind::Int64));
        auto ts = Column::create(makeDateTime64(3, "UTC"));
        for (auto *c : {k.get(), v.get(), ts.get()}) {
            c->fixed.resize(n * sizeof(int64_t));
            c->setSize(n);
        }
        for (size_t i = 0; i < n; ++i) {
            int64_t e = from + static_cast<int64_t>(i);
            k->data<int64_t>()[i] = e % kKeys;
            v->data<int64_t>()[i] = e & 1023;
            ts->data<int64_t>()[i] = 1706090400000 + e * 1000 / kEventsPerSecond;
        }
        Block b;
        b.add("k", std::move(k));
        b.add("v", std::move(v));
        b.add("ts", std::move(ts));
        blocks.push_back(std::move(b));
    }
    return blocks;
}

OperatorPtr pipeline(std::vector<Block> blocks, const Clock &clock)
{
    WindowAssignSpec assign;
    assign.kind = WindowAssignSpec::Kind::Tumble;
    assign.timeColumn = 2;
    assign.size = {IntervalUnit::Second, 1};
    DataTypePtr timeType = makeDateTime64(3, "UTC");
    auto windows = std::make_unique<WindowAssignOperator>(std::make_unique<BlocksSource>(std::move(blocks)), assign, timeType);
    // Input: k, v, ts, window_start, window_end.
    WindowAggregationConfig config;
    config.keyIndices = {3, 0};
    config.keyNames = {"window_start", "k"};
    AggregateArgs countArgs, sumArgs;
    sumArgs.types = {makeType(TypeKind::Int64)};
    config.aggregates.push_back({AggregateRegistry::instance().resolve("count", countArgs), {}, "count()"});
    config.aggregates.push_back({AggregateRegistry::instance().resolve("sum", sumArgs), {1}, "sum(v)"});
    config.spec.kind = WindowWatermarkSpec::Kind::Tumble;
    config.spec.timeColumn = 2;
    config.spec.windowEndColumn = 4;
    config.spec.sizeTicks = 1000;
    config.spec.windowStartKey = 0; // as the planner sets it: one state per window, keyed by k only
    config.timeType = timeType;
    StreamingEmitPolicy policy;
    policy.periodNanos = 0;
    return std::make_unique<WindowAggregateOperator>(std::move(windows), std::move(config), policy, clock);
}

void BM_StreamingTumble1sKeys1000(benchmark::State &state)
{
    const int64_t events = state.range(0);
    const std::vector<Block> source = generate(events);
    // Expected: every row before the last window's start (it stays open).
    const int64_t lastWindowStart = (events - 1) * 1000 / kEventsPerSecond / 1000 * 1000;
    uint64_t expectedCount = 0;
    int64_t expectedSum = 0;
    for (int64_t e = 0; e < events; ++e)
        if (e * 1000 / kEventsPerSecond < lastWindowStart)
            ++expectedCount, expectedSum += e & 1023;
    ManualClock clock;
    for (auto _ : state) {
        auto op = pipeline(source, clock);
        uint64_t count = 0, rows = 0;
        int64_t sum = 0;
        Block out;
        while (op->pull(out) == Pull::Block) {
            rows += out.rows();
            for (size_t r = 0; r < out.rows(); ++r) {
                count += out.at(2).column->data<uint64_t>()[r];
                sum += out.at(3).column->data<int64_t>()[r];
            }
        }
        if (count != expectedCount || sum != expectedSum || rows != static_cast<uint64_t>(lastWindowStart / 1000 * kKeys))
            state.SkipWithError("wrong windows");
    }
    state.SetItemsProcessed(state.iterations() * events);
}
BENCHMARK(BM_StreamingTumble1sKeys1000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
