// parse_datetime(s[, fmt[, tz]]) with MySQL % codes and parse_datetime_in_joda_syntax with Joda
// letters, each with _or_zero and _or_null (ClickHouse parseDateTime*, which Proton exposes in
// snake_case). The format is a constant, compiled once at bind time into steps; a row is read
// strictly: every step must match and the whole text must be used, else CANNOT_PARSE_DATETIME
// (41), a NULL, or the zero datetime. Fields a format does not set default to 1970-01-01 00:00:00.
#include <cctype>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

enum class Syntax { MySql, Joda };
enum class OnError { Throw, Zero, Null };

const char *kDayNames[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
const char *kMonthNames[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"};

// What a row sets; validated and turned into an instant by finish().
struct Fields {
    int64_t year = 1970;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int dayOfYear = 0;      // 0: not given
    bool hour12 = false;    // the hour was read as 1..12 (or 0..11 for Joda K)
    bool pm = false;
    bool bc = false;
    bool hasOffset = false;
    int64_t offset = 0;     // seconds east of UTC, from %z / Z
};

// A row that does not match; caught by the executor, which applies the variant's rule.
struct BadText {
    std::string what;
};

class Cursor {
public:
    explicit Cursor(std::string_view s) : m_s(s) {}
    bool atEnd() const { return m_pos >= m_s.size(); }
    std::string_view rest() const { return m_s.substr(m_pos); }

    void literal(std::string_view text)
    {
        if (m_s.substr(m_pos, text.size()) != text)
            throw BadText{"expected '" + std::string(text) + "'"};
        m_pos += text.size();
    }
    // Between minDigits and maxDigits decimal digits (greedy).
    int64_t number(size_t minDigits, size_t maxDigits, const char *field)
    {
        size_t n = 0;
        int64_t v = 0;
        while (n < maxDigits && m_pos + n < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_pos + n])))
            v = v * 10 + (m_s[m_pos + n++] - '0');
        if (n < minDigits)
            throw BadText{std::string("expected ") + std::to_string(minDigits) + " digit(s) for " + field};
        m_pos += n;
        return v;
    }
    // One of `names` (case-insensitive), whole (abbreviated = its first 3 letters); 1-based index.
    int name(const char *const *names, int count, bool abbreviated, const char *field)
    {
        for (int i = 0; i < count; ++i) {
            std::string_view full(names[i]);
            size_t len = abbreviated ? 3 : full.size();
            if (matchesIgnoringCase(full.substr(0, len))) {
                m_pos += len;
                return i + 1;
            }
        }
        throw BadText{std::string("expected a ") + field + " name"};
    }
    bool matchesIgnoringCase(std::string_view word) const
    {
        if (m_s.size() - m_pos < word.size())
            return false;
        for (size_t i = 0; i < word.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(m_s[m_pos + i])) != word[i])
                return false;
        return true;
    }
    void halfDay(Fields &f)
    {
        if (matchesIgnoringCase("am") || matchesIgnoringCase("pm")) {
            f.pm = std::tolower(static_cast<unsigned char>(m_s[m_pos])) == 'p';
            m_pos += 2;
            return;
        }
        throw BadText{"expected AM or PM"};
    }
    // +hh[:]mm / -hh[:]mm (and 'Z' when allowZ).
    void offset(Fields &f, bool allowZ)
    {
        if (allowZ && !atEnd() && m_s[m_pos] == 'Z') {
            ++m_pos;
            f.hasOffset = true;
            f.offset = 0;
            return;
        }
        if (atEnd() || (m_s[m_pos] != '+' && m_s[m_pos] != '-'))
            throw BadText{"expected a time zone offset"};
        int sign = m_s[m_pos++] == '-' ? -1 : 1;
        int64_t h = number(2, 2, "offset hours");
        if (allowZ && !atEnd() && m_s[m_pos] == ':')
            ++m_pos;
        int64_t m = number(2, 2, "offset minutes");
        f.hasOffset = true;
        f.offset = sign * (h * 3600 + m * 60);
    }

private:
    std::string_view m_s;
    size_t m_pos = 0;
};

// One compiled piece of a format: a literal, or a field code with its repetition count (Joda).
struct Step {
    char code = 0; // 0: literal
    int count = 1;
    std::string text;
};

