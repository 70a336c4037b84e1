// Comparison, logical and conditional functions.
#include "tst_FunctionTestUtil.h"

using namespace ftest;

TEST(Comparison, NumbersAcrossSignedness)
{
    EXPECT_FN(run("less", {C("int8", {"-1", "5"}), C("uint64", {"18446744073709551615", "5"})}), "bool", "true", "false");
    EXPECT_FN(run("equals", {C("int64", {"-1"}), C("uint64", {"18446744073709551615"})}), "bool", "false");
    EXPECT_FN(run("greater_or_equals", {C("float64", {"1.5", "nan"}), C("int32", {"1", "1"})}), "bool", "true", "false");
    EXPECT_FN(run("not_equals", {C("float64", {"nan"}), C("float64", {"nan"})}), "bool", "true");
    EXPECT_FN(run("less_or_equals", {C("uint8", {"3"}), C("uint8", {"3"})}), "bool", "true");
    EXPECT_FN(run("greater", {C("nullable(int32)", {"NULL", "2"}), C("int32", {"1", "1"})}), "nullable(bool)", "NULL", "true");
}

TEST(Comparison, StringsDatesAndLiterals)
{
    EXPECT_FN(run("less", {S({"abc", "b"}), S({"abd", "a"})}), "bool", "true", "false");
    EXPECT_FN(run("equals", {C("date", {"2024-01-02"}), K(S({"2024-01-02"}))}), "bool", "true");
    EXPECT_FN(run("greater", {C("datetime64(3, 'UTC')", {"2024-01-02 00:00:00.500"}), K(S({"2024-01-02 00:00:00"}))}), "bool", "true");
    EXPECT_FN(run("less", {C("date", {"2024-01-02"}), C("datetime('UTC')", {"2024-01-02 00:00:01"})}), "bool", "true");
    EXPECT_FN(run("equals", {C("datetime64(3, 'UTC')", {"2024-01-02 10:00:00"}), K(S({"2024-01-02T12:00:00+02:00"}))}), "bool", "true");
    EXPECT_FN(run("equals", {C("int32", {"5"}), K(S({"5"}))}), "bool", "true");
    auto dec = castColumn(C("int32", {"150"}), makeDecimal(9, 2)); // 150.00
    EXPECT_FN(run("greater", {In(dec), C("float64", {"149.5"})}), "bool", "true");
    EXPECT_FN(run("equals", {In(dec), C("int32", {"150"})}), "bool", "true");
    EXPECT_EQ(errorCode([] { run("equals", {C("date", {"2024-01-02"}), K(S({"junk"}))}); }), 38);
    EXPECT_EQ(errorCode([] { run("equals", {C("int32", {"1"}), arr("int32", {{"1"}})}); }), 43);
}

TEST(Comparison, BetweenAndIn)
{
    EXPECT_FN(run("between", {C("int32", {"1", "5", "9"}), K(C("uint8", {"2"})), K(C("uint8", {"8"}))}), "bool", "false", "true", "false");
    EXPECT_FN(run("not_between", {C("int32", {"1", "5"}), K(C("uint8", {"2"})), K(C("uint8", {"8"}))}), "bool", "true", "false");
    auto set = Column::create(makeTuple({T("uint8"), T("uint8")}));
    set->children[0]->push<uint8_t>(1);
    set->children[1]->push<uint8_t>(3);
    set->setSize(1);
    EXPECT_FN(run("in", {C("int64", {"1", "2", "3"}), K(set)}), "bool", "true", "false", "true");
    EXPECT_FN(run("not_in", {S({"a", "b"}), K(arr("string", {{"a", "c"}}))}), "bool", "false", "true");
    EXPECT_FN(run("in", {C("nullable(int32)", {"NULL", "1"}), K(set)}), "nullable(bool)", "NULL", "true");
}

