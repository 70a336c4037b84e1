// B3d, Nexmark-style (performance.md §6), on our own generator (NexmarkGenerator.h: persons,
// auctions and bids 1 : 3 : 46, event times increasing across the three streams) with the
// queries in Proton's streaming SQL, run as streaming queries fed chunk by chunk (one block
// per stream the query reads, the cursor drained after each append, as bench_Streaming.cpp).
//   q0 pass-through, q1 currency conversion, q2 selection: bids only.
//   q3 local item suggestion: auction ⋈ person (an unbounded append ⋈ append join, as Nexmark's).
//   q4 average winning price per category, q6 per seller: the highest bid of each auction
//      among the bids made while it was open, then averaged. Variants forced by Proton:
//      - the join is a range join (date_diff_within(10s), the longest auction) plus the
//        BETWEEN filter: the same pairs, but the join's state stays bounded;
//      - "per auction, then per category" is a global aggregation over a global aggregation;
//        the inner one emits a changelog (EMIT CHANGELOG ON UPDATE, so the outer avg retracts
//        an auction's previous maximum) and the outer EMIT ON UPDATE emits each changed group
//        after every block. The last row emitted per group is the result;
//        an auction still open at the end counts with its highest bid so far.
//      - q6: Nexmark averages a seller's last 10 closed auctions (ROWS BETWEEN 10 PRECEDING);
//        Proton has no row-count window frame, so q6 averages all of the seller's auctions.
//   q5 hot items: per hop(2s, 10s) window the auctions with the most bids (ties included), as
//      Nexmark's join of the per-auction counts with their per-window maximum. Variants: the
//      maximum is a tumble(2s) over the hop windows' starts (a window over a window: Nexmark's
//      plain GROUP BY would be a global aggregation in Proton, emitted on a processing-time
//      timer); the join adds date_diff_within(10s) on the equal window starts only to bound
//      its state.
//   q7 highest bid: the bids at the maximum price of their tumble(10s) window, as Nexmark's
//      join of bids with the per-window maximum (a range join: the maximum's window_end is
//      within 10 s of its bids).
//   q8 monitor new users: persons who opened an auction in the tumble(10s) window they
//      registered in, as Nexmark's join of the two windowed streams.
// Every run appends, last, one row per stream an hour later (NexmarkGenerator.h, flushRow; q5
// a second one two hours later): the watermark then closes every window holding generated
// events, so the emitted result is complete and deterministic. Correctness: the emitted rows
// (for q0-q2 their count and sums; for q4/q6 the last average per group) equal
// NexmarkReference.h's, computed in plain C++.
// Events/s = items_per_second = the rows appended to the streams the query reads (bids for
// q0-q2, q5, q7; persons and auctions for q3, q8; auctions and bids for q4, q6); one thread
// feeds and drains (Nexmark's metric divides by cores).
#include <cmath>
#include <functional>

#include "bench/BenchSupport.h"
#include "bench/NexmarkReference.h"
#include "engine/exec/StatementExecutors.h"

using namespace tideline;
using namespace tideline::engine;
using namespace tideline::bench::nexmark;

namespace {

enum Streams : unsigned { kPersons = 1, kAuctions = 2, kBids = 4 };

const char *const kCreate[] = {
    "CREATE STREAM person (id int64, name string, city string, state string, date_time datetime64(3, 'UTC')) "
    "SETTINGS event_time_column = 'date_time'",
    "CREATE STREAM auction (id int64, item_name string, initial_bid int64, reserve int64, date_time datetime64(3, 'UTC'), "
    "expires datetime64(3, 'UTC'), seller int64, category int64) SETTINGS event_time_column = 'date_time'",
    "CREATE STREAM bid (auction int64, bidder int64, price int64, channel string, date_time datetime64(3, 'UTC')) "
    "SETTINGS event_time_column = 'date_time'"};
const char *const kNames[] = {"person", "auction", "bid"};

const Events &events()
{
    static const Events e = generate(std::stoll(bench::expected("rows")));
    return e;
}

// A query, what it reads, what it does with each emitted block (inside the timing) and the
// check of what it emitted (empty when right).
struct Query {
    std::string sql;
    unsigned streams = kBids;
    std::function<void(const Block &)> collect;
    std::function<std::string()> verify;
    int flushes = 1; // two-level windows (q5) need a second later row to close the outer window
};

void drain(QueryCursor &cursor, const Query &q, uint64_t &emitted)
{
    bench::drainNow(cursor, [&](const Block &out) {
        emitted += out.rows();
        q.collect(out);
    });
}

// Appends the generated chunks to the query's streams, then the flush rows; returns the
// generated rows appended.
int64_t feed(bench::BenchEngine &be, QueryCursor &cursor, const Query &q, uint64_t &emitted)
{
    const Events &ev = events();
    const std::vector<Block> *data[] = {&ev.persons, &ev.auctions, &ev.bids};
    StreamInfo *streams[3] = {};
    for (size_t s = 0; s < 3; ++s)
        streams[s] = be.engine->find("default", kNames[s]).get();
    int64_t rows = 0;
    auto append = [&](size_t s, const Block &b) {
        if (auto st = appendRows(*be.session, *streams[s], b); !st.ok())
            throw std::runtime_error(st.toString());
        drain(cursor, q, emitted);
    };
    for (size_t chunk = 0; chunk < ev.bids.size(); ++chunk)
        for (size_t s = 0; s < 3; ++s)
            if (q.streams & (1u << s) && (*data[s])[chunk].rows())
                append(s, (*data[s])[chunk]), rows += static_cast<int64_t>((*data[s])[chunk].rows());
    for (int64_t hour = 1; hour <= q.flushes; ++hour)
        for (size_t s = 0; s < 3; ++s)
            if (q.streams & (1u << s))
                append(s, flushRow(*data[s], -1 - static_cast<int64_t>(s), ev.lastMs + hour * 3600 * 1000));
    return rows;
}

void run(benchmark::State &state, const Query &q)
{
    events(); // generated before the timing (the first query would otherwise include it)
    int64_t rows = 0;
    uint64_t emitted = 0;
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchEngine be;
        for (const char *sql : kCreate)
            bench::run(*be.session, sql);
        auto cursor = be.session->execute(q.sql);
        if (!cursor)
            throw std::runtime_error(cursor.status().toString());
        state.ResumeTiming();
        rows += feed(be, **cursor, q, emitted);
        state.PauseTiming();
        (*cursor)->cancel();
        if (std::string error = q.verify(); !error.empty())
            bench::fail(error);
        bench::resume(state);
    }
    state.SetItemsProcessed(rows);
    state.counters["emitted_rows"] = static_cast<double>(emitted); // all of them, the flush rows' too
}

