// Aggregate functions: exact results of each family over small columns, on the single-place,
// grouped and merge paths, NULL handling and result types.
#include "tests/engine/functions/tst_AggregatesSupport.h"

namespace tideline::engine::test {
namespace {

TEST(Aggregates, CountRowsAndNonNull)
{
    auto fn = resolve("count", {});
    EXPECT_EQ(fn->returnType()->name(), "uint64");
    State s(fn);
    s.rowsOf = 5;
    s.add({});
    EXPECT_EQ(valueAt<uint64_t>(s.result()), 5u);

    auto x = withNulls(ints({1, 2, 3, 4}), {0, 1, 0, 1});
    auto c = resolve("count", {x});
    EXPECT_EQ(c->returnType()->name(), "uint64"); // count never becomes nullable
    EXPECT_EQ(valueAt<uint64_t>(single(c, {x})), 2u);
}

TEST(Aggregates, SumResultTypes)
{
    EXPECT_EQ(resolve("sum", {numbers<uint8_t>(TypeKind::UInt8, {})})->returnType()->name(), "uint64");
    EXPECT_EQ(resolve("sum", {numbers<int16_t>(TypeKind::Int16, {})})->returnType()->name(), "int64");
    EXPECT_EQ(resolve("sum", {numbers<float>(TypeKind::Float32, {})})->returnType()->name(), "float64");
    auto dec = Column::create(makeDecimal(10, 2));
    dec->push<int64_t>(150);
    dec->push<int64_t>(275);
    auto fn = resolve("sum", {dec});
    EXPECT_EQ(fn->returnType()->name(), "decimal(38, 2)");
    EXPECT_EQ(static_cast<int64_t>(valueAt<Int128>(single(fn, {dec}))), 425);
}

TEST(Aggregates, SumValuesAndPaths)
{
    auto x = numbers<uint8_t>(TypeKind::UInt8, {200, 100, 50, 7});
    auto fn = resolve("sum", {x});
    EXPECT_EQ(valueAt<uint64_t>(single(fn, {x})), 357u); // widened: no uint8 overflow
    EXPECT_EQ(valueAt<uint64_t>(merged(fn, {x}, 1)), 357u);
    auto g = grouped(fn, {x}, {0, 1, 0, 1}, 2);
    EXPECT_EQ(valueAt<uint64_t>(g, 0), 250u);
    EXPECT_EQ(valueAt<uint64_t>(g, 1), 107u);
    EXPECT_EQ(valueAt<uint64_t>(single(fn, {x->slice(0, 0)})), 0u); // empty sum is 0

    auto w = resolve("sum_with_overflow", {x});
    EXPECT_EQ(w->returnType()->name(), "uint8");
    EXPECT_EQ(valueAt<uint8_t>(single(w, {x})), static_cast<uint8_t>(357));

    auto d = doubles({0.1, 0.2, 0.3});
    EXPECT_NEAR(valueAt<double>(single(resolve("sum_kahan", {d}), {d})), 0.6, 1e-15);
}

TEST(Aggregates, SumOverNullable)
{
    auto x = withNulls(ints({1, 2, 3}), {0, 1, 0});
    auto fn = resolve("sum", {x});
    EXPECT_EQ(fn->returnType()->name(), "nullable(int64)");
    auto r = single(fn, {x});
    EXPECT_FALSE(r->isNullAt(0));
    EXPECT_EQ(valueAt<int64_t>(r), 4);
    auto allNull = withNulls(ints({1, 2}), {1, 1});
    EXPECT_TRUE(single(fn, {allNull})->isNullAt(0)); // no non-NULL rows: NULL
    auto g = grouped(fn, {x}, {0, 1, 1}, 2);
    EXPECT_EQ(valueAt<int64_t>(g, 0), 1);
    EXPECT_EQ(valueAt<int64_t>(g, 1), 3);
    auto nothing = Column::create(makeNullable(makeType(TypeKind::Nothing)));
    nothing->pushDefault();
    EXPECT_TRUE(single(resolve("sum", {nothing}), {nothing})->isNullAt(0));
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("count", {nothing}), {nothing})), 0u);
}

