#include "engine/formats/ValueParser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "engine/formats/DateTimeParser.h"
#include "engine/formats/ScalarParsers.h"
#include "engine/formats/WideInt.h"

namespace tideline::engine {

namespace {

constexpr ErrorCode kOk = ErrorCode::Ok;

std::string_view trimSpaces(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

template <typename T>
ErrorCode parseInteger(Column &col, std::string_view s)
{
    if (s.size() > 1 && s[0] == '+' && s[1] != '-')
        s.remove_prefix(1);
    T v{};
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if constexpr (std::is_unsigned_v<T>) {
        // A negative number for an unsigned type is out of range, not garbage.
        if (res.ec == std::errc::invalid_argument && s.size() > 1 && s[0] == '-'
            && s.find_first_not_of("0123456789", 1) == std::string_view::npos)
            return s.find_first_not_of('0', 1) == std::string_view::npos ? (col.push<T>(0), kOk) : ErrorCode::ValueIsOutOfRangeOfDataType;
    }
    if (res.ec == std::errc::result_out_of_range)
        return ErrorCode::ValueIsOutOfRangeOfDataType;
    if (res.ec != std::errc() || res.ptr != s.data() + s.size())
        return ErrorCode::CannotParseNumber;
    col.push<T>(v);
    return kOk;
}

template <typename T>
ErrorCode parseFloating(Column &col, std::string_view s)
{
    if (s.size() > 1 && s[0] == '+')
        s.remove_prefix(1);
    T v{};
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ptr != s.data() + s.size() || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range))
        return ErrorCode::CannotParseNumber;
    if (res.ec == std::errc::result_out_of_range) // 1e400 is inf and 1e-400 is 0, as strtod says
        v = static_cast<T>(std::strtod(std::string(s).c_str(), nullptr));
    col.push<T>(v);
    return kOk;
}

ErrorCode parseWideInteger(Column &col, std::string_view s, TypeKind kind)
{
    bool overflow = false, ok;
    if (kind == TypeKind::Int128) {
        Int128 v = 0;
        ok = parseInt128(s, v, overflow);
        if (ok && !overflow)
            col.push<Int128>(v);
    } else if (kind == TypeKind::UInt128) {
        UInt128 v = 0;
        ok = parseUInt128(s, v, overflow);
        if (ok && !overflow)
            col.push<UInt128>(v);
    } else {
        Wide256 w;
        ok = parseWide256(s, kind == TypeKind::Int256, w, overflow);
        if (ok && !overflow)
            col.pushFixedBytes(w.limb, 32);
    }
    return !ok ? ErrorCode::CannotParseNumber : overflow ? ErrorCode::ValueIsOutOfRangeOfDataType : kOk;
}

ErrorCode parseDecimal(Column &col, std::string_view s)
{
    const DataType &type = *col.type();
    DecimalDigits d;
    if (!decimalDigits(s, type.precision, type.scale, d))
        return ErrorCode::CannotParseNumber;
    if (d.overflow)
        return ErrorCode::DecimalOverflow;
    if (type.kind == TypeKind::Decimal256) {
        Wide256 w;
        bool overflow = false;
        parseWide256(d.digits, true, w, overflow);
        if (d.negative)
            w.negate();
        col.pushFixedBytes(w.limb, 32);
        return kOk;
    }
    Int128 v = 0;
    for (char c : d.digits)
        v = v * 10 + (c - '0');
    if (d.negative)
        v = -v;
    switch (type.kind) {
    case TypeKind::Decimal32: col.push<int32_t>(static_cast<int32_t>(v)); break;
    case TypeKind::Decimal64: col.push<int64_t>(static_cast<int64_t>(v)); break;
    default: col.push<Int128>(v); break;
    }
    return kOk;
}

ErrorCode parseBool(Column &col, std::string_view s)
{
    for (const char *t : {"true", "1", "yes", "on", "t", "y", "enable"})
        if (equalsNoCase(s, t))
            return col.push<uint8_t>(1), kOk;
    for (const char *f : {"false", "0", "no", "off", "f", "n", "disable"})
        if (equalsNoCase(s, f))
            return col.push<uint8_t>(0), kOk;
    return ErrorCode::CannotParseText;
}

const TimeZone &zoneOf(const DataType &type, const ParseSettings &settings)
{
    return TimeZone::get(type.timezone.empty() ? settings.timezone : type.timezone);
}

ErrorCode parseTemporal(Column &col, std::string_view s, const ParseSettings &settings)
{
    const DataType &type = *col.type();
    if (type.kind == TypeKind::Date || type.kind == TypeKind::Date32) {
        int64_t day = 0;
        if (!parseDateText(s, day)) {
            int64_t ticks = 0; // best effort also reads '20200101' and month names for dates
            if (!settings.bestEffortDateTime || !parseDateTimeBestEffort(s, TimeZone::utc(), 0, ticks))
                return ErrorCode::CannotParseDate;
            day = ticks >= 0 ? ticks / 86400 : (ticks - 86399) / 86400;
        }
        if (type.kind == TypeKind::Date)
            col.push<uint16_t>(static_cast<uint16_t>(std::clamp<int64_t>(day, 0, 65535)));
        else // date32 spans 1900-01-01 .. 2299-12-31
            col.push<int32_t>(static_cast<int32_t>(std::clamp<int64_t>(day, -25567, 120529)));
        return kOk;
    }
    uint32_t precision = type.kind == TypeKind::DateTime64 ? type.precision : 0;
    const TimeZone &zone = zoneOf(type, settings);
    int64_t ticks = 0;
    bool ok = settings.bestEffortDateTime ? parseDateTimeBestEffort(s, zone, precision, ticks)
                                          : parseDateTimeBasic(s, zone, precision, ticks);
    if (!ok)
        return ErrorCode::CannotParseDateTime;
    if (type.kind == TypeKind::DateTime)
        col.push<uint32_t>(static_cast<uint32_t>(std::clamp<int64_t>(ticks, 0, 4294967295LL)));
    else
        col.push<int64_t>(ticks);
    return kOk;
}

ErrorCode parseEnum(Column &col, std::string_view s)
{
    const DataType &type = *col.type();
    auto push = [&](int16_t v) {
        if (type.kind == TypeKind::Enum8)
            col.push<int8_t>(static_cast<int8_t>(v));
        else
            col.push<int16_t>(v);
    };
    for (const auto &[label, value] : type.enumValues)
        if (label == s)
            return push(value), kOk;
    int v = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec == std::errc() && res.ptr == s.data() + s.size())
        for (const auto &[label, value] : type.enumValues)
            if (value == v)
                return push(value), kOk;
    return ErrorCode::BadArguments;
}

