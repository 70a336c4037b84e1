#pragma once
// A window length (tumble size, hop slide/size) together with how windows of that length are
// aligned, as Proton's to_start_of_interval does it:
//   ns .. hour   fixed ticks, aligned to the epoch;
//   day, week    local calendar days of the time zone (weeks start on Monday, 1970-01-05);
//                in UTC they are fixed ticks with the same alignment;
//   month, quarter  months counted from 1900-01, year  years counted from year 0.
// Times are ticks of the time column: seconds for datetime, 10^-p s for datetime64(p).

#include <cstdint>

#include "engine/types/DataType.h"

namespace tideline::engine {

class TimeZone;

class WindowStep {
public:
    enum class Scale : uint8_t { Ticks, Days, Months };

    // Throws 36 BAD_ARGUMENTS for a non-positive count or a length finer than the precision.
    WindowStep(IntervalUnit unit, int64_t count, uint32_t precision, const TimeZone &zone);

    Scale scale() const { return m_scale; }
    int64_t length() const { return m_length; } // in scale units
    // The scale index containing `ticks` (a tick, a local day number, or a month number).
    int64_t indexOf(int64_t ticks) const;
    // The first tick of scale index `index`.
    int64_t ticksAt(int64_t index) const;
    // The start index of the aligned window containing `ticks`.
    int64_t windowIndex(int64_t ticks) const;
    // Length in ticks; only for Scale::Ticks (sessions need fixed durations).
    int64_t fixedTicks() const { return m_length; }
    int64_t origin() const { return m_origin; } // Scale::Ticks: windows start at origin + k * length

    static int64_t floorDiv(int64_t a, int64_t b)
    {
        int64_t q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

private:
    Scale m_scale = Scale::Ticks;
    int64_t m_length = 1;
    int64_t m_origin = 0;
    int64_t m_ticksPerSecond = 1;
    const TimeZone *m_zone = nullptr;
};

} // namespace tideline::engine
