// parse_datetime_best_effort: the lenient reader of DateTimeParser.h. It first tries the basic
// grammar, then scans tokens (numbers, words, separators) and assigns them to date fields.
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "engine/formats/DateTimeParser.h"

namespace tideline::engine {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

struct Fields {
    std::optional<int64_t> year, month, day;
    int hour = 0, minute = 0, second = 0;
    int64_t frac = 0;
    std::optional<int64_t> offset;
    bool hasTime = false;
    int ampm = 0; // 1 = am, 2 = pm
};

class Scanner {
public:
    Scanner(std::string_view s, uint32_t precision) : m_s(s), m_precision(precision) {}

    bool run(Fields &f)
    {
        while (m_pos < m_s.size()) {
            char c = m_s[m_pos];
            if (c == ' ' || c == ',' || c == '\t') {
                ++m_pos;
            } else if (isDigit(c)) {
                if (!number(f))
                    return false;
            } else if (std::isalpha(static_cast<unsigned char>(c))) {
                if (!word(f))
                    return false;
            } else if ((c == '+' || c == '-') && (f.hasTime || f.day) && !f.offset) {
                if (!offset(f))
                    return false;
            } else {
                return false;
            }
        }
        return f.year && f.month && f.day;
    }

private:
    size_t digitRun(size_t at) const
    {
        size_t n = 0;
        while (at + n < m_s.size() && isDigit(m_s[at + n]))
            ++n;
        return n;
    }
    int64_t take(size_t n)
    {
        int64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v = v * 10 + (m_s[m_pos++] - '0');
        return v;
    }
    char at(size_t i) const { return i < m_s.size() ? m_s[i] : '\0'; }

    bool number(Fields &f)
    {
        size_t n = digitRun(m_pos);
        char next = at(m_pos + n);
        bool dateSep = next == '-' || next == '/' || next == '.';
        if (n == 4 && !f.year && dateSep) { // YYYY-MM-DD
            f.year = take(4);
            return dateTail(f, next, /*dayFirst=*/false);
        }
        if (n <= 2 && next == ':')
            return time(f);
        if (n <= 2 && dateSep && !f.year) { // DD/MM/YYYY
            f.day = take(n);
            return dateTail(f, next, /*dayFirst=*/true);
        }
        if (n == 8 && !f.year) {
            f.year = take(4);
            f.month = take(2);
            f.day = take(2);
            return true;
        }
        if (n == 4 && !f.year) {
            f.year = take(4);
            return true;
        }
        if (n <= 2 && !f.day) {
            f.day = take(n);
            return true;
        }
        return false;
    }

    // After the first date number: sep second sep third.
    bool dateTail(Fields &f, char sep, bool dayFirst)
    {
        ++m_pos;
        size_t n = digitRun(m_pos);
        if (n == 0 || n > 2)
            return false;
        int64_t second = take(n);
        if (at(m_pos) != sep)
            return false;
        ++m_pos;
        n = digitRun(m_pos);
        if (dayFirst) {
            if (n != 4)
                return false;
            f.month = second;
            f.year = take(4);
        } else {
            if (n == 0 || n > 2)
                return false;
            f.month = second;
            f.day = take(n);
        }
        if (at(m_pos) == 'T' || at(m_pos) == 't')
            ++m_pos;
        return true;
    }

    bool time(Fields &f)
    {
        if (f.hasTime)
            return false;
        f.hour = static_cast<int>(take(digitRun(m_pos)));
        ++m_pos; // ':'
        if (digitRun(m_pos) != 2)
            return false;
        f.minute = static_cast<int>(take(2));
        if (at(m_pos) == ':') {
            ++m_pos;
            if (digitRun(m_pos) != 2)
                return false;
            f.second = static_cast<int>(take(2));
            if (at(m_pos) == '.' || at(m_pos) == ',') {
                ++m_pos;
                size_t n = digitRun(m_pos);
                int64_t frac = 0;
                uint32_t used = 0;
                for (size_t i = 0; i < n; ++i, ++m_pos)
                    if (used < m_precision) {
                        frac = frac * 10 + (m_s[m_pos] - '0');
                        ++used;
                    }
                f.frac = frac * pow10i(m_precision - used);
            }
        }
        f.hasTime = true;
        return f.hour < 24 && f.minute < 60 && f.second < 60;
    }

    bool offset(Fields &f)
    {
        int sign = m_s[m_pos++] == '-' ? -1 : 1;
        size_t n = digitRun(m_pos);
        int64_t hh, mm = 0;
        if (n == 4) {
            hh = take(2);
            mm = take(2);
        } else if (n == 2 || n == 1) {
            hh = take(n);
            if (at(m_pos) == ':') {
                ++m_pos;
                if (digitRun(m_pos) != 2)
                    return false;
                mm = take(2);
            }
        } else {
            return false;
        }
        f.offset = sign * (hh * 3600 + mm * 60);
        return hh < 24 && mm < 60;
    }

    bool word(Fields &f)
    {
        std::string w;
        while (m_pos < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[m_pos])))
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(m_s[m_pos++])));
        static const std::array<const char *, 12> months{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        static const std::array<const char *, 7> days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        if (w == "am" || w == "pm") {
            f.ampm = w == "am" ? 1 : 2;
            return f.hasTime;
        }
        if (w == "z" || w == "utc" || w == "gmt" || w == "ut") {
            if (!f.offset)
                f.offset = 0;
            return true;
        }
        if (w == "t")
            return true;
        if (w.size() < 3)
            return false;
        for (size_t i = 0; i < months.size(); ++i)
            if (w.compare(0, 3, months[i]) == 0 && !f.month) {
                f.month = static_cast<int64_t>(i + 1);
                return true;
            }
        for (const char *d : days)
            if (w.compare(0, 3, d) == 0)
                return true;
        return false;
    }

    std::string_view m_s;
    uint32_t m_precision;
    size_t m_pos = 0;
};

} // namespace

bool parseDateTimeBestEffort(std::string_view text, const TimeZone &zone, uint32_t precision, int64_t &ticks)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    bool allDigits = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
    if (!(allDigits && (text.size() == 8 || text.size() == 12 || text.size() == 14))
        && parseDateTimeBasic(text, zone, precision, ticks))
        return true;
    Fields f;
    if (allDigits && text.size() >= 12) { // YYYYMMDDhhmm[ss]
        auto num = [&](size_t at, size_t n) { return std::stoll(std::string(text.substr(at, n))); };
        f.year = num(0, 4);
        f.month = num(4, 2);
        f.day = num(6, 2);
        f.hour = static_cast<int>(num(8, 2));
        f.minute = static_cast<int>(num(10, 2));
        f.second = text.size() == 14 ? static_cast<int>(num(12, 2)) : 0;
    } else if (!Scanner(text, precision).run(f)) {
        return false;
    }
    if (f.ampm == 2 && f.hour < 12)
        f.hour += 12;
    else if (f.ampm == 1 && f.hour == 12)
        f.hour = 0;
    if (!isValidCivilDate(*f.year, static_cast<int>(*f.month), static_cast<int>(*f.day)) || f.hour > 23)
        return false;
    CivilSecond civil{*f.year, static_cast<int>(*f.month), static_cast<int>(*f.day), f.hour, f.minute, f.second};
    int64_t seconds = f.offset ? TimeZone::utc().fromCivil(civil) - *f.offset : zone.fromCivil(civil);
    ticks = seconds * pow10i(precision) + f.frac;
    return true;
}

} // namespace tideline::engine
