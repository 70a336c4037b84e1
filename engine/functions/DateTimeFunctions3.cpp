// to_start_of_interval, to_start_of_second/millisecond/..., date_trunc and format_datetime.
#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

void storeInt(Column &out, size_t i, int64_t v)
{
    dispatchNumeric(out.type()->kind, [&]<typename T>() { out.data<T>()[i] = static_cast<T>(v); });
}

// Result type of truncating t to `unit`: date for week and longer, datetime64 when t or the
// unit carries sub-second precision, datetime otherwise (ClickHouse 22 rules).
DataTypePtr truncResultType(const DataTypePtr &t, IntervalUnit unit, const std::string &tz)
{
    bool isDate = t->kind == TypeKind::Date || t->kind == TypeKind::Date32;
    if (unit >= IntervalUnit::Week || (isDate && unit == IntervalUnit::Day))
        return makeType(TypeKind::Date);
    uint32_t unitScale = unit == IntervalUnit::Millisecond ? 3 : unit == IntervalUnit::Microsecond ? 6 : unit == IntervalUnit::Nanosecond ? 9 : 0;
    if (unitScale || (t->kind == TypeKind::DateTime64 && unit < IntervalUnit::Day))
        return makeDateTime64(std::max(unitScale, t->kind == TypeKind::DateTime64 ? t->precision : 0u), tz);
    return makeDateTime(tz);
}

// Floors row i to a multiple of n units; returns days for date results, ticks otherwise.
int64_t truncate(const Column &c, size_t i, IntervalUnit unit, int64_t n, const Zone &zone, const DataType &rt)
{
    bool dateResult = rt.kind == TypeKind::Date;
    if (!dateResult && unit < IntervalUnit::Day) {
        uint32_t p = rt.kind == TypeKind::DateTime64 ? rt.precision : 0;
        int64_t ticks = ticksAt(c, i, p, zone);
        int64_t step = unit >= IntervalUnit::Second ? intervalUnitNanos(unit) / 1000000000 * pow10(p) : intervalUnitNanos(unit) / pow10(9 - p);
        step = std::max<int64_t>(1, step) * n;
        return floorDiv(ticks, step) * step;
    }
    LocalTime lt = zone.toLocal(floorDiv(ticksAt(c, i, 0, zone), 1));
    int64_t day = 0;
    switch (unit) {
    case IntervalUnit::Day: day = floorDiv(lt.dayNum, n) * n; break;
    case IntervalUnit::Week: day = floorDiv(floorDiv(lt.dayNum + 3, 7), n) * n * 7 - 3; break;
    case IntervalUnit::Month: case IntervalUnit::Quarter: {
        int64_t months = n * (unit == IntervalUnit::Quarter ? 3 : 1);
        int64_t total = floorDiv((lt.year - 1970) * 12 + lt.month - 1, months) * months;
        day = daysFromCivil(1970 + floorDiv(total, 12), static_cast<unsigned>(total - floorDiv(total, 12) * 12 + 1), 1);
        break;
    }
    default: day = daysFromCivil(floorDiv(lt.year, n) * n, 1, 1); break;
    }
    if (dateResult)
        return day;
    return zone.dayStart(day) * ticksPerSecond(rt);
}

BoundFunction bindTruncate(const std::string &name, const DataTypePtr &t, IntervalUnit unit, int64_t n, const std::string &tz, bool explicitTz, size_t timeIdx = 0)
{
    if (!t || !t->isDateOrTime())
        illegalType(name, t, 1);
    if (n <= 0)
        fail(ErrorCode::ArgumentOutOfBound, "Value for second argument of function " + name + " must be positive");
    DataTypePtr rt = truncResultType(t, unit, explicitTz ? tz : t->timezone);
    Zone zone = Zone::get(tz);
    return {rt, [=](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                auto out = makeFixedColumn(rt, rows);
                for (size_t i = 0; i < rows; ++i)
                    storeInt(*out, i, truncate(*c[timeIdx], i, unit, n, zone, *rt));
                return out;
            }};
}

std::string tzOf(const std::vector<FunctionArg> &args, size_t idx, const DataTypePtr &t, const FunctionContext &ctx, const std::string &name)
{
    if (args.size() > idx)
        return constString(name, args[idx]);
    return t && !t->timezone.empty() ? t->timezone : ctx.timezone;
}

