// Streaming tail queries through the Engine facade: registration position, filters, LIMIT
// termination, cancellation, seek_to, and enrichment with table(dim). No sleeps: the cursor
// reads synchronously, and rows are inserted before next() is called.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"

using namespace tideline::engine;

namespace {

class StreamingQuery : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() / ("tideline-stream-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        EngineOptions o;
        o.dataDir = m_dir.string();
        o.fsync = false;
        o.clock = &m_clock;
        auto e = Engine::open(o);
        ASSERT_TRUE(e.isOk()) << e.status().message();
        m_engine = std::move(*e);
        m_session = m_engine->createSession();
        run("CREATE STREAM s (a int32, b string)");
    }
    void TearDown() override
    {
        m_session.reset();
        m_engine.reset();
        std::filesystem::remove_all(m_dir);
    }
    void run(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        ASSERT_TRUE(r.isOk()) << sql << ": " << r.status().message();
    }
    std::unique_ptr<QueryCursor> query(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        EXPECT_TRUE(r.isOk()) << sql << ": " << r.status().message();
        return r.isOk() ? std::move(*r) : nullptr;
    }
    // The int32 values of column 0 of the next block.
    std::vector<int32_t> nextInts(QueryCursor &c)
    {
        Block b;
        auto more = c.next(b);
        EXPECT_TRUE(more.isOk()) << more.status().message();
        std::vector<int32_t> out;
        if (more.isOk() && *more)
            for (size_t i = 0; i < b.rows(); ++i)
                out.push_back(b.at(0).column->data<int32_t>()[i]);
        return out;
    }

    std::filesystem::path m_dir;
    ManualClock m_clock{1700000000000000000LL};
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Session> m_session;
};

} // namespace

TEST_F(StreamingQuery, SeesOnlyRowsInsertedAfterItStartsAndEndsAtLimit)
{
    run("INSERT INTO s (a, b) VALUES (1, 'old')");
    auto c = query("SELECT a FROM s WHERE a % 2 = 0 LIMIT 3");
    ASSERT_TRUE(c && c->isStreaming());
    run("INSERT INTO s (a, b) VALUES (2, 'x'), (3, 'y'), (4, 'z')");
    EXPECT_EQ(nextInts(*c), (std::vector<int32_t>{2, 4}));
    run("INSERT INTO s (a, b) VALUES (6, 'x'), (8, 'y')");
    EXPECT_EQ(nextInts(*c), (std::vector<int32_t>{6}));
    Block b;
    auto more = c->next(b);
    ASSERT_TRUE(more.isOk());
    EXPECT_FALSE(*more) << "LIMIT 3 ends the streaming query";
}

TEST_F(StreamingQuery, SeekToEarliestReplaysHistoryThenContinues)
{
    run("INSERT INTO s (a, b) VALUES (1, 'a')");
    run("INSERT INTO s (a, b) VALUES (2, 'b')");
    auto c = query("SELECT a, _tp_sn FROM s SETTINGS seek_to='earliest'");
    ASSERT_TRUE(c);
    EXPECT_EQ(nextInts(*c), (std::vector<int32_t>{1}));
    EXPECT_EQ(nextInts(*c), (std::vector<int32_t>{2}));
    run("INSERT INTO s (a, b) VALUES (3, 'c')");
    EXPECT_EQ(nextInts(*c), (std::vector<int32_t>{3}));

    auto bySn = query("SELECT a FROM s SETTINGS seek_to='1'");
    EXPECT_EQ(nextInts(*bySn), (std::vector<int32_t>{2}));
}

TEST_F(StreamingQuery, CancelFromAnotherThreadEndsAWaitingQueryWith394)
{
    auto c = query("SELECT a FROM s");
    ASSERT_TRUE(c);
    std::thread canceller([&] { c->cancel(); });
    Block b;
    auto more = c->next(b); // waits for data until the cancel arrives
    canceller.join();
    ASSERT_FALSE(more.isOk());
    EXPECT_EQ(more.status().code(), 394);
}