void readMySql(Cursor &c, Fields &f, char code)
{
    switch (code) {
    case 'Y': f.year = c.number(4, 4, "year"); break;
    case 'y': f.year = 2000 + c.number(2, 2, "year"); break;
    case 'm': f.month = static_cast<int>(c.number(2, 2, "month")); break;
    case 'c': f.month = static_cast<int>(c.number(1, 2, "month")); break;
    case 'd': f.day = static_cast<int>(c.number(2, 2, "day")); break;
    case 'e': if (c.rest().starts_with(' ')) c.literal(" "); f.day = static_cast<int>(c.number(1, 2, "day")); break;
    case 'j': f.dayOfYear = static_cast<int>(c.number(3, 3, "day of year")); break;
    case 'H': f.hour = static_cast<int>(c.number(2, 2, "hour")); break;
    case 'k': f.hour = static_cast<int>(c.number(1, 2, "hour")); break;
    case 'h': case 'I': f.hour = static_cast<int>(c.number(2, 2, "hour")); f.hour12 = true; break;
    case 'l': f.hour = static_cast<int>(c.number(1, 2, "hour")); f.hour12 = true; break;
    case 'i': f.minute = static_cast<int>(c.number(2, 2, "minute")); break;
    case 's': case 'S': f.second = static_cast<int>(c.number(2, 2, "second")); break;
    case 'f': c.number(6, 6, "microseconds"); break; // read, but a datetime keeps no fraction
    case 'M': f.month = c.name(kMonthNames, 12, false, "month"); break;
    case 'b': f.month = c.name(kMonthNames, 12, true, "month"); break;
    case 'a': c.name(kDayNames, 7, true, "weekday"); break;
    case 'W': c.name(kDayNames, 7, false, "weekday"); break;
    case 'u': if (int64_t d = c.number(1, 1, "weekday"); d < 1 || d > 7) throw BadText{"weekday out of range"}; break;
    case 'w': if (c.number(1, 1, "weekday") > 6) throw BadText{"weekday out of range"}; break;
    case 'p': c.halfDay(f); break;
    case 'z': c.offset(f, false); break;
    case 'D': readMySql(c, f, 'm'); c.literal("/"); readMySql(c, f, 'd'); c.literal("/"); readMySql(c, f, 'y'); break;
    case 'F': readMySql(c, f, 'Y'); c.literal("-"); readMySql(c, f, 'm'); c.literal("-"); readMySql(c, f, 'd'); break;
    case 'R': readMySql(c, f, 'H'); c.literal(":"); readMySql(c, f, 'i'); break;
    case 'T': readMySql(c, f, 'R'); c.literal(":"); readMySql(c, f, 's'); break;
    case 'r': readMySql(c, f, 'h'); c.literal(":"); readMySql(c, f, 'i'); c.literal(" "); readMySql(c, f, 'p'); break;
    case 'n': c.literal("\n"); break;
    case 't': c.literal("\t"); break;
    case '%': c.literal("%"); break;
    default: break; // rejected when the format is compiled
    }
}

bool isMySqlCode(char code)
{
    return std::string_view("YymcdejHkhIlisSfMbaWuwpzDFRTrnt%").find(code) != std::string_view::npos;
}

std::vector<Step> compileMySql(const std::string &function, const std::string &format)
{
    std::vector<Step> steps;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            if (steps.empty() || steps.back().code)
                steps.push_back({});
            steps.back().text += format[i];
            continue;
        }
        if (i + 1 == format.size())
            fail(ErrorCode::BadArguments, "Incomplete format in function " + function + ": '%' at the end of '" + format + "'");
        char code = format[++i];
        if (!isMySqlCode(code))
            fail(ErrorCode::NotImplemented, std::string("Unsupported format code '%") + code + "' in function " + function);
        steps.push_back({code, 1, {}});
    }
    return steps;
}

