#include <gtest/gtest.h>

#include "engine/exec/WindowFunctionOperator.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

using WK = WindowFunctionKind;
using Strings = std::vector<std::string>;

// id, g, t, v, d: partition a holds ids 1,2,4,6,7 (sorted by t: 2,4,6,1,7 with 4,6 peers);
// partition b holds the peers 3,5. Split over two blocks.
std::vector<Block> input()
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4})}, {"g", str({"a", "a", "b", "a"})}, {"t", i64({3, 1, 5, 2})}, {"v", i64({10, 20, 30, 40})}, {"d", i64({-1, -1, -1, -1})}}));
    in.push_back(block({{"id", i64({5, 6, 7})}, {"g", str({"b", "a", "a"})}, {"t", i64({5, 2, 4})}, {"v", i64({50, 60, 70})}, {"d", i64({-1, -1, -1})}}));
    return in;
}

WindowFunctionSpec fn(WK kind, std::vector<size_t> args = {3}, std::string frame = {})
{
    WindowFunctionSpec s;
    s.kind = kind;
    s.args = std::move(args);
    s.partitionBy = {1};
    s.orderBy = {{2, false, false}};
    s.frame = FrameSpec::parse(frame);
    s.name = "w";
    return s;
}

WindowFunctionSpec agg(const std::string &name, std::vector<size_t> args, std::string frame = {})
{
    WindowFunctionSpec s = fn(WK::Aggregate, args, std::move(frame));
    AggregateArgs a;
    for (size_t i = 0; i < args.size(); ++i)
        a.types.push_back(makeType(TypeKind::Int64));
    s.aggregate = AggregateRegistry::instance().resolve(name, a);
    return s;
}

// The values of the last output column, in output order.
Strings run(std::vector<WindowFunctionSpec> specs, std::vector<Block> in = input())
{
    WindowFunctionOperator op(source(std::move(in)), std::move(specs));
    Strings out;
    Block b;
    while (op.pull(b) == Pull::Block)
        for (size_t r = 0; r < b.rows(); ++r)
            out.push_back(valueToString(*b.at(b.columnCount() - 1).column, r, TextFormat::Quoted));
    return out;
}

Strings run(WindowFunctionSpec spec) { return run(std::vector<WindowFunctionSpec>{std::move(spec)}); }

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

TEST(WindowFunctionOperator, Ranking)
{
    EXPECT_EQ(run(fn(WK::RowNumber, {})), (Strings{"4", "1", "1", "2", "2", "3", "5"}));
    EXPECT_EQ(run(fn(WK::Rank, {})), (Strings{"4", "1", "1", "2", "1", "2", "5"}));
    EXPECT_EQ(run(fn(WK::DenseRank, {})), (Strings{"3", "1", "1", "2", "1", "2", "4"}));
    EXPECT_EQ(run(fn(WK::PercentRank, {})), (Strings{"0.75", "0", "0", "0.25", "0", "0.25", "1"}));
    EXPECT_EQ(run(fn(WK::CumeDist, {})), (Strings{"0.8", "0.2", "1", "0.6", "1", "0.6", "1"}));
    auto ntile = fn(WK::Ntile, {});
    ntile.offset = 2;
    EXPECT_EQ(run(ntile), (Strings{"2", "1", "1", "1", "2", "1", "2"}));
    ntile.offset = 3;
    EXPECT_EQ(run(ntile), (Strings{"2", "1", "1", "1", "2", "2", "3"}));
}

TEST(WindowFunctionOperator, OutputKeepsInputColumnsAndOrder)
{
    WindowFunctionOperator op(source(input()), {fn(WK::RowNumber, {})});
    auto d = drain(op);
    EXPECT_EQ(d.names, (Strings{"id", "g", "t", "v", "d", "w"}));
    EXPECT_EQ(d.types.back(), "uint64");
    EXPECT_EQ(d.rows.front(), "1,'a',3,10,-1,4");
    EXPECT_EQ(d.rows.back(), "7,'a',4,70,-1,5");
}