TEST(Aggregates, Avg)
{
    auto x = ints({1, 2, 3, 4});
    auto fn = resolve("avg", {x});
    EXPECT_EQ(fn->returnType()->name(), "float64");
    EXPECT_DOUBLE_EQ(valueAt<double>(single(fn, {x})), 2.5);
    EXPECT_DOUBLE_EQ(valueAt<double>(merged(fn, {x}, 3)), 2.5);
    EXPECT_TRUE(std::isnan(valueAt<double>(single(fn, {x->slice(0, 0)}))));
}

TEST(Aggregates, MinMaxNumbersStringsDates)
{
    auto x = ints({5, -3, 9, 0});
    EXPECT_EQ(valueAt<int64_t>(single(resolve("min", {x}), {x})), -3);
    EXPECT_EQ(valueAt<int64_t>(single(resolve("max", {x}), {x})), 9);
    EXPECT_EQ(resolve("min", {x})->returnType()->name(), "int64");
    auto g = grouped(resolve("max", {x}), {x}, {0, 0, 1, 1}, 2);
    EXPECT_EQ(valueAt<int64_t>(g, 0), 5);
    EXPECT_EQ(valueAt<int64_t>(g, 1), 9);

    auto s = strings({"pear", "apple", "zoo", "b"});
    EXPECT_EQ(stringAt(single(resolve("min", {s}), {s})), "apple");
    EXPECT_EQ(stringAt(single(resolve("max", {s}), {s})), "zoo");
    EXPECT_EQ(stringAt(merged(resolve("max", {s}), {s}, 2)), "zoo");

    auto d = numbers<uint16_t>(TypeKind::Date, {19000, 18000, 20000});
    auto dmin = resolve("min", {d});
    EXPECT_EQ(dmin->returnType()->name(), "date");
    EXPECT_EQ(valueAt<uint16_t>(single(dmin, {d})), 18000);

    // Empty input, non-nullable argument: the type's default.
    EXPECT_EQ(valueAt<int64_t>(single(resolve("min", {x}), {x->slice(0, 0)})), 0);
    EXPECT_EQ(stringAt(single(resolve("max", {s}), {s->slice(0, 0)})), "");

    auto n = withNulls(ints({7, 1, 4}), {0, 1, 0});
    auto nmin = resolve("min", {n});
    EXPECT_EQ(nmin->returnType()->name(), "nullable(int64)");
    EXPECT_EQ(valueAt<int64_t>(single(nmin, {n})), 4);
}

TEST(Aggregates, MinMaxOverArrays)
{
    auto a = Column::create(makeArray(makeType(TypeKind::Int64)));
    for (auto row : std::vector<std::vector<int64_t>>{{2, 1}, {1, 5}, {2}}) {
        for (auto v : row)
            a->children[0]->push<int64_t>(v);
        a->offsets.push_back(a->children[0]->size());
        a->setSize(a->size() + 1);
    }
    ColumnPtr ac = a;
    EXPECT_EQ(intArray(single(resolve("min", {ac}), {ac})), (std::vector<int64_t>{1, 5}));
    EXPECT_EQ(intArray(single(resolve("max", {ac}), {ac})), (std::vector<int64_t>{2, 1}));
}

TEST(Aggregates, AnyFamily)
{
    auto s = strings({"a", "b", "c"});
    EXPECT_EQ(stringAt(single(resolve("any", {s}), {s})), "a");
    EXPECT_EQ(stringAt(single(resolve("first_value", {s}), {s})), "a");
    EXPECT_EQ(stringAt(single(resolve("earliest", {s}), {s})), "a");
    EXPECT_EQ(stringAt(single(resolve("any_last", {s}), {s})), "c");
    EXPECT_EQ(stringAt(single(resolve("last_value", {s}), {s})), "c");
    EXPECT_EQ(stringAt(single(resolve("latest", {s}), {s})), "c");
    EXPECT_EQ(stringAt(merged(resolve("latest", {s}), {s}, 2)), "c");
    EXPECT_EQ(stringAt(merged(resolve("earliest", {s}), {s}, 1)), "a");
    auto n = withNulls(ints({1, 2, 3}), {1, 0, 0});
    EXPECT_EQ(valueAt<int64_t>(single(resolve("any", {n}), {n})), 2); // NULLs are skipped
}

