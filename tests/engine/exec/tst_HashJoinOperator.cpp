#include <gtest/gtest.h>

#include "engine/exec/HashJoinOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

using K = JoinSpec::Kind;
using S = JoinSpec::Strictness;

// lk nullable(int64) [1, 2, 3, NULL, 2], lv [a..e]; rk int64 [2, 2, 4, 1], rv [x, y, z, w].
std::vector<Block> leftBlocks()
{
    std::vector<Block> in;
    in.push_back(block({{"lk", ni64({1, 2, 3})}, {"lv", str({"a", "b", "c"})}}));
    in.push_back(block({{"lk", ni64({std::nullopt, 2})}, {"lv", str({"d", "e"})}}));
    return in;
}

std::vector<Block> rightBlocks()
{
    std::vector<Block> in;
    in.push_back(block({{"rk", i64({2, 2})}, {"rv", str({"x", "y"})}}));
    in.push_back(block({{"rk", i64({4, 1})}, {"rv", str({"z", "w"})}}));
    return in;
}

JoinSpec spec(K kind, S strictness)
{
    JoinSpec s;
    s.kind = kind;
    s.strictness = strictness;
    s.leftKeys = {0};
    s.rightKeys = {0};
    return s;
}

Drained run(JoinSpec s, std::vector<Block> left = leftBlocks(), std::vector<Block> right = rightBlocks())
{
    HashJoinOperator op(source(std::move(left)), source(std::move(right)), std::move(s));
    return drain(op);
}

// A residual `string column <col> (==|!=) value`, as the binder would produce it.
ExpressionPtr stringCompare(size_t col, std::string value, bool equal)
{
    auto e = std::make_shared<Expression>();
    e->kind = Expression::Kind::Function;
    e->type = makeType(TypeKind::UInt8);
    e->functionName = equal ? "equals" : "not_equals";
    e->args = {Expression::makeInput(col, makeType(TypeKind::String))};
    e->function.returnType = e->type;
    e->function.exec = [value, equal](const std::vector<ColumnPtr> &args, size_t rows) -> ColumnPtr {
        auto out = Column::create(makeType(TypeKind::UInt8));
        for (size_t r = 0; r < rows; ++r)
            out->push<uint8_t>((args[0]->stringAt(r) == value) == equal);
        return out;
    };
    return e;
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

} // namespace