TEST(WindowFunctionOperator, AggregateDefaultFrames)
{
    // ORDER BY: running total including peers.
    EXPECT_EQ(run(agg("sum", {3})), (Strings{"130", "20", "80", "120", "80", "120", "200"}));
    // No ORDER BY: the whole partition.
    auto whole = agg("sum", {3});
    whole.orderBy.clear();
    EXPECT_EQ(run(whole), (Strings{"200", "200", "80", "200", "80", "200", "200"}));
    auto count = agg("count", {});
    count.orderBy.clear();
    EXPECT_EQ(run(count), (Strings{"5", "5", "2", "5", "2", "5", "5"}));
    // No PARTITION BY either: one window over everything.
    count.partitionBy.clear();
    EXPECT_EQ(run(count), (Strings{"7", "7", "7", "7", "7", "7", "7"}));
}

TEST(WindowFunctionOperator, AggregateRowsFrames)
{
    EXPECT_EQ(run(agg("sum", {3}, "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW")), (Strings{"70", "20", "30", "60", "80", "100", "80"}));
    EXPECT_EQ(run(agg("sum", {3}, "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING")), (Strings{"80", "200", "80", "180", "50", "140", "70"}));
    EXPECT_EQ(run(agg("sum", {3}, "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING")), (Strings{"140", "60", "80", "120", "80", "110", "80"}));
    EXPECT_EQ(run(agg("max", {3}, "ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING")), (Strings{"0", "60", "0", "70", "0", "70", "0"}));
    EXPECT_EQ(run(agg("sum", {3}, "ROWS UNBOUNDED PRECEDING")), (Strings{"130", "20", "30", "60", "80", "120", "200"}));
}

TEST(WindowFunctionOperator, AggregateRangeFrames)
{
    EXPECT_EQ(run(agg("sum", {3}, "RANGE BETWEEN 1 PRECEDING AND CURRENT ROW")), (Strings{"110", "20", "80", "120", "80", "120", "80"}));
    auto desc = agg("sum", {3}, "RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING");
    desc.orderBy[0].descending = true;
    EXPECT_EQ(run(desc), (Strings{"110", "20", "80", "120", "80", "120", "80"}));
    EXPECT_EQ(run(agg("sum", {3}, "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")), (Strings{"200", "200", "80", "200", "80", "200", "200"}));
    // A string ORDER BY key cannot take a RANGE offset.
    auto bad = agg("sum", {3}, "RANGE BETWEEN 1 PRECEDING AND CURRENT ROW");
    bad.orderBy = {{1, false, false}};
    EXPECT_EQ(errorCode([&] { run(bad); }), 36);
}

TEST(WindowFunctionOperator, Navigation)
{
    EXPECT_EQ(run(fn(WK::Lag)), (Strings{"60", "0", "0", "20", "30", "40", "10"}));
    auto lead = fn(WK::Lead);
    lead.offset = 2;
    EXPECT_EQ(run(lead), (Strings{"0", "60", "0", "10", "0", "70", "0"}));
    EXPECT_EQ(run(fn(WK::Lag, {3, 4})), (Strings{"60", "-1", "-1", "20", "30", "40", "10"}));
    EXPECT_EQ(run(fn(WK::LeadInFrame)), (Strings{"0", "0", "50", "60", "0", "0", "0"}));
    EXPECT_EQ(run(fn(WK::LagInFrame, {3}, "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW")), (Strings{"60", "0", "0", "20", "30", "40", "10"}));
    EXPECT_EQ(run(fn(WK::FirstValue)), (Strings{"20", "20", "30", "20", "30", "20", "20"}));
    EXPECT_EQ(run(fn(WK::LastValue)), (Strings{"10", "20", "50", "60", "50", "60", "70"}));
    auto nth = fn(WK::NthValue, {3}, "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING");
    nth.offset = 2;
    EXPECT_EQ(run(nth), (Strings{"40", "40", "50", "40", "50", "40", "40"}));
    nth.frame = FrameSpec::defaultFrame();
    EXPECT_EQ(run(nth), (Strings{"40", "0", "50", "40", "50", "40", "40"}));
}

