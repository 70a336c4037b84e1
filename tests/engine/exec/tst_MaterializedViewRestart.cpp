// Materialized views across clean restarts (the engine closed and reopened between rounds of
// inserts): windows open at the restart go on counting, aggregations keep their totals, filters
// neither lose nor repeat rows, and what each view wrote equals the same query over table(src).
// Views whose state a restart could not rebuild exactly are refused unless best_effort.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "MvScenario.h"
#include "engine/common/Clock.h"
#include "engine/exec/Engine.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;

namespace {

constexpr int64_t kBaseMs = 1704067200000LL;

std::string utcMillis(int64_t ms)
{
    return "from_unix_timestamp64_milli(" + std::to_string(ms) + ", 'UTC')";
}

class MaterializedViewRestart : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path() / ("tideline-mvrestart-" + std::to_string(getpid()) + "-" + info->name());
        std::filesystem::remove_all(m_dir);
        open();
    }
    void TearDown() override
    {
        close();
        std::filesystem::remove_all(m_dir);
    }
    void open()
    {
        EngineOptions o;
        o.dataDir = m_dir.string();
        o.fsync = false;
        o.clock = &m_clock;
        auto engine = Engine::open(o);
        ASSERT_TRUE(engine.isOk()) << engine.status().message();
        m_engine = std::move(*engine);
        m_session = m_engine->createSession();
    }
    void close()
    {
        m_session.reset();
        m_engine.reset();
    }
    void run(const std::string &sql)
    {
        auto rows = queryRows(*m_session, sql);
        ASSERT_TRUE(rows.isOk()) << sql << ": " << rows.status().message();
    }
    std::vector<std::string> rows(const std::string &sql)
    {
        auto r = queryRows(*m_session, sql);
        EXPECT_TRUE(r.isOk()) << sql << ": " << r.status().message();
        return r.isOk() ? *r : std::vector<std::string>{};
    }
    // The periodic view emits on the clock: move it past a tick, then wait (polling its output)
    // until the newest row of every key shows the totals of table(src).
    void expectPeriodicTotals()
    {
        m_clock.advance(1000000000LL);
        const auto expected = rows("SELECT k, count(), sum(v) FROM table(src) GROUP BY k ORDER BY k");
        const std::string latest = "SELECT k, c, s FROM (SELECT k, c, s FROM table(per) ORDER BY _tp_sn DESC LIMIT 1 BY k) ORDER BY k";
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        std::vector<std::string> got;
        while ((got = rows(latest)) != expected && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        EXPECT_EQ(got, expected);
    }

    std::filesystem::path m_dir;
    ManualClock m_clock{1700000000LL * 1000000000LL};
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Session> m_session;
};

} // namespace

