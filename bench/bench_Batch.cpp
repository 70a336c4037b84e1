// B1a-B1c (ingest CSV, NDJSON, in-process append) and B2a-B2e (historical sum, GROUP BY 1 k and
// 1 M keys, tumble, hop) on the data bench/run.sh generates (TIDELINE_BENCH_DATA), through the
// real paths: text parsed by the ingest parsers and appended to a stream's log (1 MiB bodies, as
// HTTP ingest gets them), queries run as SQL over table(t). Every run is checked against the
// generator's known answers (expect.json); a wrong answer fails the run (SkipWithError).
// Counters carry the result summary (groups, count, sum_v) that run.py prints next to the peers'.
#include "bench/BenchSupport.h"

#include "engine/exec/StatementExecutors.h"
#include "engine/formats/InputFormat.h"

using namespace tideline;
using namespace tideline::engine;

namespace {

const std::vector<ColumnSpec> &schema()
{
    static const std::vector<ColumnSpec> s = {
        {"ts", makeType(TypeKind::Int64)}, {"k", makeType(TypeKind::Int32)}, {"v", makeType(TypeKind::Float64)}};
    return s;
}

StreamInfo &createStream(bench::BenchEngine &e, const std::string &name)
{
    bench::run(*e.session, "CREATE STREAM " + name + " (ts int64, k int32, v float64)");
    return *e.engine->find("default", name);
}

// Parses `text` in ~1 MiB pieces cut at line ends and appends each as one block.
void ingestText(bench::BenchEngine &e, StreamInfo &s, std::string_view text, const char *format)
{
    constexpr size_t kChunk = 1 << 20;
    while (!text.empty()) {
        size_t end = text.size() <= kChunk ? text.size() : text.find('\n', kChunk) + 1;
        if (end == 0)
            end = text.size();
        Block b = parseInputFormat(format, text.substr(0, end), schema());
        if (auto st = appendRows(*e.session, s, b); !st.ok())
            throw std::runtime_error(st.toString());
        text.remove_prefix(end);
    }
}

void checkRows(benchmark::State &state, bench::BenchEngine &e, const std::string &stream)
{
    auto r = bench::row(*e.session, "SELECT to_string(count()) FROM table(" + stream + ")");
    state.counters["rows"] = std::stod(r[0]);
    if (r[0] != bench::expected("rows"))
        bench::fail("wrong row count " + r[0]);
}

void ingestFile(benchmark::State &state, const char *suffix, const char *format, bool skipHeader)
{
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchEngine e;
        StreamInfo &s = createStream(e, "t");
        state.ResumeTiming();
        std::string text = bench::readFile(bench::dataPrefix() + suffix); // the peers read the file too
        std::string_view body(text);
        if (skipHeader)
            body.remove_prefix(body.find('\n') + 1);
        ingestText(e, s, body, format);
        state.PauseTiming();
        checkRows(state, e, "t");
        bench::resume(state);
    }
    state.SetItemsProcessed(state.iterations() * std::stoll(bench::expected("rows")));
}

void BM_B1a_IngestCsv(benchmark::State &state) { ingestFile(state, ".csv", "CSV", true); }
void BM_B1b_IngestNdjson(benchmark::State &state) { ingestFile(state, ".ndjson", "JSONEachRow", false); }

// The generator's rows as 64 K-row column blocks (the shape of the columnar append API).
std::vector<Block> generatedBlocks(int64_t n, bool rowAtATime);

void append(benchmark::State &state, bool rowAtATime)
{
    const int64_t n = std::stoll(bench::expected("rows"));
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchEngine e;
        StreamInfo &s = createStream(e, "t");
        // Row API: the rows are pushed one by one into the columns, timed (as a producer holding
        // row structs would, and as DuckDB's appender is timed); batch API: the producer hands
        // over ready columns, so only the append is timed.
        std::vector<Block> blocks;
        if (!rowAtATime)
            blocks = generatedBlocks(n, false);
        state.ResumeTiming();
        if (rowAtATime)
            blocks = generatedBlocks(n, true);
        for (const Block &b : blocks)
            if (auto st = appendRows(*e.session, s, b); !st.ok())
                throw std::runtime_error(st.toString());
        state.PauseTiming();
        checkRows(state, e, "t");
        bench::resume(state);
    }
    state.SetItemsProcessed(state.iterations() * n);
}

void BM_B1c_AppendRow(benchmark::State &state) { append(state, true); }
void BM_B1c_AppendBatch(benchmark::State &state) { append(state, false); }