// One scalar value from its unquoted, unescaped text.
ErrorCode parseScalar(Column &col, std::string_view raw, const ParseSettings &settings)
{
    TypeKind kind = col.type()->kind;
    if (kind == TypeKind::String)
        return col.pushString(raw), kOk;
    if (kind == TypeKind::FixedString) {
        size_t n = col.type()->fixedSize;
        if (raw.size() > n)
            return ErrorCode::TooLargeStringSize;
        size_t old = col.fixed.size();
        col.fixed.resize(old + n, 0);
        std::memcpy(col.fixed.data() + old, raw.data(), raw.size());
        col.setSize(col.size() + 1);
        return kOk;
    }
    std::string_view s = trimSpaces(raw);
    switch (kind) {
    case TypeKind::Int8: return parseInteger<int8_t>(col, s);
    case TypeKind::Int16: return parseInteger<int16_t>(col, s);
    case TypeKind::Int32: return parseInteger<int32_t>(col, s);
    case TypeKind::Int64: case TypeKind::Interval: return parseInteger<int64_t>(col, s);
    case TypeKind::UInt8: return parseInteger<uint8_t>(col, s);
    case TypeKind::UInt16: return parseInteger<uint16_t>(col, s);
    case TypeKind::UInt32: return parseInteger<uint32_t>(col, s);
    case TypeKind::UInt64: return parseInteger<uint64_t>(col, s);
    case TypeKind::Int128: case TypeKind::UInt128: case TypeKind::Int256: case TypeKind::UInt256:
        return parseWideInteger(col, s, kind);
    case TypeKind::Float32: return parseFloating<float>(col, s);
    case TypeKind::Float64: return parseFloating<double>(col, s);
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
        return parseDecimal(col, s);
    case TypeKind::Bool: return parseBool(col, s);
    case TypeKind::Date: case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::DateTime64:
        return parseTemporal(col, s, settings);
    case TypeKind::UUID: {
        UInt128 v;
        return parseUUIDText(s, v) ? (col.push<UInt128>(v), kOk) : ErrorCode::CannotParseText;
    }
    case TypeKind::IPv4: {
        uint32_t v;
        return parseIPv4Text(s, v) ? (col.push<uint32_t>(v), kOk) : ErrorCode::CannotParseText;
    }
    case TypeKind::IPv6: {
        UInt128 v;
        return parseIPv6Text(s, v) ? (col.push<UInt128>(v), kOk) : ErrorCode::CannotParseText;
    }
    case TypeKind::Enum8: case TypeKind::Enum16: return parseEnum(col, s);
    case TypeKind::Nothing: return col.pushDefault(), kOk;
    default: return ErrorCode::CannotParseText;
    }
}

bool isNullWord(std::string_view s) { return s == "\\N" || equalsNoCase(s, "null"); }

