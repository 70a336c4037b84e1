// What an engine knows about its streams survives closing and reopening the data folder.
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>
#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"
#include "engine/exec/StreamInfo.h"
#include "engine/storage/StreamLog.h"

using namespace tideline::engine;

TEST(EngineReopen, RetentionSettingsApplyToTheLogAfterARestart)
{
    auto dir = std::filesystem::temp_directory_path() / ("tideline-reopen-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    EngineOptions o;
    o.dataDir = dir.string();
    o.fsync = false;
    {
        auto engine = Engine::open(o);
        ASSERT_TRUE(engine.isOk()) << engine.status().message();
        auto session = (*engine)->createSession();
        ASSERT_TRUE(session->execute("CREATE STREAM s (a int32) SETTINGS logstore_retention_bytes=1000000").isOk());
        ASSERT_TRUE(session->execute("ALTER STREAM s MODIFY SETTING logstore_retention_ms=3600000").isOk());
    }
    auto engine = Engine::open(o);
    ASSERT_TRUE(engine.isOk()) << engine.status().message();
    auto info = (*engine)->find("default", "s");
    ASSERT_TRUE(info && info->log);
    EXPECT_EQ(info->log->options().retentionBytes, 1000000);
    EXPECT_EQ(info->log->options().retentionMs, 3600000);
    std::filesystem::remove_all(dir);
}

// A materialized view's inner stream takes ALTER ... MODIFY SETTING at once, keeps receiving its
// rows (the runner appends through the same log), and has the limits again after a restart.
TEST(EngineReopen, MaterializedViewRetentionIsAlteredLiveAndKeptOverARestart)
{
    auto dir = std::filesystem::temp_directory_path() / ("tideline-reopen-mv-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    EngineOptions o;
    o.dataDir = dir.string();
    o.fsync = false;
    auto countRows = [](Session &session, const char *sql) {
        auto cursor = session.execute(sql);
        EXPECT_TRUE(cursor.isOk()) << cursor.status().message();
        size_t rows = 0;
        Block block;
        while (cursor.isOk() && (*cursor)->next(block).value())
            rows += block.rows();
        return rows;
    };
    {
        auto engine = Engine::open(o);
        ASSERT_TRUE(engine.isOk()) << engine.status().message();
        auto session = (*engine)->createSession();
        ASSERT_TRUE(session->execute("CREATE STREAM s (a int32)").isOk());
        ASSERT_TRUE(session->execute("CREATE MATERIALIZED VIEW mv AS SELECT a FROM s").isOk());
        ASSERT_TRUE(session->execute("CREATE VIEW v AS SELECT a FROM s").isOk());
        ASSERT_TRUE(session->execute("ALTER STREAM mv MODIFY SETTING logstore_retention_ms=3600000").isOk());
        EXPECT_EQ(session->execute("ALTER STREAM v MODIFY SETTING logstore_retention_ms=1").status().code(), static_cast<int>(ErrorCode::NotImplemented));
        EXPECT_EQ((*engine)->find("default", "mv")->log->options().retentionMs, 3600000);
        ASSERT_TRUE(session->execute("INSERT INTO s (a) VALUES (1), (2)").isOk());
        ASSERT_TRUE((*engine)->waitForViews(10000));
        EXPECT_EQ(countRows(*session, "SELECT a FROM table(mv)"), 2u);
    }
    auto engine = Engine::open(o);
    ASSERT_TRUE(engine.isOk()) << engine.status().message();
    auto info = (*engine)->find("default", "mv");
    ASSERT_TRUE(info && info->log);
    EXPECT_EQ(info->log->options().retentionMs, 3600000);
    std::filesystem::remove_all(dir);
}
