// Date/time parts (year ... second, to_YYYYMMDD), to_start_of_*, now/now64/today/yesterday,
// earliest_ts, to_unix_timestamp*, from_unix_timestamp64_*, to_timezone. Interval arithmetic,
// date_diff, date_trunc, to_start_of_interval and format_datetime are in DateTimeFunctions2.cpp.
#include "engine/common/Clock.h"
#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerDateTimeFunctions2(FunctionRegistry &registry);

namespace {

enum class Part {
    Year, Quarter, Month, Day, Hour, Minute, Second, DayOfWeek, DayOfYear, YYYYMM, YYYYMMDD, YYYYMMDDhhmmss,
    StartOfMinute, StartOf5Minutes, StartOf10Minutes, StartOf15Minutes, StartOfHour, StartOfDay,
    StartOfWeek, StartOfMonth, StartOfQuarter, StartOfYear, UnixTimestamp, ToDate
};

std::string zoneArg(const std::vector<FunctionArg> &args, size_t idx, const DataTypePtr &t, const FunctionContext &ctx, const std::string &fnName)
{
    if (args.size() > idx)
        return constString(fnName, args[idx]);
    if (t && !t->timezone.empty())
        return t->timezone;
    return ctx.timezone;
}

DataTypePtr partResultType(Part p, const std::string &explicitTz)
{
    switch (p) {
    case Part::Year: case Part::DayOfYear: return makeType(TypeKind::UInt16);
    case Part::YYYYMM: case Part::YYYYMMDD: case Part::UnixTimestamp: return makeType(TypeKind::UInt32);
    case Part::YYYYMMDDhhmmss: return makeType(TypeKind::UInt64);
    case Part::StartOfWeek: case Part::StartOfMonth: case Part::StartOfQuarter: case Part::StartOfYear: case Part::ToDate:
        return makeType(TypeKind::Date);
    case Part::StartOfMinute: case Part::StartOf5Minutes: case Part::StartOf10Minutes: case Part::StartOf15Minutes:
    case Part::StartOfHour: case Part::StartOfDay:
        return makeDateTime(explicitTz);
    default: return makeType(TypeKind::UInt8);
    }
}

int64_t partValue(Part p, const LocalTime &lt, int64_t seconds, const Zone &zone, int weekMode)
{
    switch (p) {
    case Part::Year: return lt.year;
    case Part::Quarter: return (lt.month - 1) / 3 + 1;
    case Part::Month: return lt.month;
    case Part::Day: return lt.day;
    case Part::Hour: return lt.hour;
    case Part::Minute: return lt.minute;
    case Part::Second: return lt.second;
    case Part::DayOfWeek: return (lt.dayNum % 7 + 7 + 3) % 7 + 1; // 1970-01-01 was a Thursday (4)
    case Part::DayOfYear: return lt.dayNum - daysFromCivil(lt.year, 1, 1) + 1;
    case Part::YYYYMM: return lt.year * 100 + lt.month;
    case Part::YYYYMMDD: return lt.year * 10000 + lt.month * 100 + lt.day;
    case Part::YYYYMMDDhhmmss: return (lt.year * 10000 + lt.month * 100 + lt.day) * 1000000LL + lt.hour * 10000 + lt.minute * 100 + lt.second;
    case Part::StartOfMinute: return floorDiv(seconds, 60) * 60;
    case Part::StartOf5Minutes: return floorDiv(seconds, 300) * 300;
    case Part::StartOf10Minutes: return floorDiv(seconds, 600) * 600;
    case Part::StartOf15Minutes: return floorDiv(seconds, 900) * 900;
    case Part::StartOfHour: return seconds - lt.minute * 60 - lt.second;
    case Part::StartOfDay: return zone.dayStart(lt.dayNum);
    case Part::StartOfWeek: {
        int64_t dow = (lt.dayNum % 7 + 7 + 3) % 7; // 0 = Monday
        return lt.dayNum - ((weekMode & 1) ? dow : (dow + 1) % 7);
    }
    case Part::StartOfMonth: return daysFromCivil(lt.year, static_cast<unsigned>(lt.month), 1);
    case Part::StartOfQuarter: return daysFromCivil(lt.year, static_cast<unsigned>((lt.month - 1) / 3 * 3 + 1), 1);
    case Part::StartOfYear: return daysFromCivil(lt.year, 1, 1);
    case Part::UnixTimestamp: return seconds;
    case Part::ToDate: return lt.dayNum;
    }
    return 0;
}

ColumnPtr execPart(Part p, const ColumnPtr &col, const Zone &zone, const DataTypePtr &rt, int weekMode)
{
    size_t rows = col->size();
    auto out = makeFixedColumn(rt, rows);
    dispatchNumeric(rt->kind, [&]<typename R>() {
        R *d = out->data<R>();
        if (p == Part::StartOfMinute) { // a fast path without calendar work
            forEachSeconds(*col, zone, [&](size_t i, int64_t s) { d[i] = static_cast<R>(floorDiv(s, 60) * 60); });
            return;
        }
        if (col->type()->kind == TypeKind::DateTime64 || col->type()->kind == TypeKind::DateTime) {
            std::vector<int64_t> secs(rows);
            forEachSeconds(*col, zone, [&](size_t i, int64_t s) { secs[i] = s; });
            forEachLocal(*col, zone, [&](size_t i, const LocalTime &lt) { d[i] = static_cast<R>(partValue(p, lt, secs[i], zone, weekMode)); });
        } else {
            forEachLocal(*col, zone, [&](size_t i, const LocalTime &lt) {
                int64_t s = (p >= Part::StartOfMinute && p <= Part::StartOfDay) || p == Part::UnixTimestamp ? zone.dayStart(lt.dayNum) : 0;
                d[i] = static_cast<R>(partValue(p, lt, s, zone, weekMode));
            });
        }
    });
    return out;
}

void addPart(FunctionRegistry &r, const std::string &name, Part p, const std::string &doc)
{
    add(r, name, "datetime", name + "(t[, tz])", doc, [name, p](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
        bool week = p == Part::StartOfWeek;
        checkArgCount(name, args, 1, week ? 3 : 2);
        const DataTypePtr &t = args[0].type;
        if (p == Part::UnixTimestamp && t && t->isStringLike()) { // to_unix_timestamp('2024-01-01 00:00:00'[, tz])
            DataTypePtr parsed = makeDateTime(zoneArg(args, 1, nullptr, ctx, name));
            return {makeType(TypeKind::UInt32), [parsed](const std::vector<ColumnPtr> &c, size_t) -> ColumnPtr {
                        return castColumn(parseStrings(castColumn(c[0], makeType(TypeKind::String)), parsed), makeType(TypeKind::UInt32));
                    }};
        }
        if (!t || !t->isDateOrTime())
            illegalType(name, t, 1);
        bool startOfTime = p >= Part::StartOfMinute && p <= Part::StartOfDay;
        int weekMode = week && args.size() > 1 ? static_cast<int>(constInt(name, args[1])) : (name == "to_monday" ? 1 : 0);
        size_t tzIdx = week ? 2 : 1;
        std::string tz = zoneArg(args, tzIdx, t, ctx, name);
        DataTypePtr rt = partResultType(p, args.size() > tzIdx ? tz : (startOfTime ? t->timezone : std::string()));
        Zone zone = Zone::get(tz);
        return {rt, [p, zone, rt, weekMode](const std::vector<ColumnPtr> &c, size_t) { return execPart(p, c[0], zone, rt, weekMode); }};
    });
}

void registerNow(FunctionRegistry &r)
{
    add(r, "now", "datetime", "now([tz])", "current time (processing time)", [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
        checkArgCount("now", args, 0, 1);
        DataTypePtr rt = makeDateTime(args.empty() ? std::string() : constString("now", args[0]));
        const Clock *clock = ctx.clock;
        BoundFunction b{rt, [rt, clock](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                            int64_t ns = clock ? clock->nowNanos() : SystemClock::instance().nowNanos();
                            return makeFilled<uint32_t>(rt, rows, static_cast<uint32_t>(floorDiv(ns, 1000000000)));
                        }};
        b.deterministic = false;
        return b;
    });
    add(r, "now64", "datetime", "now64([p[, tz]])", "current time with sub-second precision (default 3)", [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
        checkArgCount("now64", args, 0, 2);
        int64_t p = args.empty() ? 3 : constInt("now64", args[0]);
        if (p < 0 || p > 9)
            fail(ErrorCode::ArgumentOutOfBound, "Precision of now64 must be between 0 and 9");
        DataTypePtr rt = makeDateTime64(static_cast<uint32_t>(p), args.size() > 1 ? constString("now64", args[1]) : std::string());
        const Clock *clock = ctx.clock;
        BoundFunction b{rt, [rt, clock, p](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                            int64_t ns = clock ? clock->nowNanos() : SystemClock::instance().nowNanos();
                            return makeFilled<int64_t>(rt, rows, floorDiv(ns, pow10(static_cast<uint32_t>(9 - p))));
                        }};
        b.deterministic = false;
        return b;
    });
    for (int back : {0, 1}) {
        std::string name = back ? "yesterday" : "today";
        add(r, name, "datetime", name + "()", "current date in the session time zone", [name, back](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
            checkArgCount(name, args, 0, 0);
            DataTypePtr rt = makeType(TypeKind::Date);
            const Clock *clock = ctx.clock;
            Zone zone = Zone::get(ctx.timezone);
            BoundFunction b{rt, [rt, clock, zone, back](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                                int64_t ns = clock ? clock->nowNanos() : SystemClock::instance().nowNanos();
                                return makeFilled<uint16_t>(rt, rows, static_cast<uint16_t>(zone.localDayNum(floorDiv(ns, 1000000000)) - back));
                            }};
            b.deterministic = false;
            return b;
        });
    }
}

void registerEarliest(FunctionRegistry &r)
{
    add(r, "earliest_timestamp", "datetime", "earliest_timestamp()", "1970-01-01 00:00:00 UTC, the start of a stream", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("earliest_timestamp", args, 0, 0);
        DataTypePtr rt = makeDateTime64(3, "UTC");
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr { return makeFilled<int64_t>(rt, rows, 0); }};
    });
    r.addAlias("earliest_ts", "earliest_timestamp");
}

