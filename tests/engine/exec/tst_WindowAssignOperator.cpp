#include <gtest/gtest.h>

#include "engine/exec/WindowAssignOperator.h"
#include "engine/formats/TimeZones.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

using Kind = WindowAssignSpec::Kind;

ColumnPtr dt(std::initializer_list<uint32_t> v) { return col<uint32_t>(makeDateTime(), v); }
ColumnPtr dt64(std::initializer_list<int64_t> v) { return col<int64_t>(makeDateTime64(3), v); }

int64_t epoch(int64_t y, int m, int d) { return daysFromCivil(y, m, d) * 86400; }

struct Windows {
    std::vector<int64_t> starts, ends;
    std::vector<int64_t> ids; // column 0 as int64 (the row id)
    std::vector<std::string> names;
};

int64_t tickAt(const Column &c, size_t r)
{
    return c.type()->kind == TypeKind::DateTime ? c.data<uint32_t>()[r] : c.data<int64_t>()[r];
}

Windows run(WindowAssignSpec spec, std::vector<Block> in, DataTypePtr timeType)
{
    WindowAssignOperator op(source(std::move(in)), std::move(spec), std::move(timeType));
    Windows w;
    Block b;
    while (op.pull(b) == Pull::Block) {
        size_t n = b.columnCount();
        w.names.clear();
        for (const auto &c : b.columns())
            w.names.push_back(c.name);
        for (size_t r = 0; r < b.rows(); ++r) {
            w.ids.push_back(b.at(0).column->data<int64_t>()[r]);
            w.starts.push_back(tickAt(*b.at(n - 2).column, r));
            w.ends.push_back(tickAt(*b.at(n - 1).column, r));
        }
    }
    return w;
}

WindowAssignSpec tumble(IntervalUnit unit, int64_t count, std::string tz = {})
{
    WindowAssignSpec s;
    s.kind = Kind::Tumble;
    s.timeColumn = 1;
    s.size = {unit, count};
    s.timezone = std::move(tz);
    return s;
}

int errorCode(const std::function<void()> &f)
{
    try {
        f();
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

using V = std::vector<int64_t>;

} // namespace

TEST(WindowAssignOperator, TumbleSeconds)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4})}, {"ts", dt({0, 4, 5, 12})}}));
    auto w = run(tumble(IntervalUnit::Second, 5), std::move(in), makeDateTime());
    EXPECT_EQ(w.names, (std::vector<std::string>{"id", "ts", "window_start", "window_end"}));
    EXPECT_EQ(w.starts, (V{0, 0, 5, 10}));
    EXPECT_EQ(w.ends, (V{5, 5, 10, 15}));
}

TEST(WindowAssignOperator, TumbleRendersWithTheTimeColumnType)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1})}, {"ts", dt({1600000003})}}));
    WindowAssignOperator op(source(std::move(in)), tumble(IntervalUnit::Second, 5), makeDateTime());
    auto d = drain(op);
    EXPECT_EQ(d.types[2], makeDateTime()->name());
    EXPECT_EQ(d.rows, (Rows{"1,'2020-09-13 12:26:43','2020-09-13 12:26:40','2020-09-13 12:26:45'"}));
}

TEST(WindowAssignOperator, TumbleDateTime64BeforeEpoch)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4})}, {"ts", dt64({0, 1499, 1500, -1})}}));
    auto w = run(tumble(IntervalUnit::Millisecond, 1500), std::move(in), makeDateTime64(3));
    EXPECT_EQ(w.starts, (V{0, 0, 1500, -1500}));
    EXPECT_EQ(w.ends, (V{1500, 1500, 3000, 0}));
}

