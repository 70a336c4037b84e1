#pragma once
// Text to dates and times. Two strengths, as in ClickHouse:
//   basic (to_datetime('...'), cast, INSERT):  'YYYY-MM-DD hh:mm:ss[.fff]', ISO 8601 with 'T' and
//     'Z' / '+hh:mm' / '+hhmm' / '+hh' offsets, a bare date 'YYYY-MM-DD' (midnight), and a unix
//     timestamp written as digits ('1600000000', '1600000000.123' for datetime64);
//   best effort (parse_datetime_best_effort): additionally 'YYYY/MM/DD', 'DD/MM/YYYY',
//     'YYYYMMDD[hhmmss]', month names ('18 Aug 2018', 'Aug 18 2018 07:22'), weekday names,
//     AM/PM, 'GMT'/'UTC', RFC 2822 ('Sat, 18 Aug 2018 07:22:16 GMT').
// A time without an explicit offset is read in `zone`. Fraction digits beyond the precision are
// truncated, as ClickHouse does. The functions return false on malformed text and leave the
// error message to the caller, which knows the target type.

#include <cstdint>
#include <string_view>

#include "engine/formats/TimeZones.h"

namespace tideline::engine {

// Ticks of 10^-precision seconds since the epoch.
bool parseDateTimeBasic(std::string_view text, const TimeZone &zone, uint32_t precision, int64_t &ticks);
bool parseDateTimeBestEffort(std::string_view text, const TimeZone &zone, uint32_t precision, int64_t &ticks);
// Days since 1970-01-01 of 'YYYY-MM-DD' (any one-character separator), 'YYYYMMDD', or the date
// part of a datetime text.
bool parseDateText(std::string_view text, int64_t &dayNumber);

int64_t pow10i(uint32_t n);

} // namespace tideline::engine
