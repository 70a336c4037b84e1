#pragma once
// The materialized views the restart tests run (tst_MaterializedViewRestart, and the SIGKILL test
// tst_MaterializedViewCrash with its child mv_crash_worker): one source, deterministic batches
// (one INSERT = one log record, so a replay sees the blocks live processing saw), and views of
// every recovery kind: tumble and hop windows (replayed state), a global aggregation EMIT ON
// UPDATE (replayed, one output per insert), a default PERIODIC global aggregation (replayed plus
// a restored clock-driven emit), a filter and a filter INTO a target another writer also feeds
// (resumed at the committed position), and a UNION ALL of filters over two streams.

#include <string>
#include <vector>

#include "engine/column/Block.h"
#include "engine/exec/Session.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine::testing {

inline const std::vector<std::string> &scenarioDdl()
{
    static const std::vector<std::string> ddl = {
        "CREATE STREAM IF NOT EXISTS src (batch int64, k string, v int64, ts datetime64(3, 'UTC')) SETTINGS event_time_column='ts'",
        "CREATE STREAM IF NOT EXISTS side (batch int64, v int64)",
        "CREATE STREAM IF NOT EXISTS tgt (k string, w int64)",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS win AS SELECT window_start AS ws, k, count() AS c, sum(v) AS s FROM tumble(src, ts, 1s) "
        "GROUP BY window_start, k",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS hopw AS SELECT window_start AS ws, window_end AS we, count() AS c, max(v) AS m "
        "FROM hop(src, ts, 1s, 3s) GROUP BY window_start, window_end",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS upd AS SELECT k, count() AS c, sum(v) AS s FROM src GROUP BY k EMIT ON UPDATE",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS per AS SELECT k, count() AS c, sum(v) AS s FROM src GROUP BY k EMIT PERIODIC 200ms",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS flt AS SELECT batch, k, v FROM src WHERE v % 3 = 0",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS into_tgt INTO tgt AS SELECT k, v * 2 AS w FROM src WHERE v % 2 = 0",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS uni AS SELECT batch, v FROM src WHERE v % 5 = 0 UNION ALL SELECT batch, v FROM side",
    };
    return ddl;
}

constexpr int kRowsPerBatch = 12;

// Batch b: keys k0..k4, v = b * 100 + r, event times 40 ms apart, so windows span batches. Every
// seventh batch carries one row 5 s late, which the windows drop the same way in every run.
inline std::string batchInsert(int b)
{
    std::string sql = "INSERT INTO src (batch, k, v, ts) VALUES ";
    const int64_t baseMs = 1704067200000LL; // 2024-01-01 00:00:00 UTC
    for (int r = 0; r < kRowsPerBatch; ++r) {
        int64_t ms = baseMs + (static_cast<int64_t>(b) * kRowsPerBatch + r) * 40;
        if (b % 7 == 3 && r == 5)
            ms -= 5000;
        sql += (r ? ", (" : "(") + std::to_string(b) + ", 'k" + std::to_string((b * 7 + r) % 5) + "', " + std::to_string(b * 100 + r) +
            ", from_unix_timestamp64_milli(" + std::to_string(ms) + ", 'UTC'))";
    }
    return sql;
}

// Every third batch also feeds the second source of the UNION view.
inline std::string sideInsert(int b)
{
    return "INSERT INTO side (batch, v) VALUES (" + std::to_string(b) + ", " + std::to_string(-b) + ")";
}

// All rows of a bounded query, each as its values joined by tabs, in the order returned.
inline Result<std::vector<std::string>> queryRows(Session &session, const std::string &sql)
{
    auto cursor = session.execute(sql);
    if (!cursor)
        return cursor.status();
    std::vector<std::string> out;
    Block block;
    for (;;) {
        auto more = (*cursor)->next(block);
        if (!more)
            return more.status();
        if (!*more)
            return out;
        for (size_t r = 0; r < block.rows(); ++r) {
            std::string line;
            for (size_t c = 0; c < block.columnCount(); ++c)
                line += (c ? "\t" : "") + valueToString(*block.at(c).column, r);
            out.push_back(std::move(line));
        }
    }
}

} // namespace tideline::engine::testing