// The first difference between emitted and expected rows (both sorted), or "".
std::string compareRows(std::vector<std::string> got, const std::vector<std::string> &want)
{
    std::sort(got.begin(), got.end());
    if (got == want)
        return {};
    auto [g, w] = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
    return "emitted " + std::to_string(got.size()) + " rows, expected " + std::to_string(want.size()) + "; first difference: got '" +
           (g == got.end() ? std::string("(end)") : *g) + "', expected '" + (w == want.end() ? std::string("(end)") : *w) + "'";
}

// A query whose emitted rows must equal `expected()` as a set (order-insensitive). With
// `flushes` > 1 the first flush rows' own windows close too: rows whose first column (an id)
// is negative are those and are not compared.
Query rowsQuery(std::string sql, unsigned streams, std::function<std::vector<std::string>()> expected, int flushes = 1)
{
    auto got = std::make_shared<std::vector<std::string>>();
    Query q{std::move(sql), streams, {}, {}, flushes};
    q.collect = [got, flushes](const Block &b) {
        for (size_t r = 0; r < b.rows(); ++r)
            if (flushes == 1 || b.at(0).column->data<int64_t>()[r] >= 0)
                got->push_back(rowText(b, r));
    };
    q.verify = [got, expected] { return compareRows(*got, expected()); };
    return q;
}

// q4/q6: the last average emitted per group must equal the reference's (to 1e-9 relative:
// the engine's sum retracts, so it may round differently).
Query averageQuery(std::string sql, AuctionCol groupBy)
{
    auto last = std::make_shared<std::map<int64_t, double>>();
    Query q{std::move(sql), kAuctions | kBids, {}, {}};
    q.collect = [last](const Block &b) {
        for (size_t r = 0; r < b.rows(); ++r)
            (*last)[b.at(0).column->data<int64_t>()[r]] = b.at(1).column->data<double>()[r];
    };
    q.verify = [last, groupBy]() -> std::string {
        std::map<int64_t, double> want = expectAveragePrice(events(), groupBy);
        if (last->size() != want.size())
            return "emitted " + std::to_string(last->size()) + " groups, expected " + std::to_string(want.size());
        for (const auto &[g, avg] : want)
            if (!last->count(g) || std::abs(last->at(g) - avg) > 1e-9 * std::max(1.0, avg))
                return "group " + std::to_string(g) + ": emitted " + (last->count(g) ? std::to_string(last->at(g)) : "nothing") +
                       ", expected " + std::to_string(avg);
        return {};
    };
    return q;
}

// q0-q2: the count of emitted rows and, for q1, the sum of the converted prices (column 2).
Query countQuery(std::string sql, uint64_t wantRows, int64_t wantSum)
{
    auto got = std::make_shared<std::pair<uint64_t, int64_t>>();
    Query q{std::move(sql), kBids, {}, {}};
    q.collect = [got, wantSum](const Block &b) {
        got->first += b.rows();
        if (wantSum)
            for (size_t r = 0; r < b.rows(); ++r)
                got->second += b.at(2).column->data<int64_t>()[r];
    };
    q.verify = [got, wantRows, wantSum]() -> std::string {
        if (got->first == wantRows && (!wantSum || got->second == wantSum))
            return {};
        return "emitted " + std::to_string(got->first) + " rows, sum " + std::to_string(got->second) + "; expected " +
               std::to_string(wantRows) + ", " + std::to_string(wantSum);
    };
    return q;
}

