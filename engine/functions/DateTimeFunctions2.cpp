// Interval arithmetic (add_*, subtract_*, date_add/date_sub), date_diff, to_start_of_interval,
// to_start_of_second, date_trunc and format_datetime.
#include <algorithm>
#include <cctype>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerDateTimeFunctions3(FunctionRegistry &registry);

namespace {

uint32_t subSecondScale(IntervalUnit u)
{
    return u == IntervalUnit::Millisecond ? 3 : u == IntervalUnit::Microsecond ? 6 : u == IntervalUnit::Nanosecond ? 9 : 0;
}

bool isCalendarUnit(IntervalUnit u) { return u >= IntervalUnit::Day; }

} // namespace

int64_t fn::ticksAt(const Column &c, size_t i, uint32_t p, const Zone &zone)
{
    const DataType &t = *c.type();
    switch (t.kind) {
    case TypeKind::Date: return zone.dayStart(c.data<uint16_t>()[i]) * pow10(p);
    case TypeKind::Date32: return zone.dayStart(c.data<int32_t>()[i]) * pow10(p);
    case TypeKind::DateTime: return static_cast<int64_t>(c.data<uint32_t>()[i]) * pow10(p);
    default: {
        int64_t v = c.data<int64_t>()[i];
        return p >= t.precision ? v * pow10(p - t.precision) : floorDiv(v, pow10(t.precision - p));
    }
    }
}

namespace {

// Adds months to a local time, clamping the day to the end of the month (ClickHouse's rule).
LocalTime addMonths(LocalTime lt, int64_t months)
{
    int64_t total = lt.year * 12 + (lt.month - 1) + months;
    lt.year = floorDiv(total, 12);
    lt.month = static_cast<int>(total - lt.year * 12) + 1;
    lt.day = std::min<int>(lt.day, static_cast<int>(daysInMonth(lt.year, static_cast<unsigned>(lt.month))));
    return lt;
}

int64_t monthsOf(IntervalUnit u) { return u == IntervalUnit::Month ? 1 : u == IntervalUnit::Quarter ? 3 : 12; }

void storeInt(Column &out, size_t i, int64_t v)
{
    dispatchNumeric(out.type()->kind, [&]<typename T>() { out.data<T>()[i] = static_cast<T>(v); });
}

} // namespace

DataTypePtr fn::intervalResultType(const std::string &function, const DataTypePtr &t, IntervalUnit unit)
{
    if (!t->isDateOrTime())
        illegalType(function, t, 1);
    bool isDate = t->kind == TypeKind::Date || t->kind == TypeKind::Date32;
    if (uint32_t s = subSecondScale(unit))
        return makeDateTime64(t->kind == TypeKind::DateTime64 ? std::max(s, t->precision) : s, t->timezone);
    if (!isCalendarUnit(unit) && isDate)
        return makeDateTime();
    return t;
}

ColumnPtr fn::addInterval(const ColumnPtr &t, IntervalUnit unit, const ColumnPtr &amountIn, int sign, const DataTypePtr &rt)
{
    size_t rows = t->size();
    ColumnPtr amount = castColumn(amountIn->type()->kind == TypeKind::Interval ? amountIn : amountIn, makeType(TypeKind::Int64));
    const int64_t *n = amount->data<int64_t>();
    auto out = makeFixedColumn(rt, rows);
    Zone zone = Zone::get(rt->timezone.empty() ? t->type()->timezone : rt->timezone);
    bool srcDate = t->type()->kind == TypeKind::Date || t->type()->kind == TypeKind::Date32;
    bool dstDate = rt->kind == TypeKind::Date || rt->kind == TypeKind::Date32;
    if (!isCalendarUnit(unit)) {
        // Fixed-length units: plain tick arithmetic in the result's precision.
        uint32_t p = rt->kind == TypeKind::DateTime64 ? rt->precision : 0;
        int64_t unitTicks = intervalUnitNanos(unit) / pow10(9 - std::min<uint32_t>(9, p)) ;
        if (unitTicks == 0)
            unitTicks = 1; // nanoseconds at a coarser precision: ClickHouse raises the precision instead
        for (size_t i = 0; i < rows; ++i)
            storeInt(*out, i, ticksAt(*t, i, p, zone) + sign * n[i] * unitTicks);
        return out;
    }
    int64_t dayStep = unit == IntervalUnit::Week ? 7 : 1;
    if (srcDate && dstDate) {
        for (size_t i = 0; i < rows; ++i) {
            int64_t d = intAt(*t, i);
            if (unit <= IntervalUnit::Week) {
                storeInt(*out, i, d + sign * n[i] * dayStep);
            } else {
                CivilDate cd = civilFromDays(d);
                LocalTime lt = addMonths({cd.year, static_cast<int>(cd.month), static_cast<int>(cd.day), 0, 0, 0, d}, sign * n[i] * monthsOf(unit));
                storeInt(*out, i, daysFromCivil(lt.year, static_cast<unsigned>(lt.month), static_cast<unsigned>(lt.day)));
            }
        }
        return out;
    }
    // Calendar units on datetimes: local wall-clock arithmetic, sub-second ticks preserved.
    int64_t tps = ticksPerSecond(*rt);
    for (size_t i = 0; i < rows; ++i) {
        int64_t ticks = ticksAt(*t, i, rt->kind == TypeKind::DateTime64 ? rt->precision : 0, zone);
        int64_t secs = floorDiv(ticks, tps), frac = ticks - secs * tps;
        LocalTime lt = zone.toLocal(secs);
        if (unit <= IntervalUnit::Week) {
            CivilDate cd = civilFromDays(lt.dayNum + sign * n[i] * dayStep);
            lt.year = cd.year, lt.month = static_cast<int>(cd.month), lt.day = static_cast<int>(cd.day);
        } else {
            lt = addMonths(lt, sign * n[i] * monthsOf(unit));
        }
        storeInt(*out, i, zone.fromLocal(lt.year, lt.month, lt.day, lt.hour, lt.minute, lt.second) * tps + frac);
    }
    return out;
}

