#include "tst_FunctionTestUtil.h"

using namespace ftest;

TEST(Arithmetic, ResultTypesFollowClickHouseNumberTraits)
{
    struct Case { const char *fn, *a, *b, *type; };
    for (auto c : {Case{"plus", "uint8", "uint8", "uint16"}, Case{"plus", "uint8", "int8", "int16"}, Case{"multiply", "int32", "int32", "int64"},
                   Case{"plus", "uint64", "int64", "int64"}, Case{"plus", "float32", "int8", "float64"}, Case{"minus", "uint8", "uint8", "int16"},
                   Case{"minus", "uint64", "uint64", "int64"}, Case{"divide", "int8", "int8", "float64"}, Case{"int_div", "uint8", "int32", "int8"},
                   Case{"int_div", "int64", "uint8", "int64"}, Case{"modulo", "uint8", "uint8", "uint8"}, Case{"modulo", "int32", "uint8", "int16"},
                   Case{"modulo", "float32", "int8", "float64"}, Case{"plus", "bool", "bool", "uint16"}}) {
        auto o = run(c.fn, {C(c.a, {"1"}), C(c.b, {"1"})});
        EXPECT_EQ(o.type, c.type) << c.fn << "(" << c.a << ", " << c.b << ")";
    }
}

TEST(Arithmetic, Values)
{
    EXPECT_FN(run("plus", {C("uint8", {"255", "1"}), C("uint8", {"1", "2"})}), "uint16", "256", "3");
    EXPECT_FN(run("minus", {C("uint8", {"1"}), C("uint8", {"3"})}), "int16", "-2");
    EXPECT_FN(run("plus", {C("int64", {"9223372036854775807"}), C("int64", {"1"})}), "int64", "-9223372036854775808"); // wraps
    EXPECT_FN(run("multiply", {C("uint64", {"4294967296"}), C("uint64", {"4294967296"})}), "uint64", "0");
    EXPECT_FN(run("divide", {C("int32", {"7", "1", "-1", "0"}), C("int32", {"2", "0", "0", "0"})}), "float64", "3.5", "inf", "-inf", "nan");
    EXPECT_FN(run("int_div", {C("int32", {"7", "-7"}), C("int32", {"2", "2"})}), "int32", "3", "-3");
    EXPECT_FN(run("modulo", {C("int32", {"7", "-7"}), C("int32", {"3", "3"})}), "int64", "1", "-1");
    EXPECT_FN(run("modulo", {C("float64", {"7.5"}), C("int32", {"2"})}), "float64", "1.5");
    EXPECT_FN(run("int_div_or_zero", {C("int32", {"7"}), C("int32", {"0"})}), "int32", "0");
    EXPECT_FN(run("modulo_or_zero", {C("int32", {"7"}), C("int32", {"0"})}), "int64", "0");
    EXPECT_FN(run("plus", {C("float64", {"0.5"}), C("uint8", {"2"})}), "float64", "2.5");
}

TEST(Arithmetic, UnaryAndDecimal)
{
    EXPECT_FN(run("negate", {C("uint8", {"5"})}), "int16", "-5");
    EXPECT_FN(run("negate", {C("int32", {"5"})}), "int32", "-5");
    EXPECT_FN(run("abs", {C("int8", {"-128", "-3"})}), "uint8", "128", "3");
    EXPECT_FN(run("abs", {C("float32", {"-1.5"})}), "float32", "1.5");
    auto d = castColumn(C("int32", {"150"}), makeDecimal(9, 2)); // 150.00
    EXPECT_FN(run("plus", {In{d}, C("int32", {"2"})}), "decimal(9, 2)", "152.00");
    EXPECT_FN(run("multiply", {In{d}, In{d}}), "decimal(9, 4)", "22500.0000");
}

TEST(Arithmetic, NullsAndErrors)
{
    EXPECT_FN(run("plus", {C("nullable(int32)", {"1", "NULL"}), C("int32", {"1", "1"})}), "nullable(int64)", "2", "NULL");
    EXPECT_EQ(errorCode([] { run("int_div", {C("int32", {"1"}), C("int32", {"0"})}); }), 153);
    EXPECT_EQ(errorCode([] { run("modulo", {C("int32", {"1"}), C("int32", {"0"})}); }), 153);
    EXPECT_EQ(errorCode([] { run("plus", {S({"a"}), C("int32", {"0"})}); }), 43);
    EXPECT_EQ(errorCode([] { run("plus", {C("int32", {"0"})}); }), 42);
}

TEST(Arithmetic, DateTimeArithmetic)
{
    auto dt = C("datetime('UTC')", {"2024-01-31 10:00:00"});
    EXPECT_FN(run("plus", {In{dt}, C("int32", {"60"})}), "datetime('UTC')", "2024-01-31 10:01:00");
    EXPECT_FN(run("plus", {C("date", {"2024-01-31"}), C("int32", {"1"})}), "date", "2024-02-01");
    auto month = castColumn(C("int64", {"1"}), makeInterval(IntervalUnit::Month));
    EXPECT_FN(run("plus", {In{dt}, In{month}}), "datetime('UTC')", "2024-02-29 10:00:00");
    auto hour = castColumn(C("int64", {"2"}), makeInterval(IntervalUnit::Hour));
    EXPECT_FN(run("minus", {C("date", {"2024-01-01"}), In{hour}}), "datetime", "2023-12-31 22:00:00");
    auto ms = castColumn(C("int64", {"5"}), makeInterval(IntervalUnit::Millisecond));
    EXPECT_FN(run("plus", {In{dt}, In{ms}}), "datetime64(3, 'UTC')", "2024-01-31 10:00:00.005");
    EXPECT_FN(run("minus", {In{dt}, C("datetime('UTC')", {"2024-01-31 09:00:00"})}), "int64", "3600");
    EXPECT_FN(run("minus", {C("date", {"2024-03-01"}), C("date", {"2024-02-01"})}), "int32", "29");
}
