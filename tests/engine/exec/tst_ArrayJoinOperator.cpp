#include <gtest/gtest.h>

#include "engine/exec/ArrayJoinOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

Drained run(std::vector<Block> in, std::vector<size_t> arrays, std::vector<std::string> names, bool left)
{
    ArrayJoinOperator op(source(std::move(in)), std::move(arrays), std::move(names), left);
    return drain(op);
}

} // namespace

TEST(ArrayJoinOperator, ReplicatesRowsPerElement)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3})}, {"arr", arr({{10, 20}, {}, {30}})}}));
    auto d = run(std::move(in), {1}, {"x"}, false);
    EXPECT_EQ(d.names, (std::vector<std::string>{"id", "arr", "x"}));
    EXPECT_EQ(d.types[2], "int64");
    EXPECT_EQ(d.rows, (Rows{"1,[10,20],10", "1,[10,20],20", "3,[30],30"}));
}

TEST(ArrayJoinOperator, LeftKeepsEmptyArraysWithDefault)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4})}, {"arr", arr({{}, {5}, {}, {6, 7}})}}));
    auto d = run(std::move(in), {1}, {"x"}, true);
    EXPECT_EQ(d.rows, (Rows{"1,[],0", "2,[5],5", "3,[],0", "4,[6,7],6", "4,[6,7],7"}));
}

TEST(ArrayJoinOperator, ZipsSeveralArrays)
{
    std::vector<Block> in;
    in.push_back(block({{"a", arr({{1, 2}, {3}})}, {"b", arr({{10, 20}, {30}})}}));
    auto d = run(std::move(in), {0, 1}, {"x", "y"}, false);
    EXPECT_EQ(d.rows, (Rows{"[1,2],[10,20],1,10", "[1,2],[10,20],2,20", "[3],[30],3,30"}));
}

TEST(ArrayJoinOperator, MismatchedSizesFail190)
{
    std::vector<Block> in;
    in.push_back(block({{"a", arr({{1, 2}, {3}})}, {"b", arr({{10, 20}, {30, 40}})}}));
    try {
        run(std::move(in), {0, 1}, {"x", "y"}, false);
        FAIL() << "expected an error";
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 190);
    }
}

TEST(ArrayJoinOperator, NonArrayFails43)
{
    std::vector<Block> in;
    in.push_back(block({{"a", i64({1})}}));
    try {
        run(std::move(in), {0}, {"x"}, false);
        FAIL() << "expected an error";
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 43);
    }
}

TEST(ArrayJoinOperator, MapJoinsAsKeyValueTuples)
{
    auto m = Column::create(makeMap(makeType(TypeKind::String), makeType(TypeKind::Int64)));
    m->children[0]->pushString("a");
    m->children[1]->push<int64_t>(1);
    m->children[0]->pushString("b");
    m->children[1]->push<int64_t>(2);
    m->offsets = {2, 2};
    m->setSize(2);
    std::vector<Block> in;
    in.push_back(block({{"id", i64({7, 8})}, {"m", m}}));
    auto d = run(std::move(in), {1}, {"kv"}, true);
    EXPECT_EQ(d.types[2], "tuple(string, int64)");
    EXPECT_EQ(d.rows, (Rows{"7,{'a':1,'b':2},('a',1)", "7,{'a':1,'b':2},('b',2)", "8,{},('',0)"}));
}

TEST(ArrayJoinOperator, AllEmptyBlockIsSkipped)
{
    std::vector<Block> in;
    in.push_back(block({{"a", arr({{}, {}})}}));
    in.push_back(block({{"a", arr({{1}})}}));
    auto d = run(std::move(in), {0}, {"x"}, false);
    EXPECT_EQ(d.rows, (Rows{"[1],1"}));
    EXPECT_EQ(d.blocks, 1u);
}

TEST(ArrayJoinOperator, StringArraysAndLeftZip)
{
    auto a = Column::create(makeArray(makeType(TypeKind::String)));
    for (const char *s : {"x", "y", "z"})
        a->children[0]->pushString(s);
    a->offsets = {2, 2, 3};
    a->setSize(3);
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3})}, {"a", a}, {"b", arr({{7, 8}, {}, {9}})}}));
    auto d = run(std::move(in), {1, 2}, {"s", "n"}, true);
    EXPECT_EQ(d.rows, (Rows{"1,['x','y'],[7,8],'x',7", "1,['x','y'],[7,8],'y',8", "2,[],[],'',0", "3,['z'],[9],'z',9"}));
}