TEST(WindowAssignOperator, TumbleCalendarUnits)
{
    auto one = [](IntervalUnit unit, int64_t count, int64_t t, std::string tz = {}) {
        std::vector<Block> in;
        in.push_back(block({{"id", i64({1})}, {"ts", col<uint32_t>(makeDateTime(), {static_cast<uint32_t>(t)})}}));
        auto w = run(tumble(unit, count, tz), std::move(in), makeDateTime());
        return std::make_pair(w.starts.at(0), w.ends.at(0));
    };
    EXPECT_EQ(one(IntervalUnit::Month, 1, epoch(2020, 2, 15) + 3600), std::make_pair(epoch(2020, 2, 1), epoch(2020, 3, 1)));
    EXPECT_EQ(one(IntervalUnit::Quarter, 1, epoch(2020, 5, 10)), std::make_pair(epoch(2020, 4, 1), epoch(2020, 7, 1)));
    EXPECT_EQ(one(IntervalUnit::Year, 2, epoch(2021, 6, 1)), std::make_pair(epoch(2020, 1, 1), epoch(2022, 1, 1)));
    // Weeks start on Monday: 1970-01-08 is a Thursday.
    EXPECT_EQ(one(IntervalUnit::Week, 1, epoch(1970, 1, 8)), std::make_pair(epoch(1970, 1, 5), epoch(1970, 1, 12)));
    EXPECT_EQ(one(IntervalUnit::Day, 1, epoch(2020, 1, 1) + 7200), std::make_pair(epoch(2020, 1, 1), epoch(2020, 1, 2)));
    // Day windows follow local midnight in the given zone (UTC+8: 20:00 UTC is 04:00 next day).
    EXPECT_EQ(one(IntervalUnit::Day, 1, 72000, "Asia/Shanghai"), std::make_pair(int64_t(57600), int64_t(144000)));
    EXPECT_EQ(one(IntervalUnit::Month, 1, epoch(2020, 3, 1) + 3600, "Asia/Shanghai"), std::make_pair(epoch(2020, 3, 1) - 28800, epoch(2020, 4, 1) - 28800));
}

TEST(WindowAssignOperator, HopReplicatesPerWindow)
{
    WindowAssignSpec s;
    s.kind = Kind::Hop;
    s.timeColumn = 1;
    s.slide = {IntervalUnit::Second, 2};
    s.size = {IntervalUnit::Second, 5};
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2})}, {"ts", dt({7, 6})}}));
    auto w = run(s, std::move(in), makeDateTime());
    EXPECT_EQ(w.ids, (V{1, 1, 2, 2, 2}));
    EXPECT_EQ(w.starts, (V{4, 6, 2, 4, 6}));
    EXPECT_EQ(w.ends, (V{9, 11, 7, 9, 11}));
}

TEST(WindowAssignOperator, HopMixedFixedUnits)
{
    WindowAssignSpec s;
    s.kind = Kind::Hop;
    s.timeColumn = 1;
    s.slide = {IntervalUnit::Millisecond, 500};
    s.size = {IntervalUnit::Second, 1};
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1})}, {"ts", dt64({1200})}}));
    auto w = run(s, std::move(in), makeDateTime64(3));
    EXPECT_EQ(w.starts, (V{500, 1000}));
    EXPECT_EQ(w.ends, (V{1500, 2000}));
}

TEST(WindowAssignOperator, Errors)
{
    auto make = [](WindowAssignSpec s, DataTypePtr t) { WindowAssignOperator op(source({}), std::move(s), std::move(t)); };
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Second, 5), makeType(TypeKind::Date)); }), 43);
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Second, 5), makeType(TypeKind::Date32)); }), 43);
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Millisecond, 1), makeDateTime()); }), 36);
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Microsecond, 1), makeDateTime64(3)); }), 36);
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Second, 0), makeDateTime()); }), 36);
    EXPECT_EQ(errorCode([&] { make(tumble(IntervalUnit::Second, 1), makeDateTime64(3)); }), 0);
    WindowAssignSpec hop;
    hop.kind = Kind::Hop;
    hop.slide = {IntervalUnit::Second, 6};
    hop.size = {IntervalUnit::Second, 5};
    EXPECT_EQ(errorCode([&] { make(hop, makeDateTime()); }), 36);
    hop.slide = {IntervalUnit::Day, 1};
    hop.size = {IntervalUnit::Month, 1};
    EXPECT_EQ(errorCode([&] { make(hop, makeDateTime()); }), 36);
    WindowAssignSpec session;
    session.kind = Kind::Session;
    session.size = {IntervalUnit::Month, 1};
    EXPECT_EQ(errorCode([&] { make(session, makeDateTime()); }), 36);
}

