// Aggregate combinators (_if, _distinct), name resolution, retraction and error codes.
#include "tests/engine/functions/tst_AggregatesSupport.h"

namespace tideline::engine::test {
namespace {

ColumnPtr flags(std::vector<uint8_t> v) { return numbers<uint8_t>(TypeKind::Bool, std::move(v)); }

TEST(AggregateCombinators, NamesResolve)
{
    auto &r = AggregateRegistry::instance();
    for (const char *n : {"count", "count_if", "count_distinct", "sum_distinct", "unique_exact_if", "sum_if_distinct", "sum_distinct_if", "MAX", "p99", "top_k"})
        EXPECT_TRUE(r.isAggregate(n)) << n;
    for (const char *n : {"to_string", "foo_if", "_if", "distinct"})
        EXPECT_FALSE(r.isAggregate(n)) << n;
}

TEST(AggregateCombinators, CountIfAndSumIf)
{
    auto cond = flags({1, 0, 1, 1});
    auto x = ints({10, 20, 30, 40});
    auto c = resolve("count_if", {cond});
    EXPECT_EQ(c->returnType()->name(), "uint64");
    EXPECT_EQ(valueAt<uint64_t>(single(c, {cond})), 3u);
    auto s = resolve("sum_if", {x, cond});
    EXPECT_EQ(valueAt<int64_t>(single(s, {x, cond})), 80);
    auto g = grouped(s, {x, cond}, {0, 0, 1, 1}, 2);
    EXPECT_EQ(valueAt<int64_t>(g, 0), 10);
    EXPECT_EQ(valueAt<int64_t>(g, 1), 70);
    // A NULL condition counts as false.
    auto ncond = withNulls(cond, {0, 0, 1, 0});
    EXPECT_EQ(valueAt<int64_t>(single(resolve("sum_if", {x, ncond}), {x, ncond})), 50);
    // _if over a nullable argument: both filters apply, the result is nullable.
    auto nx = withNulls(x, {1, 0, 0, 0});
    auto ns = resolve("sum_if", {nx, cond});
    EXPECT_EQ(ns->returnType()->name(), "nullable(int64)");
    EXPECT_EQ(valueAt<int64_t>(single(ns, {nx, cond})), 70);
    EXPECT_TRUE(single(ns, {nx->slice(0, 1), cond->slice(0, 1)})->isNullAt(0));
}

TEST(AggregateCombinators, Distinct)
{
    auto x = ints({1, 2, 2, 3, 3, 3});
    auto cd = resolve("count_distinct", {x});
    EXPECT_EQ(cd->returnType()->name(), "uint64");
    EXPECT_EQ(valueAt<uint64_t>(single(cd, {x})), 3u);
    EXPECT_EQ(valueAt<uint64_t>(merged(cd, {x}, 3)), 3u);
    EXPECT_EQ(valueAt<int64_t>(single(resolve("sum_distinct", {x}), {x})), 6);
    auto g = grouped(resolve("sum_distinct", {x}), {x}, {0, 0, 0, 1, 1, 1}, 2);
    EXPECT_EQ(valueAt<int64_t>(g, 0), 3);
    EXPECT_EQ(valueAt<int64_t>(g, 1), 3);
    auto cond = flags({1, 1, 1, 0, 0, 1});
    EXPECT_EQ(valueAt<int64_t>(single(resolve("sum_distinct_if", {x, cond}), {x, cond})), 6);
    EXPECT_EQ(valueAt<int64_t>(single(resolve("sum_if_distinct", {x, cond}), {x, cond})), 6);
    auto ncond = flags({1, 1, 1, 0, 0, 0});
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("unique_exact_if", {x, ncond}), {x, ncond})), 2u);
    auto nx = withNulls(x, {0, 0, 0, 1, 1, 1});
    auto ncd = resolve("count_distinct", {nx});
    EXPECT_EQ(ncd->returnType()->name(), "uint64");
    EXPECT_EQ(valueAt<uint64_t>(single(ncd, {nx})), 2u);
    auto s = strings({"a", "b", "a"});
    EXPECT_EQ(intArray(single(resolve("group_array_distinct", {x}), {x})), (std::vector<int64_t>{1, 2, 3}));
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("count_distinct", {s}), {s})), 2u);
}

// Adds `add`, then retracts `remove`, on one place.
ColumnPtr addThenRetract(const AggregateFunctionPtr &fn, std::vector<ColumnPtr> add, std::vector<ColumnPtr> remove)
{
    State s(fn);
    s.add(add);
    s.retract(remove);
    return s.result();
}