TEST(Aggregates, ArgMinMax)
{
    auto names = strings({"a", "b", "c", "d"});
    auto vals = ints({3, 1, 4, 1});
    auto mn = resolve("arg_min", {names, vals});
    EXPECT_EQ(mn->returnType()->name(), "string");
    EXPECT_EQ(stringAt(single(mn, {names, vals})), "b"); // ties keep the first row
    EXPECT_EQ(stringAt(single(resolve("arg_max", {names, vals}), {names, vals})), "c");
    EXPECT_EQ(stringAt(merged(resolve("arg_max", {names, vals}), {names, vals}, 2)), "c");
    auto g = grouped(mn, {names, vals}, {0, 0, 1, 1}, 2);
    EXPECT_EQ(stringAt(g, 0), "b");
    EXPECT_EQ(stringAt(g, 1), "d");
}

TEST(Aggregates, UniqueAndUniqueExact)
{
    auto x = withNulls(ints({1, 2, 2, 3, 0}), {0, 0, 0, 0, 1});
    for (const char *name : {"unique", "unique_exact"}) {
        auto fn = resolve(name, {x});
        EXPECT_EQ(fn->returnType()->name(), "uint64") << name;
        EXPECT_EQ(valueAt<uint64_t>(single(fn, {x})), 3u) << name;
        EXPECT_EQ(valueAt<uint64_t>(merged(fn, {x}, 2)), 3u) << name;
    }
    auto s = strings({"a", "b", "a", "c"});
    auto t = ints({1, 1, 2, 1});
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("unique_exact", {s}), {s})), 3u);
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("unique", {s, t}), {s, t})), 4u);
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("unique_exact", {s, t}), {s, t})), 4u);
}

TEST(Aggregates, UniqueIsApproximateForLargeInputs)
{
    std::vector<int64_t> v(200000);
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<int64_t>(i);
    auto x = ints(v);
    double est = static_cast<double>(valueAt<uint64_t>(single(resolve("unique", {x}), {x})));
    EXPECT_NEAR(est, 200000.0, 200000.0 * 0.05);
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("unique_exact", {x}), {x})), 200000u);
}

TEST(Aggregates, QuantileMatchesProtonExample)
{
    std::vector<double> v;
    for (int i = 100; i <= 500; ++i)
        v.push_back(i);
    auto f = doubles(v);
    auto q = resolve("quantile", {f}, {param(0.9)});
    EXPECT_EQ(q->returnType()->name(), "float64");
    EXPECT_DOUBLE_EQ(valueAt<double>(single(q, {f})), 460);
    EXPECT_DOUBLE_EQ(valueAt<double>(merged(q, {f}, 123)), 460);
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("p90", {f}), {f})), 460);
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("median", {f}), {f})), 300);
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("quantile", {f}), {f})), 300); // level defaults to 0.5

    auto half = doubles({1, 2, 3, 4});
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("median", {half}), {half})), 2.5); // interpolated
    auto ex = resolve("quantile_exact", {ints({1, 2, 3, 4})}, {param(0.5)});
    EXPECT_EQ(ex->returnType()->name(), "int64");
    EXPECT_EQ(valueAt<int64_t>(single(ex, {ints({4, 1, 3, 2})})), 3); // element floor(0.5 * 4)

    auto qs = resolve("quantiles", {f}, {param(0.1), param(0.9)});
    EXPECT_EQ(qs->returnType()->name(), "array(float64)");
    auto r = single(qs, {f});
    EXPECT_DOUBLE_EQ(r->nested().data<double>()[0], 140);
    EXPECT_DOUBLE_EQ(r->nested().data<double>()[1], 460);
    EXPECT_TRUE(std::isnan(valueAt<double>(single(q, {f->slice(0, 0)}))));
}

TEST(Aggregates, QuantileLargeInputIsClose)
{
    std::vector<double> v;
    for (int i = 0; i < 100000; ++i)
        v.push_back(i);
    auto f = doubles(v);
    double p = valueAt<double>(single(resolve("p90", {f}), {f}));
    EXPECT_NEAR(p, 90000, 2000);
}

