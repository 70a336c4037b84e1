// Streaming tail queries through the Engine facade: registration position, filters, LIMIT
// termination, cancellation, seek_to, and enrichment with table(dim). No sleeps: the cursor
// reads synchronously, and rows are inserted before next() is called.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "EngineFixture.h"

using namespace tideline::engine;

namespace {

class StreamingQuery : public EngineFixture {
protected:
    void SetUp() override
    {
        EngineFixture::SetUp();
        run("CREATE STREAM s (a int32, b string)");
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

namespace {
// "id<TAB>window_start" rows (string column 0, datetime64 column 1 rendered as ms).
std::vector<std::string> windowRows(const Block &b)
{
    std::vector<std::string> out;
    for (size_t r = 0; r < b.rows(); ++r)
        out.push_back(std::string(b.at(0).column->stringAt(r)) + "\t" + std::to_string(b.at(1).column->data<int64_t>()[r]));
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

// streaming-examples.md, example 2: the watermark moves once per block to the start of the
// window of the block's max event time; [:00,:05) closes when :10 arrives; empty [:05,:10)
// emits nothing; [:10,:15) stays open.
TEST_F(StreamingQuery, TumbleEmitsEachClosedWindowOnceAfterTheWatermark)
{
    run("CREATE STREAM smoke (id string, value float32, timestamp datetime64(3) DEFAULT now64(3)) SETTINGS event_time_column='timestamp'");
    auto c = query("SELECT id, window_start, max(value) FROM tumble(smoke, timestamp, interval 5 second) GROUP BY id, window_start, window_end EMIT STREAM");
    ASSERT_TRUE(c);
    Block b;
    run("INSERT INTO smoke (id, value, timestamp) VALUES ('dev1', 57.3, '2020-02-02 20:00:00'), ('dev2', 58.3, '2020-02-02 20:00:03')");
    EXPECT_EQ(*c->poll(b), Pull::Pending);
    run("INSERT INTO smoke (id, value, timestamp) VALUES ('dev6', 66, '2020-02-02 20:00:04')");
    EXPECT_EQ(*c->poll(b), Pull::Pending);
    run("INSERT INTO smoke (id, value, timestamp) VALUES ('dev8', 67, '2020-02-02 20:00:10')");
    ASSERT_EQ(*c->poll(b), Pull::Block);
    const std::string start = "1580673600000"; // 2020-02-02 20:00:00 UTC in ms
    EXPECT_EQ(windowRows(b), (std::vector<std::string>{"dev1\t" + start, "dev2\t" + start, "dev6\t" + start}));
    EXPECT_EQ(*c->poll(b), Pull::Pending) << "[:10,:15) is still open";
}

// streaming-examples.md, example 3: WITH DELAY 2s, and rows below the watermark dropped as late.
TEST_F(StreamingQuery, DelayedWatermarkDropsLateRows)
{
    run("CREATE STREAM smoke (id string, value float32, timestamp datetime64(3)) SETTINGS event_time_column='timestamp'");
    auto c = query("SELECT to_string(value), window_start, count(*) FROM tumble(smoke, timestamp, interval 5 second) "
                   "GROUP BY window_start, window_end, value EMIT STREAM AFTER WATERMARK WITH DELAY interval 2 second");
    ASSERT_TRUE(c);
    Block b;
    std::vector<std::string> emitted;
    for (auto [ts, v] : std::vector<std::pair<const char *, const char *>>{{"30", "57.3"}, {"31", "57.3"}, {"32", "57.3"}, {"50", "59.3"}, {"34", "58.3"}, {"37", "58.3"}, {"45", "58.3"}}) {
        run(std::string("INSERT INTO smoke (id, value, timestamp) VALUES ('d', ") + v + ", '2020-02-02 20:00:" + ts + "')");
        while (*c->poll(b) == Pull::Block)
            for (size_t r = 0; r < b.rows(); ++r)
                emitted.push_back(std::string(b.at(0).column->stringAt(r)) + "\t" + std::to_string(b.at(1).column->data<int64_t>()[r]) + "\t"
                                  + std::to_string(b.at(2).column->data<uint64_t>()[r]));
    }
    EXPECT_EQ(emitted, (std::vector<std::string>{"57.3\t1580673630000\t3"}));
}

namespace {
std::vector<std::string> column0(Session &session, const std::string &sql)
{
    auto c = session.execute(sql);
    EXPECT_TRUE(c.isOk()) << sql << ": " << c.status().message();
    std::vector<std::string> out;
    if (!c.isOk())
        return out;
    Block b;
    while (true) {
        auto more = (*c)->next(b);
        if (!more.isOk() || !*more)
            break;
        for (size_t r = 0; r < b.rows(); ++r) {
            const Column &col = *b.at(0).column;
            out.push_back(col.type()->kind == TypeKind::Int32 ? std::to_string(col.data<int32_t>()[r]) : std::to_string(col.data<int64_t>()[r]));
        }
    }
    return out;
}
} // namespace

// streaming-examples.md, example 1, plus a restart: the view resumes from its stored position,
// so rows inserted while it was down are processed once and nothing is repeated.
TEST_F(StreamingQuery, MaterializedViewsWriteResultsAndResumeAfterRestart)
{
    run("CREATE STREAM src (i int32)");
    run("CREATE STREAM tgt (ii int32)");
    run("CREATE MATERIALIZED VIEW mv INTO tgt AS SELECT _tp_time, i + 1 AS ii FROM src");
    run("CREATE MATERIALIZED VIEW inner_mv AS SELECT to_int64(i * 10) AS x FROM src");
    run("INSERT INTO src (i) VALUES (1), (2), (3)");
    // No explicit wait: a table() read waits for the views that write the stream it reads.
    EXPECT_EQ(column0(*m_session, "SELECT ii FROM table(mv) ORDER BY ii"), (std::vector<std::string>{"2", "3", "4"}));
    EXPECT_EQ(column0(*m_session, "SELECT ii FROM table(tgt) ORDER BY ii"), (std::vector<std::string>{"2", "3", "4"}));
    EXPECT_EQ(column0(*m_session, "SELECT x FROM table(inner_mv) ORDER BY x"), (std::vector<std::string>{"10", "20", "30"}));
    EXPECT_EQ(m_session->execute("DROP STREAM src").status().code(), 630);

    open(); // again, on the same folder
    run("INSERT INTO src (i) VALUES (4)");
    ASSERT_TRUE(m_engine->waitForViews(10000));
    EXPECT_EQ(column0(*m_session, "SELECT ii FROM table(tgt) ORDER BY ii"), (std::vector<std::string>{"2", "3", "4", "5"}));
    EXPECT_EQ(column0(*m_session, "SELECT x FROM table(inner_mv) ORDER BY x"), (std::vector<std::string>{"10", "20", "30", "40"}));
    run("DROP VIEW mv");
    run("DROP VIEW inner_mv");
    run("DROP STREAM src");
}
