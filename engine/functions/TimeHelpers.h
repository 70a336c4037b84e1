#pragma once
// Private calendar helpers for the date/time functions, over absl's cctz (what the engine links
// as absl::time_zone). UTC takes a pure-arithmetic fast path; other zones use cctz lookups.
// (engine/formats/TimeZones.h did not exist when these functions were written.)

#include <absl/time/internal/cctz/include/cctz/civil_time.h>
#include <absl/time/internal/cctz/include/cctz/time_zone.h>

#include <cstdint>
#include <optional>
#include <string>

#include "engine/column/TypeDispatch.h"
#include "engine/common/Status.h"

namespace tideline::engine::fn {

// Days since 1970-01-01 from a civil date and back (Howard Hinnant's algorithms).
constexpr int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
    int64_t year;
    unsigned month, day;
};

constexpr CivilDate civilFromDays(int64_t z)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

inline int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Broken-down local time.
struct LocalTime {
    int64_t year;
    int month, day, hour, minute, second;
    int64_t dayNum; // local days since epoch
};

// A resolved time zone; cheap to copy.
class Zone {
public:
    static Zone get(const std::string &name); // "" = UTC; throws 36 for an unknown zone
    bool isUtc() const { return m_utc; }
    const std::string &name() const { return m_name; }

    LocalTime toLocal(int64_t seconds) const
    {
        int64_t off = m_utc ? 0 : offsetAt(seconds);
        int64_t local = seconds + off;
        int64_t days = floorDiv(local, 86400);
        int64_t rem = local - days * 86400;
        CivilDate cd = civilFromDays(days);
        return {cd.year, static_cast<int>(cd.month), static_cast<int>(cd.day), static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), days};
    }
    // UTC offset in seconds at an instant.
    int64_t offsetAt(int64_t seconds) const
    {
        namespace cctz = absl::time_internal::cctz;
        return m_utc ? 0 : m_zone.lookup(cctz::time_point<cctz::seconds>(cctz::seconds(seconds))).offset;
    }
    // Instant of a local civil time (the earlier one for ambiguous times, as ClickHouse).
    int64_t fromLocal(int64_t year, int month, int day, int hour = 0, int minute = 0, int second = 0) const
    {
        if (m_utc)
            return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 + minute * 60 + second;
        namespace cctz = absl::time_internal::cctz;
        return m_zone.lookup(cctz::civil_second(year, month, day, hour, minute, second)).pre.time_since_epoch().count();
    }
    // Start of the local day `dayNum` as an instant.
    int64_t dayStart(int64_t dayNum) const
    {
        if (m_utc)
            return dayNum * 86400;
        CivilDate cd = civilFromDays(dayNum);
        return fromLocal(cd.year, static_cast<int>(cd.month), static_cast<int>(cd.day));
    }
    int64_t localDayNum(int64_t seconds) const { return floorDiv(seconds + offsetAt(seconds), 86400); }

private:
    std::string m_name;
    absl::time_internal::cctz::time_zone m_zone;
    bool m_utc = true;
};

inline unsigned daysInMonth(int64_t year, unsigned month)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : dm[month - 1];
}

// Parses 'YYYY-MM-DD[ hh:mm:ss[.fff…]]' (also 'T' separator and a trailing 'Z'); returns false on
// anything else. `ticks` is the fraction scaled to `precision` digits.
bool parseDateTimeText(std::string_view s, const Zone &zone, uint32_t precision, int64_t &seconds, int64_t &ticks);
bool parseDateText(std::string_view s, int64_t &dayNum);

// Result type of t +/- INTERVAL n unit (ClickHouse: date + hours = datetime, datetime + ms =
// datetime64(3)); throws 43 when t is not a date/time type.
DataTypePtr intervalResultType(const std::string &function, const DataTypePtr &t, IntervalUnit unit);
// t + sign * amount[r] units, row-wise; `amount` is any integer (or interval) column.
ColumnPtr addInterval(const ColumnPtr &t, IntervalUnit unit, const ColumnPtr &amount, int sign, const DataTypePtr &resultType);
int64_t pow10(uint32_t n);
// Unit names of date_diff/date_add/date_trunc ('second', 's', 'ss', 'minutes', 'm', 'M' = month, ...).
std::optional<IntervalUnit> parseIntervalUnit(std::string name);
// Ticks at precision p of row i of a date/time column (dates at local midnight).
int64_t ticksAt(const Column &c, size_t i, uint32_t p, const Zone &zone);

// Ticks per second of a date/time type (10^p for datetime64, else 1).
inline int64_t ticksPerSecond(const DataType &t) { return t.kind == TypeKind::DateTime64 ? pow10(t.precision) : 1; }

// Calls f(row, LocalTime) for each row of a date, date32, datetime or datetime64 column.
template <typename F>
void forEachLocal(const Column &c, const Zone &zone, F &&f)
{
    const DataType &t = *c.type();
    size_t rows = c.size();
    if (t.kind == TypeKind::Date || t.kind == TypeKind::Date32) {
        for (size_t i = 0; i < rows; ++i) {
            int64_t d = t.kind == TypeKind::Date ? c.data<uint16_t>()[i] : c.data<int32_t>()[i];
            CivilDate cd = civilFromDays(d);
            f(i, LocalTime{cd.year, static_cast<int>(cd.month), static_cast<int>(cd.day), 0, 0, 0, d});
        }
    } else if (t.kind == TypeKind::DateTime) {
        for (size_t i = 0; i < rows; ++i)
            f(i, zone.toLocal(c.data<uint32_t>()[i]));
    } else {
        int64_t scale = ticksPerSecond(t);
        for (size_t i = 0; i < rows; ++i)
            f(i, zone.toLocal(floorDiv(c.data<int64_t>()[i], scale)));
    }
}

// Calls f(row, seconds) with the instant of each row (dates at local midnight).
template <typename F>
void forEachSeconds(const Column &c, const Zone &zone, F &&f)
{
    const DataType &t = *c.type();
    size_t rows = c.size();
    if (t.kind == TypeKind::Date || t.kind == TypeKind::Date32) {
        for (size_t i = 0; i < rows; ++i)
            f(i, zone.dayStart(t.kind == TypeKind::Date ? c.data<uint16_t>()[i] : c.data<int32_t>()[i]));
    } else if (t.kind == TypeKind::DateTime) {
        for (size_t i = 0; i < rows; ++i)
            f(i, static_cast<int64_t>(c.data<uint32_t>()[i]));
    } else {
        int64_t scale = ticksPerSecond(t);
        for (size_t i = 0; i < rows; ++i)
            f(i, floorDiv(c.data<int64_t>()[i], scale));
    }
}

} // namespace tideline::engine::fn