TEST(AggregateRetraction, SumCountAvg)
{
    auto x = ints({1, 2, 3, 4});
    auto gone = ints({4, 1});
    auto sum = resolve("sum", {x});
    EXPECT_TRUE(sum->supportsRetract());
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(sum, {x}, {gone})), 5);
    EXPECT_EQ(valueAt<uint64_t>(addThenRetract(resolve("count", {x}), {x}, {gone})), 2u);
    EXPECT_DOUBLE_EQ(valueAt<double>(addThenRetract(resolve("avg", {x}), {x}, {gone})), 2.5);
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(resolve("sum_with_overflow", {x}), {x}, {gone})), 5);
    auto d = doubles({1.5, 2.5});
    EXPECT_DOUBLE_EQ(valueAt<double>(addThenRetract(resolve("sum_kahan", {d}), {d}, {doubles({2.5})})), 1.5);
    auto cond = flags({1, 0});
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(resolve("sum_if", {x, flags({1, 1, 1, 1})}), {x, flags({1, 1, 1, 1})}, {gone, cond})), 6);
    auto nx = withNulls(x, {0, 0, 0, 1});
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(resolve("sum", {nx}), {nx}, {withNulls(ints({3}), {0})})), 3);
}

TEST(AggregateRetraction, MinMaxNeedTheRetractVariant)
{
    auto x = ints({5, 1, 9, 1});
    EXPECT_FALSE(resolve("min", {x})->supportsRetract());
    auto mn = resolve("min", {x}, {}, true);
    auto mx = resolve("max", {x}, {}, true);
    ASSERT_TRUE(mn->supportsRetract());
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(mn, {x}, {ints({1})})), 1); // one 1 remains
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(mn, {x}, {ints({1, 1})})), 5);
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(mx, {x}, {ints({9})})), 5);
    EXPECT_EQ(valueAt<int64_t>(addThenRetract(mx, {x}, {x})), 0); // all retracted: default
    EXPECT_EQ(valueAt<int64_t>(merged(mn, {x}, 2)), 1);
    auto s = strings({"b", "a", "c"});
    EXPECT_EQ(stringAt(addThenRetract(resolve("min", {s}, {}, true), {s}, {strings({"a"})})), "b");
}

TEST(AggregateRetraction, ArgMinMaxMinKGroupUniqArray)
{
    auto names = strings({"a", "b", "c"});
    auto vals = ints({3, 1, 4});
    auto am = resolve("arg_max", {names, vals}, {}, true);
    ASSERT_TRUE(am->supportsRetract());
    EXPECT_EQ(stringAt(addThenRetract(am, {names, vals}, {strings({"c"}), ints({4})})), "a");
    EXPECT_EQ(stringAt(addThenRetract(resolve("arg_min", {names, vals}, {}, true), {names, vals}, {strings({"b"}), ints({1})})), "a");

    auto x = ints({5, 1, 4, 1, 9});
    auto mk = resolve("min_k", {x}, {param(2)}, true);
    ASSERT_TRUE(mk->supportsRetract());
    EXPECT_EQ(intArray(addThenRetract(mk, {x}, {ints({1, 1})})), (std::vector<int64_t>{4, 5}));
    EXPECT_EQ(intArray(addThenRetract(resolve("max_k", {x}, {param(2)}, true), {x}, {ints({9})})), (std::vector<int64_t>{5, 4}));

    auto gu = resolve("group_uniq_array", {x});
    ASSERT_TRUE(gu->supportsRetract());
    EXPECT_EQ(intArray(addThenRetract(gu, {x}, {ints({1, 5})})), (std::vector<int64_t>{1, 4, 9})); // one 1 left
    EXPECT_EQ(valueAt<uint64_t>(addThenRetract(resolve("count_distinct", {x}), {x}, {ints({9, 1})})), 3u);
}

TEST(AggregateRetraction, OthersDoNotRetract)
{
    auto x = ints({1});
    for (const char *n : {"unique", "unique_exact", "median", "p90", "any", "latest", "group_array", "var_pop"})
        EXPECT_FALSE(resolve(n, {x}, {}, true)->supportsRetract()) << n;
    EXPECT_FALSE(resolve("top_k", {x}, {param(3)}, true)->supportsRetract());
    auto &r = AggregateRegistry::instance();
    for (const char *n : {"count", "sum", "sum_kahan", "sum_with_overflow", "avg", "min", "max", "arg_min", "arg_max", "min_k", "max_k", "group_uniq_array"})
        EXPECT_TRUE(r.find(n)->retractable) << n;
    EXPECT_FALSE(r.find("unique")->retractable);
}

TEST(AggregateErrors, Codes)
{
    auto s = strings({"a"});
    auto x = ints({1});
    EXPECT_EQ(errorCode([&] { resolve("sum", {s}); }), 43);
    EXPECT_EQ(errorCode([&] { resolve("avg", {s}); }), 43);
    EXPECT_EQ(errorCode([&] { resolve("quantile", {s}); }), 43);
    EXPECT_EQ(errorCode([&] { resolve("sum_if", {x, s}); }), 43);
    EXPECT_EQ(errorCode([&] { resolve("sum", {}); }), 42);
    EXPECT_EQ(errorCode([&] { resolve("sum", {x, x}); }), 42);
    EXPECT_EQ(errorCode([&] { resolve("arg_min", {x}); }), 42);
    EXPECT_EQ(errorCode([&] { resolve("count_if", {}); }), 42);
    EXPECT_EQ(errorCode([&] { resolve("no_such_aggregate", {x}); }), 63);
    EXPECT_EQ(errorCode([&] { resolve("quantile", {x}, {param(1.5)}); }), 69);
}

} // namespace
} // namespace tideline::engine::test
