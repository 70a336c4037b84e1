// Random streams driven by a ManualClock: the tick schedule (floor(eps * elapsed) rows by each
// tick of interval_time), the tick's time in now() and _tp_time, max_events, the bounded block,
// and DEFAULTs that refer to other columns.
#include <gtest/gtest.h>

#include "engine/common/Clock.h"
#include "engine/exec/RandomStreamSource.h"
#include "engine/exec/StreamInfo.h"
#include "engine/sql/Parser.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

constexpr int64_t kMs = 1000000;

std::shared_ptr<StreamInfo> randomStream(const std::string &ddl)
{
    auto st = sql::parseStatement(ddl);
    EXPECT_TRUE(st) << st.status().message();
    auto info = describeStream(**st);
    EXPECT_TRUE(info) << info.status().message();
    return *info;
}

// Pulls until Pending or End; the sizes of the blocks it got.
std::vector<size_t> blockSizes(Operator &op, Pull *last = nullptr)
{
    std::vector<size_t> sizes;
    for (;;) {
        Block b;
        Pull p = op.pull(b);
        if (p != Pull::Block) {
            if (last)
                *last = p;
            return sizes;
        }
        sizes.push_back(b.rows());
    }
}

} // namespace

TEST(RandomStreamSource, GeneratesEpsRowsPerSecondInTicksOfTheInjectedClock)
{
    ManualClock clock(1000 * kMs);
    auto info = randomStream("CREATE RANDOM STREAM r (i int32 DEFAULT 1)");
    RandomStreamSource::Options o;
    o.eps = 10;
    o.intervalMs = 5;
    RandomStreamSource src(*info, BindContext{}, clock, o);
    EXPECT_TRUE(blockSizes(src).empty());
    clock.advance(99 * kMs);
    EXPECT_TRUE(blockSizes(src).empty());
    clock.advance(1 * kMs);
    EXPECT_EQ(blockSizes(src), (std::vector<size_t>{1}));
    clock.advance(1000 * kMs);
    EXPECT_EQ(blockSizes(src).size(), 10u) << "one block per tick that has rows";
}

TEST(RandomStreamSource, StampsEachBlockWithItsTicksTimeAndStopsAtMaxEvents)
{
    ManualClock clock(0);
    auto info = randomStream("CREATE RANDOM STREAM r (twice int64 DEFAULT n * 2, n int64 DEFAULT 21)");
    RandomStreamSource::Options o;
    o.eps = 2;
    o.intervalMs = 250;
    o.maxEvents = 3;
    RandomStreamSource src(*info, BindContext{}, clock, o);
    clock.advance(2000 * kMs);
    Drained d = drain(src);
    EXPECT_EQ(d.names, (std::vector<std::string>{"twice", "n", "_tp_time"}));
    EXPECT_EQ(d.rows, (Rows{"42,21,'1970-01-01 00:00:00.500'", "42,21,'1970-01-01 00:00:01.000'", "42,21,'1970-01-01 00:00:01.500'"}));
}

TEST(RandomStreamSource, BoundedReadIsOneFixedSizeBlock)
{
    ManualClock clock(0);
    auto info = randomStream("CREATE RANDOM STREAM r (v uint32 DEFAULT rand() % 7)");
    RandomStreamSource src(*info, BindContext{}, clock, RandomStreamSource::options(*info, {}, true));
    Pull last = Pull::Block;
    EXPECT_EQ(blockSizes(src, &last), (std::vector<size_t>{RandomStreamSource::kBoundedRows}));
    EXPECT_EQ(last, Pull::End);
}

TEST(RandomStreamSource, QuerySettingsOverrideTheStreamsAndBadValuesAre36)
{
    auto info = randomStream("CREATE RANDOM STREAM r (v int32) SETTINGS eps=5, interval_time=100");
    auto o = RandomStreamSource::options(*info, {{"eps", "0.5"}, {"max_events", "9"}}, false);
    EXPECT_DOUBLE_EQ(o.eps, 0.5);
    EXPECT_EQ(o.intervalMs, 100);
    EXPECT_EQ(o.maxEvents, 9);
    try {
        RandomStreamSource::options(*info, {{"interval_time", "-1"}}, false);
        FAIL() << "a negative interval_time is refused";
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 36);
    }
}
