// Soak check (issue 3 acceptance): a streaming 1-s tumble aggregation over a stream that another
// thread feeds while the query runs gives exactly the windows that tumble(table(s), ...) gives
// over the same data afterwards. The feeder writes 60 s of event time in many INSERT blocks
// (rows shuffled within each block, never late across blocks), then one row far ahead that
// closes every window. The query thread reads with next(), woken by the appends.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unistd.h>

#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"

using namespace tideline::engine;

namespace {

constexpr int kSeconds = 60;
constexpr int kBlocksPerSecond = 10;
constexpr int kRowsPerBlock = 40;
constexpr int kKeys = 25;
constexpr int64_t kStartMs = 1706090400000; // 2024-01-24 10:00:00 UTC

// "window_start_ms key" -> (count, sum)
using Windows = std::map<std::string, std::pair<uint64_t, int64_t>>;

void collect(const Block &b, Windows &out)
{
    for (size_t r = 0; r < b.rows(); ++r) {
        std::string key = std::to_string(b.at(0).column->data<int64_t>()[r]) + " " + std::to_string(b.at(1).column->data<int32_t>()[r]);
        out[key] = {b.at(2).column->data<uint64_t>()[r], b.at(3).column->data<int64_t>()[r]};
    }
}

std::string insertSql(int second, int block, std::mt19937 &rng)
{
    std::vector<std::string> rows;
    for (int i = 0; i < kRowsPerBlock; ++i) {
        // Rows spread over this block's slice of the second, in shuffled order.
        int64_t ms = kStartMs + second * 1000LL + block * (1000 / kBlocksPerSecond) + i % (1000 / kBlocksPerSecond);
        int key = static_cast<int>(rng() % kKeys);
        rows.push_back("(" + std::to_string(key) + ", " + std::to_string(i + block) + ", to_datetime64(" + std::to_string(ms / 1000) + "." +
                       std::to_string(1000 + ms % 1000).substr(1) + ", 3, 'UTC'))");
    }
    std::shuffle(rows.begin(), rows.end(), rng);
    std::string sql = "INSERT INTO s (k, v, ts) VALUES ";
    for (size_t i = 0; i < rows.size(); ++i)
        sql += (i ? ", " : "") + rows[i];
    return sql;
}

} // namespace

TEST(StreamingSoak, TumbleOverAFedStreamEqualsTumbleOverTheTableAfterwards)
{
    auto dir = std::filesystem::temp_directory_path() / ("tideline-soak-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    EngineOptions o;
    o.dataDir = dir.string();
    o.fsync = false;
    auto engine = Engine::open(o);
    ASSERT_TRUE(engine.isOk()) << engine.status().message();
    auto session = (*engine)->createSession();
    ASSERT_TRUE(session->execute("CREATE STREAM s (k int32, v int64, ts datetime64(3, 'UTC')) SETTINGS event_time_column='ts'").isOk());
    const std::string select = "SELECT window_start, k, count(), sum(v) FROM tumble(s, ts, 1s) GROUP BY window_start, k";
    auto cursor = session->execute(select);
    ASSERT_TRUE(cursor.isOk()) << cursor.status().message();

    std::thread feeder([&] {
        auto writer = (*engine)->createSession();
        std::mt19937 rng(42);
        for (int second = 0; second < kSeconds; ++second)
            for (int block = 0; block < kBlocksPerSecond; ++block)
                ASSERT_TRUE(writer->execute(insertSql(second, block, rng)).isOk());
        // Far ahead: closes every window above; its own window stays open.
        ASSERT_TRUE(writer->execute("INSERT INTO s (k, v, ts) VALUES (0, 0, to_datetime64(" + std::to_string(kStartMs / 1000 + kSeconds + 10) + ", 3, 'UTC'))").isOk());
    });
    Windows streamed;
    std::set<int64_t> seconds;
    while (seconds.size() < static_cast<size_t>(kSeconds)) {
        Block b;
        auto more = (*cursor)->next(b);
        ASSERT_TRUE(more.isOk() && *more) << more.status().message();
        collect(b, streamed);
        for (size_t r = 0; r < b.rows(); ++r)
            seconds.insert(b.at(0).column->data<int64_t>()[r]);
    }
    feeder.join();
    (*cursor)->cancel();

    Windows bounded;
    auto table = session->execute("SELECT window_start, k, count(), sum(v) FROM tumble(table(s), ts, 1s) WHERE ts < to_datetime64(" +
                                  std::to_string(kStartMs / 1000 + kSeconds) + ", 3, 'UTC') GROUP BY window_start, k");
    ASSERT_TRUE(table.isOk()) << table.status().message();
    Block b;
    while (*(*table)->next(b))
        collect(b, bounded);
    EXPECT_EQ(streamed.size(), bounded.size());
    EXPECT_TRUE(streamed == bounded) << "the streaming windows differ from the bounded ones";
    session.reset();
    engine->reset();
    std::filesystem::remove_all(dir);
}
