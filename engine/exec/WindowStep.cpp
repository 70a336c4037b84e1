#include "engine/exec/WindowStep.h"

#include "engine/formats/TimeZones.h"

namespace tideline::engine {

namespace {

int64_t pow10(uint32_t p)
{
    int64_t v = 1;
    while (p--)
        v *= 10;
    return v;
}

constexpr int64_t kMondayDay = 4; // 1970-01-05, the first Monday after the epoch

} // namespace

WindowStep::WindowStep(IntervalUnit unit, int64_t count, uint32_t precision, const TimeZone &zone)
    : m_ticksPerSecond(pow10(precision)), m_zone(&zone)
{
    if (count <= 0)
        fail(ErrorCode::BadArguments, "Window interval must be positive");
    switch (unit) {
    case IntervalUnit::Month: m_scale = Scale::Months; m_length = count; m_origin = 1900 * 12; return;
    case IntervalUnit::Quarter: m_scale = Scale::Months; m_length = 3 * count; m_origin = 1900 * 12; return;
    case IntervalUnit::Year: m_scale = Scale::Months; m_length = 12 * count; m_origin = 0; return;
    case IntervalUnit::Day:
    case IntervalUnit::Week: {
        int64_t days = unit == IntervalUnit::Week ? 7 * count : count;
        int64_t origin = unit == IntervalUnit::Week ? kMondayDay : 0;
        if (zone.isUtc()) {
            m_length = days * 86400 * m_ticksPerSecond;
            m_origin = origin * 86400 * m_ticksPerSecond;
        } else {
            m_scale = Scale::Days;
            m_length = days;
            m_origin = origin;
        }
        return;
    }
    default: break;
    }
    int64_t nanos = intervalUnitNanos(unit) * count;
    int64_t tickNanos = 1000000000 / m_ticksPerSecond;
    if (precision > 9 || nanos % tickNanos != 0)
        fail(ErrorCode::BadArguments, std::string("Window interval 1 ") + intervalUnitName(unit) + " is finer than the precision of the time column");
    m_length = nanos / tickNanos;
}

int64_t WindowStep::indexOf(int64_t ticks) const
{
    if (m_scale == Scale::Ticks)
        return ticks;
    int64_t seconds = floorDiv(ticks, m_ticksPerSecond);
    if (m_scale == Scale::Days)
        return m_zone->dayNumber(seconds);
    CivilSecond c = m_zone->toCivil(seconds);
    return c.year * 12 + (c.month - 1);
}

int64_t WindowStep::ticksAt(int64_t index) const
{
    if (m_scale == Scale::Ticks)
        return index;
    if (m_scale == Scale::Days)
        return m_zone->dayStart(index) * m_ticksPerSecond;
    CivilSecond c;
    c.year = floorDiv(index, 12);
    c.month = static_cast<int>(index - c.year * 12) + 1;
    return m_zone->fromCivil(c) * m_ticksPerSecond;
}

int64_t WindowStep::windowIndex(int64_t ticks) const
{
    return m_origin + floorDiv(indexOf(ticks) - m_origin, m_length) * m_length;
}

} // namespace tideline::engine