TEST(Aggregates, GroupArrayAndUniqArray)
{
    auto x = ints({3, 1, 3, 2});
    auto fn = resolve("group_array", {x});
    EXPECT_EQ(fn->returnType()->name(), "array(int64)");
    EXPECT_EQ(intArray(single(fn, {x})), (std::vector<int64_t>{3, 1, 3, 2}));
    EXPECT_EQ(intArray(merged(fn, {x}, 2)), (std::vector<int64_t>{3, 1, 3, 2}));
    EXPECT_EQ(intArray(single(resolve("group_array", {x}, {param(2)}), {x})), (std::vector<int64_t>{3, 1}));
    EXPECT_EQ(intArray(single(resolve("group_uniq_array", {x}), {x})), (std::vector<int64_t>{3, 1, 2}));
    auto n = withNulls(x, {0, 1, 0, 0});
    auto nfn = resolve("group_array", {n});
    EXPECT_EQ(nfn->returnType()->name(), "array(int64)"); // NULLs skipped, array never nullable
    EXPECT_EQ(intArray(single(nfn, {n})), (std::vector<int64_t>{3, 3, 2}));
    auto g = grouped(fn, {x}, {1, 0, 1, 0}, 2);
    EXPECT_EQ(intArray(g, 0), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(intArray(g, 1), (std::vector<int64_t>{3, 3}));
}

TEST(Aggregates, TopK)
{
    auto s = strings({"a", "b", "a", "c", "b", "a"});
    auto fn = resolve("top_k", {s}, {param(2)});
    EXPECT_EQ(fn->returnType()->name(), "array(tuple(string, uint64))");
    auto r = single(fn, {s});
    ASSERT_EQ(r->arrayEnd(0), 2u);
    const Column &tuple = r->nested();
    EXPECT_EQ(tuple.children[0]->stringAt(0), "a");
    EXPECT_EQ(tuple.children[1]->data<uint64_t>()[0], 3u);
    EXPECT_EQ(tuple.children[0]->stringAt(1), "b");
    EXPECT_EQ(tuple.children[1]->data<uint64_t>()[1], 2u);

    auto plain = resolve("top_k", {s}, {param(1), param(0)});
    EXPECT_EQ(plain->returnType()->name(), "array(string)");
    EXPECT_EQ(merged(plain, {s}, 3)->nested().stringAt(0), "a");
    EXPECT_EQ(valueAt<uint64_t>(single(resolve("top_k_exact", {s}, {param(5)}), {s})->nested().children[1], 2), 1u);
}

TEST(Aggregates, MinKMaxK)
{
    auto x = ints({5, 1, 4, 1, 9});
    EXPECT_EQ(intArray(single(resolve("min_k", {x}, {param(3)}), {x})), (std::vector<int64_t>{1, 1, 4}));
    EXPECT_EQ(intArray(single(resolve("max_k", {x}, {param(2)}), {x})), (std::vector<int64_t>{9, 5}));
    EXPECT_EQ(intArray(merged(resolve("max_k", {x}, {param(2)}), {x}, 2)), (std::vector<int64_t>{9, 5}));
    auto who = strings({"e", "a", "d", "b", "i"});
    auto ctx = resolve("max_k", {x, who}, {param(2)});
    EXPECT_EQ(ctx->returnType()->name(), "array(tuple(int64, string))");
    auto r = single(ctx, {x, who});
    EXPECT_EQ(r->nested().children[0]->data<int64_t>()[0], 9);
    EXPECT_EQ(r->nested().children[1]->stringAt(0), "i");
    EXPECT_EQ(r->nested().children[1]->stringAt(1), "e");
}

TEST(Aggregates, VarianceFamily)
{
    auto x = doubles({2, 4, 4, 4, 5, 5, 7, 9});
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("var_pop", {x}), {x})), 4);
    EXPECT_DOUBLE_EQ(valueAt<double>(single(resolve("stddev_pop", {x}), {x})), 2);
    EXPECT_NEAR(valueAt<double>(single(resolve("var_samp", {x}), {x})), 32.0 / 7, 1e-12);
    EXPECT_NEAR(valueAt<double>(merged(resolve("stddev_samp", {x}), {x}, 3)), std::sqrt(32.0 / 7), 1e-12);
    auto y = doubles({1, 2, 3, 4, 5, 6, 7, 8});
    auto z = doubles({2, 4, 6, 8, 10, 12, 14, 16});
    EXPECT_NEAR(valueAt<double>(single(resolve("corr", {y, z}), {y, z})), 1.0, 1e-12);
    EXPECT_NEAR(valueAt<double>(single(resolve("covar_pop", {y, z}), {y, z})), 10.5, 1e-12);
}

} // namespace
} // namespace tideline::engine::test
