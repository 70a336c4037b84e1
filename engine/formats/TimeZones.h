#pragma once
// Time zones for datetime rendering, parsing and the date/time functions. A zone is looked up by
// its IANA name once and cached for the life of the process (loading reads tzdata
// files, far too slow to repeat per row). "" means the server default, which is UTC.
//
// Epoch conventions used throughout the engine:
//   date      uint16 days since 1970-01-01      date32  int32 days since 1970-01-01
//   datetime  uint32 seconds since the epoch    datetime64(p)  int64 ticks of 10^-p seconds
// Civil fields are always in a zone; a date has no zone (it is a calendar day).

#include <cstdint>
#include <string>
#include <string_view>

#include <absl/time/internal/cctz/include/cctz/time_zone.h>

namespace tideline::engine {

struct CivilSecond {
    int64_t year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// Built on cctz (absl's time_zone library): that is what tideline_engine_formats links, while
// absl::TimeZone's wrapper lives in absl::time, which it does not.
namespace cctz = absl::time_internal::cctz;

class TimeZone {
public:
    // The cached zone for `name` ("" or "UTC" = UTC). Throws EngineError BAD_ARGUMENTS (36) for
    // an unknown name, as ClickHouse does ("Invalid time zone: Mars/Base").
    static const TimeZone &get(std::string_view name);
    // Like get() but returns nullptr instead of throwing.
    static const TimeZone *find(std::string_view name);
    static const TimeZone &utc();

    const std::string &name() const { return m_name; }
    bool isUtc() const { return m_utc; }
    const cctz::time_zone &zone() const { return m_zone; }

    // Splits seconds since the epoch into civil fields in this zone.
    CivilSecond toCivil(int64_t epochSeconds) const;
    // The epoch second of a civil time in this zone. For a time that does not exist (spring
    // forward) or is ambiguous (fall back) this takes the earlier mapping, like ClickHouse's
    // DateLUT does.
    int64_t fromCivil(const CivilSecond &civil) const;
    // Offset from UTC in seconds at the given instant.
    int64_t offsetAt(int64_t epochSeconds) const;
    // Day number (days since 1970-01-01) of the calendar day that contains the instant here.
    int64_t dayNumber(int64_t epochSeconds) const;
    // Epoch second of midnight starting the given day number in this zone.
    int64_t dayStart(int64_t dayNumber) const;

    explicit TimeZone(std::string name, cctz::time_zone zone);

private:
    std::string m_name;
    cctz::time_zone m_zone;
    bool m_utc = false;
};

// Proleptic Gregorian calendar arithmetic, independent of zones (Howard Hinnant's algorithms).
int64_t daysFromCivil(int64_t year, int month, int day);
void civilFromDays(int64_t days, int64_t &year, int &month, int &day);
bool isValidCivilDate(int64_t year, int month, int day);
int daysInMonth(int64_t year, int month);

} // namespace tideline::engine
