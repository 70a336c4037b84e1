// B3a-B3c end to end through SQL: a streaming query (tumble / hop / session x k, count and sum)
// is started on a stream, then the generator's rows are appended as 64 K-row blocks and the
// cursor is drained after each append, so the time covers the log append, the log read, window
// assignment, aggregation and the watermark-driven emit. Events/s = items_per_second.
// B3a: ready columnar blocks; B3b: the blocks are parsed from the NDJSON file inside the timing.
// Correctness on every run: the windows emitted must equal, count for count, what the same
// aggregation over table(s) gives for the windows that had closed (window_end <= the last
// emitted window_end).
#include "bench/BenchSupport.h"

#include "engine/exec/StatementExecutors.h"
#include "engine/formats/InputFormat.h"

using namespace tideline;
using namespace tideline::engine;

namespace {

constexpr size_t kBlock = 65536;

// The time column as datetime64(3): int64 ms ticks relabelled (the JSON parser reads a bare
// integer as seconds, as ClickHouse does, so the NDJSON is parsed as int64 first).
ColumnPtr asDateTime64(const Column &ms)
{
    auto dt = Column::create(makeDateTime64(3, "UTC"));
    dt->fixed = ms.fixed;
    dt->setSize(ms.size());
    return dt;
}

std::vector<Block> generated(int64_t n)
{
    uint64_t x = 88172645463325252ull;
    std::vector<Block> out;
    for (int64_t from = 0; from < n; from += kBlock) {
        size_t m = static_cast<size_t>(std::min<int64_t>(kBlock, n - from));
        auto ts = Column::create(makeDateTime64(3, "UTC"));
        auto k = Column::create(makeType(TypeKind::Int32));
        auto v = Column::create(makeType(TypeKind::Float64));
        for (size_t i = 0; i < m; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            ts->push<int64_t>(1704067200000LL + (from + static_cast<int64_t>(i)) / 100);
            k->push<int32_t>(static_cast<int32_t>(x % 1000));
            v->push<double>(static_cast<double>((x >> 20) % 100000) / 1000.0);
        }
        Block b;
        b.add("ts", std::move(ts)), b.add("k", std::move(k)), b.add("v", std::move(v));
        out.push_back(std::move(b));
    }
    return out;
}

Block parsedNdjson(std::string_view piece)
{
    static const std::vector<ColumnSpec> schema = {
        {"ts", makeType(TypeKind::Int64)}, {"k", makeType(TypeKind::Int32)}, {"v", makeType(TypeKind::Float64)}};
    Block parsed = parseInputFormat("JSONEachRow", piece, schema);
    Block b;
    b.add("ts", asDateTime64(*parsed.at(0).column));
    b.add("k", parsed.at(1).column), b.add("v", parsed.at(2).column);
    return b;
}

struct Emitted {
    uint64_t rows = 0, count = 0;
    int64_t maxEnd = INT64_MIN;
};

// Drains what the cursor has now; columns: window_start, window_end, k, c, s.
void drain(QueryCursor &cursor, Emitted &e)
{
    bench::drainNow(cursor, [&](const Block &out) {
        e.rows += out.rows();
        for (size_t i = 0; i < out.rows(); ++i) {
            e.count += out.at(3).column->data<uint64_t>()[i];
            e.maxEnd = std::max(e.maxEnd, out.at(1).column->data<int64_t>()[i]);
        }
    });
}

std::string windowSql(const std::string &window, bool historical)
{
    std::string from = historical ? "table(s)" : "s";
    std::string w = window == "tumble" ? "tumble(" + from + ", ts, 1s)"
                  : window == "hop"    ? "hop(" + from + ", ts, 1s, 10s)"
                                       : "session(" + from + ", ts, 1s) PARTITION BY k"; // keys recur every ~10 ms: sessions end at the 5-s maximum length
    return "SELECT window_start, window_end, k, count() AS c, sum(v) AS s FROM " + w + " GROUP BY window_start, window_end, k";
}

void check(benchmark::State &state, bench::BenchEngine &be, const std::string &window, const Emitted &e)
{
    auto r = bench::row(*be.session, "SELECT to_string(count()), to_string(sum(c)) FROM (" + windowSql(window, true) +
                                         ") WHERE to_unix_timestamp64_milli(window_end) <= " + std::to_string(e.maxEnd));
    state.counters["windows_rows"] = static_cast<double>(e.rows);
    if (e.rows == 0 || r[0] != std::to_string(e.rows) || r[1] != std::to_string(e.count))
        bench::fail("emitted " + std::to_string(e.rows) + "/" + std::to_string(e.count) + ", table(s) gives " + r[0] + "/" + r[1]);
}

void streaming(benchmark::State &state, const std::string &window, bool fromNdjson)
{
    const int64_t n = std::stoll(bench::expected("rows"));
    std::vector<Block> blocks = fromNdjson ? std::vector<Block>{} : generated(n);
    std::string text = fromNdjson ? bench::readFile(bench::dataPrefix() + ".ndjson") : std::string();
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchEngine be;
        bench::run(*be.session, "CREATE STREAM s (ts datetime64(3, 'UTC'), k int32, v float64)");
        StreamInfo &s = *be.engine->find("default", "s");
        auto cursor = be.session->execute(windowSql(window, false));
        if (!cursor)
            throw std::runtime_error(cursor.status().toString());
        Emitted e;
        state.ResumeTiming();
        auto feed = [&](const Block &b) {
            if (auto st = appendRows(*be.session, s, b); !st.ok())
                throw std::runtime_error(st.toString());
            drain(**cursor, e);
        };
        if (fromNdjson) {
            for (std::string_view rest(text); !rest.empty();) { // ~64 K rows (2.6 MB) per piece
                size_t end = rest.size() <= (2600 << 10) ? rest.size() : rest.find('\n', 2600 << 10) + 1;
                feed(parsedNdjson(rest.substr(0, end)));
                rest.remove_prefix(end);
            }
        } else {
            for (const Block &b : blocks)
                feed(b);
        }
        state.PauseTiming();
        (*cursor)->cancel();
        check(state, be, window, e);
        bench::resume(state);
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void BM_B3a_TumbleColumnar(benchmark::State &s) { streaming(s, "tumble", false); }
void BM_B3b_TumbleNdjson(benchmark::State &s) { streaming(s, "tumble", true); }
void BM_B3c_Hop(benchmark::State &s) { streaming(s, "hop", false); }
void BM_B3c_Session(benchmark::State &s) { streaming(s, "session", false); }

} // namespace

BENCHMARK(BM_B3a_TumbleColumnar)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3b_TumbleNdjson)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3c_Hop)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3c_Session)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
