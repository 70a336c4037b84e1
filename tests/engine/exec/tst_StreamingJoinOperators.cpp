// The stateful streaming join operators on their own: the changelog join (keyed streams, LATEST)
// and the ASOF join of streams, and the bounds of the state they keep.
#include <gtest/gtest.h>

#include "engine/exec/AsofStreamJoinOperator.h"
#include "engine/exec/ChangelogJoinOperator.h"
#include "engine/exec/JoinRowStore.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

DataTypePtr int64Type() { return makeType(TypeKind::Int64); }

// A versioned side (k, v): primary key = join key = column 0.
ChangelogJoinOperator::SideSpec versionedSide(OperatorPtr input)
{
    ChangelogJoinOperator::SideSpec s;
    s.input = std::move(input);
    s.names = {"k", "v"};
    s.types = {int64Type(), int64Type()};
    s.primaryKey = {0};
    s.joinKeys = {0};
    return s;
}

ChangelogJoinOperator::SideSpec versionedSide(std::vector<Block> blocks) { return versionedSide(source(std::move(blocks))); }

Block kv(std::initializer_list<int64_t> keys, std::initializer_list<int64_t> values) { return block({{"k", i64(keys)}, {"v", i64(values)}}); }

Rows rowsOf(const Block &b)
{
    BlocksSource one({b});
    return drain(one).rows;
}

} // namespace

TEST(JoinRowStore, CompactKeepsTheLiveRowsAndTheDefaultRow)
{
    JoinRowStore store({"k"}, {int64Type()});
    uint32_t first = store.append(block({{"k", i64({5, 6, 7})}}), std::vector<uint32_t>{0, 1, 2});
    EXPECT_EQ(first, 1u) << "row 0 holds the defaults";
    store.release(first + 1);
    std::vector<uint32_t> remap = store.compact();
    EXPECT_EQ(remap, (std::vector<uint32_t>{0, 1, JoinRowStore::kNone, 2}));
    EXPECT_EQ(store.liveRows(), 2u);
    ColumnPtr all = store.gather(0, std::vector<uint32_t>{0, 1, 2});
    EXPECT_EQ(rowsOf(block({{"k", all}})), (Rows{"0", "5", "7"}));
}

TEST(ChangelogJoinOperator, ANewVersionRetractsTheOldJoinedRowFirst)
{
    ChangelogJoinOperator join(versionedSide({kv({1, 2}, {10, 20}), kv({1}, {11})}), versionedSide({kv({1, 2}, {100, 200})}), false, nullptr,
                               {"k", "v", "rk", "rv"});
    Drained d = drain(join);
    EXPECT_EQ(d.names, (std::vector<std::string>{"k", "v", "rk", "rv", "_tp_delta"}));
    EXPECT_EQ(d.rows, (Rows{"1,10,1,100,1", "2,20,2,200,1", "1,10,1,100,-1", "1,11,1,100,1"}));
}

TEST(ChangelogJoinOperator, LeftJoinHidesADefaultRowAddedAndRetractedByOneBlock)
{
    // The right side waits (Pending) before each block, so the left row comes first; the second
    // right block replaces key 1's row, and the left row's "no match" in between never shows.
    ChangelogJoinOperator join(versionedSide({kv({1}, {10})}), versionedSide(pendingSource({kv({1}, {100}), kv({1}, {101})})), true, nullptr, {});
    EXPECT_EQ(drain(join).rows, (Rows{"1,10,0,0,1", "1,10,0,0,-1", "1,10,1,100,1", "1,10,1,100,-1", "1,10,1,101,1"}));
}

TEST(ChangelogJoinOperator, KeepsOneRowPerKeyAndSide)
{
    std::vector<Block> left, right;
    for (int64_t i = 0; i < 5000; ++i) {
        left.push_back(kv({i % 3}, {i}));
        right.push_back(kv({i % 3}, {-i}));
    }
    ChangelogJoinOperator join(versionedSide(std::move(left)), versionedSide(std::move(right)), false, nullptr, {});
    Drained d = drain(join);
    EXPECT_EQ(join.keptRows(), 6u);
    EXPECT_LT(join.keptBytes(), 128u * 1024u) << "replaced rows are compacted away";
    int64_t net = 0;
    for (const auto &row : d.rows)
        net += row.ends_with(",-1") ? -1 : 1;
    EXPECT_EQ(net, 3) << "what is not retracted is one joined row per key";
}

namespace {

AsofStreamJoinOperator::Spec asofSpec(size_t keep)
{
    AsofStreamJoinOperator::Spec spec;
    spec.leftKeys = {0};
    spec.rightKeys = {0};
    spec.leftAsof = 1;
    spec.rightAsof = 1;
    spec.keepVersions = keep;
    spec.rightNames = {"k", "t"};
    spec.rightTypes = {int64Type(), int64Type()};
    return spec;
}

} // namespace

TEST(AsofStreamJoinOperator, JoinsTheClosestKeptVersion)
{
    Block right = block({{"k", i64({1, 1, 1})}, {"t", i64({10, 20, 30})}});
    Block left = block({{"k", i64({1, 1, 1, 2})}, {"t", i64({5, 15, 35, 15})}});
    AsofStreamJoinOperator join(source({left}), source({right}), asofSpec(2));
    EXPECT_EQ(drain(join).rows, (Rows{"1,35,1,30"})) << "t=10 is evicted, 15 has no version <= it among 20 and 30";
}

TEST(AsofStreamJoinOperator, KeepsAtMostKeepVersionsPerKey)
{
    std::vector<Block> right;
    for (int64_t i = 0; i < 5000; ++i)
        right.push_back(block({{"k", i64({i % 4})}, {"t", i64({i})}}));
    AsofStreamJoinOperator join(source({}), source(std::move(right)), asofSpec(3));
    drain(join);
    EXPECT_EQ(join.keptRows(), 12u);
}

TEST(AsofStreamJoinOperator, ComparesOtherTypesValueByValue)
{
    // A string ASOF column has no int64 view: the same closeness through Column::compareAt.
    AsofStreamJoinOperator::Spec spec = asofSpec(3);
    spec.op = JoinSpec::AsofOp::Less; // smallest right value above the left one
    spec.rightTypes = {int64Type(), makeType(TypeKind::String)};
    Block right = block({{"k", i64({1, 1, 1})}, {"t", str({"b", "d", "c"})}});
    Block left = block({{"k", i64({1, 1, 1})}, {"t", str({"a", "c", "d"})}});
    AsofStreamJoinOperator join(source({left}), source({right}), spec);
    EXPECT_EQ(drain(join).rows, (Rows{"1,'a',1,'b'", "1,'c',1,'d'"}));
}
