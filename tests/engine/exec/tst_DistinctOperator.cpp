#include <gtest/gtest.h>

#include "engine/exec/DistinctOperator.h"
#include "engine/exec/LimitByOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

TEST(DistinctOperator, KeepsFirstOccurrenceAcrossBlocks)
{
    std::vector<Block> in;
    in.push_back(block({{"k", i64({1, 2, 1, 3})}, {"s", str({"a", "b", "c", "d"})}}));
    in.push_back(block({{"k", i64({3, 4, 2})}, {"s", str({"e", "f", "g"})}}));
    DistinctOperator op(source(std::move(in)), 1);
    auto d = drain(op);
    EXPECT_EQ(d.rows, (Rows{"1,'a'", "2,'b'", "3,'d'", "4,'f'"}));
    EXPECT_EQ(d.names, (std::vector<std::string>{"k", "s"}));
}

TEST(DistinctOperator, MultiColumnWithNulls)
{
    std::vector<Block> in;
    in.push_back(block({{"a", ni64({1, std::nullopt, 1, std::nullopt, 1})}, {"b", str({"x", "x", "x", "x", "y"})}}));
    DistinctOperator op(source(std::move(in)), 2);
    EXPECT_EQ(drain(op).rows, (Rows{"1,'x'", "NULL,'x'", "1,'y'"}));
}

TEST(DistinctOperator, SkipsBlocksWithNothingNew)
{
    std::vector<Block> in;
    in.push_back(block({{"s", str({"a", "a"})}}));
    in.push_back(block({{"s", str({"a"})}}));
    in.push_back(block({{"s", str({"b"})}}));
    DistinctOperator op(source(std::move(in)), 1);
    auto d = drain(op);
    EXPECT_EQ(d.rows, (Rows{"'a'", "'b'"}));
    EXPECT_EQ(d.blocks, 2u);
}

TEST(DistinctOperator, ManyKeysGrowTheTable)
{
    auto c = Column::create(makeType(TypeKind::Int64));
    for (int64_t i = 0; i < 10000; ++i)
        c->push<int64_t>(i % 3000);
    std::vector<Block> in;
    in.push_back(block({{"k", c}}));
    DistinctOperator op(source(std::move(in)), 1);
    EXPECT_EQ(drain(op).rows.size(), 3000u);
}

TEST(LimitByOperator, LimitAndOffsetPerKey)
{
    std::vector<Block> in;
    in.push_back(block({{"k", str({"a", "a", "b", "a"})}, {"v", i64({1, 2, 3, 4})}}));
    in.push_back(block({{"k", str({"b", "a", "b", "c"})}, {"v", i64({5, 6, 7, 8})}}));
    LimitByOperator op(source(std::move(in)), 2, 1, {0});
    EXPECT_EQ(drain(op).rows, (Rows{"'a',2", "'a',4", "'b',5", "'b',7"}));
}

TEST(LimitByOperator, LimitZeroAndMultipleKeys)
{
    {
        std::vector<Block> in;
        in.push_back(block({{"k", i64({1, 1})}}));
        LimitByOperator op(source(std::move(in)), 0, 0, {0});
        EXPECT_TRUE(drain(op).rows.empty());
    }
    std::vector<Block> in;
    in.push_back(block({{"a", i64({1, 1, 1, 2})}, {"b", i64({1, 2, 1, 1})}, {"v", i64({10, 20, 30, 40})}}));
    LimitByOperator op(source(std::move(in)), 1, 0, {0, 1});
    EXPECT_EQ(drain(op).rows, (Rows{"1,1,10", "1,2,20", "2,1,40"}));
}

TEST(LimitByOperator, NullableKeysGroupNulls)
{
    std::vector<Block> in;
    in.push_back(block({{"k", ni64({std::nullopt, 1, std::nullopt, std::nullopt})}, {"v", i64({1, 2, 3, 4})}}));
    LimitByOperator op(pendingSource(std::move(in)), 2, 0, {0});
    EXPECT_EQ(drain(op).rows, (Rows{"NULL,1", "1,2", "NULL,3"}));
}