TEST(WindowAssignOperator, SessionPerPartition)
{
    WindowAssignSpec s;
    s.kind = Kind::Session;
    s.timeColumn = 1;
    s.size = {IntervalUnit::Second, 5};
    s.partitionKeys = {2};
    std::vector<Block> in;
    // Out of time order on purpose, split across blocks.
    in.push_back(block({{"id", i64({1, 2, 3})}, {"ts", dt({3, 0, 100})}, {"k", str({"a", "a", "b"})}}));
    in.push_back(block({{"id", i64({4, 5, 6})}, {"ts", dt({9, 21, 20})}, {"k", str({"a", "a", "a"})}}));
    auto w = run(s, std::move(in), makeDateTime());
    EXPECT_EQ(w.ids, (V{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(w.starts, (V{0, 0, 100, 9, 20, 20}));
    EXPECT_EQ(w.ends, (V{8, 8, 101, 14, 22, 22}));
}

TEST(WindowAssignOperator, SessionMaxLengthAndTicks)
{
    WindowAssignSpec s;
    s.kind = Kind::Session;
    s.timeColumn = 1;
    s.size = {IntervalUnit::Second, 5};
    s.maxLength = {IntervalUnit::Second, 10};
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4, 5})}, {"ts", dt64({0, 4000, 8000, 12000, 13000})}}));
    auto w = run(s, std::move(in), makeDateTime64(3));
    EXPECT_EQ(w.starts, (V{0, 0, 0, 12000, 12000}));
    EXPECT_EQ(w.ends, (V{10000, 10000, 10000, 13001, 13001}));
    // Default max length is 5 x idle: events every 4s keep extending until 25s.
    s.maxLength = {};
    std::vector<Block> in2;
    in2.push_back(block({{"id", i64({1, 2, 3, 4, 5, 6, 7, 8})}, {"ts", dt64({0, 4000, 8000, 12000, 16000, 20000, 24000, 28000})}}));
    auto w2 = run(s, std::move(in2), makeDateTime64(3));
    EXPECT_EQ(w2.starts, (V{0, 0, 0, 0, 0, 0, 0, 28000}));
    EXPECT_EQ(w2.ends, (V{25000, 25000, 25000, 25000, 25000, 25000, 25000, 28001}));
}

TEST(WindowAssignOperator, SessionEmptyInput)
{
    WindowAssignSpec s;
    s.kind = Kind::Session;
    s.timeColumn = 1;
    s.size = {IntervalUnit::Second, 5};
    WindowAssignOperator op(source({}), s, makeDateTime());
    Block b;
    EXPECT_EQ(op.pull(b), Pull::End);
}

TEST(WindowAssignOperator, HopDaysInTimeZoneAndPendingSession)
{
    WindowAssignSpec s;
    s.kind = Kind::Hop;
    s.timeColumn = 1;
    s.slide = {IntervalUnit::Day, 1};
    s.size = {IntervalUnit::Day, 2};
    s.timezone = "Asia/Shanghai";
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1})}, {"ts", dt({72000 + 10 * 86400})}})); // 1970-01-12 04:00 local
    auto w = run(s, std::move(in), makeDateTime());
    const int64_t day = 86400, midnight = 57600 + 10 * day; // local midnight of that day, in UTC
    EXPECT_EQ(w.starts, (V{midnight - day, midnight}));
    EXPECT_EQ(w.ends, (V{midnight + day, midnight + 2 * day}));

    WindowAssignSpec session;
    session.kind = Kind::Session;
    session.timeColumn = 1;
    session.size = {IntervalUnit::Second, 5};
    std::vector<Block> blocks;
    blocks.push_back(block({{"id", i64({1})}, {"ts", dt({10})}}));
    blocks.push_back(block({{"id", i64({2})}, {"ts", dt({12})}}));
    WindowAssignOperator op(pendingSource(std::move(blocks)), session, makeDateTime());
    auto d = drain(op);
    EXPECT_GT(d.pendings, 0u);
    EXPECT_EQ(d.rows, (Rows{"1,'1970-01-01 00:00:10','1970-01-01 00:00:10','1970-01-01 00:00:13'", "2,'1970-01-01 00:00:12','1970-01-01 00:00:10','1970-01-01 00:00:13'"}));
}

TEST(WindowAssignOperator, TumbleMonthOnDateTime64)
{
    std::vector<Block> in;
    int64_t t = (epoch(2021, 12, 31) + 86399) * 1000 + 999; // 2021-12-31 23:59:59.999
    in.push_back(block({{"id", i64({1})}, {"ts", col<int64_t>(makeDateTime64(3), {t})}}));
    auto w = run(tumble(IntervalUnit::Quarter, 1), std::move(in), makeDateTime64(3));
    EXPECT_EQ(w.starts, (V{epoch(2021, 10, 1) * 1000}));
    EXPECT_EQ(w.ends, (V{epoch(2022, 1, 1) * 1000}));
}