std::optional<IntervalUnit> fn::parseIntervalUnit(std::string s)
{
    if (s == "M")
        return IntervalUnit::Month; // Proton's interval shorthand: 1M = one month, 1m = one minute
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (s.size() > 1 && s.back() == 's' && s != "ms" && s != "us" && s != "ns" && s != "s")
        s.pop_back();
    static const std::pair<const char *, IntervalUnit> names[] = {
        {"nanosecond", IntervalUnit::Nanosecond}, {"ns", IntervalUnit::Nanosecond}, {"microsecond", IntervalUnit::Microsecond},
        {"us", IntervalUnit::Microsecond}, {"millisecond", IntervalUnit::Millisecond}, {"ms", IntervalUnit::Millisecond},
        {"second", IntervalUnit::Second}, {"ss", IntervalUnit::Second}, {"s", IntervalUnit::Second},
        {"minute", IntervalUnit::Minute}, {"mi", IntervalUnit::Minute}, {"n", IntervalUnit::Minute}, {"m", IntervalUnit::Minute},
        {"hour", IntervalUnit::Hour}, {"hh", IntervalUnit::Hour}, {"h", IntervalUnit::Hour},
        {"day", IntervalUnit::Day}, {"dd", IntervalUnit::Day}, {"d", IntervalUnit::Day},
        {"week", IntervalUnit::Week}, {"wk", IntervalUnit::Week}, {"ww", IntervalUnit::Week}, {"w", IntervalUnit::Week},
        {"month", IntervalUnit::Month}, {"mm", IntervalUnit::Month}, {"quarter", IntervalUnit::Quarter}, {"qq", IntervalUnit::Quarter},
        {"q", IntervalUnit::Quarter}, {"year", IntervalUnit::Year}, {"yyyy", IntervalUnit::Year}, {"yy", IntervalUnit::Year}, {"y", IntervalUnit::Year}};
    for (const auto &[n, u] : names)
        if (s == n)
            return u;
    return std::nullopt;
}

