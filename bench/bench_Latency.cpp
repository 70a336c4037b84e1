// B4a: ingest -> result latency in process, open loop. A producer appends a 1 k-row block every
// 10 ms (100 k events/s) at scheduled times; two streaming queries run on their own threads and
// wake on new data: a pass-through filter (latency to the rows of each batch) and a 1-s tumble x k
// emitted on window close (latency from the batch whose event time closes a window to the
// window's rows). Latency is measured from the *intended* send time, so a stall delays every
// later sample too (no coordinated omission). Counters: p50/p99/p99.9/max in ms.
// Correctness: every batch is seen once by the filter, and every closed window has all its rows.
#include "bench/BenchSupport.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "engine/exec/StatementExecutors.h"

using namespace tideline;
using namespace tideline::engine;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr int kBatchRows = 1000;
constexpr auto kCadence = std::chrono::milliseconds(10);

// Batch b: 1 k rows at event time base + 10 b ms, k = 0..999, v = b.
Block batch(int b)
{
    auto ts = Column::create(makeDateTime64(3, "UTC"));
    auto k = Column::create(makeType(TypeKind::Int32));
    auto v = Column::create(makeType(TypeKind::Float64));
    for (int i = 0; i < kBatchRows; ++i)
        ts->push<int64_t>(1704067200000LL + 10LL * b), k->push<int32_t>(i), v->push<double>(b);
    Block out;
    out.add("ts", std::move(ts)), out.add("k", std::move(k)), out.add("v", std::move(v));
    return out;
}

struct Samples {
    std::vector<double> ms;
    uint64_t rows = 0;
    double pct(double p)
    {
        std::sort(ms.begin(), ms.end());
        return ms.empty() ? -1 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
    }
};

// Reads `cursor` until `done`, calling onBlock(block, now) for every block.
template <class F>
void consume(QueryCursor &cursor, const std::atomic<bool> &done, F onBlock)
{
    Block out;
    while (!done.load()) {
        auto r = cursor.poll(out);
        if (!r || *r == Pull::End)
            return;
        if (*r == Pull::Pending)
            cursor.waitForData(std::chrono::milliseconds(5));
        else
            onBlock(out, SteadyClock::now());
    }
}

double msBetween(SteadyClock::time_point a, SteadyClock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

void BM_B4a_InProcessLatency(benchmark::State &state)
{
    // TIDELINE_BENCH_BATCHES shortens the run (bench/run.sh --quick); 1,000 batches = 10 s.
    const int batches = std::stoi(bench::env("TIDELINE_BENCH_BATCHES", std::to_string(state.range(0)).c_str()));
    for (auto _ : state) {
        bench::BenchEngine be;
        bench::run(*be.session, "CREATE STREAM s (ts datetime64(3, 'UTC'), k int32, v float64)");
        StreamInfo &s = *be.engine->find("default", "s");
        auto filterSession = be.engine->createSession(), tumbleSession = be.engine->createSession();
        auto filter = filterSession->execute("SELECT v FROM s WHERE k = 999");
        auto tumble = tumbleSession->execute("SELECT window_start, k, count() AS c FROM tumble(s, ts, 1s) GROUP BY window_start, k");
        if (!filter || !tumble)
            throw std::runtime_error("cannot start the streaming queries");
        std::vector<SteadyClock::time_point> intended(batches);
        const auto start = SteadyClock::now() + std::chrono::milliseconds(50);
        for (int b = 0; b < batches; ++b)
            intended[b] = start + b * kCadence;
        std::atomic<bool> done{false};
        Samples passLat, closeLat;
        std::thread passThread([&] {
            consume(**filter, done, [&](const Block &out, SteadyClock::time_point now) {
                for (size_t i = 0; i < out.rows(); ++i)
                    passLat.ms.push_back(msBetween(intended[static_cast<int>(out.at(0).column->data<double>()[i])], now)), ++passLat.rows;
            });
        });
        std::thread closeThread([&] {
            int64_t lastWindow = INT64_MIN;
            consume(**tumble, done, [&](const Block &out, SteadyClock::time_point now) {
                for (size_t i = 0; i < out.rows(); ++i) {
                    int64_t w = out.at(0).column->data<int64_t>()[i];
                    closeLat.rows += out.at(2).column->data<uint64_t>()[i];
                    if (w != lastWindow) { // window w closes with the first batch of w + 1 s
                        lastWindow = w;
                        int b = static_cast<int>((w + 1000 - 1704067200000LL) / 10);
                        if (b < batches)
                            closeLat.ms.push_back(msBetween(intended[b], now));
                    }
                }
            });
        });
        for (int b = 0; b < batches; ++b) {
            std::this_thread::sleep_until(intended[b]);
            if (auto st = appendRows(*be.session, s, batch(b)); !st.ok())
                throw std::runtime_error(st.toString());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // let the last results arrive
        done = true;
        (*filter)->cancel(), (*tumble)->cancel();
        passThread.join(), closeThread.join();
        state.counters["p50_ms"] = passLat.pct(0.5), state.counters["p99_ms"] = passLat.pct(0.99);
        state.counters["p999_ms"] = passLat.pct(0.999), state.counters["max_ms"] = passLat.pct(1.0);
        state.counters["close_p50_ms"] = closeLat.pct(0.5), state.counters["close_p99_ms"] = closeLat.pct(0.99);
        state.counters["close_max_ms"] = closeLat.pct(1.0);
        const uint64_t closedRows = static_cast<uint64_t>(batches / 100) * 100 * kBatchRows; // whole seconds before the last
        const uint64_t expectClosed = batches % 100 ? closedRows : closedRows - 100 * kBatchRows;
        if (passLat.rows != static_cast<uint64_t>(batches) || closeLat.rows != expectClosed)
            state.SkipWithError(("saw " + std::to_string(passLat.rows) + " batches, " + std::to_string(closeLat.rows) + " closed rows").c_str());
    }
}

} // namespace

BENCHMARK(BM_B4a_InProcessLatency)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
