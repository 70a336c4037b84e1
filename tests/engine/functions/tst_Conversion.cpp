#include <gtest/gtest.h>

#include "engine/formats/ValueParser.h"
#include "engine/formats/ValueWriter.h"
#include "engine/functions/ConversionCast.h"
#include "engine/functions/Function.h"

using namespace tideline::engine;

namespace {

struct Arg {
    const char *type;
    const char *text; // Plain text; "NULL" for NULL in nullable types
};

DataTypePtr typeOf(const char *name)
{
    auto t = parseDataType(name);
    if (!t.isOk())
        throw EngineError(t.status());
    return *t;
}

// Calls `fn` on constant arguments; returns "<result text> :: <result type>".
std::string call(const std::string &fn, std::vector<Arg> args, const std::string &sessionZone = "UTC")
{
    std::vector<FunctionArg> fargs;
    std::vector<ColumnPtr> cols;
    for (const auto &a : args) {
        auto col = Column::create(typeOf(a.type));
        parseValue(*col, a.text);
        fargs.push_back({col->type(), col, nullptr});
        cols.push_back(col);
    }
    FunctionContext context;
    context.timezone = sessionZone;
    BoundFunction bound = FunctionRegistry::instance().resolve(fn, fargs, context);
    ColumnPtr out = bound.exec(cols, 1);
    EXPECT_EQ(out->size(), 1u);
    EXPECT_TRUE(out->type()->equals(*bound.returnType)) << out->type()->name() << " vs " << bound.returnType->name();
    return valueToString(*out, 0) + " :: " + bound.returnType->name();
}

int errorOf(const std::string &fn, std::vector<Arg> args)
{
    try {
        call(fn, std::move(args));
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

} // namespace

TEST(Conversion, ToNumbers)
{
    EXPECT_EQ(call("to_int32", {{"string", "42"}}), "42 :: int32");
    EXPECT_EQ(call("to_int8", {{"int32", "300"}}), "44 :: int8");       // narrowing wraps
    EXPECT_EQ(call("to_uint8", {{"int32", "-1"}}), "255 :: uint8");
    EXPECT_EQ(call("to_int32", {{"float64", "-3.9"}}), "-3 :: int32");  // float -> int truncates
    EXPECT_EQ(call("to_int64", {{"float64", "nan"}}), "-9223372036854775808 :: int64");
    EXPECT_EQ(call("to_float32", {{"string", "0.1"}}), "0.1 :: float32");
    EXPECT_EQ(call("to_float64", {{"int64", "3"}}), "3 :: float64");
    EXPECT_EQ(call("to_int", {{"string", "7"}}), "7 :: int32");
    EXPECT_EQ(call("to_float", {{"string", "1.5"}}), "1.5 :: float64");
    EXPECT_EQ(call("to_int128", {{"string", "-170141183460469231731687303715884105728"}}),
              "-170141183460469231731687303715884105728 :: int128");
    EXPECT_EQ(call("to_uint256", {{"uint8", "5"}}), "5 :: uint256");
    EXPECT_EQ(call("to_int32", {{"decimal(10, 2)", "-12.99"}}), "-12 :: int32");
    EXPECT_EQ(call("to_float64", {{"decimal(10, 2)", "1.25"}}), "1.25 :: float64");
    EXPECT_EQ(call("to_bool", {{"int32", "5"}}), "true :: bool");
    EXPECT_EQ(call("to_bool", {{"string", "false"}}), "false :: bool");
    EXPECT_EQ(call("toInt16", {{"string", "-5"}}), "-5 :: int16"); // ClickHouse spelling
    EXPECT_EQ(errorOf("to_int8", {{"string", "300"}}), 321);
    EXPECT_EQ(errorOf("to_int32", {{"string", "abc"}}), 6); // ClickHouse: Cannot parse string 'abc' as Int32 (CANNOT_PARSE_TEXT)
}

TEST(Conversion, OrZeroOrNullOrDefault)
{
    EXPECT_EQ(call("to_int32_or_zero", {{"string", "abc"}}), "0 :: int32");
    EXPECT_EQ(call("to_int32_or_null", {{"string", "abc"}}), "NULL :: nullable(int32)");
    EXPECT_EQ(call("to_int32_or_null", {{"string", "12"}}), "12 :: nullable(int32)");
    EXPECT_EQ(call("to_int32_or_default", {{"string", "x"}, {"int32", "-1"}}), "-1 :: int32");
    EXPECT_EQ(call("to_int32_or_default", {{"string", "5"}, {"int32", "-1"}}), "5 :: int32");
    EXPECT_EQ(call("to_date_or_null", {{"string", "2020-13-45"}}), "NULL :: nullable(date)");
    EXPECT_EQ(call("to_datetime_or_zero", {{"string", "bad"}}), "1970-01-01 00:00:00 :: datetime");
    EXPECT_EQ(call("to_uuid_or_zero", {{"string", "x"}}), "00000000-0000-0000-0000-000000000000 :: uuid");
    EXPECT_EQ(call("to_decimal32_or_null", {{"string", "1e10"}, {"uint8", "2"}}), "NULL :: nullable(decimal(9, 2))");
}

TEST(Conversion, Nulls)
{
    EXPECT_EQ(call("to_int32", {{"nullable(string)", "NULL"}}), "NULL :: nullable(int32)");
    EXPECT_EQ(call("to_int32", {{"nullable(string)", "8"}}), "8 :: nullable(int32)");
    EXPECT_EQ(call("to_string", {{"nullable(int32)", "NULL"}}), "NULL :: nullable(string)");
    EXPECT_EQ(call("cast", {{"nullable(string)", "NULL"}, {"string", "nullable(int32)"}}), "NULL :: nullable(int32)");
    EXPECT_EQ(errorOf("cast", {{"nullable(string)", "NULL"}, {"string", "int32"}}), 349);
    EXPECT_EQ(call("to_type_name", {{"nullable(int8)", "NULL"}}), "nullable(int8) :: string");
    EXPECT_EQ(call("to_type_name", {{"array(tuple(a int32, b string))", "[]"}}), "array(tuple(a int32, b string)) :: string");
}

TEST(Conversion, DecimalsAndStrings)
{
    EXPECT_EQ(call("to_decimal32", {{"string", "1.239"}, {"uint8", "2"}}), "1.23 :: decimal(9, 2)");
    EXPECT_EQ(call("to_decimal64", {{"int32", "5"}, {"uint8", "3"}}), "5 :: decimal(18, 3)");
    EXPECT_EQ(call("to_decimal128", {{"float64", "-0.5"}, {"uint8", "1"}}), "-0.5 :: decimal(38, 1)");
    EXPECT_EQ(call("to_decimal", {{"string", "12.5"}, {"uint8", "5"}, {"uint8", "2"}}), "12.5 :: decimal(5, 2)");
    EXPECT_EQ(call("cast", {{"decimal(10, 4)", "1.2345"}, {"string", "decimal(6, 2)"}}), "1.23 :: decimal(6, 2)");
    EXPECT_EQ(errorOf("to_decimal32", {{"int64", "10000000000"}, {"uint8", "0"}}), 407);
    EXPECT_EQ(errorOf("to_decimal32", {{"float64", "inf"}, {"uint8", "0"}}), 407);
    EXPECT_EQ(call("to_string", {{"float64", "1e-7"}}), "1e-7 :: string");
    EXPECT_EQ(call("to_string", {{"decimal(10, 2)", "1.5"}}), "1.5 :: string"); // no trailing zeros, as Proton 1.6 prints
    EXPECT_EQ(call("to_string", {{"array(string)", "['a','b']"}}), "['a','b'] :: string");
    EXPECT_EQ(call("to_string", {{"bool", "true"}}), "true :: string");
    EXPECT_EQ(call("to_fixed_string", {{"string", "ab"}, {"uint8", "3"}}), std::string("ab\0 :: fixed_string(3)", 22));
    EXPECT_EQ(errorOf("to_fixed_string", {{"string", "abcd"}, {"uint8", "3"}}), 131);
}

TEST(Conversion, DatesAndTimes)
{
    EXPECT_EQ(call("to_date", {{"string", "2020-02-02"}}), "2020-02-02 :: date");
    EXPECT_EQ(call("to_date", {{"datetime", "2020-02-02 23:30:00"}}), "2020-02-02 :: date");
    EXPECT_EQ(call("to_date", {{"datetime('Asia/Shanghai')", "2020-02-03 01:00:00"}}), "2020-02-03 :: date");
    EXPECT_EQ(call("to_date", {{"uint16", "18294"}}), "2020-02-02 :: date");
    EXPECT_EQ(call("to_date", {{"uint32", "1580673600"}}), "2020-02-02 :: date");
    EXPECT_EQ(call("to_datetime", {{"string", "2020-02-02 20:00:00"}}), "2020-02-02 20:00:00 :: datetime");
    EXPECT_EQ(call("to_datetime", {{"string", "2020-02-02 20:00:00"}, {"string", "Asia/Shanghai"}}),
              "2020-02-02 20:00:00 :: datetime('Asia/Shanghai')");
    EXPECT_EQ(call("to_datetime", {{"date", "2020-02-02"}, {"string", "Asia/Shanghai"}}),
              "2020-02-02 00:00:00 :: datetime('Asia/Shanghai')");
    EXPECT_EQ(call("to_datetime", {{"uint32", "1580673600"}}), "2020-02-02 20:00:00 :: datetime");
    EXPECT_EQ(call("to_datetime64", {{"string", "2020-02-02 20:00:00.123456"}, {"uint8", "3"}}), "2020-02-02 20:00:00.123 :: datetime64(3)");
    EXPECT_EQ(call("to_datetime64", {{"float64", "1580673600.5"}, {"uint8", "3"}, {"string", "UTC"}}),
              "2020-02-02 20:00:00.500 :: datetime64(3, 'UTC')");
    EXPECT_EQ(call("to_datetime64", {{"datetime", "2020-02-02 20:00:00"}, {"uint8", "2"}}), "2020-02-02 20:00:00.00 :: datetime64(2)");
    EXPECT_EQ(call("to_datetime", {{"datetime64(3)", "2020-02-02 20:00:00.999"}}), "2020-02-02 20:00:00 :: datetime");
    EXPECT_EQ(call("to_int64", {{"datetime64(3)", "2020-02-02 20:00:00.999"}}), "1580673600 :: int64");
    EXPECT_EQ(call("to_float64", {{"datetime64(3)", "2020-02-02 20:00:00.5"}}), "1580673600.5 :: float64");
    EXPECT_EQ(call("to_uint32", {{"datetime", "2020-02-02 20:00:00"}}), "1580673600 :: uint32");
    EXPECT_EQ(call("to_string", {{"datetime", "2020-02-02 20:00:00"}, {"string", "Asia/Shanghai"}}), "2020-02-03 04:00:00 :: string");
    EXPECT_EQ(call("to_datetime", {{"string", "2020-02-02T20:00:00+01:00"}}), "2020-02-02 19:00:00 :: datetime");
    EXPECT_EQ(call("parse_datetime_best_effort", {{"string", "Sat, 18 Aug 2018 07:22:16 GMT"}}), "2018-08-18 07:22:16 :: datetime");
    EXPECT_EQ(call("parse_datetime_best_effort_or_null", {{"string", "nope"}}), "NULL :: nullable(datetime)");
    EXPECT_EQ(call("parse_datetime64_best_effort", {{"string", "2018-08-18T07:22:16.123Z"}, {"uint8", "3"}}),
              "2018-08-18 07:22:16.123 :: datetime64(3)");
    EXPECT_EQ(errorOf("to_datetime", {{"string", "garbage"}}), 41);
    EXPECT_EQ(errorOf("to_date", {{"string", "garbage"}}), 38);
    EXPECT_EQ(errorOf("to_datetime", {{"string", "2020-01-01"}, {"string", "Mars/Base"}}), 36);
}

TEST(Conversion, UuidIpAndComposites)
{
    EXPECT_EQ(call("to_uuid", {{"string", "61f0c404-5cb3-11e7-907b-a6006ad3dba0"}}), "61f0c404-5cb3-11e7-907b-a6006ad3dba0 :: uuid");
    EXPECT_EQ(call("to_ipv4", {{"string", "10.0.0.1"}}), "10.0.0.1 :: ipv4");
    EXPECT_EQ(call("to_ipv4", {{"uint32", "167772161"}}), "10.0.0.1 :: ipv4");
    EXPECT_EQ(call("to_uint32", {{"ipv4", "10.0.0.1"}}), "167772161 :: uint32");
    EXPECT_EQ(call("to_ipv6", {{"ipv4", "10.0.0.1"}}), "::ffff:10.0.0.1 :: ipv6");
    EXPECT_EQ(call("cast", {{"string", "[1,2,3]"}, {"string", "array(uint8)"}}), "[1,2,3] :: array(uint8)");
    EXPECT_EQ(call("cast", {{"array(int32)", "[1,-1]"}, {"string", "array(string)"}}), "['1','-1'] :: array(string)");
    EXPECT_EQ(call("cast", {{"array(string)", "['1','2']"}, {"string", "array(nullable(int64))"}}), "[1,2] :: array(nullable(int64))");
    EXPECT_EQ(call("cast", {{"map(string, int32)", "{'a':1}"}, {"string", "map(string, float64)"}}), "{'a':1} :: map(string, float64)");
    EXPECT_EQ(call("cast", {{"tuple(int32, string)", "(1,'2')"}, {"string", "tuple(a string, b int8)"}}), "('1',2) :: tuple(a string, b int8)");
    EXPECT_EQ(call("cast", {{"string", "b"}, {"string", "enum8('a' = 1, 'b' = 2)"}}), "b :: enum8('a' = 1, 'b' = 2)");
    EXPECT_EQ(call("cast", {{"int32", "1"}, {"string", "enum8('a' = 1, 'b' = 2)"}}), "a :: enum8('a' = 1, 'b' = 2)");
    EXPECT_EQ(call("to_int32", {{"enum8('a' = 1, 'b' = 2)", "b"}}), "2 :: int32");
    EXPECT_EQ(call("cast", {{"int256", "-5"}, {"string", "int8"}}), "-5 :: int8");
    EXPECT_EQ(errorOf("cast", {{"string", "1"}, {"string", "no_such_type"}}), 50);
}

TEST(Conversion, WholeColumns)
{
    auto col = Column::create(typeOf("nullable(string)"));
    for (const char *v : {"1", "\\N", "x", "4"})
        parseValue(*col, v);
    ColumnPtr zero = convertColumn(col, typeOf("nullable(int32)"), {"", false, CastFailure::Null});
    std::string text;
    for (size_t r = 0; r < zero->size(); ++r)
        text += valueToString(*zero, r) + ",";
    EXPECT_EQ(text, "1,NULL,NULL,4,");
    EXPECT_THROW(convertColumn(col, typeOf("nullable(int32)"), {}), EngineError);
}

TEST(Conversion, ParseAndCompositeErrorsAsClickHouse)
{
    // ConvertThroughParsing: "Cannot parse string 'abc' as Float64" is 6 CANNOT_PARSE_TEXT.
    EXPECT_EQ(errorOf("to_float64", {{"string", "abc"}}), 6);
    EXPECT_EQ(errorOf("to_int64", {{"string", "1.5"}}), 6);
    EXPECT_EQ(errorOf("to_uint8", {{"string", ""}}), 6);
    EXPECT_EQ(errorOf("to_int8", {{"string", "300"}}), 321);        // out of range stays 321
    EXPECT_EQ(errorOf("to_decimal32", {{"string", "x"}, {"uint8", "2"}}), 72);
    EXPECT_EQ(call("to_float64_or_zero", {{"string", "abc"}}), "0 :: float64");
    // FunctionCast: "Conversion from Array to Int32 is not supported" (70); a scalar never
    // becomes a composite (53); to text and between composites of one kind is fine.
    auto cast = [](const char *from, const char *text, const char *to) {
        auto col = Column::create(typeOf(from));
        parseValue(*col, text);
        return convertColumn(col, typeOf(to));
    };
    auto code = [&](const char *from, const char *text, const char *to) {
        try {
            cast(from, text, to);
        } catch (const EngineError &e) {
            return e.status().code();
        }
        return 0;
    };
    EXPECT_EQ(code("array(uint8)", "[1,2]", "int32"), 70);
    EXPECT_EQ(code("tuple(uint8, string)", "(1,'a')", "float64"), 70);
    EXPECT_EQ(code("map(string, uint8)", "{'a':1}", "date"), 70);
    EXPECT_EQ(code("uint8", "1", "array(uint8)"), 53);
    EXPECT_EQ(code("int32", "1", "tuple(int32)"), 53);
    EXPECT_EQ(valueToString(*cast("array(uint8)", "[1,2]", "string"), 0), "[1,2]");
    EXPECT_EQ(valueToString(*cast("array(uint8)", "[1,2]", "array(int64)"), 0), "[1,2]");
    EXPECT_EQ(valueToString(*cast("string", "[1,2]", "array(int64)"), 0), "[1,2]");
}
