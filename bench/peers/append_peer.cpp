// In-process peers that need a C API: B1c (row-at-a-time append of N generated rows: DuckDB's
// appender, SQLite's prepared INSERT in one transaction) and B4a (DuckDB: append a 1 k-row batch,
// flush, re-aggregate the open 1-s window; open loop at 100 k EPS, latency from the intended send
// time). DuckDB's prototypes are declared by hand (libduckdb.so from the npm package
// @duckdb/node-bindings-linux-x64 ships no header). One JSON line per measurement.
//   append_peer ROWS INNER
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

extern "C" {
typedef struct { void *p; } *duckdb_database;
typedef struct { void *p; } *duckdb_connection;
typedef struct { void *p; } *duckdb_appender;
typedef int duckdb_state;
struct duckdb_result_blob { alignas(16) unsigned char b[512]; };
duckdb_state duckdb_open(const char *, duckdb_database *);
duckdb_state duckdb_connect(duckdb_database, duckdb_connection *);
void duckdb_disconnect(duckdb_connection *);
void duckdb_close(duckdb_database *);
duckdb_state duckdb_query(duckdb_connection, const char *, duckdb_result_blob *);
void duckdb_destroy_result(duckdb_result_blob *);
int64_t duckdb_value_int64(duckdb_result_blob *, uint64_t col, uint64_t row);
duckdb_state duckdb_appender_create(duckdb_connection, const char *, const char *, duckdb_appender *);
duckdb_state duckdb_append_int64(duckdb_appender, int64_t);
duckdb_state duckdb_append_int32(duckdb_appender, int32_t);
duckdb_state duckdb_append_double(duckdb_appender, double);
duckdb_state duckdb_appender_end_row(duckdb_appender);
duckdb_state duckdb_appender_flush(duckdb_appender);
duckdb_state duckdb_appender_destroy(duckdb_appender *);
const char *duckdb_library_version();
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Gen { // the rows of bench_datagen
    uint64_t x = 88172645463325252ull;
    int64_t i = 0;
    void next(int64_t &ts, int32_t &k, double &v)
    {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ts = 1704067200000LL + i++ / 100, k = static_cast<int32_t>(x % 1000), v = ((x >> 20) % 100000) / 1000.0;
    }
};

struct Duck {
    duckdb_database db;
    duckdb_connection con;
    Duck() { duckdb_open(nullptr, &db), duckdb_connect(db, &con), exec("SET threads=2"); }
    ~Duck() { duckdb_disconnect(&con), duckdb_close(&db); }
    int64_t exec(const char *sql)
    {
        duckdb_result_blob r;
        if (duckdb_query(con, sql, &r)) {
            std::fprintf(stderr, "duckdb: %s failed\n", sql);
            std::exit(1);
        }
        int64_t v = duckdb_value_int64(&r, 0, 0);
        duckdb_destroy_result(&r);
        return v;
    }
};

void emit(const char *bench, const char *engine, const char *version, int threads, int64_t rows, double ms, const char *check)
{
    std::printf("{\"bench\": \"%s\", \"engine\": \"%s\", \"engine_version\": \"%s\", \"threads\": %d, \"rows\": %ld, \"ms\": %.3f, \"check\": %s}\n",
                bench, engine, version, threads, rows, ms, check);
    std::fflush(stdout);
}

double duckAppend(int64_t n, int64_t &count)
{
    Duck d;
    d.exec("CREATE TABLE t(ts BIGINT, k INTEGER, v DOUBLE)");
    duckdb_appender app;
    duckdb_appender_create(d.con, nullptr, "t", &app);
    Gen g;
    auto t0 = Clock::now();
    for (int64_t i = 0; i < n; ++i) {
        int64_t ts; int32_t k; double v;
        g.next(ts, k, v);
        duckdb_append_int64(app, ts), duckdb_append_int32(app, k), duckdb_append_double(app, v);
        duckdb_appender_end_row(app);
    }
    duckdb_appender_destroy(&app);
    double ms = since(t0);
    count = d.exec("SELECT count(*) FROM t");
    return ms;
}

double sqliteAppend(int64_t n, int64_t &count)
{
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "CREATE TABLE t(ts INTEGER, k INTEGER, v REAL)", nullptr, nullptr, nullptr);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?)", -1, &st, nullptr);
    Gen g;
    auto t0 = Clock::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int64_t i = 0; i < n; ++i) {
        int64_t ts; int32_t k; double v;
        g.next(ts, k, v);
        sqlite3_bind_int64(st, 1, ts), sqlite3_bind_int(st, 2, k), sqlite3_bind_double(st, 3, v);
        sqlite3_step(st), sqlite3_reset(st);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    double ms = since(t0);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, nullptr);
    sqlite3_step(st);
    count = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st), sqlite3_close(db);
    return ms;
}

// B4a peer: 1 k rows every 10 ms (100 k EPS), each batch appended, flushed and the open window's
// aggregate read back; latency from the batch's scheduled time, so a slow round delays the next.
void duckLatency(int batches)
{
    Duck d;
    d.exec("CREATE TABLE s(ts BIGINT, k INTEGER, v DOUBLE)");
    duckdb_appender app;
    duckdb_appender_create(d.con, nullptr, "s", &app);
    std::vector<double> lat;
    auto start = Clock::now() + std::chrono::milliseconds(10);
    int64_t groups = 0;
    for (int b = 0; b < batches; ++b) {
        auto intended = start + std::chrono::milliseconds(10 * b);
        std::this_thread::sleep_until(intended);
        int64_t base = 1704067300000LL + b * 10;
        for (int i = 0; i < 1000; ++i)
            duckdb_append_int64(app, base), duckdb_append_int32(app, i), duckdb_append_double(app, i * 0.5), duckdb_appender_end_row(app);
        duckdb_appender_flush(app);
        char sql[200];
        std::snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT k, count(*), sum(v) FROM s WHERE ts >= %ld GROUP BY k)", base - base % 1000);
        groups += d.exec(sql);
        lat.push_back(since(intended));
    }
    duckdb_appender_destroy(&app);
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double p) { return lat[std::min(lat.size() - 1, static_cast<size_t>(p * lat.size()))]; };
    std::printf("{\"bench\": \"B4a\", \"engine\": \"duckdb\", \"engine_version\": \"%s\", \"threads\": 2, \"rows\": %d, "
                "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"max_ms\": %.3f, \"check\": {\"groups\": %ld}}\n",
                duckdb_library_version(), batches * 1000, pct(0.5), pct(0.99), pct(0.999), lat.back(), groups);
}

} // namespace

int main(int argc, char **argv)
{
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const int inner = argc > 2 ? std::atoi(argv[2]) : 1;
    const int batches = argc > 3 ? std::atoi(argv[3]) : 1000;
    char check[64];
    for (auto [engine, fn, version, threads] : {std::tuple{"duckdb", &duckAppend, duckdb_library_version(), 2},
                                                std::tuple{"sqlite", &sqliteAppend, sqlite3_libversion(), 1}}) {
        double best = 1e300;
        int64_t count = 0;
        for (int i = 0; i < inner; ++i)
            best = std::min(best, fn(n, count));
        std::snprintf(check, sizeof check, "{\"rows\": %ld}", count);
        emit("B1c_row", engine, version, threads, n, best, check);
    }
    if (batches > 0)
        duckLatency(batches);
}