// The flush row (bid: auction and price -3) passes q0 and q1 and is counted as emitted.
void BM_B3d_q0(benchmark::State &s)
{
    run(s, countQuery("SELECT auction, bidder, price, date_time FROM bid", static_cast<uint64_t>(events().bidRows) + 1, 0));
}

void BM_B3d_q1(benchmark::State &s)
{
    int64_t sum = -3 * 908 / 1000; // the flush row (int_div truncates as C++ does)
    forEachRow(events().bids, [&](const Block &b, size_t r) { sum += i64(b, B_PRICE)[r] * 908 / 1000; });
    run(s, countQuery("SELECT auction, bidder, int_div(price * 908, 1000) AS price, date_time FROM bid",
                      static_cast<uint64_t>(events().bidRows) + 1, sum));
}

void BM_B3d_q2(benchmark::State &s)
{
    uint64_t rows = 0;
    forEachRow(events().bids, [&](const Block &b, size_t r) { rows += i64(b, B_AUCTION)[r] % 123 == 0; });
    run(s, countQuery("SELECT auction, price FROM bid WHERE auction % 123 = 0", rows, 0));
}

void BM_B3d_q3(benchmark::State &s)
{
    run(s, rowsQuery("SELECT p.name, p.city, p.state, a.id FROM auction AS a INNER JOIN person AS p ON a.seller = p.id "
                     "WHERE a.category = 10 AND p.state IN ('OR', 'ID', 'CA')",
                     kPersons | kAuctions, [] { return expectQ3(events()); }));
}

// The highest bid of each auction while it was open, as a changelog (see the header).
std::string winningBids(const char *groupColumn)
{
    return std::string("SELECT a.id AS id, a.") + groupColumn + " AS " + groupColumn +
           ", max(b.price) AS final FROM bid AS b INNER JOIN auction AS a "
           "ON b.auction = a.id AND date_diff_within(10s, b.date_time, a.date_time) "
           "WHERE b.date_time BETWEEN a.date_time AND a.expires GROUP BY a.id, a." +
           groupColumn + " EMIT CHANGELOG ON UPDATE";
}

void BM_B3d_q4(benchmark::State &s)
{
    run(s, averageQuery("SELECT category, avg(final) FROM (" + winningBids("category") + ") GROUP BY category EMIT ON UPDATE", A_CATEGORY));
}

// The maximum per hop window is a tumble(2s) over the hop windows' starts (a window over a
// window; a GROUP BY without a window would be a global aggregation, emitted on a timer). Its
// last window closes only when a later hop window is emitted: hence a second flush row.
void BM_B3d_q5(benchmark::State &s)
{
    const std::string counts = "SELECT auction, count() AS num, window_start AS starttime FROM hop(bid, date_time, 2s, 10s) "
                               "GROUP BY auction, window_start";
    run(s, rowsQuery("SELECT ab.auction, ab.num, ab.starttime FROM (" + counts + ") AS ab INNER JOIN (SELECT max(num) AS maxn, "
                         "window_start AS starttime FROM tumble((" + counts + "), starttime, 2s) GROUP BY window_start) AS mb "
                         "ON ab.starttime = mb.starttime AND date_diff_within(10s, ab.starttime, mb.starttime) AND ab.num >= mb.maxn",
                     kBids, [] { return expectQ5(events()); }, 2));
}

void BM_B3d_q6(benchmark::State &s)
{
    run(s, averageQuery("SELECT seller, avg(final) FROM (" + winningBids("seller") + ") GROUP BY seller EMIT ON UPDATE", A_SELLER));
}

void BM_B3d_q7(benchmark::State &s)
{
    run(s, rowsQuery("SELECT b.auction, b.price, b.bidder, b.date_time FROM bid AS b INNER JOIN (SELECT max(price) AS maxprice, "
                     "window_start, window_end FROM tumble(bid, date_time, 10s) GROUP BY window_start, window_end) AS m "
                     "ON b.price = m.maxprice AND date_diff_within(10s, b.date_time, m.window_end) "
                     "WHERE b.date_time >= m.window_start AND b.date_time < m.window_end",
                     kBids, [] { return expectQ7(events()); }));
}

void BM_B3d_q8(benchmark::State &s)
{
    run(s, rowsQuery("SELECT p.id, p.name, p.starttime FROM (SELECT id, name, window_start AS starttime, window_end AS endtime "
                     "FROM tumble(person, date_time, 10s) GROUP BY id, name, window_start, window_end) AS p INNER JOIN "
                     "(SELECT seller, window_start AS starttime, window_end AS endtime FROM tumble(auction, date_time, 10s) "
                     "GROUP BY seller, window_start, window_end) AS a "
                     "ON p.id = a.seller AND p.starttime = a.starttime AND p.endtime = a.endtime",
                     kPersons | kAuctions, [] { return expectQ8(events()); }));
}

} // namespace

BENCHMARK(BM_B3d_q0)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q1)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q3)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q4)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q5)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q6)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q7)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_B3d_q8)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