void readJoda(Cursor &c, Fields &f, const Step &s)
{
    size_t n = static_cast<size_t>(s.count);
    auto num = [&](size_t max, const char *field) { return static_cast<int>(c.number(n, std::max(n, max), field)); };
    switch (s.code) {
    case 'G': {
        static const char *const eras[] = {"ad", "bc"};
        f.bc = c.name(eras, 2, false, "era") == 2;
        break;
    }
    case 'y': case 'Y': f.year = n == 2 ? 2000 + c.number(2, 2, "year") : c.number(n, std::max<size_t>(n, 4), "year"); break;
    case 'M':
        f.month = n >= 3 ? c.name(kMonthNames, 12, n == 3, "month") : num(2, "month");
        break;
    case 'd': f.day = num(2, "day"); break;
    case 'D': f.dayOfYear = num(3, "day of year"); break;
    case 'E': c.name(kDayNames, 7, n <= 3, "weekday"); break;
    case 'e': if (int d = num(1, "weekday"); d < 1 || d > 7) throw BadText{"weekday out of range"}; break;
    case 'a': c.halfDay(f); break;
    case 'H': f.hour = num(2, "hour"); break;
    case 'k': f.hour = num(2, "hour"); if (f.hour == 24) f.hour = 0; else if (f.hour == 0) throw BadText{"hour out of range"}; break;
    case 'h': f.hour = num(2, "hour"); f.hour12 = true; break;
    case 'K': f.hour = num(2, "hour"); if (f.hour > 11) throw BadText{"hour out of range"}; f.hour12 = true; if (f.hour == 0) f.hour = 12; break;
    case 'm': f.minute = num(2, "minute"); break;
    case 's': f.second = num(2, "second"); break;
    case 'S': c.number(n, std::max<size_t>(n, 9), "fraction of second"); break;
    case 'Z': c.offset(f, true); break;
    default: break;
    }
}

std::vector<Step> compileJoda(const std::string &function, const std::string &format)
{
    std::vector<Step> steps;
    auto addLiteral = [&](char ch) {
        if (steps.empty() || steps.back().code)
            steps.push_back({});
        steps.back().text += ch;
    };
    for (size_t i = 0; i < format.size(); ++i) {
        char ch = format[i];
        if (ch == '\'') { // quoted text; '' is a quote
            if (i + 1 < format.size() && format[i + 1] == '\'') {
                addLiteral('\'');
                ++i;
                continue;
            }
            size_t end = format.find('\'', i + 1);
            if (end == std::string::npos)
                fail(ErrorCode::BadArguments, "Unterminated quoted literal in the format of function " + function);
            for (size_t k = i + 1; k < end; ++k)
                addLiteral(format[k]);
            i = end;
        } else if (std::isalpha(static_cast<unsigned char>(ch))) {
            if (std::string_view("GyYMdDEeaHkhKmsSZ").find(ch) == std::string_view::npos)
                fail(ErrorCode::NotImplemented, std::string("Unsupported format letter '") + ch + "' in function " + function);
            int count = 1;
            while (i + 1 < format.size() && format[i + 1] == ch) {
                ++count;
                ++i;
            }
            steps.push_back({ch, count, {}});
        } else {
            addLiteral(ch);
        }
    }
    return steps;
}

// Validates the fields and returns the instant (seconds), reading local times in `zone`.
int64_t finish(Fields &f, const Zone &zone)
{
    if (f.bc)
        f.year = 1 - f.year;
    if (f.hour12) {
        if (f.hour < 1 || f.hour > 12)
            throw BadText{"hour " + std::to_string(f.hour) + " is out of range 1..12"};
        f.hour = f.hour % 12 + (f.pm ? 12 : 0);
    } else if (f.pm && f.hour < 12) {
        f.hour += 12;
    }
    if (f.year < 1900 || f.year > 2299)
        throw BadText{"year " + std::to_string(f.year) + " is out of range 1900..2299"};
    if (f.dayOfYear) {
        int length = daysInMonth(f.year, 2) == 29 ? 366 : 365;
        if (f.dayOfYear > length)
            throw BadText{"day of year " + std::to_string(f.dayOfYear) + " is out of range"};
        CivilDate cd = civilFromDays(daysFromCivil(f.year, 1, 1) + f.dayOfYear - 1);
        f.month = static_cast<int>(cd.month);
        f.day = static_cast<int>(cd.day);
    }
    if (f.month < 1 || f.month > 12)
        throw BadText{"month " + std::to_string(f.month) + " is out of range"};
    if (f.day < 1 || f.day > static_cast<int>(daysInMonth(f.year, static_cast<unsigned>(f.month))))
        throw BadText{"day " + std::to_string(f.day) + " is out of range for the month"};
    if (f.hour > 23 || f.minute > 59 || f.second > 59)
        throw BadText{"time of day is out of range"};
    int64_t seconds = f.hasOffset
        ? daysFromCivil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day)) * 86400 + f.hour * 3600 + f.minute * 60 + f.second - f.offset
        : zone.fromLocal(f.year, f.month, f.day, f.hour, f.minute, f.second);
    if (seconds < 0 || seconds > 0xFFFFFFFFLL)
        throw BadText{"the value is outside the range of datetime"};
    return seconds;
}

