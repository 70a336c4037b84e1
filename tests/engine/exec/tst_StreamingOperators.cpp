// The operators behind streaming queries, driven directly with in-memory blocks: substream
// splitting, changelog retractions (with compaction of the kept rows), dedup, changelog(),
// the symmetric stream join and the per-emit sort.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/exec/ChangelogOperator.h"
#include "engine/exec/DedupOperator.h"
#include "engine/exec/EmitSortOperator.h"
#include "engine/exec/StreamJoinOperator.h"
#include "engine/exec/StreamingEmit.h"
#include "engine/exec/SubstreamSplitter.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

Rows sorted(Rows rows)
{
    std::sort(rows.begin(), rows.end());
    return rows;
}

Rows rowsOf(const Block &b)
{
    BlocksSource one({b});
    return drain(one).rows;
}

} // namespace

TEST(SubstreamSplitter, SplitsByKeyKeepingRowOrderAndIdsAcrossBlocks)
{
    SubstreamSplitter splitter({0});
    auto parts = splitter.split(block({{"k", str({"a", "b", "a"})}, {"v", i64({1, 2, 3})}}));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].first, 0u);
    EXPECT_EQ(rowsOf(parts[0].second), (Rows{"'a',1", "'a',3"}));
    EXPECT_EQ(parts[1].first, 1u);
    EXPECT_EQ(rowsOf(parts[1].second), (Rows{"'b',2"}));
    parts = splitter.split(block({{"k", str({"c", "b"})}, {"v", i64({4, 5})}}));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].first, 2u) << "a new key gets the next id";
    EXPECT_EQ(parts[1].first, 1u) << "a known key keeps its id";
    EXPECT_EQ(splitter.substreamCount(), 3u);

    SubstreamSplitter none({});
    auto whole = none.split(block({{"v", i64({1, 2})}}));
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].second.rows(), 2u);
}

TEST(ChangelogTracker, RetractsTheLastEmittedRowAlsoAfterCompaction)
{
    ChangelogTracker tracker;
    EXPECT_EQ(rowsOf(tracker.changes({0, 1}, block({{"k", str({"a", "b"})}, {"c", i64({1, 1})}}))), (Rows{"'a',1,1", "'b',1,1"}));
    // Enough updates of group 1 to make the tracker compact its kept rows several times.
    for (int64_t i = 2; i <= 3000; ++i)
        tracker.changes({1}, block({{"k", str({"b"})}, {"c", i64({i})}}));
    EXPECT_EQ(rowsOf(tracker.changes({0, 1}, block({{"k", str({"a", "b"})}, {"c", i64({7, 3001})}}))),
              (Rows{"'a',1,-1", "'b',3000,-1", "'a',7,1", "'b',3001,1"}));
}

TEST(DedupOperator, PassesTheFirstRowOfEachKeyOnly)
{
    DedupOperator dedup(pendingSource({block({{"k", str({"a", "b", "a"})}, {"v", i64({1, 2, 3})}}), block({{"k", str({"b", "c"})}, {"v", i64({4, 5})}})}), {0});
    EXPECT_EQ(drain(dedup).rows, (Rows{"'a',1", "'b',2", "'c',5"}));
}

TEST(ChangelogOperator, RetractsThePreviousRowOfAKeyAndDropsLateVersions)
{
    ChangelogOperator changelog(source({block({{"k", str({"a"})}, {"ver", i64({5})}}), block({{"k", str({"a"})}, {"ver", i64({3})}}),
                                        block({{"k", str({"a", "b"})}, {"ver", i64({6, 1})}})}),
                                {0}, 1, true);
    EXPECT_EQ(drain(changelog).rows, (Rows{"'a',5,1", "'a',5,-1", "'a',6,1", "'b',1,1"}));
}

TEST(StreamJoinOperator, EmitsEachPairOnceWhenItsLaterRowArrives)
{
    auto left = pendingSource({block({{"k", i64({1, 2})}, {"a", str({"l1", "l2"})}}), block({{"k", i64({1})}, {"a", str({"l3"})}})});
    auto right = pendingSource({block({{"kk", i64({1, 1})}, {"b", str({"r1", "r2"})}}), block({{"kk", i64({2})}, {"b", str({"r3"})}})});
    StreamJoinOperator join(std::move(left), std::move(right), {0}, {0}, nullptr, {});
    EXPECT_EQ(sorted(drain(join).rows),
              sorted(Rows{"1,'l1',1,'r1'", "1,'l1',1,'r2'", "2,'l2',2,'r3'", "1,'l3',1,'r1'", "1,'l3',1,'r2'"}));
}

TEST(StreamJoinOperator, EnrichmentJoinsWithTheLatestRightRowAndKeepsNoLeftRows)
{
    auto left = source({block({{"k", i64({1, 3})}})});
    auto right = source({block({{"kk", i64({1, 1})}, {"v", str({"old", "new"})}})});
    StreamJoinOperator join(std::move(left), std::move(right), {0}, {0}, nullptr, {});
    join.setEnrichment(true, {makeType(TypeKind::Int64), makeType(TypeKind::String)});
    EXPECT_EQ(sorted(drain(join).rows), sorted(Rows{"1,1,'new'", "3,0,''"}));
}

TEST(EmitSortOperator, SortsWithinEachBlockOnly)
{
    EmitSortOperator sort(source({block({{"v", i64({3, 1, 2})}}), block({{"v", i64({0, -1})}})}), {SortKey{0, false, false}});
    EXPECT_EQ(drain(sort).rows, (Rows{"1", "2", "3", "-1", "0"}));
}

namespace {
ColumnPtr ms(std::initializer_list<int64_t> v) { return col<int64_t>(makeDateTime64(3), v); }
} // namespace

TEST(StreamJoinOperator, RangeJoinDropsRowsTheOtherSideHasPassedByMoreThanTheRange)
{
    // Key 1 everywhere; times in ms. Range 10 s.
    std::vector<Block> leftBlocks, rightBlocks;
    for (int64_t i = 0; i < 100; ++i) {
        leftBlocks.push_back(block({{"k", i64({1})}, {"t", ms({i * 1000})}}));
        rightBlocks.push_back(block({{"k", i64({1})}, {"t", ms({i * 1000})}}));
    }
    StreamJoinOperator join(source(std::move(leftBlocks)), source(std::move(rightBlocks)), {0}, {0}, nullptr, {});
    join.setRange(1, 1, 10'000'000'000LL);
    Drained d = drain(join);
    EXPECT_LE(join.keptRows(), 30u) << "only about the last 10 s of each side stay";
    // Without a residual every pair of the same key that met while both were kept matches: the
    // pairs at most ~10 s apart, each once.
    EXPECT_GE(d.rows.size(), 100u);
}

TEST(StreamJoinOperator, EnrichmentKeepsAboutOneRowPerKey)
{
    std::vector<Block> rightBlocks;
    for (int64_t i = 0; i < 5000; ++i)
        rightBlocks.push_back(block({{"kk", i64({i % 3})}, {"v", i64({i})}}));
    StreamJoinOperator join(source({}), source(std::move(rightBlocks)), {0}, {0}, nullptr, {});
    join.setEnrichment(false, {makeType(TypeKind::Int64), makeType(TypeKind::Int64)});
    drain(join);
    EXPECT_LE(join.keptRows(), 3u + 2 * 1024u + 4u);
}