void registerTruncations(FunctionRegistry &r)
{
    add(r, "to_start_of_interval", "datetime", "to_start_of_interval(t, interval[, tz])", "floors t to a multiple of the interval",
        [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
            checkArgCount("to_start_of_interval", args, 2, 3);
            if (!args[1].type || args[1].type->kind != TypeKind::Interval || !args[1].constant)
                illegalType("to_start_of_interval", args[1].type, 2);
            return bindTruncate("to_start_of_interval", args[0].type, args[1].type->intervalUnit, intAt(*args[1].constant, 0),
                                tzOf(args, 2, args[0].type, ctx, "to_start_of_interval"), args.size() > 2);
        });
    add(r, "date_trunc", "datetime", "date_trunc(unit, t[, tz])", "truncates t to the unit",
        [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
            checkArgCount("date_trunc", args, 2, 3);
            std::string u = constString("date_trunc", args[0]);
            auto unit = parseIntervalUnit(u);
            if (!unit)
                fail(ErrorCode::BadArguments, "Invalid unit '" + u + "' of function date_trunc");
            return bindTruncate("date_trunc", args[1].type, *unit, 1, tzOf(args, 2, args[1].type, ctx, "date_trunc"), args.size() > 2, 1);
        });
    r.addAlias("datetrunc", "date_trunc");
    static const std::pair<const char *, IntervalUnit> subs[] = {{"to_start_of_second", IntervalUnit::Second},
        {"to_start_of_millisecond", IntervalUnit::Millisecond}, {"to_start_of_microsecond", IntervalUnit::Microsecond}, {"to_start_of_nanosecond", IntervalUnit::Nanosecond}};
    for (const auto &[n, u] : subs) {
        std::string name = n;
        IntervalUnit unit = u;
        add(r, name, "datetime", name + "(t64[, tz])", "truncates a datetime64", [name, unit](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
            checkArgCount(name, args, 1, 2);
            if (!args[0].type || args[0].type->kind != TypeKind::DateTime64)
                illegalType(name, args[0].type, 1);
            // Keeps the argument's precision (ClickHouse: to_start_of_second(datetime64(3)) is datetime64(3)).
            DataTypePtr t = args[0].type;
            std::string tz = tzOf(args, 1, t, ctx, name);
            BoundFunction b = bindTruncate(name, t, unit, 1, tz, args.size() > 1);
            DataTypePtr rt = makeDateTime64(t->precision, args.size() > 1 ? tz : t->timezone);
            auto inner = b.exec;
            return BoundFunction{rt, [inner, rt](const std::vector<ColumnPtr> &c, size_t rows) { return castColumn(inner(c, rows), rt); }};
        });
    }
}

const char *kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char *kMonths[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};

void pad(std::string &out, int64_t v, int width, char fill = '0')
{
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width)
        out.append(static_cast<size_t>(width) - s.size(), fill);
    out += s;
}