int64_t parseRow(std::string_view text, const std::vector<Step> &steps, Syntax syntax, const Zone &zone)
{
    Cursor c(text);
    Fields f;
    for (const Step &s : steps) {
        if (!s.code)
            c.literal(s.text);
        else if (syntax == Syntax::MySql)
            readMySql(c, f, s.code);
        else
            readJoda(c, f, s);
    }
    if (!c.atEnd())
        throw BadText{"unparsed text '" + std::string(c.rest()) + "' after the format"};
    return finish(f, zone);
}

BoundFunction bindParse(const std::string &name, Syntax syntax, OnError onError, const std::vector<FunctionArg> &args, const FunctionContext &ctx)
{
    checkArgCount(name, args, 1, 3);
    const DataTypePtr &t = args[0].type;
    if (!t || (t->kind != TypeKind::String && t->kind != TypeKind::FixedString))
        illegalType(name, t, 1);
    std::string format = args.size() > 1 ? constString(name, args[1]) : syntax == Syntax::MySql ? "%Y-%m-%d %H:%i:%s" : "yyyy-MM-dd HH:mm:ss";
    std::string tz = args.size() > 2 ? constString(name, args[2]) : std::string();
    Zone zone = Zone::get(tz.empty() ? ctx.timezone : tz);
    std::vector<Step> steps = syntax == Syntax::MySql ? compileMySql(name, format) : compileJoda(name, format);
    DataTypePtr dt = makeDateTime(tz);
    DataTypePtr rt = onError == OnError::Null ? makeNullable(dt) : dt;
    return {rt, [=](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                auto values = makeFixedColumn(dt, rows);
                std::vector<uint8_t> nulls(onError == OnError::Null ? rows : 0);
                const Column &in = *c[0];
                for (size_t i = 0; i < rows; ++i) {
                    std::string_view text = in.type()->kind == TypeKind::String
                        ? in.stringAt(i)
                        : std::string_view(reinterpret_cast<const char *>(in.fixed.data()) + i * in.type()->fixedSize, in.type()->fixedSize);
                    try {
                        values->data<uint32_t>()[i] = static_cast<uint32_t>(parseRow(text, steps, syntax, zone));
                    } catch (const BadText &e) {
                        if (onError == OnError::Throw)
                            fail(ErrorCode::CannotParseDateTime, "Cannot parse '" + std::string(text) + "' with format '" + format + "' in function " + name + ": " + e.what);
                        if (onError == OnError::Null)
                            nulls[i] = 1;
                    }
                }
                return onError == OnError::Null ? wrapNullable(values, std::move(nulls)) : ColumnPtr(values);
            }};
}

} // namespace

void registerParseDateTimeFunctions(FunctionRegistry &registry)
{
    struct Family { const char *name; Syntax syntax; const char *doc; };
    for (Family fam : {Family{"parse_datetime", Syntax::MySql, "parses s with MySQL-style % codes (default '%Y-%m-%d %H:%i:%s')"},
                       Family{"parse_datetime_in_joda_syntax", Syntax::Joda, "parses s with Joda letters (default 'yyyy-MM-dd HH:mm:ss')"}}) {
        for (auto [suffix, onError] : {std::pair{"", OnError::Throw}, std::pair{"_or_zero", OnError::Zero}, std::pair{"_or_null", OnError::Null}}) {
            std::string name = std::string(fam.name) + suffix;
            Syntax syntax = fam.syntax;
            add(registry, name, "datetime", name + "(s[, format[, tz]])", fam.doc,
                [name, syntax, onError = onError](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
                    return bindParse(name, syntax, onError, args, ctx);
                });
        }
    }
}

} // namespace tideline::engine
