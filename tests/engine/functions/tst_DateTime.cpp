#include "engine/common/Clock.h"
#include "tst_FunctionTestUtil.h"

using namespace ftest;

namespace {
ColumnPtr interval(IntervalUnit u, const char *n) { return castColumn(C("int64", {n}), makeInterval(u)); }
}

TEST(DateTime, Parts)
{
    auto t = C("datetime('UTC')", {"2024-02-29 13:45:59"});
    EXPECT_FN(run("year", {t}), "uint16", "2024");
    EXPECT_FN(run("quarter", {t}), "uint8", "1");
    EXPECT_FN(run("month", {t}), "uint8", "2");
    EXPECT_FN(run("day", {t}), "uint8", "29");
    EXPECT_FN(run("hour", {t}), "uint8", "13");
    EXPECT_FN(run("minute", {t}), "uint8", "45");
    EXPECT_FN(run("second", {t}), "uint8", "59");
    EXPECT_FN(run("day_of_week", {t}), "uint8", "4"); // Thursday
    EXPECT_FN(run("day_of_year", {t}), "uint16", "60");
    EXPECT_FN(run("to_YYYYMM", {t}), "uint32", "202402");
    EXPECT_FN(run("to_YYYYMMDD", {C("date", {"2024-02-29"})}), "uint32", "20240229");
    EXPECT_FN(run("to_YYYYMMDDhhmmss", {t}), "uint64", "20240229134559");
    EXPECT_FN(run("hour", {t, K(S({"Asia/Shanghai"}))}), "uint8", "21");
    EXPECT_FN(run("to_unix_timestamp", {t}), "uint32", "1709214359");
    EXPECT_FN(run("to_unix_timestamp", {S({"2024-02-29 13:45:59"}), K(S({"UTC"}))}), "uint32", "1709214359");
    EXPECT_EQ(errorCode([] { run("year", {S({"2024-01-01"})}); }), 43);
}

TEST(DateTime, StartOf)
{
    auto t = C("datetime64(3, 'UTC')", {"2024-02-29 13:47:59.123"});
    EXPECT_FN(run("to_start_of_minute", {t}), "datetime('UTC')", "2024-02-29 13:47:00");
    EXPECT_FN(run("to_start_of_five_minutes", {t}), "datetime('UTC')", "2024-02-29 13:45:00");
    EXPECT_FN(run("to_start_of_fifteen_minutes", {t}), "datetime('UTC')", "2024-02-29 13:45:00");
    EXPECT_FN(run("to_start_of_hour", {t}), "datetime('UTC')", "2024-02-29 13:00:00");
    EXPECT_FN(run("to_start_of_day", {t}), "datetime('UTC')", "2024-02-29 00:00:00");
    EXPECT_FN(run("to_start_of_week", {t}), "date", "2024-02-25");
    EXPECT_FN(run("to_start_of_week", {t, K(C("uint8", {"1"}))}), "date", "2024-02-26");
    EXPECT_FN(run("to_start_of_month", {t}), "date", "2024-02-01");
    EXPECT_FN(run("to_start_of_quarter", {t}), "date", "2024-01-01");
    EXPECT_FN(run("to_start_of_year", {t}), "date", "2024-01-01");
    EXPECT_FN(run("to_start_of_second", {t}), "datetime64(3, 'UTC')", "2024-02-29 13:47:59.000");
    EXPECT_FN(run("to_start_of_interval", {t, K(interval(IntervalUnit::Minute, "10"))}), "datetime64(3, 'UTC')", "2024-02-29 13:40:00.000");
    EXPECT_FN(run("to_start_of_interval", {C("datetime('UTC')", {"2024-02-29 13:47:59"}), K(interval(IntervalUnit::Hour, "2"))}), "datetime('UTC')", "2024-02-29 12:00:00");
    EXPECT_FN(run("to_start_of_interval", {C("date", {"2024-02-29"}), K(interval(IntervalUnit::Month, "3"))}), "date", "2024-01-01");
    EXPECT_FN(run("date_trunc", {K(S({"hour"})), C("datetime('UTC')", {"2024-02-29 13:47:59"})}), "datetime('UTC')", "2024-02-29 13:00:00");
    EXPECT_FN(run("date_trunc", {K(S({"month"})), C("datetime('UTC')", {"2024-02-29 13:47:59"})}), "date", "2024-02-01");
}

