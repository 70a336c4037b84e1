#include "engine/formats/DateTimeParser.h"

#include <cctype>
#include <optional>

namespace tideline::engine {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

struct Cursor {
    std::string_view s;
    size_t pos = 0;

    bool atEnd() const { return pos >= s.size(); }
    char peek(size_t ahead = 0) const { return pos + ahead < s.size() ? s[pos + ahead] : '\0'; }
    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++pos;
        return true;
    }
    void skipSpaces()
    {
        while (!atEnd() && (s[pos] == ' ' || s[pos] == '\t'))
            ++pos;
    }
    size_t digitRun() const
    {
        size_t n = 0;
        while (pos + n < s.size() && isDigit(s[pos + n]))
            ++n;
        return n;
    }
    // Reads between min and max digits; nullopt when fewer than min are there.
    std::optional<int64_t> number(size_t min, size_t max)
    {
        size_t n = 0;
        int64_t v = 0;
        while (n < max && !atEnd() && isDigit(s[pos])) {
            v = v * 10 + (s[pos++] - '0');
            ++n;
        }
        if (n < min)
            return std::nullopt;
        return v;
    }
};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// Fraction digits after the point, scaled to `precision` digits (extra digits truncated).
int64_t readFraction(Cursor &c, uint32_t precision)
{
    int64_t frac = 0;
    uint32_t used = 0;
    while (!c.atEnd() && isDigit(c.peek())) {
        if (used < precision) {
            frac = frac * 10 + (c.peek() - '0');
            ++used;
        }
        ++c.pos;
    }
    return frac * pow10i(precision - used);
}

// 'Z', '+hh', '+hh:mm', '+hhmm'; returns false on a malformed offset.
bool readOffset(Cursor &c, std::optional<int64_t> &offset)
{
    if (c.consume('Z') || c.consume('z')) {
        offset = 0;
        return true;
    }
    char sign = c.peek();
    if (sign != '+' && sign != '-')
        return true;
    ++c.pos;
    auto hh = c.number(2, 2);
    if (!hh)
        return false;
    int64_t mm = 0;
    bool colon = c.consume(':');
    if (colon || c.digitRun() == 2) {
        auto m = c.number(2, 2);
        if (!m)
            return false;
        mm = *m;
    }
    if (*hh > 23 || mm > 59)
        return false;
    offset = (sign == '-' ? -1 : 1) * (*hh * 3600 + mm * 60);
    return true;
}

bool readTime(Cursor &c, CivilSecond &civil, int64_t &frac, uint32_t precision)
{
    auto hh = c.number(1, 2);
    if (!hh || !c.consume(':'))
        return false;
    auto mi = c.number(2, 2);
    if (!mi)
        return false;
    int64_t ss = 0;
    if (c.consume(':')) {
        auto s = c.number(2, 2);
        if (!s)
            return false;
        ss = *s;
        if (c.consume('.') || c.consume(','))
            frac = readFraction(c, precision);
    }
    if (*hh > 23 || *mi > 59 || ss > 59)
        return false;
    civil.hour = static_cast<int>(*hh);
    civil.minute = static_cast<int>(*mi);
    civil.second = static_cast<int>(ss);
    return true;
}

bool readDate(Cursor &c, CivilSecond &civil)
{
    auto y = c.number(4, 4);
    if (!y)
        return false;
    std::optional<int64_t> m, d;
    if (isDigit(c.peek())) { // YYYYMMDD
        m = c.number(2, 2);
        d = c.number(2, 2);
    } else {
        char sep = c.peek();
        if (sep != '-' && sep != '/' && sep != '.')
            return false;
        ++c.pos;
        m = c.number(1, 2);
        if (!c.consume(sep))
            return false;
        d = c.number(1, 2);
    }
    if (!m || !d || !isValidCivilDate(*y, static_cast<int>(*m), static_cast<int>(*d)))
        return false;
    civil = CivilSecond{*y, static_cast<int>(*m), static_cast<int>(*d), 0, 0, 0};
    return true;
}

// Seconds scaled to `precision` plus the fraction; false when that leaves int64_t (digits of a
// unix timestamp, or year 9999 at nanoseconds), which the caller reports as a malformed value.
bool scaleTicks(int64_t seconds, int64_t frac, uint32_t precision, int64_t &ticks)
{
    return !__builtin_mul_overflow(seconds, pow10i(precision), &ticks) && !__builtin_add_overflow(ticks, frac, &ticks);
}

bool toTicks(const CivilSecond &civil, std::optional<int64_t> offset, const TimeZone &zone, int64_t frac,
             uint32_t precision, int64_t &ticks)
{
    int64_t seconds = offset ? TimeZone::utc().fromCivil(civil) - *offset : zone.fromCivil(civil);
    return scaleTicks(seconds, frac, precision, ticks);
}

// Digits with an optional fraction: a unix timestamp.
bool readTimestamp(std::string_view text, uint32_t precision, int64_t &ticks)
{
    Cursor c{text};
    bool negative = c.consume('-');
    size_t n = c.digitRun();
    if (n == 0 || n > 18)
        return false;
    int64_t seconds = *c.number(1, 18);
    int64_t frac = 0;
    if (c.consume('.'))
        frac = readFraction(c, precision);
    if (!c.atEnd())
        return false;
    int64_t scaled = 0;
    if (!scaleTicks(seconds, frac, precision, scaled))
        return false;
    ticks = negative ? -scaled : scaled;
    return true;
}

} // namespace

int64_t pow10i(uint32_t n)
{
    static const int64_t table[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
                                    10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
                                    100000000000000LL, 1000000000000000LL, 10000000000000000LL,
                                    100000000000000000LL, 1000000000000000000LL};
    return n < 19 ? table[n] : 0;
}

bool parseDateTimeBasic(std::string_view text, const TimeZone &zone, uint32_t precision, int64_t &ticks)
{
    text = trim(text);
    Cursor c{text};
    size_t lead = c.digitRun();
    if (lead != 4 || text.size() == 4)
        return readTimestamp(text, precision, ticks);
    CivilSecond civil;
    if (!readDate(c, civil))
        return readTimestamp(text, precision, ticks);
    int64_t frac = 0;
    std::optional<int64_t> offset;
    if (!c.atEnd()) {
        if (!c.consume(' ') && !c.consume('T'))
            return false;
        if (!readTime(c, civil, frac, precision))
            return false;
        c.skipSpaces();
        if (!readOffset(c, offset) || !c.atEnd())
            return false;
    }
    return toTicks(civil, offset, zone, frac, precision, ticks);
}

bool parseDateText(std::string_view text, int64_t &dayNumber)
{
    text = trim(text);
    Cursor c{text};
    CivilSecond civil;
    if (!readDate(c, civil))
        return false;
    if (!c.atEnd()) { // the date part of a datetime: the rest must be a valid time
        CivilSecond ignored;
        int64_t frac = 0;
        std::optional<int64_t> offset;
        if ((!c.consume(' ') && !c.consume('T')) || !readTime(c, ignored, frac, 0))
            return false;
        c.skipSpaces();
        if (!readOffset(c, offset) || !c.atEnd())
            return false;
    }
    dayNumber = daysFromCivil(civil.year, civil.month, civil.day);
    return true;
}

} // namespace tideline::engine
