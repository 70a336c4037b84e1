// dedup()'s key memory: the ttl on the injected processing-time clock and the key-count limit
// (the earliest remembered key is forgotten first); a forgotten key passes again.
#include <gtest/gtest.h>

#include "engine/common/Clock.h"
#include "engine/exec/DedupOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

constexpr int64_t kSecond = 1000000000;

// The rows `op` gives until its input is Pending again (PendingSource answers Pending before
// every block, so each call after the first yields the output of one input block).
Rows untilPending(Operator &op)
{
    Rows rows;
    for (;;) {
        Block b;
        if (op.pull(b) != Pull::Block)
            return rows;
        for (size_t r = 0; r < b.rows(); ++r)
            rows.push_back(valueToString(*b.at(0).column, r, TextFormat::Quoted));
    }
}

Block keys(std::initializer_list<const char *> k)
{
    return block({{"k", str(k)}});
}

} // namespace

TEST(DedupOperator, ForgetsAKeyTtlAfterItsRowPassedNotAfterItsDuplicates)
{
    ManualClock clock(0);
    DedupOperator dedup(pendingSource({keys({"a", "b"}), keys({"a", "c"}), keys({"a", "b", "c"})}), {0}, clock, 10 * kSecond);
    EXPECT_TRUE(untilPending(dedup).empty());
    EXPECT_EQ(untilPending(dedup), (Rows{"'a'", "'b'"}));
    clock.advance(5 * kSecond);
    EXPECT_EQ(untilPending(dedup), (Rows{"'c'"})) << "a is remembered for 10 s";
    clock.advance(6 * kSecond);
    EXPECT_EQ(untilPending(dedup), (Rows{"'a'", "'b'"})) << "a and b expired at 10 s; c (seen at 5 s) is still remembered";
}

TEST(DedupOperator, LimitForgetsTheEarliestKeyFirst)
{
    ManualClock clock(0);
    DedupOperator dedup(pendingSource({keys({"a", "b", "c"}), keys({"b", "a"}), keys({"c", "b"})}), {0}, clock, 0, 2);
    EXPECT_TRUE(untilPending(dedup).empty());
    EXPECT_EQ(untilPending(dedup), (Rows{"'a'", "'b'", "'c'"})) << "c makes a forgotten";
    EXPECT_EQ(untilPending(dedup), (Rows{"'a'"})) << "b is remembered; a passes again and makes b forgotten";
    EXPECT_EQ(untilPending(dedup), (Rows{"'b'"}));
}

TEST(DedupOperator, WithoutTtlOrLimitKeysAreKeptForTheQuerysLife)
{
    ManualClock clock(0);
    DedupOperator dedup(pendingSource({keys({"a"}), keys({"a", "b"})}), {0}, clock);
    EXPECT_TRUE(untilPending(dedup).empty());
    EXPECT_EQ(untilPending(dedup), (Rows{"'a'"}));
    clock.advance(1000000 * kSecond);
    EXPECT_EQ(untilPending(dedup), (Rows{"'b'"}));
}