TEST(DateTime, ArithmeticAndDiff)
{
    auto t = C("datetime('UTC')", {"2024-01-31 10:00:00"});
    EXPECT_FN(run("add_months", {t, C("int32", {"1"})}), "datetime('UTC')", "2024-02-29 10:00:00");
    EXPECT_FN(run("subtract_days", {C("date", {"2024-03-01"}), C("uint8", {"1"})}), "date", "2024-02-29");
    EXPECT_FN(run("add_hours", {C("date", {"2024-03-01"}), C("uint8", {"1"})}), "datetime", "2024-03-01 01:00:00");
    EXPECT_FN(run("date_add", {K(S({"minute"})), C("int32", {"5"}), t}), "datetime('UTC')", "2024-01-31 10:05:00");
    EXPECT_FN(run("date_sub", {t, K(interval(IntervalUnit::Year, "1"))}), "datetime('UTC')", "2023-01-31 10:00:00");
    auto a = C("datetime('UTC')", {"2024-01-01 23:59:59"}), b = C("datetime('UTC')", {"2024-01-02 00:00:01"});
    EXPECT_FN(run("date_diff", {K(S({"second"})), a, b}), "int64", "2");
    EXPECT_FN(run("date_diff", {K(S({"s"})), a, b}), "int64", "2");
    EXPECT_FN(run("date_diff", {K(S({"day"})), a, b}), "int64", "1");
    EXPECT_FN(run("date_diff", {K(S({"h"})), a, b}), "int64", "1");
    EXPECT_FN(run("date_diff", {K(S({"month"})), C("date", {"2024-01-31"}), C("date", {"2024-03-01"})}), "int64", "2");
    auto m1 = C("datetime64(3, 'UTC')", {"2024-01-01 00:00:00.100"}), m2 = C("datetime64(3, 'UTC')", {"2024-01-01 00:00:01.350"});
    EXPECT_FN(run("date_diff", {K(S({"ms"})), m1, m2}), "int64", "1250");
    EXPECT_EQ(errorCode([&] { run("date_diff", {K(S({"fortnight"})), a, b}); }), 36);
}

TEST(DateTime, FormatUnixAndClock)
{
    auto t = C("datetime64(3, 'UTC')", {"2024-02-09 03:04:05.067"});
    EXPECT_FN(run("format_datetime", {t, K(S({"%Y-%m-%d %H:%M:%S %j %a %b %p %F %T %y %e|%f"}))}), "string", "2024-02-09 03:04:05 040 Fri Feb AM 2024-02-09 03:04:05 24  9|067");
    EXPECT_FN(run("to_unix_timestamp64_milli", {t}), "int64", "1707447845067");
    EXPECT_FN(run("to_unix_timestamp64_micro", {t}), "int64", "1707447845067000");
    EXPECT_FN(run("from_unix_timestamp64_milli", {C("int64", {"1707447845067"}), K(S({"UTC"}))}), "datetime64(3, 'UTC')", "2024-02-09 03:04:05.067");
    EXPECT_FN(run("to_timezone", {C("datetime('UTC')", {"2024-01-01 00:00:00"}), K(S({"Asia/Tokyo"}))}), "datetime('Asia/Tokyo')", "2024-01-01 09:00:00");
    ManualClock clock(1707447845067000000LL);
    FunctionContext ctx;
    ctx.clock = &clock;
    EXPECT_FN(run("now", {}, ctx), "datetime", "2024-02-09 03:04:05");
    EXPECT_FN(run("now64", {K(C("uint8", {"3"})), K(S({"UTC"}))}, ctx), "datetime64(3, 'UTC')", "2024-02-09 03:04:05.067");
    EXPECT_FN(run("today", {}, ctx), "date", "2024-02-09");
    EXPECT_FN(run("yesterday", {}, ctx), "date", "2024-02-08");
    EXPECT_FN(run("earliest_ts", {}), "datetime64(3, 'UTC')", "1970-01-01 00:00:00.000");
    EXPECT_FALSE(bind("now", {}, ctx).deterministic);
    EXPECT_EQ(errorCode([&] { run("format_datetime", {t, K(S({"%Z"}))}); }), 36);
}