namespace {

IntervalUnit unitArg(const std::string &function, const FunctionArg &arg)
{
    std::string s = constString(function, arg);
    auto u = parseIntervalUnit(s);
    if (!u)
        fail(ErrorCode::BadArguments, "Invalid unit '" + s + "' of function " + function);
    return *u;
}

BoundFunction bindAdd(const std::string &name, const DataTypePtr &t, IntervalUnit unit, int sign, size_t timeIdx, size_t amountIdx)
{
    DataTypePtr rt = intervalResultType(name, t, unit);
    return {rt, [=](const std::vector<ColumnPtr> &c, size_t) { return addInterval(c[timeIdx], unit, c[amountIdx], sign, rt); }};
}

void registerAddFamily(FunctionRegistry &r)
{
    static const std::pair<const char *, IntervalUnit> units[] = {
        {"nanoseconds", IntervalUnit::Nanosecond}, {"microseconds", IntervalUnit::Microsecond}, {"milliseconds", IntervalUnit::Millisecond},
        {"seconds", IntervalUnit::Second}, {"minutes", IntervalUnit::Minute}, {"hours", IntervalUnit::Hour}, {"days", IntervalUnit::Day},
        {"weeks", IntervalUnit::Week}, {"months", IntervalUnit::Month}, {"quarters", IntervalUnit::Quarter}, {"years", IntervalUnit::Year}};
    for (const auto &[suffix, unit] : units) {
        for (int sign : {1, -1}) {
            std::string name = (sign > 0 ? "add_" : "subtract_") + std::string(suffix);
            IntervalUnit u = unit;
            add(r, name, "datetime", name + "(t, n)", "date/time arithmetic", [name, u, sign](const std::vector<FunctionArg> &args, const FunctionContext &) {
                checkArgCount(name, args, 2, 2);
                if (!args[1].type || !(isIntegerType(*args[1].type) || args[1].type->kind == TypeKind::Interval))
                    illegalType(name, args[1].type, 2);
                return bindAdd(name, args[0].type, u, sign, 0, 1);
            });
        }
    }
    for (int sign : {1, -1}) {
        std::string name = sign > 0 ? "date_add" : "date_sub";
        add(r, name, "datetime", name + "(unit, n, t) | " + name + "(t, interval)", "date/time arithmetic", [name, sign](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 3);
            if (args.size() == 2) {
                if (!args[1].type || args[1].type->kind != TypeKind::Interval)
                    illegalType(name, args[1].type, 2);
                return bindAdd(name, args[0].type, args[1].type->intervalUnit, sign, 0, 1);
            }
            IntervalUnit unit = unitArg(name, args[0]);
            if (!args[1].type || !isIntegerType(*args[1].type))
                illegalType(name, args[1].type, 2);
            return bindAdd(name, args[2].type, unit, sign, 2, 1);
        });
    }
    r.addAlias("timestamp_add", "date_add");
    r.addAlias("timestamp_sub", "date_sub");
}

// The running number of `unit` boundaries before row i (ClickHouse's toRelative*Num).
int64_t relativeNum(const Column &c, size_t i, IntervalUnit unit, const Zone &zone)
{
    if (unit <= IntervalUnit::Millisecond)
        return ticksAt(c, i, unit == IntervalUnit::Millisecond ? 3 : unit == IntervalUnit::Microsecond ? 6 : 9, zone);
    int64_t s = ticksAt(c, i, 0, zone);
    switch (unit) {
    case IntervalUnit::Second: return s;
    case IntervalUnit::Minute: return floorDiv(s, 60);
    case IntervalUnit::Hour: return floorDiv(s, 3600);
    default: break;
    }
    LocalTime lt = zone.toLocal(s);
    switch (unit) {
    case IntervalUnit::Day: return lt.dayNum;
    case IntervalUnit::Week: return floorDiv(lt.dayNum + 3, 7);
    case IntervalUnit::Month: return lt.year * 12 + lt.month - 1;
    case IntervalUnit::Quarter: return lt.year * 4 + (lt.month - 1) / 3;
    default: return lt.year;
    }
}

void registerDateDiff(FunctionRegistry &r)
{
    add(r, "date_diff", "datetime", "date_diff(unit, begin, end[, tz])", "number of unit boundaries between begin and end",
        [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
            checkArgCount("date_diff", args, 3, 4);
            IntervalUnit unit = unitArg("date_diff", args[0]);
            for (size_t i = 1; i < 3; ++i)
                if (!args[i].type || !args[i].type->isDateOrTime())
                    illegalType("date_diff", args[i].type, i + 1);
            std::string tz = args.size() > 3 ? constString("date_diff", args[3])
                : !args[1].type->timezone.empty() ? args[1].type->timezone : !args[2].type->timezone.empty() ? args[2].type->timezone : ctx.timezone;
            Zone zone = Zone::get(tz);
            DataTypePtr rt = makeType(TypeKind::Int64);
            return {rt, [rt, unit, zone](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                        return generate<int64_t>(rt, rows, [&](size_t i) { return relativeNum(*c[2], i, unit, zone) - relativeNum(*c[1], i, unit, zone); });
                    }};
        });
    r.addAlias("datediff", "date_diff");
    r.addAlias("timestamp_diff", "date_diff");
}

} // namespace

void registerDateTimeFunctions2(FunctionRegistry &registry)
{
    registerAddFamily(registry);
    registerDateDiff(registry);
    registerDateTimeFunctions3(registry);
}

} // namespace tideline::engine
