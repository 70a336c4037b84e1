// Deterministic data for the benchmarks (performance.md §0): N rows (ts int64 epoch-ms, k 0..999,
// v double with 3 decimals), 100 rows per ms of event time, from a seeded xorshift so every run and
// every machine gets the same bytes. Writes PREFIX.csv, PREFIX.ndjson and PREFIX.expect.json: the
// known answers every engine's result is checked against (v is summed in exact integer
// thousandths, so the expected sums carry no rounding of their own).
//   bench_datagen N PREFIX
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr int64_t kBase = 1704067200000LL; // 2024-01-01 00:00:00 UTC, in ms

struct Row {
    int64_t ts;
    int k;
    int64_t vMilli; // v * 1000, exact
};

// The same sequence as perf-probe/gen.cpp, so figures stay comparable with performance.md.
struct Generator {
    uint64_t x = 88172645463325252ull;
    int64_t i = 0;
    Row next()
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        Row r{kBase + i / 100, static_cast<int>(x % 1000), static_cast<int64_t>((x >> 20) % 100000)};
        ++i;
        return r;
    }
};

struct Expect {
    int64_t rows = 0, sumVMilli = 0;
    uint64_t sumTs = 0; // wraps at 10 M rows: compared modulo 2^64, as int64 engines return it
    std::vector<bool> tumble, keys1m, hop; // presence bitmaps of (window, k) and 1 M keys
    int64_t windows = 0;
};

int64_t popcount(const std::vector<bool> &bits)
{
    int64_t n = 0;
    for (bool b : bits)
        n += b;
    return n;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s ROWS PREFIX\n", argv[0]);
        return 2;
    }
    const int64_t n = std::atoll(argv[1]);
    const std::string prefix = argv[2];
    FILE *csv = std::fopen((prefix + ".csv").c_str(), "w");
    FILE *json = std::fopen((prefix + ".ndjson").c_str(), "w");
    if (!csv || !json)
        return 1;
    static char b1[1 << 20], b2[1 << 20];
    std::setvbuf(csv, b1, _IOFBF, sizeof b1);
    std::setvbuf(json, b2, _IOFBF, sizeof b2);
    std::fputs("ts,k,v\n", csv);
    Expect e;
    e.windows = (n - 1) / 100 / 1000 + 1; // 1-s windows spanned
    e.tumble.assign(e.windows * 1000, false);
    e.hop.assign((e.windows + 9) * 1000, false);
    e.keys1m.assign(1000000, false);
    Generator g;
    for (int64_t i = 0; i < n; ++i) {
        Row r = g.next();
        std::fprintf(csv, "%ld,%d,%ld.%03ld\n", r.ts, r.k, r.vMilli / 1000, r.vMilli % 1000);
        std::fprintf(json, "{\"ts\":%ld,\"k\":%d,\"v\":%ld.%03ld}\n", r.ts, r.k, r.vMilli / 1000, r.vMilli % 1000);
        ++e.rows;
        e.sumTs += static_cast<uint64_t>(r.ts);
        e.sumVMilli += r.vMilli;
        int64_t w = (r.ts - kBase) / 1000;
        e.tumble[w * 1000 + r.k] = true;
        for (int o = 0; o < 10; ++o) // hop(1s, 10s): a row is in the 10 windows ending after it
            e.hop[(w + o) * 1000 + r.k] = true;
        e.keys1m[r.k * 1000 + r.ts % 1000] = true;
    }
    std::fclose(csv);
    std::fclose(json);
    FILE *out = std::fopen((prefix + ".expect.json").c_str(), "w");
    std::fprintf(out,
                 "{\"rows\": %ld, \"sum_ts_mod64\": %lu, \"sum_v\": %ld.%03ld, \"groups_k\": 1000, \"groups_tumble\": %ld, "
                 "\"groups_hop\": %ld, \"groups_1m\": %ld, \"windows\": %ld}\n",
                 e.rows, e.sumTs, e.sumVMilli / 1000, e.sumVMilli % 1000, popcount(e.tumble), popcount(e.hop),
                 popcount(e.keys1m), e.windows);
    std::fclose(out);
    return 0;
}