// Appends one %-code of format_datetime (ClickHouse 22's MySQL-compatible set; %M is minutes).
void formatCode(std::string &out, char code, const LocalTime &lt, int64_t frac, uint32_t p)
{
    int dow = static_cast<int>((lt.dayNum % 7 + 7 + 3) % 7); // 0 = Monday
    int doy = static_cast<int>(lt.dayNum - daysFromCivil(lt.year, 1, 1) + 1);
    int h12 = lt.hour % 12 == 0 ? 12 : lt.hour % 12;
    switch (code) {
    case 'Y': pad(out, lt.year, 4); break;
    case 'y': pad(out, lt.year % 100, 2); break;
    case 'C': pad(out, lt.year / 100, 2); break;
    case 'm': pad(out, lt.month, 2); break;
    case 'd': pad(out, lt.day, 2); break;
    case 'e': pad(out, lt.day, 2, ' '); break;
    case 'D': pad(out, lt.month, 2); out += '/'; pad(out, lt.day, 2); out += '/'; pad(out, lt.year % 100, 2); break;
    case 'F': pad(out, lt.year, 4); out += '-'; pad(out, lt.month, 2); out += '-'; pad(out, lt.day, 2); break;
    case 'H': pad(out, lt.hour, 2); break;
    case 'I': case 'h': pad(out, h12, 2); break;
    case 'l': pad(out, h12, 2, ' '); break;
    case 'k': pad(out, lt.hour, 2, ' '); break;
    case 'M': case 'i': pad(out, lt.minute, 2); break;
    case 'S': case 's': pad(out, lt.second, 2); break;
    case 'R': pad(out, lt.hour, 2); out += ':'; pad(out, lt.minute, 2); break;
    case 'T': pad(out, lt.hour, 2); out += ':'; pad(out, lt.minute, 2); out += ':'; pad(out, lt.second, 2); break;
    case 'j': pad(out, doy, 3); break;
    case 'u': out += static_cast<char>('1' + dow); break;
    case 'w': out += static_cast<char>('0' + (dow + 1) % 7); break;
    case 'p': out += lt.hour < 12 ? "AM" : "PM"; break;
    case 'Q': out += static_cast<char>('1' + (lt.month - 1) / 3); break;
    case 'a': out.append(kDays[dow], 3); break;
    case 'W': out += kDays[dow]; break;
    case 'b': out.append(kMonths[lt.month - 1], 3); break;
    case 'B': out += kMonths[lt.month - 1]; break;
    case 'f': { std::string f; pad(f, frac, static_cast<int>(p)); out += p ? f : "0"; break; }
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'V': {
        int64_t thursday = lt.dayNum - dow + 3;
        CivilDate cd = civilFromDays(thursday);
        pad(out, (thursday - daysFromCivil(cd.year, 1, 1)) / 7 + 1, 2);
        break;
    }
    case 'G': { CivilDate cd = civilFromDays(lt.dayNum - dow + 3); pad(out, cd.year, 4); break; }
    case '%': out += '%'; break;
    default: fail(ErrorCode::BadArguments, std::string("Wrong syntax '%") + code + "' in format_datetime: unknown format code");
    }
}

void registerFormat(FunctionRegistry &r)
{
    add(r, "format_datetime", "datetime", "format_datetime(t, fmt[, tz])", "formats t with MySQL-style % codes",
        [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
            checkArgCount("format_datetime", args, 2, 3);
            const DataTypePtr &t = args[0].type;
            if (!t || !t->isDateOrTime())
                illegalType("format_datetime", t, 1);
            std::string fmt = constString("format_datetime", args[1]);
            for (size_t i = 0; i + 1 < fmt.size(); ++i)
                if (fmt[i] == '%') // validate the codes at bind time
                    formatCode(*std::make_unique<std::string>(), fmt[++i], LocalTime{1970, 1, 1, 0, 0, 0, 0}, 0, 0);
            Zone zone = Zone::get(tzOf(args, 2, t, ctx, "format_datetime"));
            DataTypePtr rt = makeType(TypeKind::String);
            return {rt, [rt, fmt, zone](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                        auto out = Column::create(rt, rows);
                        const DataType &ty = *c[0]->type();
                        uint32_t p = ty.kind == TypeKind::DateTime64 ? ty.precision : 0;
                        std::string s;
                        for (size_t i = 0; i < rows; ++i) {
                            int64_t ticks = ticksAt(*c[0], i, p, zone), tps = pow10(p);
                            int64_t secs = floorDiv(ticks, tps);
                            LocalTime lt = zone.toLocal(secs);
                            s.clear();
                            for (size_t k = 0; k < fmt.size(); ++k) {
                                if (fmt[k] == '%' && k + 1 < fmt.size())
                                    formatCode(s, fmt[++k], lt, ticks - secs * tps, p);
                                else
                                    s += fmt[k];
                            }
                            out->pushString(s);
                        }
                        return out;
                    }};
        });
    r.addAlias("date_format", "format_datetime");
}

} // namespace

void registerParseDateTimeFunctions(FunctionRegistry &registry); // ParseDateTimeFunctions.cpp

void registerDateTimeFunctions3(FunctionRegistry &registry)
{
    registerTruncations(registry);
    registerFormat(registry);
    registerParseDateTimeFunctions(registry);
}

} // namespace tideline::engine