TEST(Logical, ThreeValuedLogic)
{
    auto a = C("nullable(uint8)", {"0", "0", "1", "1", "NULL", "NULL"});
    auto b = C("nullable(uint8)", {"0", "NULL", "1", "NULL", "NULL", "1"});
    EXPECT_FN(run("and", {a, b}), "nullable(bool)", "false", "false", "true", "NULL", "NULL", "NULL");
    EXPECT_FN(run("or", {a, b}), "nullable(bool)", "false", "NULL", "true", "true", "NULL", "true");
    EXPECT_FN(run("xor", {a, b}), "nullable(bool)", "false", "NULL", "false", "NULL", "NULL", "NULL");
    EXPECT_FN(run("not", {a}), "nullable(bool)", "true", "true", "false", "false", "NULL", "NULL");
    EXPECT_FN(run("and", {C("int32", {"5", "0"}), C("float64", {"0.5", "1"}), C("bool", {"true", "true"})}), "bool", "true", "false");
    EXPECT_EQ(errorCode([] { run("and", {S({"x"}), C("uint8", {"1"})}); }), 43);
    EXPECT_EQ(errorCode([] { run("and", {C("uint8", {"1"})}); }), 42);
}

TEST(Conditional, IfAndMultiIf)
{
    EXPECT_FN(run("if", {C("nullable(uint8)", {"1", "0", "NULL"}), C("uint8", {"1", "2", "3"}), C("int16", {"-1", "-2", "-3"})}), "int16", "1", "-2", "-3");
    EXPECT_FN(run("if", {C("bool", {"true", "false"}), S({"a", "b"}), C("nullable(string)", {"NULL", "NULL"})}), "nullable(string)", "a", "NULL");
    EXPECT_FN(run("if", {C("uint8", {"1"}), C("float32", {"1.5"}), C("int8", {"2"})}), "float32", "1.5");
    EXPECT_FN(run("multi_if", {C("uint8", {"1", "0", "0"}), S({"x", "x", "x"}), C("uint8", {"0", "1", "0"}), S({"y", "y", "y"}), S({"z", "z", "z"})}),
              "string", "x", "y", "z");
    EXPECT_EQ(errorCode([] { run("if", {C("uint8", {"1"}), S({"a"}), C("int8", {"2"})}); }), 386);
    EXPECT_EQ(errorCode([] { run("if", {S({"a"}), S({"a"}), S({"b"})}); }), 43);
    EXPECT_EQ(errorCode([] { run("multi_if", {C("uint8", {"1"}), S({"a"})}); }), 42);
}

TEST(Conditional, NullFunctions)
{
    auto a = C("nullable(int32)", {"NULL", "2", "NULL"});
    auto b = C("nullable(int64)", {"NULL", "5", "7"});
    EXPECT_FN(run("coalesce", {a, b, K(C("uint8", {"0"}))}), "int64", "0", "2", "7");
    EXPECT_FN(run("coalesce", {a, b}), "nullable(int64)", "NULL", "2", "7");
    EXPECT_FN(run("if_null", {a, K(C("int32", {"-1"}))}), "int32", "-1", "2", "-1");
    EXPECT_FN(run("null_if", {C("int32", {"1", "2"}), K(C("int32", {"1"}))}), "nullable(int32)", "NULL", "2");
    EXPECT_FN(run("is_null", {a}), "uint8", "1", "0", "1");
    EXPECT_FN(run("is_not_null", {a}), "uint8", "0", "1", "0");
    EXPECT_FN(run("assume_not_null", {a}), "int32", "0", "2", "0");
    EXPECT_FN(run("to_nullable", {C("int32", {"1"})}), "nullable(int32)", "1");
    EXPECT_FN(run("case_with_expression", {C("int32", {"1", "2", "3"}), K(C("uint8", {"1"})), K(S({"one"})), K(C("uint8", {"2"})), K(S({"two"})), K(S({"many"}))}),
              "string", "one", "two", "many");
}