TEST_F(StreamingQuery, EnrichesWithATableJoinAndRejectsUnsupportedShapes)
{
    run("CREATE STREAM dim (a int32, label string)");
    run("INSERT INTO dim (a, label) VALUES (1, 'one'), (2, 'two')");
    auto c = query("SELECT s.a, d.label FROM s JOIN table(dim) AS d ON s.a = d.a");
    ASSERT_TRUE(c);
    run("INSERT INTO s (a, b) VALUES (2, 'x'), (5, 'y'), (1, 'z')");
    Block b;
    auto more = c->next(b);
    ASSERT_TRUE(more.isOk() && *more);
    ASSERT_EQ(b.rows(), 2u);
    EXPECT_EQ(b.at(1).column->stringAt(0), "two");
    EXPECT_EQ(b.at(1).column->stringAt(1), "one");

    EXPECT_EQ(m_session->execute("SELECT a FROM s EMIT PERIODIC 1s").status().code(), 80);
    EXPECT_EQ(m_session->execute("SELECT * FROM s RIGHT JOIN table(dim) AS d ON s.a = d.a").status().code(), 48);
}

namespace {
// Rows of a block as "v1\tv2" strings of its uint64/string columns, for compact assertions.
std::vector<std::string> rowsOf(const Block &b)
{
    std::vector<std::string> out(b.rows());
    for (size_t r = 0; r < b.rows(); ++r)
        for (size_t c = 0; c < b.columnCount(); ++c) {
            const Column &col = *b.at(c).column;
            std::string v = col.type()->kind == TypeKind::String ? std::string(col.stringAt(r)) : std::to_string(col.data<uint64_t>()[r]);
            out[r] += (c ? "\t" : "") + v;
        }
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

TEST_F(StreamingQuery, GlobalAggregationEmitsAllGroupsOnEachPeriodWithNewData)
{
    auto c = query("SELECT b, count() FROM s GROUP BY b");
    ASSERT_TRUE(c);
    Block b;
    run("INSERT INTO s (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'x')");
    auto p = c->poll(b);
    ASSERT_TRUE(p.isOk());
    EXPECT_EQ(*p, Pull::Pending) << "nothing before the first 2 s tick";
    m_clock.advance(2000000000);
    p = c->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block);
    EXPECT_EQ(rowsOf(b), (std::vector<std::string>{"x\t2", "y\t1"}));
    m_clock.advance(2000000000);
    p = c->poll(b);
    EXPECT_EQ(*p, Pull::Pending) << "no new rows: no emit";
    run("INSERT INTO s (a, b) VALUES (4, 'z')");
    m_clock.advance(2000000000);
    p = c->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block);
    EXPECT_EQ(rowsOf(b), (std::vector<std::string>{"x\t2", "y\t1", "z\t1"})) << "the full result, all groups";
}

TEST_F(StreamingQuery, EmitOnUpdateSendsOnlyChangedGroupsPerBlock)
{
    auto c = query("SELECT b, count() FROM s GROUP BY b EMIT ON UPDATE");
    ASSERT_TRUE(c);
    run("INSERT INTO s (a, b) VALUES (1, 'x'), (2, 'y')");
    Block b;
    auto p = c->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block);
    EXPECT_EQ(rowsOf(b), (std::vector<std::string>{"x\t1", "y\t1"}));
    run("INSERT INTO s (a, b) VALUES (3, 'y')");
    p = c->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block);
    EXPECT_EQ(rowsOf(b), (std::vector<std::string>{"y\t2"}));
}

TEST_F(StreamingQuery, PeriodicEmitWithLimitEndsTheQuery)
{
    auto c = query("SELECT count() FROM s EMIT PERIODIC 1s LIMIT 1");
    ASSERT_TRUE(c);
    run("INSERT INTO s (a, b) VALUES (1, 'x')");
    m_clock.advance(1000000000);
    Block b;
    auto p = c->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block);
    EXPECT_EQ(rowsOf(b), (std::vector<std::string>{"1"}));
    p = c->poll(b);
    ASSERT_TRUE(p.isOk());
    EXPECT_EQ(*p, Pull::End);
}