TEST(HashJoinOperator, InnerAll)
{
    auto d = run(spec(K::Inner, S::All));
    EXPECT_EQ(d.names, (std::vector<std::string>{"lk", "lv", "rk", "rv"}));
    EXPECT_EQ(d.rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'", "2,'e',2,'x'", "2,'e',2,'y'"}));
}

TEST(HashJoinOperator, LeftAllFillsDefaults)
{
    auto d = run(spec(K::Left, S::All));
    EXPECT_EQ(d.rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'", "3,'c',0,''", "NULL,'d',0,''", "2,'e',2,'x'", "2,'e',2,'y'"}));
    EXPECT_EQ(d.types, (std::vector<std::string>{"nullable(int64)", "string", "int64", "string"}));
}

TEST(HashJoinOperator, LeftAllUseNulls)
{
    auto s = spec(K::Left, S::All);
    s.useNulls = true;
    auto d = run(s);
    EXPECT_EQ(d.types, (std::vector<std::string>{"nullable(int64)", "string", "nullable(int64)", "nullable(string)"}));
    EXPECT_EQ(d.rows[3], "3,'c',NULL,NULL");
    EXPECT_EQ(d.rows[0], "1,'a',1,'w'");
}

TEST(HashJoinOperator, RightAllEmitsUnmatchedRightAtEnd)
{
    auto d = run(spec(K::Right, S::All));
    EXPECT_EQ(d.rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'", "2,'e',2,'x'", "2,'e',2,'y'", "NULL,'',4,'z'"}));
}

TEST(HashJoinOperator, FullAll)
{
    auto d = run(spec(K::Full, S::All));
    EXPECT_EQ(d.rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'", "3,'c',0,''", "NULL,'d',0,''", "2,'e',2,'x'", "2,'e',2,'y'", "NULL,'',4,'z'"}));
}

TEST(HashJoinOperator, FullUseNullsMakesBothSidesNullable)
{
    std::vector<Block> left;
    left.push_back(block({{"k", i64({1, 5})}}));
    std::vector<Block> right;
    right.push_back(block({{"k", i64({1, 7})}}));
    auto s = spec(K::Full, S::All);
    s.useNulls = true;
    s.outputNames = {"l.k", "r.k"};
    auto d = run(s, std::move(left), std::move(right));
    EXPECT_EQ(d.names, (std::vector<std::string>{"l.k", "r.k"}));
    EXPECT_EQ(d.types, (std::vector<std::string>{"nullable(int64)", "nullable(int64)"}));
    EXPECT_EQ(d.rows, (Rows{"1,1", "5,NULL", "NULL,7"}));
}

TEST(HashJoinOperator, AnyStrictness)
{
    EXPECT_EQ(run(spec(K::Left, S::Any)).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "3,'c',0,''", "NULL,'d',0,''", "2,'e',2,'x'"}));
    EXPECT_EQ(run(spec(K::Inner, S::Any)).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'e',2,'x'"}));
    // RIGHT ANY: every right row joins at most once, unmatched right rows follow.
    EXPECT_EQ(run(spec(K::Right, S::Any)).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'", "NULL,'',4,'z'"}));
}

TEST(HashJoinOperator, SemiAndAnti)
{
    EXPECT_EQ(run(spec(K::Left, S::Semi)).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'e',2,'x'"}));
    EXPECT_EQ(run(spec(K::Left, S::Anti)).rows, (Rows{"3,'c',0,''", "NULL,'d',0,''"}));
    EXPECT_EQ(run(spec(K::Right, S::Semi)).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'x'", "2,'b',2,'y'"}));
    EXPECT_EQ(run(spec(K::Right, S::Anti)).rows, (Rows{"NULL,'',4,'z'"}));
}

TEST(HashJoinOperator, NullKeysOnTheRightNeverMatchButAreEmittedByRightJoin)
{
    std::vector<Block> left;
    left.push_back(block({{"k", ni64({std::nullopt, 1})}}));
    std::vector<Block> right;
    right.push_back(block({{"k", ni64({std::nullopt, 1})}, {"v", str({"n", "one"})}}));
    EXPECT_EQ(run(spec(K::Inner, S::All), left, right).rows, (Rows{"1,1,'one'"}));
    EXPECT_EQ(run(spec(K::Full, S::All), left, right).rows, (Rows{"NULL,NULL,''", "1,1,'one'", "NULL,NULL,'n'"}));
}

TEST(HashJoinOperator, ResidualFiltersInnerPairs)
{
    auto s = spec(K::Inner, S::All);
    s.residual = stringCompare(3, "x", false);
    EXPECT_EQ(run(s).rows, (Rows{"1,'a',1,'w'", "2,'b',2,'y'", "2,'e',2,'y'"}));
}

TEST(HashJoinOperator, ResidualFailureMakesOuterRowsUnmatched)
{
    auto s = spec(K::Left, S::All);
    s.residual = stringCompare(3, "x", true);
    EXPECT_EQ(run(s).rows, (Rows{"1,'a',0,''", "2,'b',2,'x'", "3,'c',0,''", "NULL,'d',0,''", "2,'e',2,'x'"}));
    auto f = spec(K::Full, S::All);
    f.residual = stringCompare(3, "x", true);
    auto d = run(f);
    ASSERT_EQ(d.rows.size(), 8u);
    EXPECT_EQ((Rows{d.rows.end() - 3, d.rows.end()}), (Rows{"NULL,'',2,'y'", "NULL,'',4,'z'", "NULL,'',1,'w'"}));
    auto a = spec(K::Left, S::Any);
    a.residual = stringCompare(3, "y", true);
    EXPECT_EQ(run(a).rows, (Rows{"1,'a',0,''", "2,'b',2,'y'", "3,'c',0,''", "NULL,'d',0,''", "2,'e',2,'y'"}));
    auto anti = spec(K::Left, S::Anti);
    anti.residual = stringCompare(3, "y", true);
    EXPECT_EQ(run(anti).rows, (Rows{"1,'a',0,''", "3,'c',0,''", "NULL,'d',0,''"}));
}

TEST(HashJoinOperator, CompositeKeys)
{
    std::vector<Block> left;
    left.push_back(block({{"a", i64({1, 1, 2})}, {"b", str({"x", "y", "x"})}}));
    std::vector<Block> right;
    right.push_back(block({{"b", str({"x", "x", "y"})}, {"a", i64({1, 2, 2})}, {"v", i64({10, 20, 30})}}));
    JoinSpec s = spec(K::Left, S::All);
    s.leftKeys = {0, 1};
    s.rightKeys = {1, 0};
    EXPECT_EQ(run(s, std::move(left), std::move(right)).rows, (Rows{"1,'x','x',1,10", "1,'y','',0,0", "2,'x','x',2,20"}));
}

TEST(HashJoinOperator, CrossJoinWithResidual)
{
    std::vector<Block> left;
    left.push_back(block({{"l", str({"a", "b"})}}));
    std::vector<Block> right;
    right.push_back(block({{"r", str({"x", "y", "z"})}}));
    JoinSpec s;
    s.kind = K::Cross;
    EXPECT_EQ(run(s, left, right).rows, (Rows{"'a','x'", "'a','y'", "'a','z'", "'b','x'", "'b','y'", "'b','z'"}));
    s.residual = stringCompare(1, "y", false);
    EXPECT_EQ(run(s, left, right).rows, (Rows{"'a','x'", "'a','z'", "'b','x'", "'b','z'"}));
}

TEST(HashJoinOperator, CrossJoinSlicesLargeProducts)
{
    auto l = Column::create(makeType(TypeKind::Int64));
    auto r = Column::create(makeType(TypeKind::Int64));
    for (int64_t i = 0; i < 300; ++i) {
        l->push<int64_t>(i);
        r->push<int64_t>(i);
    }
    std::vector<Block> left;
    left.push_back(block({{"l", l}}));
    std::vector<Block> right;
    right.push_back(block({{"r", r}}));
    JoinSpec s;
    s.kind = K::Cross;
    auto d = run(s, std::move(left), std::move(right));
    EXPECT_EQ(d.rows.size(), 90000u);
    EXPECT_GT(d.blocks, 1u);
    EXPECT_EQ(d.rows.back(), "299,299");
}

TEST(HashJoinOperator, Asof)
{
    auto make = [](JoinSpec::AsofOp op, K kind) {
        std::vector<Block> left;
        left.push_back(block({{"k", i64({1, 1, 1, 2, 3})}, {"t", i64({25, 20, 5, 100, 1})}}));
        std::vector<Block> right;
        right.push_back(block({{"k", i64({1, 1, 2})}, {"t", i64({30, 10, 5})}, {"v", str({"c", "a", "d"})}}));
        right.push_back(block({{"k", i64({1})}, {"t", i64({20})}, {"v", str({"b"})}}));
        JoinSpec s = spec(kind, S::Asof);
        s.leftAsof = 1;
        s.rightAsof = 1;
        s.asofOp = op;
        return run(s, std::move(left), std::move(right)).rows;
    };
    using Op = JoinSpec::AsofOp;
    EXPECT_EQ(make(Op::GreaterOrEquals, K::Inner), (Rows{"1,25,1,20,'b'", "1,20,1,20,'b'", "2,100,2,5,'d'"}));
    EXPECT_EQ(make(Op::GreaterOrEquals, K::Left), (Rows{"1,25,1,20,'b'", "1,20,1,20,'b'", "1,5,0,0,''", "2,100,2,5,'d'", "3,1,0,0,''"}));
    EXPECT_EQ(make(Op::Greater, K::Inner), (Rows{"1,25,1,20,'b'", "1,20,1,10,'a'", "2,100,2,5,'d'"}));
    EXPECT_EQ(make(Op::LessOrEquals, K::Inner), (Rows{"1,25,1,30,'c'", "1,20,1,20,'b'", "1,5,1,10,'a'"}));
    EXPECT_EQ(make(Op::Less, K::Inner), (Rows{"1,25,1,30,'c'", "1,20,1,30,'c'", "1,5,1,10,'a'"}));
}

TEST(HashJoinOperator, EmptySides)
{
    // Empty right side with known types: LEFT fills defaults.
    JoinSpec s = spec(K::Left, S::All);
    s.rightTypes = {makeType(TypeKind::Int64), makeType(TypeKind::String)};
    s.outputNames = {"lk", "lv", "rk", "rv"};
    auto d = run(s, leftBlocks(), {});
    EXPECT_EQ(d.names, (std::vector<std::string>{"lk", "lv", "rk", "rv"}));
    EXPECT_EQ(d.rows.size(), 5u);
    EXPECT_EQ(d.rows[0], "1,'a',0,''");
    // Empty left side with known types: RIGHT emits every right row.
    JoinSpec r = spec(K::Right, S::All);
    r.leftTypes = {makeNullable(makeType(TypeKind::Int64)), makeType(TypeKind::String)};
    EXPECT_EQ(run(r, {}, rightBlocks()).rows, (Rows{"NULL,'',2,'x'", "NULL,'',2,'y'", "NULL,'',4,'z'", "NULL,'',1,'w'"}));
    EXPECT_TRUE(run(spec(K::Inner, S::All), leftBlocks(), {}).rows.empty());
}

TEST(HashJoinOperator, UnsupportedCombinationsFail48)
{
    EXPECT_EQ(errorCode([] { run(spec(K::Full, S::Any)); }), 48);
    EXPECT_EQ(errorCode([] { run(spec(K::Inner, S::Semi)); }), 48);
    EXPECT_EQ(errorCode([] { run(spec(K::Right, S::Asof)); }), 48);
}

TEST(HashJoinOperator, ManyRowsManyKeys)
{
    auto lk = Column::create(makeType(TypeKind::Int64));
    auto rk = Column::create(makeType(TypeKind::Int64));
    auto rv = Column::create(makeType(TypeKind::Int64));
    for (int64_t i = 0; i < 50000; ++i) {
        lk->push<int64_t>(i);
        if (i % 2 == 0) {
            rk->push<int64_t>(i);
            rv->push<int64_t>(i * 10);
        }
    }
    std::vector<Block> left;
    left.push_back(block({{"k", lk}}));
    std::vector<Block> right;
    right.push_back(block({{"k", rk}, {"v", rv}}));
    auto d = run(spec(K::Inner, S::All), std::move(left), std::move(right));
    ASSERT_EQ(d.rows.size(), 25000u);
    EXPECT_EQ(d.rows[1], "2,2,20");
    EXPECT_EQ(d.rows.back(), "49998,49998,499980");
}

TEST(HashJoinOperator, PendingInputsKeepPartialState)
{
    HashJoinOperator op(pendingSource(leftBlocks()), pendingSource(rightBlocks()), spec(K::Full, S::All));
    auto d = drain(op);
    EXPECT_GT(d.pendings, 0u);
    EXPECT_EQ(d.rows, run(spec(K::Full, S::All)).rows);
}

TEST(HashJoinOperator, StringKeysAndValues)
{
    std::vector<Block> left;
    left.push_back(block({{"k", str({"apple", "kiwi", "", "apple"})}}));
    std::vector<Block> right;
    right.push_back(block({{"k", str({"", "apple", "pear"})}, {"v", arr({{1}, {2, 3}, {}})}}));
    EXPECT_EQ(run(spec(K::Left, S::All), left, right).rows, (Rows{"'apple','apple',[2,3]", "'kiwi','',[]", "'','',[1]", "'apple','apple',[2,3]"}));
    auto s = spec(K::Left, S::All);
    s.useNulls = true;
    // Arrays cannot be nullable: they keep their default with join_use_nulls.
    auto d = run(s, left, right);
    EXPECT_EQ(d.types, (std::vector<std::string>{"string", "nullable(string)", "array(int64)"}));
    EXPECT_EQ(d.rows[1], "'kiwi',NULL,[]");
}

TEST(HashJoinOperator, AsofColumnTypeMismatchFails53)
{
    std::vector<Block> left;
    left.push_back(block({{"k", i64({1})}, {"t", str({"x"})}}));
    std::vector<Block> right;
    right.push_back(block({{"k", i64({1})}, {"t", i64({1})}}));
    JoinSpec s = spec(K::Inner, S::Asof);
    s.leftAsof = 1;
    s.rightAsof = 1;
    EXPECT_EQ(errorCode([&] { run(s, left, right); }), 53);
}

TEST(HashJoinOperator, AstMapping)
{
    EXPECT_EQ(JoinSpec::kindOf(sql::JoinKind::Comma), K::Cross);
    EXPECT_EQ(JoinSpec::kindOf(sql::JoinKind::Full), K::Full);
    EXPECT_EQ(JoinSpec::strictnessOf(sql::JoinStrictness::Default), S::All);
    EXPECT_EQ(JoinSpec::strictnessOf(sql::JoinStrictness::Latest), S::Any);
    EXPECT_EQ(JoinSpec::strictnessOf(sql::JoinStrictness::Anti), S::Anti);
}
