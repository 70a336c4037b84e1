#include <gtest/gtest.h>

#include "FormatTestUtil.h"
#include "engine/formats/DateTimeParser.h"
#include "engine/formats/TimeZones.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

TEST(ValueParser, IntegerErrorsAndRanges)
{
    EXPECT_EQ(parseErrorCode("int8", "127"), 0);
    EXPECT_EQ(parseErrorCode("int8", "128"), 321);
    EXPECT_EQ(parseErrorCode("uint8", "-1"), 321);
    EXPECT_EQ(parseErrorCode("uint64", "18446744073709551616"), 321);
    EXPECT_EQ(parseErrorCode("int32", "abc"), 72);
    EXPECT_EQ(parseErrorCode("int32", "1.5"), 72);
    EXPECT_EQ(parseErrorCode("int32", ""), 72);
    EXPECT_EQ(parseErrorCode("int128", "170141183460469231731687303715884105728"), 321);
    EXPECT_EQ(render("int32", " +42 "), "42");
    auto col = Column::create(typeOf("int8"));
    try {
        parseValue(*col, "300");
        FAIL();
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().message(), "Value '300' is out of range of type int8");
    }
    EXPECT_EQ(col->size(), 0u);
}

TEST(ValueParser, FloatsDecimalsBools)
{
    EXPECT_EQ(render("float64", "inf"), "inf");
    EXPECT_EQ(render("float64", "-inf"), "-inf");
    EXPECT_EQ(render("float64", "nan"), "nan");
    EXPECT_EQ(render("float64", "1e-7"), "1e-7");
    EXPECT_EQ(render("float64", "1e400"), "inf");
    EXPECT_EQ(parseErrorCode("float64", "1x"), 72);
    EXPECT_EQ(render("decimal(10, 2)", "1.239"), "1.23");
    EXPECT_EQ(render("decimal(10, 2)", "1.2e2"), "120");
    EXPECT_EQ(parseErrorCode("decimal(5, 2)", "1234.5"), 407);
    EXPECT_EQ(parseErrorCode("decimal(5, 2)", "12a"), 72);
    EXPECT_EQ(render("bool", "TRUE"), "true");
    EXPECT_EQ(parseErrorCode("bool", "maybe"), 6);
}

TEST(ValueParser, DatesAndDateTimes)
{
    EXPECT_EQ(render("date", "2020-01-01 10:00:00"), "2020-01-01");
    EXPECT_EQ(parseErrorCode("date", "2020-13-01"), 38);
    EXPECT_EQ(parseErrorCode("date", "yesterday"), 38);
    EXPECT_EQ(render("date", "2200-01-01"), "2149-06-06"); // saturates like ClickHouse
    EXPECT_EQ(render("datetime", "2020-02-02T20:00:00Z"), "2020-02-02 20:00:00");
    EXPECT_EQ(render("datetime", "2020-02-02T20:00:00+02:00"), "2020-02-02 18:00:00");
    EXPECT_EQ(render("datetime", "2020-02-02 20:00:00 -0130"), "2020-02-02 21:30:00");
    EXPECT_EQ(render("datetime", "2020-02-02"), "2020-02-02 00:00:00");
    EXPECT_EQ(render("datetime", "1580673600"), "2020-02-02 20:00:00");
    EXPECT_EQ(render("datetime64(3)", "1580673600.5"), "2020-02-02 20:00:00.500");
    EXPECT_EQ(render("datetime64(3, 'UTC')", "2020-02-02 20:00:00.123456"), "2020-02-02 20:00:00.123");
    EXPECT_EQ(render("datetime('Asia/Shanghai')", "2020-02-02 20:00:00"), "2020-02-02 20:00:00");
    EXPECT_EQ(parseErrorCode("datetime", "2020-02-02 25:00:00"), 41);
    EXPECT_EQ(parseErrorCode("datetime64(3)", "not a time"), 41);
    // Seconds that fit in 64 bits but not once scaled to the precision: refused, not wrapped.
    EXPECT_EQ(parseErrorCode("datetime64(3)", "17000000000000000"), 41);
    EXPECT_EQ(parseErrorCode("datetime64(3)", "-99999999999999999.5"), 41);
    EXPECT_EQ(parseErrorCode("datetime64(9)", "9999-12-31 23:59:59"), 41);
    EXPECT_EQ(parseErrorCode("datetime('Mars/Base')", "2020-01-01"), 36);
    // The zone of the type decides the instant.
    auto sh = columnOf("datetime('Asia/Shanghai')", {"2020-02-02 20:00:00"});
    EXPECT_EQ(sh->data<uint32_t>()[0], 1580644800u);
}

TEST(ValueParser, BestEffort)
{
    const TimeZone &utc = TimeZone::utc();
    auto be = [&](const char *text) {
        int64_t t = 0;
        if (!parseDateTimeBestEffort(text, utc, 0, t))
            return std::string("fail");
        std::string s;
        appendDateTime(s, t, utc);
        return s;
    };
    EXPECT_EQ(be("Sat, 18 Aug 2018 07:22:16 GMT"), "2018-08-18 07:22:16");
    EXPECT_EQ(be("2018/08/18 07:22"), "2018-08-18 07:22:00");
    EXPECT_EQ(be("18/08/2018"), "2018-08-18 00:00:00");
    EXPECT_EQ(be("20180818072216"), "2018-08-18 07:22:16");
    EXPECT_EQ(be("20180818"), "2018-08-18 00:00:00");
    EXPECT_EQ(be("Aug 18 2018 7:22 pm"), "2018-08-18 19:22:00");
    EXPECT_EQ(be("2018-08-18T07:22:16.5+0300"), "2018-08-18 04:22:16");
    EXPECT_EQ(be("1534576936"), "2018-08-18 07:22:16");
    EXPECT_EQ(be("hello"), "fail");
}