TEST_F(MaterializedViewRestart, ViewsResumeExactlyAfterCleanRestarts)
{
    for (const auto &ddl : scenarioDdl())
        run(ddl);
    run("CREATE MATERIALIZED VIEW into_tgt7 INTO tgt AS SELECT 'seven' AS k, v AS w FROM src WHERE v % 7 = 0");
    const int rounds = 3, perRound = 10;
    int batch = 0;
    for (int round = 0; round < rounds; ++round) {
        for (int i = 0; i < perRound; ++i, ++batch) {
            run(batchInsert(batch));
            if (batch % 3 == 0)
                run(sideInsert(batch));
        }
        run("INSERT INTO tgt (k, w) VALUES ('direct', -1)"); // a second writer of the INTO target
        ASSERT_TRUE(m_engine->waitForViews(20000));
        expectPeriodicTotals();
        close();
        open();
    }
    ASSERT_TRUE(m_engine->waitForViews(20000));

    // Windows: the closed ones (end at or before the watermark, the last event's second), late
    // rows dropped. Windows open at each restart span it, so lost state would show here.
    const int64_t lastMs = kBaseMs + (static_cast<int64_t>(batch) * kRowsPerBatch - 1) * 40;
    const std::string closed = "window_end <= " + utcMillis(lastMs / 1000 * 1000);
    const std::string onTime = "NOT (batch % 7 = 3 AND v % 100 = 5)";
    auto windows = rows("SELECT ws, k, c, s FROM table(win) ORDER BY ws, k");
    EXPECT_EQ(windows, rows("SELECT window_start, k, count(), sum(v) FROM tumble(table(src), ts, 1s) WHERE " + onTime + " AND " + closed +
                            " GROUP BY window_start, k ORDER BY window_start, k"));
    EXPECT_GT(windows.size(), 20u);
    EXPECT_EQ(rows("SELECT ws, we, c, m FROM table(hopw) ORDER BY ws"),
              rows("SELECT window_start, window_end, count(), max(v) FROM hop(table(src), ts, 1s, 3s) WHERE " + onTime + " AND " + closed +
                   " GROUP BY window_start, window_end ORDER BY window_start"));

    // EMIT ON UPDATE: one row per key per insert (all five keys are in every batch), the newest
    // carrying the totals.
    EXPECT_EQ(rows("SELECT count() FROM table(upd)"), std::vector<std::string>{std::to_string(batch * 5)});
    EXPECT_EQ(rows("SELECT k, max(c), max(s) FROM table(upd) GROUP BY k ORDER BY k"), rows("SELECT k, count(), sum(v) FROM table(src) GROUP BY k ORDER BY k"));
    EXPECT_TRUE(rows("SELECT k, c FROM table(upd) GROUP BY k, c HAVING count() > 1").empty());

    // Filters and the INTO target: every row once.
    EXPECT_EQ(rows("SELECT batch, k, v FROM table(flt) ORDER BY v"), rows("SELECT batch, k, v FROM table(src) WHERE v % 3 = 0 ORDER BY v"));
    EXPECT_EQ(rows("SELECT k, w FROM table(tgt) WHERE k LIKE 'k%' ORDER BY w"), rows("SELECT k, v * 2 FROM table(src) WHERE v % 2 = 0 ORDER BY v"));
    EXPECT_EQ(rows("SELECT w FROM table(tgt) WHERE k = 'seven' ORDER BY w"), rows("SELECT v FROM table(src) WHERE v % 7 = 0 ORDER BY v"));
    EXPECT_EQ(rows("SELECT count() FROM table(tgt) WHERE k = 'direct'"), std::vector<std::string>{std::to_string(rounds)});
    EXPECT_EQ(rows("SELECT batch, v FROM table(uni) ORDER BY batch, v"),
              rows("SELECT batch, v FROM (SELECT batch, v FROM table(src) WHERE v % 5 = 0 UNION ALL SELECT batch, v FROM table(side)) ORDER BY batch, v"));
}

// A view created with rows already in its source starts at the end (as Proton's do) and keeps
// that start across a restart that comes before its first output.
TEST_F(MaterializedViewRestart, AViewKeepsItsStartWhenRestartedBeforeItsFirstOutput)
{
    run(scenarioDdl()[0]);
    run(batchInsert(0));
    run("CREATE MATERIALIZED VIEW counts AS SELECT k, count() AS c FROM src GROUP BY k EMIT ON UPDATE");
    close();
    open();
    run(batchInsert(1));
    ASSERT_TRUE(m_engine->waitForViews(20000));
    EXPECT_EQ(rows("SELECT k, max(c) FROM table(counts) GROUP BY k ORDER BY k"),
              rows("SELECT k, count() FROM table(src) WHERE batch = 1 GROUP BY k ORDER BY k"));
}

