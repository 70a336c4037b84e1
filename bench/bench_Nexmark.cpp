// B3d, Nexmark-style, on our own generator: the bid stream (92 % of Nexmark's events) and the
// queries that read only bids, in Proton's SQL, run as streaming queries fed block by block
// (as bench_Streaming.cpp does). q0 pass-through, q1 currency conversion, q2 selection.
// q3-q8 need the person and auction streams and stream joins/windows: not written yet.
// Events/s = items_per_second (one thread feeding and draining; the Nexmark metric divides by cores).
// Correctness: the rows (and, for q1, the sum of converted prices) emitted equal the generator's.
#include "bench/BenchSupport.h"

#include "engine/exec/StatementExecutors.h"

using namespace tideline;
using namespace tideline::engine;

namespace {

constexpr size_t kBlock = 65536;

struct Bids {
    std::vector<Block> blocks;
    uint64_t q2Rows = 0;
    int64_t priceSum = 0;
};

// Nexmark-like bids: 10 k open auctions, 100 k bidders, prices 1..10 000 cents skewed low,
// 100 events per ms of event time; deterministic (xorshift).
Bids generate(int64_t n)
{
    Bids out;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    const char *channels[] = {"apple", "google", "facebook", "baidu"};
    for (int64_t from = 0; from < n; from += kBlock) {
        size_t m = static_cast<size_t>(std::min<int64_t>(kBlock, n - from));
        auto auction = Column::create(makeType(TypeKind::Int64)), bidder = Column::create(makeType(TypeKind::Int64));
        auto price = Column::create(makeType(TypeKind::Int64)), channel = Column::create(makeType(TypeKind::String));
        auto ts = Column::create(makeDateTime64(3, "UTC"));
        for (size_t i = 0; i < m; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int64_t a = 1000 + static_cast<int64_t>(x % 10000), p = 1 + static_cast<int64_t>((x >> 20) % 100) * static_cast<int64_t>((x >> 30) % 100);
            auction->push<int64_t>(a), bidder->push<int64_t>(1000 + static_cast<int64_t>((x >> 14) % 100000));
            price->push<int64_t>(p), channel->pushString(channels[(x >> 40) & 3]);
            ts->push<int64_t>(1704067200000LL + (from + static_cast<int64_t>(i)) / 100);
            out.q2Rows += a % 123 == 0;
            out.priceSum += p;
        }
        Block b;
        b.add("auction", std::move(auction)), b.add("bidder", std::move(bidder)), b.add("price", std::move(price));
        b.add("channel", std::move(channel)), b.add("date_time", std::move(ts));
        out.blocks.push_back(std::move(b));
    }
    return out;
}

const Bids &bids()
{
    static const Bids b = generate(std::stoll(bench::expected("rows")));
    return b;
}

void query(benchmark::State &state, const std::string &sql, uint64_t expectRows, int64_t expectSum)
{
    const Bids &data = bids();
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchEngine be;
        bench::run(*be.session, "CREATE STREAM bid (auction int64, bidder int64, price int64, channel string, "
                                "date_time datetime64(3, 'UTC')) SETTINGS event_time_column = 'date_time'");
        StreamInfo &s = *be.engine->find("default", "bid");
        auto cursor = be.session->execute(sql);
        if (!cursor)
            throw std::runtime_error(cursor.status().toString());
        uint64_t rows = 0;
        int64_t sum = 0;
        state.ResumeTiming();
        Block out;
        for (const Block &b : data.blocks) {
            if (auto st = appendRows(*be.session, s, b); !st.ok())
                throw std::runtime_error(st.toString());
            for (auto r = (*cursor)->poll(out); r && *r == Pull::Block; r = (*cursor)->poll(out)) {
                rows += out.rows();
                if (expectSum) // q1: price * 908 / 1000 in integer cents, summed as the reference is
                    for (size_t i = 0; i < out.rows(); ++i)
                        sum += out.at(2).column->data<int64_t>()[i];
            }
        }
        state.PauseTiming();
        (*cursor)->cancel();
        if (rows != expectRows || (expectSum && sum != expectSum))
            bench::fail("emitted " + std::to_string(rows) + " rows, sum " + std::to_string(sum));
        bench::resume(state);
    }
    state.SetItemsProcessed(state.iterations() * std::stoll(bench::expected("rows")));
}

void BM_B3d_q0(benchmark::State &s) { query(s, "SELECT auction, bidder, price, date_time FROM bid", std::stoull(bench::expected("rows")), 0); }
void BM_B3d_q1(benchmark::State &s)
{
    int64_t sum = 0;
    for (const Block &b : bids().blocks)
        for (size_t i = 0; i < b.rows(); ++i)
            sum += b.at(2).column->data<int64_t>()[i] * 908 / 1000;
    query(s, "SELECT auction, bidder, int_div(price * 908, 1000) AS price, date_time FROM bid", std::stoull(bench::expected("rows")), sum);
}
void BM_B3d_q2(benchmark::State &s) { query(s, "SELECT auction, price FROM bid WHERE auction % 123 = 0", bids().q2Rows, 0); }

} // namespace

BENCHMARK(BM_B3d_q0)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q1)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