TEST(WindowFunctionOperator, SeveralFunctionsAndNullPartitions)
{
    std::vector<Block> in;
    in.push_back(block({{"k", ni64({std::nullopt, 1, std::nullopt, 1})}, {"t", i64({2, 1, 1, 2})}}));
    WindowFunctionSpec rn;
    rn.kind = WK::RowNumber;
    rn.partitionBy = {0};
    rn.orderBy = {{1, false, false}};
    rn.name = "rn";
    WindowFunctionSpec all = rn;
    all.partitionBy.clear();
    all.name = "all";
    WindowFunctionOperator op(source(std::move(in)), {rn, all});
    auto d = drain(op);
    EXPECT_EQ(d.names, (Strings{"k", "t", "rn", "all"}));
    // t ties across partitions keep input order: rows 1 and 2 (t=1) come before rows 0 and 3.
    EXPECT_EQ(d.rows, (Strings{"NULL,2,2,3", "1,1,1,1", "NULL,1,1,2", "1,2,2,4"}));
}

TEST(WindowFunctionOperator, EmptyInput)
{
    WindowFunctionOperator op(source({}), {fn(WK::RowNumber, {})});
    Block b;
    EXPECT_EQ(op.pull(b), Pull::End);
}

TEST(WindowFunctionOperator, BadArguments)
{
    auto ntile = fn(WK::Ntile, {});
    ntile.offset = 0;
    EXPECT_EQ(errorCode([&] { WindowFunctionOperator op(source({}), {ntile}); }), 36);
    EXPECT_EQ(errorCode([&] { WindowFunctionOperator op(source({}), {fn(WK::Lag, {})}); }), 42);
}

TEST(WindowFunctionOperator, ParseFrames)
{
    auto f = FrameSpec::parse("ROWS BETWEEN 1 PRECEDING AND CURRENT ROW");
    EXPECT_EQ(f.type, FrameSpec::Type::Rows);
    EXPECT_EQ(f.start.kind, FrameBound::Kind::Preceding);
    EXPECT_EQ(f.start.offset, 1);
    EXPECT_EQ(f.end.kind, FrameBound::Kind::CurrentRow);
    f = FrameSpec::parse("rows unbounded preceding");
    EXPECT_EQ(f.start.kind, FrameBound::Kind::UnboundedPreceding);
    EXPECT_EQ(f.end.kind, FrameBound::Kind::CurrentRow);
    f = FrameSpec::parse("RANGE BETWEEN UNBOUNDED PRECEDING AND 2.5 FOLLOWING");
    EXPECT_EQ(f.type, FrameSpec::Type::Range);
    EXPECT_EQ(f.end.kind, FrameBound::Kind::Following);
    EXPECT_EQ(f.end.offset, 2.5);
    EXPECT_EQ(errorCode([] { FrameSpec::parse("ROWS BETWEEN CURRENT ROW AND 1 PRECEDING"); }), 36);
    EXPECT_EQ(errorCode([] { FrameSpec::parse("ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW"); }), 36);
    EXPECT_EQ(errorCode([] { FrameSpec::parse("ROWS BETWEEN 1 PRECEDING"); }), 62);
    EXPECT_EQ(errorCode([] { FrameSpec::parse("GROUPS 1 PRECEDING"); }), 62);
    EXPECT_EQ(errorCode([] { FrameSpec::parse("ROWS BETWEEN x PRECEDING AND CURRENT ROW"); }), 62);
}

TEST(WindowFunctionOperator, LargeRunningSum)
{
    auto v = Column::create(makeType(TypeKind::Int64));
    auto t = Column::create(makeType(TypeKind::Int64));
    auto g = Column::create(makeType(TypeKind::Int64));
    for (int64_t i = 0; i < 100000; ++i) {
        g->push<int64_t>(0);
        t->push<int64_t>(100000 - i);
        v->push<int64_t>(1);
    }
    std::vector<Block> in;
    in.push_back(block({{"id", g}, {"g", g}, {"t", t}, {"v", v}}));
    auto out = run({agg("sum", {3})}, std::move(in));
    ASSERT_EQ(out.size(), 100000u);
    EXPECT_EQ(out.front(), "100000");
    EXPECT_EQ(out.back(), "1");
}