// Reads a '...' string at text[pos] (pos at the opening quote); handles \-escapes and ''.
bool readQuotedString(std::string_view text, size_t &pos, std::string &out)
{
    out.clear();
    ++pos;
    while (pos < text.size()) {
        char c = text[pos++];
        if (c == '\'') {
            if (pos < text.size() && text[pos] == '\'') {
                out += '\'';
                ++pos;
                continue;
            }
            return true;
        }
        if (c == '\\' && pos < text.size()) {
            size_t end = pos + 1;
            if (text[pos] == 'x' && pos + 2 < text.size())
                end = pos + 3;
            out += unescapeTSV(text.substr(pos - 1, end - pos + 1));
            pos = end;
            continue;
        }
        out += c;
    }
    return false;
}

struct QuotedReader {
    std::string_view text;
    size_t pos;
    const ParseSettings &settings;
    std::string scratch;

    void skipSpaces()
    {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
            ++pos;
    }
    bool consume(char c)
    {
        skipSpaces();
        if (pos < text.size() && text[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    ErrorCode value(Column &col);
    ErrorCode scalar(Column &col);
    ErrorCode sequence(Column &col, char open, char close);
    ErrorCode tuple(Column &col);
};

ErrorCode QuotedReader::value(Column &col)
{
    skipSpaces();
    TypeKind kind = col.type()->kind;
    if (kind == TypeKind::Nullable) {
        if (text.substr(pos, 4).size() == 4 && equalsNoCase(text.substr(pos, 4), "null")
            && (pos + 4 == text.size() || !std::isalnum(static_cast<unsigned char>(text[pos + 4])))) {
            pos += 4;
            col.nullMap.push_back(1);
            col.children[0]->pushDefault();
            col.setSize(col.size() + 1);
            return kOk;
        }
        if (ErrorCode e = value(*col.children[0]); e != kOk)
            return e;
        col.nullMap.push_back(0);
        col.setSize(col.size() + 1);
        return kOk;
    }
    if (kind == TypeKind::Array)
        return sequence(col, '[', ']');
    if (kind == TypeKind::Map)
        return sequence(col, '{', '}');
    if (kind == TypeKind::Tuple)
        return tuple(col);
    return scalar(col);
}

ErrorCode QuotedReader::scalar(Column &col)
{
    if (pos < text.size() && text[pos] == '\'') {
        if (!readQuotedString(text, pos, scratch))
            return ErrorCode::CannotParseQuotedString;
        return parseScalar(col, scratch, settings);
    }
    if (col.type()->isStringLike())
        return ErrorCode::CannotParseQuotedString;
    size_t start = pos;
    while (pos < text.size() && std::string_view(",)]}: \t\n\r").find(text[pos]) == std::string_view::npos)
        ++pos;
    if (start == pos)
        return ErrorCode::CannotParseText;
    return parseScalar(col, text.substr(start, pos - start), settings);
}

// Arrays '[a,b]' and maps '{k:v,...}' share their layout: offsets plus child columns.
ErrorCode QuotedReader::sequence(Column &col, char open, char close)
{
    if (!consume(open))
        return ErrorCode::CannotParseText;
    bool isMap = open == '{';
    if (!consume(close)) {
        do {
            if (ErrorCode e = value(*col.children[0]); e != kOk)
                return e;
            if (isMap) {
                if (!consume(':'))
                    return ErrorCode::CannotParseText;
                if (ErrorCode e = value(*col.children[1]); e != kOk)
                    return e;
            }
        } while (consume(','));
        if (!consume(close))
            return ErrorCode::CannotParseText;
    }
    col.offsets.push_back(col.children[0]->size());
    col.setSize(col.size() + 1);
    return kOk;
}

ErrorCode QuotedReader::tuple(Column &col)
{
    if (!consume('('))
        return ErrorCode::CannotParseText;
    for (size_t i = 0; i < col.children.size(); ++i) {
        if (i && !consume(','))
            return ErrorCode::CannotParseText;
        if (ErrorCode e = value(*col.children[i]); e != kOk)
            return e;
    }
    if (!consume(')'))
        return ErrorCode::CannotParseText;
    col.setSize(col.size() + 1);
    return kOk;
}

ErrorCode parsePlain(Column &col, std::string_view text, const ParseSettings &settings)
{
    TypeKind kind = col.type()->kind;
    if (kind == TypeKind::Nullable) {
        if (isNullWord(trimSpaces(text))) {
            col.pushDefault();
            return kOk;
        }
        if (ErrorCode e = parsePlain(*col.children[0], text, settings); e != kOk)
            return e;
        col.nullMap.push_back(0);
        col.setSize(col.size() + 1);
        return kOk;
    }
    if (kind == TypeKind::Array || kind == TypeKind::Map || kind == TypeKind::Tuple) {
        QuotedReader reader{text, 0, settings, {}};
        if (ErrorCode e = reader.value(col); e != kOk)
            return e;
        reader.skipSpaces();
        return reader.pos == text.size() ? kOk : ErrorCode::CannotParseText;
    }
    return parseScalar(col, text, settings);
}

[[noreturn]] void throwParseError(ErrorCode code, std::string_view text, const DataType &type)
{
    std::string shown(text.substr(0, 200));
    std::string name = type.name();
    switch (code) {
    case ErrorCode::ValueIsOutOfRangeOfDataType:
        fail(code, "Value '" + shown + "' is out of range of type " + name);
    case ErrorCode::DecimalOverflow:
        fail(code, "Decimal value '" + shown + "' is too big for type " + name);
    case ErrorCode::TooLargeStringSize:
        fail(code, "Too large value '" + shown + "' for type " + name);
    case ErrorCode::BadArguments:
        fail(code, "Unknown element '" + shown + "' for type " + name);
    default:
        fail(code, "Cannot parse '" + shown + "' as " + name);
    }
}

// Runs a parse step; on failure restores the column and throws with the text named.
template <typename F>
void guarded(Column &col, std::string_view text, F &&step)
{
    size_t rows = col.size();
    ErrorCode e = step();
    if (e != kOk) {
        truncateColumn(col, rows);
        throwParseError(e, text, *col.type());
    }
}

} // namespace

void parseValue(Column &column, std::string_view text, const ParseSettings &settings)
{
    guarded(column, text, [&] { return parsePlain(column, text, settings); });
}

bool tryParseValue(Column &column, std::string_view text, const ParseSettings &settings)
{
    size_t rows = column.size();
    ErrorCode e;
    try {
        e = parsePlain(column, text, settings);
    } catch (const EngineError &) { // an unknown time zone in the type
        e = ErrorCode::BadArguments;
    }
    if (e == kOk)
        return true;
    truncateColumn(column, rows);
    return false;
}

void parseEscapedValue(Column &column, std::string_view field, const ParseSettings &settings)
{
    const DataType &type = *removeNullable(column.type());
    if (column.type()->isNullable() && field == "\\N")
        return column.pushDefault();
    if (!type.isStringLike() && !type.isEnum() && field.find('\\') == std::string_view::npos)
        return parseValue(column, field, settings);
    if (type.kind == TypeKind::Array || type.kind == TypeKind::Map || type.kind == TypeKind::Tuple)
        return parseValue(column, field, settings); // composites quote their strings themselves
    std::string unescaped = unescapeTSV(field);
    if (column.type()->isNullable()) {
        guarded(column, field, [&] {
            ErrorCode e = parseScalar(*column.children[0], unescaped, settings);
            if (e == kOk) {
                column.nullMap.push_back(0);
                column.setSize(column.size() + 1);
            }
            return e;
        });
        return;
    }
    guarded(column, field, [&] { return parseScalar(column, unescaped, settings); });
}

size_t parseQuotedValue(Column &column, std::string_view text, size_t pos, const ParseSettings &settings)
{
    QuotedReader reader{text, pos, settings, {}};
    guarded(column, text.substr(pos), [&] { return reader.value(column); });
    return reader.pos;
}

std::string unescapeTSV(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '0': out += '\0'; break;
        case 'a': out += '\a'; break;
        case 'v': out += '\v'; break;
        case 'e': out += '\x1b'; break;
        case 'x':
            if (i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
                out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
                break;
            }
            out += c;
            break;
        default: out += c; break; // \\ \' \" and unknown escapes keep the character
        }
    }
    return out;
}

void truncateColumn(Column &col, size_t rows)
{
    // No early return when the size already matches: a failed composite leaves extra rows in
    // its children while its own size is unchanged.
    if (col.size() < rows)
        return;
    switch (col.type()->kind) {
    case TypeKind::String:
        col.chars.resize(rows ? col.offsets[rows - 1] : 0);
        col.offsets.resize(rows);
        break;
    case TypeKind::Nullable:
        col.nullMap.resize(rows);
        truncateColumn(*col.children[0], rows);
        break;
    case TypeKind::Array: case TypeKind::Map: {
        size_t childRows = rows ? col.offsets[rows - 1] : 0;
        col.offsets.resize(rows);
        for (auto &child : col.children)
            truncateColumn(*child, childRows);
        break;
    }
    case TypeKind::Tuple:
        for (auto &child : col.children)
            truncateColumn(*child, rows);
        break;
    default: col.fixed.resize(rows * col.type()->valueSize()); break;
    }
    col.setSize(rows);
}

} // namespace tideline::engine