TEST(ValueParser, UuidIpEnumFixedString)
{
    EXPECT_EQ(parseErrorCode("uuid", "61f0c404-5cb3-11e7-907b-a6006ad3dba"), 6);
    EXPECT_EQ(render("uuid", "61F0C4045CB311E7907BA6006AD3DBA0"), "61f0c404-5cb3-11e7-907b-a6006ad3dba0");
    EXPECT_EQ(parseErrorCode("ipv4", "256.1.1.1"), 6);
    EXPECT_EQ(parseErrorCode("ipv4", "1.2.3"), 6);
    EXPECT_EQ(parseErrorCode("ipv6", "1::2::3"), 6);
    EXPECT_EQ(parseErrorCode("enum8('a' = 1)", "b"), 36);
    EXPECT_EQ(parseErrorCode("enum8('a' = 1)", "2"), 36);
    EXPECT_EQ(parseErrorCode("fixed_string(2)", "abc"), 131);
}

TEST(ValueParser, NullableAndComposites)
{
    EXPECT_EQ(render("nullable(int32)", "\\N"), "NULL");
    EXPECT_EQ(render("nullable(int32)", "null"), "NULL");
    EXPECT_EQ(render("nullable(string)", "x"), "x");
    EXPECT_EQ(render("array(nullable(int32))", " [ 1 , NULL ] "), "[1,NULL]");
    EXPECT_EQ(render("array(string)", "['a''b','c\\\\d']"), "['a\\'b','c\\\\d']");
    EXPECT_EQ(render("map(string, array(int8))", "{'a':[1,2],'b':[]}"), "{'a':[1,2],'b':[]}");
    EXPECT_EQ(render("tuple(int32, string, date)", "(1, 'x', '2020-01-01')"), "(1,'x','2020-01-01')");
    EXPECT_EQ(render("array(tuple(int8, float64))", "[(1,1.5),(2,inf)]"), "[(1,1.5),(2,inf)]");
    EXPECT_EQ(parseErrorCode("array(int32)", "[1,2"), 6);
    EXPECT_EQ(parseErrorCode("array(int32)", "[1,x]"), 72);
    EXPECT_EQ(parseErrorCode("tuple(int32, int32)", "(1)"), 6);
    EXPECT_EQ(parseErrorCode("array(string)", "[a]"), 26);
    // A failed composite leaves no partial elements behind.
    auto col = columnOf("array(int32)", {"[1]"});
    EXPECT_FALSE(tryParseValue(*col, "[2,3,x]"));
    EXPECT_EQ(col->size(), 1u);
    EXPECT_EQ(col->nested().size(), 1u);
    parseValue(*col, "[4]");
    EXPECT_EQ(valueToString(*col, 1), "[4]");
}

TEST(ValueParser, EscapedAndQuotedForms)
{
    auto col = Column::create(typeOf("nullable(string)"));
    parseEscapedValue(*col, "a\\tb\\\\c\\'");
    parseEscapedValue(*col, "\\N");
    EXPECT_EQ(col->nested().stringAt(0), "a\tb\\c'");
    EXPECT_TRUE(col->isNullAt(1));
    auto ints = Column::create(typeOf("int32"));
    std::string_view values = "(1, 'x'), (2, 'y')";
    size_t pos = parseQuotedValue(*ints, values, 1);
    EXPECT_EQ(values[pos], ',');
    EXPECT_EQ(ints->data<int32_t>()[0], 1);
}

TEST(ValueParser, RoundTripsThroughText)
{
    const char *cases[][2] = {
        {"int64", "-9223372036854775808"}, {"uint32", "4294967295"}, {"float32", "3.4028235e38"},
        {"float64", "2.2250738585072014e-308"}, {"decimal(18, 4)", "-12345678901234.5678"},
        {"datetime64(9)", "2262-04-11 23:47:16.854775807"}, {"date32", "2299-12-31"},
        {"ipv6", "2001:db8:85a3::8a2e:370:7334"}, {"map(string, nullable(float64))", "{'k':NULL,'j':0.5}"},
        {"array(array(string))", "[['a\\tb'],[]]"}, {"tuple(a int8, b array(bool))", "(-1,[true,false])"},
    };
    for (auto &c : cases) {
        std::string once = render(c[0], c[1]);
        EXPECT_EQ(once, c[1]) << c[0];
        EXPECT_EQ(render(c[0], once.c_str()), once) << c[0];
        auto col = columnOf(c[0], {c[1]});
        auto back = Column::create(col->type());
        parseEscapedValue(*back, valueToString(*col, 0, TextFormat::Escaped));
        EXPECT_EQ(valueToString(*back, 0), once) << c[0];
    }
}