TEST_F(MaterializedViewRestart, ViewsThatCouldNotResumeExactlyAreRefusedUnlessBestEffort)
{
    run(scenarioDdl()[0]);
    run(scenarioDdl()[1]);
    const std::string timeout = "SELECT window_start AS ws, count() AS c FROM tumble(src, ts, 1s) GROUP BY window_start EMIT AFTER WATERMARK AND TIMEOUT 5s";
    const std::string periodicUpdates = "SELECT window_start AS ws, count() AS c FROM tumble(src, ts, 1s) GROUP BY window_start EMIT PERIODIC 1s ON UPDATE";
    const std::string unionState = "SELECT count() AS c FROM (SELECT v FROM src UNION ALL SELECT v FROM side)";
    const std::string proctime = "SELECT count() AS c FROM src EMIT LAST 5s ON PROCTIME";
    const std::string dedupTtl = "SELECT k, v FROM dedup(src, k, 10s)";
    const std::string random = "SELECT v FROM rnd";
    run("CREATE RANDOM STREAM rnd (v int64 DEFAULT rand())");
    for (const auto &select : {timeout, periodicUpdates, unionState, proctime, dedupTtl, random}) {
        auto refused = m_session->execute("CREATE MATERIALIZED VIEW mv AS " + select);
        EXPECT_EQ(refused.status().code(), 48) << select << ": " << refused.status().message();
        EXPECT_NE(refused.status().message().find("best_effort"), std::string::npos);
        EXPECT_FALSE(m_engine->find("default", "mv"));
        run("CREATE MATERIALIZED VIEW mv AS " + select + " SETTINGS recovery_policy='best_effort'");
        run("DROP VIEW mv");
    }
    // Stateless reads of several streams, dedup() by count, EMIT LAST on event time: exact.
    run("CREATE MATERIALIZED VIEW both AS SELECT v FROM src UNION ALL SELECT v FROM side");
    run("CREATE MATERIALIZED VIEW firsts AS SELECT k, v FROM dedup(src, k)");
    run("CREATE MATERIALIZED VIEW recent AS SELECT count() AS c FROM src EMIT LAST 5s");
}

// TRUNCATE of the target drops the view's records, and with them the progress they carried; the
// catalog's copy (written when the view stops) keeps the view from starting over.
TEST_F(MaterializedViewRestart, ATruncatedTargetResumesFromTheCatalogCopyOfTheProgress)
{
    run(scenarioDdl()[0]);
    run("CREATE MATERIALIZED VIEW evens AS SELECT batch, v FROM src WHERE v % 2 = 0");
    run(batchInsert(0));
    ASSERT_TRUE(m_engine->waitForViews(20000));
    run("TRUNCATE STREAM evens");
    close();
    open();
    run(batchInsert(1));
    ASSERT_TRUE(m_engine->waitForViews(20000));
    EXPECT_EQ(rows("SELECT batch, v FROM table(evens) ORDER BY v"), rows("SELECT batch, v FROM table(src) WHERE batch = 1 AND v % 2 = 0 ORDER BY v"));
}

// A replay needs the source from the view's start. When it is gone (here: TRUNCATE, as retention
// would), a strict view reports 117 and stays stopped; a best_effort one rebuilds from what is left.
TEST_F(MaterializedViewRestart, AStatefulViewWhoseReplayInputIsGoneFailsUnlessBestEffort)
{
    run(scenarioDdl()[0]);
    run("CREATE MATERIALIZED VIEW strict_counts AS SELECT k, count() AS c FROM src GROUP BY k EMIT ON UPDATE");
    run("CREATE MATERIALIZED VIEW loose_counts AS SELECT k, count() AS c FROM src GROUP BY k EMIT ON UPDATE SETTINGS recovery_policy='best_effort'");
    run(batchInsert(0));
    ASSERT_TRUE(m_engine->waitForViews(20000));
    run("TRUNCATE STREAM src");
    close();
    open();
    Status strict = m_engine->viewError("default", "strict_counts");
    EXPECT_EQ(strict.code(), 117) << strict.message();
    EXPECT_NE(strict.message().find("best_effort"), std::string::npos);
    EXPECT_TRUE(m_engine->viewError("default", "loose_counts").isOk());
    run(batchInsert(1));
    ASSERT_TRUE(m_engine->waitForViews(20000));
    const auto batchOne = rows("SELECT k, count() FROM table(src) WHERE batch = 1 GROUP BY k ORDER BY k");
    EXPECT_EQ(rows("SELECT k, c FROM table(loose_counts) WHERE _tp_sn > 0 ORDER BY k"), batchOne);
    EXPECT_EQ(rows("SELECT count() FROM table(strict_counts)"), std::vector<std::string>{"5"});
}