// to_unix_timestamp64_milli/micro/nano and from_unix_timestamp64_*.
void registerUnix64(FunctionRegistry &r)
{
    struct U { const char *suffix; uint32_t p; };
    for (U u : {U{"milli", 3}, U{"micro", 6}, U{"nano", 9}}) {
        std::string to = std::string("to_unix_timestamp64_") + u.suffix, from = std::string("from_unix_timestamp64_") + u.suffix;
        uint32_t p = u.p;
        add(r, to, "datetime", to + "(t)", "datetime64 as an int64 count of units", [to, p](const std::vector<FunctionArg> &args, const FunctionContext &) -> BoundFunction {
            checkArgCount(to, args, 1, 1);
            if (!args[0].type || args[0].type->kind != TypeKind::DateTime64)
                illegalType(to, args[0].type, 1);
            DataTypePtr rt = makeType(TypeKind::Int64);
            uint32_t sp = args[0].type->precision;
            return {rt, [rt, p, sp](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                        const int64_t *v = c[0]->data<int64_t>();
                        return generate<int64_t>(rt, rows, [&](size_t i) { return p >= sp ? v[i] * pow10(p - sp) : floorDiv(v[i], pow10(sp - p)); });
                    }};
        });
        add(r, from, "datetime", from + "(n[, tz])", "int64 count of units as datetime64", [from, p](const std::vector<FunctionArg> &args, const FunctionContext &) -> BoundFunction {
            checkArgCount(from, args, 1, 2);
            if (!args[0].type || !isIntegerType(*args[0].type))
                illegalType(from, args[0].type, 1);
            DataTypePtr rt = makeDateTime64(p, args.size() > 1 ? constString(from, args[1]) : std::string());
            return {rt, [rt](const std::vector<ColumnPtr> &c, size_t) -> ColumnPtr { return castColumn(castColumn(c[0], makeType(TypeKind::Int64)), rt); }};
        });
    }
}

