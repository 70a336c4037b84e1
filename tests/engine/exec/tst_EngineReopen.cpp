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