TEST(WindowFunctionOperator, PendingInputIsAccumulated)
{
    WindowFunctionOperator op(pendingSource(input()), {fn(WK::RowNumber, {})});
    auto d = drain(op);
    EXPECT_GT(d.pendings, 0u);
    ASSERT_EQ(d.rows.size(), 7u);
    EXPECT_EQ(d.rows[0], "1,'a',3,10,-1,4");
}

TEST(WindowFunctionOperator, RangeOffsetsWithNullKeys)
{
    std::vector<Block> in;
    in.push_back(block({{"id", i64({1, 2, 3, 4})}, {"g", str({"a", "a", "a", "a"})}, {"t", ni64({1, std::nullopt, 3, std::nullopt})}, {"v", i64({1, 10, 100, 1000})}}));
    // NULL keys sort last and form their own peer group.
    EXPECT_EQ(run({agg("sum", {3}, "RANGE BETWEEN 2 PRECEDING AND CURRENT ROW")}, std::move(in)), (Strings{"1", "1010", "101", "1010"}));
}

TEST(WindowFunctionOperator, SlidingFramesOnLargePartitionsMatchBruteForce)
{
    const int64_t n = 1000;
    auto id = Column::create(makeType(TypeKind::Int64));
    auto v = Column::create(makeType(TypeKind::Int64));
    auto g = Column::create(makeType(TypeKind::String));
    std::vector<int64_t> values;
    for (int64_t i = 0; i < n; ++i) {
        id->push<int64_t>(n - i); // reverse order: sorting matters
        values.push_back((i * 37) % 101);
        v->push<int64_t>(values.back());
        g->pushString(i % 3 ? "a" : "b");
    }
    auto make = [&](const std::string &name) {
        WindowFunctionSpec s = agg(name, {3}, "ROWS BETWEEN 5 PRECEDING AND 3 FOLLOWING");
        s.orderBy = {{2, false, false}};
        s.name = name;
        return s;
    };
    std::vector<Block> in;
    in.push_back(block({{"x", id}, {"g", g}, {"id", id}, {"v", v}}));
    WindowFunctionOperator op(source(std::move(in)), {make("sum"), make("max")});
    auto d = drain(op);
    ASSERT_EQ(d.rows.size(), size_t(n));
    // Brute force: per partition, rows sorted by id (descending input order).
    for (int64_t i = 0; i < n; ++i) {
        std::vector<int64_t> part; // input rows of the same partition, in sorted (id ascending) order
        for (int64_t j = n - 1; j >= 0; --j)
            if ((j % 3 != 0) == (i % 3 != 0))
                part.push_back(j);
        auto pos = std::find(part.begin(), part.end(), i) - part.begin();
        int64_t sum = 0, max = 0;
        for (int64_t k = std::max<int64_t>(0, pos - 5); k <= std::min<int64_t>(part.size() - 1, pos + 3); ++k) {
            sum += values[part[k]];
            max = std::max(max, values[part[k]]);
        }
        std::string tail = "," + std::to_string(sum) + "," + std::to_string(max);
        ASSERT_TRUE(d.rows[i].ends_with(tail)) << i << ": " << d.rows[i] << " vs " << tail;
    }
}

TEST(WindowFunctionOperator, OrderSensitiveAggregateOverSlidingTree)
{
    auto t = Column::create(makeType(TypeKind::Int64));
    for (int64_t i = 0; i < 100; ++i)
        t->push<int64_t>(i);
    auto gs = Column::create(makeType(TypeKind::String));
    for (int i = 0; i < 100; ++i)
        gs->pushString("a");
    std::vector<Block> in;
    in.push_back(block({{"id", t}, {"g", gs}, {"t", t}, {"v", t}}));
    auto out = run({agg("group_array", {3}, "ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING")}, std::move(in));
    ASSERT_EQ(out.size(), 100u);
    EXPECT_EQ(out[0], "[0,1]");
    EXPECT_EQ(out[50], "[48,49,50,51]");
    EXPECT_EQ(out[99], "[97,98,99]");
}
