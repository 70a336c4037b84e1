#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "FormatTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

std::string f64(double v)
{
    std::string s;
    appendFloat(s, v);
    return s;
}

std::string f32(float v)
{
    std::string s;
    appendFloat(s, v);
    return s;
}

} // namespace

TEST(ValueWriter, FloatsLikeClickHouse)
{
    EXPECT_EQ(f64(0.1), "0.1");
    EXPECT_EQ(f64(1e-7), "1e-7");
    EXPECT_EQ(f64(0.000001), "0.000001");
    EXPECT_EQ(f64(1.5e-7), "1.5e-7");
    EXPECT_EQ(f64(1e20), "100000000000000000000");
    EXPECT_EQ(f64(1e21), "1e21");
    EXPECT_EQ(f64(1.25e300), "1.25e300");
    EXPECT_EQ(f64(123.456), "123.456");
    EXPECT_EQ(f64(-2.5), "-2.5");
    EXPECT_EQ(f64(42), "42");
    EXPECT_EQ(f64(0), "0");
    EXPECT_EQ(f64(-0.0), "-0");
    EXPECT_EQ(f64(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(f64(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(f64(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(f64(-std::numeric_limits<double>::quiet_NaN()), "nan"); // 0/0 on x86: ClickHouse prints no sign
    EXPECT_EQ(f64(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(f32(0.1f), "0.1");
    EXPECT_EQ(f32(1.0f / 3), "0.33333334");
}

TEST(ValueWriter, IntegersAndWideIntegers)
{
    EXPECT_EQ(render("int8", "-128"), "-128");
    EXPECT_EQ(render("uint64", "18446744073709551615"), "18446744073709551615");
    EXPECT_EQ(render("int128", "-170141183460469231731687303715884105728"), "-170141183460469231731687303715884105728");
    EXPECT_EQ(render("uint128", "340282366920938463463374607431768211455"), "340282366920938463463374607431768211455");
    EXPECT_EQ(render("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819968"),
              "-57896044618658097711785492504343953926634992332820282019728792003956564819968");
    EXPECT_EQ(render("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
              "115792089237316195423570985008687907853269984665640564039457584007913129639935");
    EXPECT_EQ(render("int256", "-1"), "-1");
}

TEST(ValueWriter, DecimalsDropTrailingFractionZeros)
{
    EXPECT_EQ(render("decimal(10, 2)", "1.5"), "1.5");
    EXPECT_EQ(render("decimal(10, 2)", "-0.5"), "-0.5");
    EXPECT_EQ(render("decimal(10, 2)", "-3.00"), "-3");
    EXPECT_EQ(render("decimal(10, 2)", "0.01"), "0.01");
    EXPECT_EQ(render("decimal(10, 2)", "10.10"), "10.1");
    EXPECT_EQ(render("decimal(10, 0)", "12"), "12");
    EXPECT_EQ(render("decimal(9, 4)", "0"), "0");
    EXPECT_EQ(render("decimal(38, 10)", "-12345678901234567890.0123456789"), "-12345678901234567890.0123456789");
    EXPECT_EQ(render("decimal(76, 3)", "-1.25"), "-1.25");
    EXPECT_EQ(render("decimal(76, 3)", "-0.001"), "-0.001");
    EXPECT_EQ(render("decimal(76, 3)", "1000"), "1000");
    EXPECT_EQ(render("decimal(18, 3)", "1.23456"), "1.234"); // extra digits truncate
}

TEST(ValueWriter, DatesAndTimes)
{
    EXPECT_EQ(render("date", "2020-02-02"), "2020-02-02");
    EXPECT_EQ(render("date32", "1900-01-01"), "1900-01-01");
    EXPECT_EQ(render("datetime", "2020-02-02 20:00:00"), "2020-02-02 20:00:00");
    EXPECT_EQ(render("datetime64(3)", "2020-02-02 20:00:00.5"), "2020-02-02 20:00:00.500");
    EXPECT_EQ(render("datetime64(6, 'UTC')", "2020-02-02 20:00:00.1234567"), "2020-02-02 20:00:00.123456");
    EXPECT_EQ(render("datetime64(0)", "2020-02-02 20:00:00"), "2020-02-02 20:00:00");
    // Stored as UTC instants; rendered in the column's zone.
    auto col = Column::create(typeOf("datetime('Asia/Shanghai')"));
    col->push<uint32_t>(0);
    EXPECT_EQ(valueToString(*col, 0), "1970-01-01 08:00:00");
    auto ny = Column::create(typeOf("datetime64(3, 'America/New_York')"));
    ny->push<int64_t>(1580673600123); // 2020-02-02 20:00:00.123 UTC
    EXPECT_EQ(valueToString(*ny, 0), "2020-02-02 15:00:00.123");
    auto pre = Column::create(typeOf("datetime64(3)"));
    pre->push<int64_t>(-1);
    EXPECT_EQ(valueToString(*pre, 0), "1969-12-31 23:59:59.999");
}

TEST(ValueWriter, UuidIpEnumBool)
{
    EXPECT_EQ(render("uuid", "61f0c404-5cb3-11e7-907b-a6006ad3dba0"), "61f0c404-5cb3-11e7-907b-a6006ad3dba0");
    EXPECT_EQ(render("ipv4", "192.168.0.1"), "192.168.0.1");
    EXPECT_EQ(render("ipv6", "2001:DB8::1"), "2001:db8::1");
    EXPECT_EQ(render("ipv6", "::"), "::");
    EXPECT_EQ(render("ipv6", "::ffff:1.2.3.4"), "::ffff:1.2.3.4");
    EXPECT_EQ(render("ipv6", "1.2.3.4"), "::ffff:1.2.3.4");
    EXPECT_EQ(render("ipv6", "1:0:0:1:0:0:0:1"), "1:0:0:1::1");
    EXPECT_EQ(render("ipv6", "1:2:3:4:5:6:7:0"), "1:2:3:4:5:6:7:0");
    EXPECT_EQ(render("enum8('a' = 1, 'b' = 2)", "b"), "b");
    EXPECT_EQ(render("enum8('a' = 1, 'b' = 2)", "1"), "a");
    EXPECT_EQ(render("bool", "true"), "true");
    EXPECT_EQ(render("bool", "0"), "false");
}

TEST(ValueWriter, StringEscapingPerFormat)
{
    auto col = Column::create(makeType(TypeKind::String));
    col->pushString(std::string("a\tb\nc\\d'e\"f/\0g", 14));
    EXPECT_EQ(valueToString(*col, 0, TextFormat::Escaped), "a\\tb\\nc\\\\d\\'e\"f/\\0g");
    EXPECT_EQ(valueToString(*col, 0, TextFormat::Quoted), "'a\\tb\\nc\\\\d\\'e\"f/\\0g'");
    EXPECT_EQ(valueToString(*col, 0, TextFormat::CSV), std::string("\"a\tb\nc\\d'e\"\"f/\0g\"", 17));
    EXPECT_EQ(valueToString(*col, 0, TextFormat::JSON), "\"a\\tb\\nc\\\\d'e\\\"f\\/\\u0000g\"");
    auto fixed = Column::create(makeFixedString(4));
    parseValue(*fixed, "ab");
    EXPECT_EQ(valueToString(*fixed, 0, TextFormat::Escaped), "ab\\0\\0");
}

TEST(ValueWriter, NullsAndComposites)
{
    EXPECT_EQ(render("nullable(int32)", "\\N", TextFormat::Escaped), "\\N");
    EXPECT_EQ(render("nullable(int32)", "NULL", TextFormat::Plain), "NULL");
    EXPECT_EQ(render("nullable(int32)", "NULL", TextFormat::JSON), "null");
    EXPECT_EQ(render("nullable(int32)", "NULL", TextFormat::CSV), "\\N");
    EXPECT_EQ(render("array(int32)", "[1, 2,3]"), "[1,2,3]");
    EXPECT_EQ(render("array(int32)", "[]"), "[]");
    EXPECT_EQ(render("array(string)", "['a','b\\'c']", TextFormat::Escaped), "['a','b\\'c']");
    EXPECT_EQ(render("array(nullable(int8))", "[1,NULL]"), "[1,NULL]");
    EXPECT_EQ(render("array(nullable(string))", "['x',NULL]", TextFormat::JSON), "[\"x\",null]");
    EXPECT_EQ(render("tuple(int32, string)", "(1,'a')"), "(1,'a')");
    EXPECT_EQ(render("tuple(a int32, b string)", "(1,'a')", TextFormat::JSON), "{\"a\":1,\"b\":\"a\"}");
    EXPECT_EQ(render("tuple(int32, string)", "(1,'a')", TextFormat::JSON), "[1,\"a\"]");
    EXPECT_EQ(render("tuple(int32, string)", "(1,'a')", TextFormat::CSV), "1,\"a\"");
    EXPECT_EQ(render("map(string, int32)", "{'a':1,'b':2}"), "{'a':1,'b':2}");
    EXPECT_EQ(render("map(string, int32)", "{'a':1}", TextFormat::JSON), "{\"a\":1}");
    EXPECT_EQ(render("map(int32, string)", "{1:'x'}", TextFormat::JSON), "{\"1\":\"x\"}");
    EXPECT_EQ(render("array(date)", "['2020-01-01']"), "['2020-01-01']");
    EXPECT_EQ(render("array(array(int8))", "[[1],[2,3]]", TextFormat::CSV), "\"[[1],[2,3]]\"");
    EXPECT_EQ(render("array(string)", "['a']", TextFormat::CSV), "\"['a']\"");
}

TEST(ValueWriter, JsonNumbers)
{
    EXPECT_EQ(render("int64", "5", TextFormat::JSON), "\"5\"");
    EXPECT_EQ(render("uint64", "5", TextFormat::JSON), "\"5\"");
    EXPECT_EQ(render("int32", "5", TextFormat::JSON), "5");
    FormatSettings raw;
    raw.jsonQuote64bitIntegers = false;
    EXPECT_EQ(render("int64", "5", TextFormat::JSON, raw), "5");
    EXPECT_EQ(render("float64", "inf", TextFormat::JSON), "null");
    EXPECT_EQ(render("float32", "nan", TextFormat::JSON), "null");
    FormatSettings quoted;
    quoted.jsonQuoteDenormals = true;
    EXPECT_EQ(render("float64", "-inf", TextFormat::JSON, quoted), "\"-inf\"");
    EXPECT_EQ(render("float64", "1.5", TextFormat::JSON), "1.5");
    EXPECT_EQ(render("decimal(5, 2)", "1.5", TextFormat::JSON), "1.5");
    EXPECT_EQ(render("date", "2020-01-01", TextFormat::JSON), "\"2020-01-01\"");
    EXPECT_EQ(render("bool", "1", TextFormat::JSON), "true");
    EXPECT_EQ(render("array(int64)", "[1,2]", TextFormat::JSON), "[\"1\",\"2\"]");
}

TEST(ValueWriter, ColumnAtATime)
{
    auto col = columnOf("int32", {"1", "-2", "30"});
    CellBuffer cells;
    writeColumn(*col, 0, 3, TextFormat::Escaped, cells);
    ASSERT_EQ(cells.size(), 3u);
    EXPECT_EQ(cells.at(1), "-2");
    std::string out;
    writeColumnTSV(*columnOf("nullable(string)", {"a\tb", "\\N"}), out, 0, 2, '\n');
    EXPECT_EQ(out, "a\\tb\n\\N\n");
}