std::vector<Block> generatedBlocks(int64_t n, bool rowAtATime)
{
    constexpr int64_t kBlock = 65536;
    uint64_t x = 88172645463325252ull;
    std::vector<Block> out;
    for (int64_t from = 0; from < n; from += kBlock) {
        size_t m = static_cast<size_t>(std::min(kBlock, n - from));
        auto ts = Column::create(makeType(TypeKind::Int64));
        auto k = Column::create(makeType(TypeKind::Int32));
        auto v = Column::create(makeType(TypeKind::Float64));
        if (!rowAtATime) {
            ts->fixed.resize(m * 8), k->fixed.resize(m * 4), v->fixed.resize(m * 8);
            ts->setSize(m), k->setSize(m), v->setSize(m);
        }
        for (size_t i = 0; i < m; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int64_t t = 1704067200000LL + (from + static_cast<int64_t>(i)) / 100;
            auto kk = static_cast<int32_t>(x % 1000);
            double vv = static_cast<double>((x >> 20) % 100000) / 1000.0;
            if (rowAtATime) {
                ts->push<int64_t>(t), k->push<int32_t>(kk), v->push<double>(vv);
            } else {
                ts->data<int64_t>()[i] = t, k->data<int32_t>()[i] = kk, v->data<double>()[i] = vv;
            }
        }
        Block b;
        b.add("ts", std::move(ts)), b.add("k", std::move(k)), b.add("v", std::move(v));
        out.push_back(std::move(b));
    }
    return out;
}

// B2: one engine per process with the CSV loaded once (untimed); B7's memory per stored row is
// measured on the way (RSS and bytes on disk after the load).
struct Loaded {
    bench::BenchEngine e;
    long rssBeforeKb = 0, rssAfterKb = 0;
    uint64_t diskBytes = 0;
    Loaded()
    {
        rssBeforeKb = bench::rssKb();
        StreamInfo &s = createStream(e, "t");
        std::string text = bench::readFile(bench::dataPrefix() + ".csv");
        ingestText(e, s, std::string_view(text).substr(text.find('\n') + 1), "CSV");
        text = {};
        rssAfterKb = bench::rssKb();
        for (auto &f : std::filesystem::recursive_directory_iterator(e.dir))
            if (f.is_regular_file())
                diskBytes += f.file_size();
    }
};

Loaded &loaded()
{
    static Loaded l;
    return l;
}

void query(benchmark::State &state, const std::string &sql, const char *groupsKey, double repeat)
{
    Loaded &l = loaded();
    for (auto _ : state)
        bench::run(*l.e.session, sql);
    // The summary, untimed: groups, sum of counts, sum of sums (each row counted `repeat` times by hop).
    auto r = bench::row(*l.e.session, "SELECT to_string(count()), to_string(sum(c)), to_string(sum(s)) FROM (" + sql + ")");
    const double rows = std::stod(bench::expected("rows")), sumV = std::stod(bench::expected("sum_v"));
    state.counters["groups"] = std::stod(r[0]);
    state.counters["count"] = std::stod(r[1]);
    state.counters["sum_v"] = std::stod(r[2]);
    bool ok = r[0] == bench::expected(groupsKey) && std::stod(r[1]) == rows * repeat &&
              std::abs(std::stod(r[2]) - sumV * repeat) <= 1e-9 * sumV * repeat;
    if (!ok)
        state.SkipWithError(("wrong result " + r[0] + " " + r[1] + " " + r[2]).c_str());
}

void BM_B2a_Sum(benchmark::State &state)
{
    Loaded &l = loaded();
    for (auto _ : state)
        bench::run(*l.e.session, "SELECT sum(ts) FROM table(t)");
    // sum(ts) wraps int64 at 10 M rows, as in the int64 peers: compare modulo 2^64.
    auto r = bench::row(*l.e.session, "SELECT to_string(sum(ts)) FROM table(t)");
    if (static_cast<uint64_t>(std::stoll(r[0])) != std::stoull(bench::expected("sum_ts_mod64")))
        state.SkipWithError(("wrong sum " + r[0]).c_str());
    state.counters["rss_per_row_b"] = (l.rssAfterKb - l.rssBeforeKb) * 1024.0 / std::stod(bench::expected("rows"));
    state.counters["disk_per_row_b"] = static_cast<double>(l.diskBytes) / std::stod(bench::expected("rows"));
}

void BM_B2b_GroupBy1k(benchmark::State &s) { query(s, "SELECT k, count() AS c, sum(v) AS s FROM table(t) GROUP BY k", "groups_k", 1); }
void BM_B2c_Tumble(benchmark::State &s)
{
    query(s, "SELECT int_div(ts, 1000) AS w, k, count() AS c, sum(v) AS s FROM table(t) GROUP BY w, k", "groups_tumble", 1);
}
void BM_B2d_GroupBy1M(benchmark::State &s)
{
    query(s, "SELECT k * 1000 + ts % 1000 AS g, count() AS c, sum(v) AS s FROM table(t) GROUP BY g", "groups_1m", 1);
}
void BM_B2e_Hop(benchmark::State &s)
{
    query(s, "SELECT window_start, k, count() AS c, sum(v) AS s FROM hop(table(t), to_datetime64(ts / 1000.0, 3), 1s, 10s) "
             "GROUP BY window_start, k", "groups_hop", 10);
}

} // namespace

// One iteration per run: bench/run.py repeats the process, alternating with the peers.
BENCHMARK(BM_B1a_IngestCsv)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B1b_IngestNdjson)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B1c_AppendRow)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B1c_AppendBatch)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B2a_Sum)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B2b_GroupBy1k)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B2c_Tumble)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B2d_GroupBy1M)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B2e_Hop)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
