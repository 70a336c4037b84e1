#include "engine/formats/TimeZones.h"

#include <memory>
#include <mutex>
#include <unordered_map>

#include "engine/common/Status.h"

namespace tideline::engine {

namespace {

int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct ZoneCache {
    std::mutex mutex;
    std::unordered_map<std::string, std::unique_ptr<TimeZone>> zones;
};

cctz::time_point<cctz::seconds> toPoint(int64_t epochSeconds)
{
    return cctz::time_point<cctz::seconds>(cctz::seconds(epochSeconds));
}

ZoneCache &cache()
{
    static ZoneCache c;
    return c;
}

} // namespace

int64_t daysFromCivil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = floorDiv(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int64_t &year, int &month, int &day)
{
    z += 719468;
    const int64_t era = floorDiv(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = yoe + era * 400 + (month <= 2);
}

int daysInMonth(int64_t year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return days[month - 1];
}

bool isValidCivilDate(int64_t year, int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

TimeZone::TimeZone(std::string name, cctz::time_zone zone)
    : m_name(std::move(name)), m_zone(zone), m_utc(m_zone == cctz::utc_time_zone())
{
}

const TimeZone &TimeZone::utc()
{
    static const TimeZone zone("UTC", cctz::utc_time_zone());
    return zone;
}

const TimeZone *TimeZone::find(std::string_view name)
{
    if (name.empty() || name == "UTC")
        return &utc();
    auto &c = cache();
    std::lock_guard lock(c.mutex);
    std::string key(name);
    if (auto it = c.zones.find(key); it != c.zones.end())
        return it->second.get();
    cctz::time_zone zone;
    if (!cctz::load_time_zone(key, &zone))
        return nullptr;
    auto &slot = c.zones[key];
    slot = std::make_unique<TimeZone>(key, zone);
    return slot.get();
}

const TimeZone &TimeZone::get(std::string_view name)
{
    if (const TimeZone *zone = find(name))
        return *zone;
    fail(ErrorCode::BadArguments, "Invalid time zone: " + std::string(name));
}

CivilSecond TimeZone::toCivil(int64_t epochSeconds) const
{
    CivilSecond out;
    if (m_utc) {
        // The UTC fast path: plain integer arithmetic, no absl lookups (hot in rendering).
        int64_t days = floorDiv(epochSeconds, 86400);
        int64_t rest = epochSeconds - days * 86400;
        civilFromDays(days, out.year, out.month, out.day);
        out.hour = static_cast<int>(rest / 3600);
        out.minute = static_cast<int>(rest / 60 % 60);
        out.second = static_cast<int>(rest % 60);
        return out;
    }
    cctz::civil_second cs = m_zone.lookup(toPoint(epochSeconds)).cs;
    out.year = cs.year();
    out.month = cs.month();
    out.day = cs.day();
    out.hour = cs.hour();
    out.minute = cs.minute();
    out.second = cs.second();
    return out;
}

int64_t TimeZone::fromCivil(const CivilSecond &c) const
{
    if (m_utc)
        return daysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
    cctz::civil_second cs(c.year, c.month, c.day, c.hour, c.minute, c.second);
    // pre is the mapping using the offset in effect before a transition: the earlier instant
    // of a repeated hour.
    return m_zone.lookup(cs).pre.time_since_epoch().count();
}

int64_t TimeZone::offsetAt(int64_t epochSeconds) const
{
    if (m_utc)
        return 0;
    return m_zone.lookup(toPoint(epochSeconds)).offset;
}

int64_t TimeZone::dayNumber(int64_t epochSeconds) const
{
    return floorDiv(epochSeconds + offsetAt(epochSeconds), 86400);
}

int64_t TimeZone::dayStart(int64_t dayNumber) const
{
    int64_t y;
    int m, d;
    civilFromDays(dayNumber, y, m, d);
    return fromCivil(CivilSecond{y, m, d, 0, 0, 0});
}

} // namespace tideline::engine