void registerToTimezone(FunctionRegistry &r)
{
    add(r, "to_timezone", "datetime", "to_timezone(t, tz)", "the same instant shown in another time zone", [](const std::vector<FunctionArg> &args, const FunctionContext &) -> BoundFunction {
        checkArgCount("to_timezone", args, 2, 2);
        const DataTypePtr &t = args[0].type;
        if (!t || !(t->kind == TypeKind::DateTime || t->kind == TypeKind::DateTime64 || t->kind == TypeKind::Date))
            illegalType("to_timezone", t, 1);
        std::string tz = constString("to_timezone", args[1]);
        Zone::get(tz); // validates
        DataTypePtr rt = t->kind == TypeKind::DateTime64 ? makeDateTime64(t->precision, tz) : makeDateTime(tz);
        return {rt, [rt](const std::vector<ColumnPtr> &c, size_t) -> ColumnPtr {
                    if (c[0]->type()->kind == TypeKind::Date)
                        return castColumn(c[0], rt);
                    auto out = std::make_shared<Column>(rt);
                    out->fixed = c[0]->fixed;
                    out->setSize(c[0]->size());
                    return out;
                }};
    });
    r.addAlias("to_time_zone", "to_timezone");
}

} // namespace

void registerDateTimeFunctions(FunctionRegistry &registry)
{
    addPart(registry, "year", Part::Year, "calendar year");
    addPart(registry, "quarter", Part::Quarter, "quarter 1..4");
    addPart(registry, "month", Part::Month, "month 1..12");
    addPart(registry, "day", Part::Day, "day of month 1..31");
    registry.addAlias("day_of_month", "day");
    addPart(registry, "hour", Part::Hour, "hour 0..23");
    addPart(registry, "minute", Part::Minute, "minute 0..59");
    addPart(registry, "second", Part::Second, "second 0..59");
    addPart(registry, "day_of_week", Part::DayOfWeek, "1 = Monday .. 7 = Sunday");
    addPart(registry, "day_of_year", Part::DayOfYear, "1..366");
    addPart(registry, "to_YYYYMM", Part::YYYYMM, "year*100 + month");
    addPart(registry, "to_YYYYMMDD", Part::YYYYMMDD, "year*10000 + month*100 + day");
    addPart(registry, "to_YYYYMMDDhhmmss", Part::YYYYMMDDhhmmss, "YYYYMMDDhhmmss as a number");
    registry.addAlias("to_yyyymm", "to_YYYYMM");
    registry.addAlias("to_yyyymmdd", "to_YYYYMMDD");
    registry.addAlias("to_yyyymmddhhmmss", "to_YYYYMMDDhhmmss");
    addPart(registry, "to_start_of_minute", Part::StartOfMinute, "truncates to the minute");
    addPart(registry, "to_start_of_five_minutes", Part::StartOf5Minutes, "truncates to 5 minutes");
    registry.addAlias("to_start_of_five_minute", "to_start_of_five_minutes");
    addPart(registry, "to_start_of_ten_minutes", Part::StartOf10Minutes, "truncates to 10 minutes");
    addPart(registry, "to_start_of_fifteen_minutes", Part::StartOf15Minutes, "truncates to 15 minutes");
    addPart(registry, "to_start_of_hour", Part::StartOfHour, "truncates to the hour");
    addPart(registry, "to_start_of_day", Part::StartOfDay, "local midnight as datetime");
    addPart(registry, "to_start_of_week", Part::StartOfWeek, "first day of the week (mode 0: Sunday, 1: Monday)");
    addPart(registry, "to_monday", Part::StartOfWeek, "first day of the week");
    addPart(registry, "to_start_of_month", Part::StartOfMonth, "first day of the month");
    addPart(registry, "to_start_of_quarter", Part::StartOfQuarter, "first day of the quarter");
    addPart(registry, "to_start_of_year", Part::StartOfYear, "first day of the year");
    addPart(registry, "to_unix_timestamp", Part::UnixTimestamp, "seconds since the epoch");
    registerNow(registry);
    registerEarliest(registry);
    registerUnix64(registry);
    registerToTimezone(registry);
    registerDateTimeFunctions2(registry);
}

} // namespace tideline::engine
