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

namespace {

// Block `b` of `n` distinct keys: "k<b>_<i>" as strings (the generic table) or b * n + i.
Block distinctKeys(int b, int n, bool strings)
{
    auto c = Column::create(makeType(strings ? TypeKind::String : TypeKind::Int64));
    for (int i = 0; i < n; ++i) {
        if (strings)
            c->pushString("k" + std::to_string(b) + "_" + std::to_string(i));
        else
            c->push<int64_t>(int64_t(b) * n + i);
    }
    return block({{"k", std::move(c)}});
}

} // namespace

// A long-running dedup over ever-new keys holds what it remembers, not every key it ever saw:
// forgotten keys leave memory, remembered ones stay deduplicated across the compaction.
TEST(DedupOperator, MemoryFollowsRememberedKeysNotEveryKeySeen)
{
    for (bool strings : {false, true}) {
        std::vector<Block> blocks;
        for (int b = 0; b < 200; ++b)
            blocks.push_back(distinctKeys(b, 1000, strings));
        blocks.push_back(distinctKeys(199, 1000, strings)); // all remembered: dropped
        blocks.push_back(distinctKeys(0, 1000, strings));   // long forgotten: passes again
        ManualClock clock(0);
        DedupOperator dedup(pendingSource(std::move(blocks)), {0}, clock, 0, 1500);
        ASSERT_TRUE(untilPending(dedup).empty());
        size_t maxHeld = 0;
        for (int b = 0; b < 200; ++b) {
            ASSERT_EQ(untilPending(dedup).size(), 1000u) << b;
            maxHeld = std::max(maxHeld, dedup.heldKeys());
        }
        EXPECT_LE(maxHeld, 4096u + 1000u) << "200 000 keys seen, 1 500 remembered";
        EXPECT_EQ(untilPending(dedup).size(), 0u) << "block 199 is among the 1 500 remembered keys";
        EXPECT_EQ(untilPending(dedup).size(), 1000u);
    }
}
