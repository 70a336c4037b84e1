// Stream stats carry real traffic: written and read rates over the last 30 minutes and an
// hourly history (historyDays 1..7) that survives a restart, all on the injected clock.
#include <QJsonArray>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include "engine/common/Clock.h"
#include "engine/exec/Engine.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "workspace/StreamCatalog.h"
#include "workspace/StreamMetrics.h"
#include "workspace/Workspace.h"

using namespace tideline;
using namespace tideline::workspace;

namespace {

constexpr int64_t kSecond = 1000000000LL;
constexpr int64_t kStart = 1767225600LL * kSecond; // 2026-01-01T00:00:00Z

class StreamMetricsTest : public ::testing::Test {
protected:
    void open()
    {
        auto ws = Workspace::open({.dataDir = m_dir.path(), .clock = &m_clock});
        ASSERT_TRUE(ws) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
    }
    void readAll(const char *sql)
    {
        engine::Session session(m_ws->engine());
        auto cursor = session.execute(sql);
        ASSERT_TRUE(cursor) << cursor.status().message();
        engine::Block block;
        for (;;) {
            auto more = (*cursor)->next(block);
            ASSERT_TRUE(more);
            if (!*more)
                break;
        }
    }
    QJsonObject stats(int historyDays)
    {
        auto s = m_ws->streams().stats(QStringLiteral("stream"), QStringLiteral("s"), historyDays);
        EXPECT_TRUE(s) << (s ? "" : s.failure().message.toStdString());
        return s ? *s : QJsonObject();
    }

    QTemporaryDir m_dir;
    engine::ManualClock m_clock{kStart + 10 * 60 * kSecond}; // 00:10
    std::unique_ptr<Workspace> m_ws;
};

TEST_F(StreamMetricsTest, RatesCountWrittenAndReadRowsOverTheTrackedTime)
{
    open();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("CREATE STREAM s (id int32)")));
    m_ws->metrics().sample(); // tracking starts: nothing moved yet
    QJsonObject idle = stats(0);
    EXPECT_EQ(idle.value(QStringLiteral("written_eps")).toDouble(), 0.0);
    EXPECT_FALSE(idle.contains(QStringLiteral("history")));

    ASSERT_TRUE(m_ws->execute(QStringLiteral("INSERT INTO s (id) VALUES (1), (2), (3), (4), (5), (6)")));
    readAll("SELECT * FROM table(s)");
    readAll("SELECT * FROM table(s)");
    m_clock.advance(60 * kSecond); // six rows written and twelve read within one minute
    QJsonObject busy = stats(0);
    EXPECT_DOUBLE_EQ(busy.value(QStringLiteral("written_eps")).toDouble(), 6.0 / 60);
    EXPECT_DOUBLE_EQ(busy.value(QStringLiteral("read_eps")).toDouble(), 12.0 / 60);
    EXPECT_GT(busy.value(QStringLiteral("written_bps")).toDouble(), 0.0);
    EXPECT_DOUBLE_EQ(busy.value(QStringLiteral("read_bps")).toDouble(), 2 * busy.value(QStringLiteral("written_bps")).toDouble());

    m_clock.advance(31 * 60 * kSecond); // past the 30-minute window: the rates fall back to zero
    QJsonObject later = stats(0);
    EXPECT_EQ(later.value(QStringLiteral("written_eps")).toDouble(), 0.0);
    EXPECT_EQ(later.value(QStringLiteral("read_eps")).toDouble(), 0.0);
}

TEST_F(StreamMetricsTest, HistoryHasOnePointPerHourWithinTheDaysAskedAndSurvivesARestart)
{
    open();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("CREATE STREAM s (id int32)")));
    m_ws->metrics().sample();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("INSERT INTO s (id) VALUES (1), (2), (3)")));
    m_ws->metrics().sample(); // 00:10 hour 0
    m_clock.advance(2 * 3600 * kSecond); // 02:10
    ASSERT_TRUE(m_ws->execute(QStringLiteral("INSERT INTO s (id) VALUES (4)")));
    QJsonArray history = stats(1).value(QStringLiteral("history")).toArray();
    ASSERT_EQ(history.size(), 2);
    EXPECT_EQ(history[0].toObject().value(QStringLiteral("start_time")).toString().toStdString(), "2026-01-01T00:00:00Z");
    EXPECT_DOUBLE_EQ(history[0].toObject().value(QStringLiteral("written_eps")).toDouble(), 3.0 / 3600);
    EXPECT_EQ(history[1].toObject().value(QStringLiteral("start_time")).toString().toStdString(), "2026-01-01T02:00:00Z");
    EXPECT_DOUBLE_EQ(history[1].toObject().value(QStringLiteral("written_eps")).toDouble(), 1.0 / 600); // the running hour: 10 min

    m_ws.reset(); // a clean stop stores the history
    open();
    m_clock.advance(2 * 24 * 3600 * kSecond); // two days later: only a 3-day window still sees it
    EXPECT_EQ(stats(1).value(QStringLiteral("history")).toArray().size(), 0);
    EXPECT_EQ(stats(3).value(QStringLiteral("history")).toArray().size(), 2);
}

TEST_F(StreamMetricsTest, HistoryDaysOutsideOneToSevenIsRefusedAndADroppedStreamTakesItsHistoryAlong)
{
    open();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("CREATE STREAM s (id int32)")));
    auto tooMany = m_ws->streams().stats(QStringLiteral("stream"), QStringLiteral("s"), 8);
    ASSERT_FALSE(tooMany);
    EXPECT_EQ(tooMany.failure().httpStatus, 400);

    m_ws->metrics().sample();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("INSERT INTO s (id) VALUES (1)")));
    EXPECT_EQ(stats(1).value(QStringLiteral("history")).toArray().size(), 1);
    ASSERT_TRUE(m_ws->execute(QStringLiteral("DROP STREAM s")));
    ASSERT_TRUE(m_ws->execute(QStringLiteral("CREATE STREAM s (id int32)")));
    EXPECT_EQ(stats(1).value(QStringLiteral("history")).toArray().size(), 0);
}

} // namespace
