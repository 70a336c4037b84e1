// The scalar text pieces of ValueWriter.h: string escaping per format, floats, decimals, dates,
// uuid and ip addresses. Kept apart from the per-type dispatch so each stays readable.
#include <charconv>
#include <cmath>

#include "engine/formats/TimeZones.h"
#include "engine/formats/ValueWriter.h"
#include "engine/formats/WideInt.h"

namespace tideline::engine {

namespace {

// The escape letter for the characters TSV and quoted strings escape, or 0.
char escapeLetter(char c)
{
    switch (c) {
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\0': return '0';
    case '\\': return '\\';
    case '\'': return '\'';
    default: return 0;
    }
}

void appendTwo(std::string &out, int v)
{
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

// Digits and decimal exponent of the shortest round-trip form, as std::to_chars finds it.
template <typename T>
void appendShortestFloat(std::string &out, T value)
{
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
    size_t e = sci.find('e');
    std::string_view mantissa = sci.substr(0, e);
    int exponent = 0;
    const char *expBegin = sci.data() + e + 1 + (sci[e + 1] == '+');
    std::from_chars(expBegin, sci.data() + sci.size(), exponent);
    bool negative = mantissa[0] == '-';
    if (negative) {
        out += '-';
        mantissa.remove_prefix(1);
    }
    char digits[32];
    size_t n = 0;
    for (char c : mantissa)
        if (c != '.')
            digits[n++] = c;
    // double-conversion's thresholds, which ClickHouse uses: fixed notation in [1e-6, 1e21).
    if (exponent >= -6 && exponent < 21) {
        if (exponent < 0) {
            out += "0.";
            out.append(static_cast<size_t>(-exponent - 1), '0');
            out.append(digits, n);
            return;
        }
        size_t intDigits = static_cast<size_t>(exponent) + 1;
        if (n <= intDigits) {
            out.append(digits, n);
            out.append(intDigits - n, '0');
        } else {
            out.append(digits, intDigits);
            out += '.';
            out.append(digits + intDigits, n - intDigits);
        }
        return;
    }
    out += digits[0];
    if (n > 1) {
        out += '.';
        out.append(digits + 1, n - 1);
    }
    out += 'e';
    out += std::to_string(exponent);
}

template <typename T>
void appendFloatImpl(std::string &out, T value)
{
    if (std::isnan(value)) { // ClickHouse ignores the sign of a NaN: 0/0 (sign bit set on x86) is nan
        out += "nan";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-inf" : "inf";
        return;
    }
    if (value == 0) {
        out += std::signbit(value) ? "-0" : "0";
        return;
    }
    appendShortestFloat(out, value);
}

} // namespace

void appendEscapedString(std::string &out, std::string_view s)
{
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (char letter = escapeLetter(s[i])) {
            out.append(s.data() + start, i - start);
            out += '\\';
            out += letter;
            start = i + 1;
        }
    }
    out.append(s.data() + start, s.size() - start);
}

void appendQuotedString(std::string &out, std::string_view s)
{
    out += '\'';
    appendEscapedString(out, s);
    out += '\'';
}

void appendCSVString(std::string &out, std::string_view s)
{
    out += '"';
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            out.append(s.data() + start, i - start + 1);
            out += '"';
            start = i + 1;
        }
    }
    out.append(s.data() + start, s.size() - start);
    out += '"';
}

void appendJSONString(std::string &out, std::string_view s, bool escapeForwardSlashes)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '/': out += escapeForwardSlashes ? "\\/" : "/"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80
                       && (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
                // U+2028/U+2029 are valid JSON but break JavaScript string literals.
                out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void appendFloat(std::string &out, double value) { appendFloatImpl(out, value); }
void appendFloat(std::string &out, float value) { appendFloatImpl(out, value); }

void appendDecimal(std::string &out, Int128 unscaled, uint32_t scale)
{
    if (unscaled < 0)
        out += '-';
    UInt128 abs = unscaled < 0 ? static_cast<UInt128>(0) - static_cast<UInt128>(unscaled) : static_cast<UInt128>(unscaled);
    std::string digits;
    appendUInt128(digits, abs);
    if (scale == 0) {
        out += digits;
        return;
    }
    appendScaledDigits(out, digits, scale);
}

void appendScaledDigits(std::string &out, std::string digits, uint32_t scale)
{
    if (digits.size() <= scale)
        digits.insert(0, scale + 1 - digits.size(), '0');
    out.append(digits, 0, digits.size() - scale);
    // Proton 1.6 (ClickHouse >= 21.9, output_format_decimal_trailing_zeros=0) drops the
    // fraction's trailing zeros, and the point with them: 1.50 -> 1.5, 1.00 -> 1.
    size_t end = digits.size();
    while (end > digits.size() - scale && digits[end - 1] == '0')
        --end;
    if (end > digits.size() - scale) {
        out += '.';
        out.append(digits, digits.size() - scale, end - (digits.size() - scale));
    }
}

void appendDate(std::string &out, int64_t dayNumber)
{
    int64_t y;
    int m, d;
    civilFromDays(dayNumber, y, m, d);
    if (y >= 0 && y <= 9999) {
        appendTwo(out, static_cast<int>(y / 100));
        appendTwo(out, static_cast<int>(y % 100));
    } else {
        out += std::to_string(y);
    }
    out += '-';
    appendTwo(out, m);
    out += '-';
    appendTwo(out, d);
}

void appendDateTime(std::string &out, int64_t epochSeconds, const TimeZone &zone)
{
    CivilSecond c = zone.toCivil(epochSeconds);
    appendDate(out, daysFromCivil(c.year, c.month, c.day));
    out += ' ';
    appendTwo(out, c.hour);
    out += ':';
    appendTwo(out, c.minute);
    out += ':';
    appendTwo(out, c.second);
}

void appendDateTime64(std::string &out, int64_t ticks, uint32_t precision, const TimeZone &zone)
{
    int64_t unit = 1;
    for (uint32_t i = 0; i < precision; ++i)
        unit *= 10;
    int64_t seconds = ticks / unit;
    int64_t frac = ticks % unit;
    if (frac < 0) { // floor division, so pre-1970 values keep a positive fraction
        frac += unit;
        --seconds;
    }
    appendDateTime(out, seconds, zone);
    if (precision == 0)
        return;
    out += '.';
    char buf[9];
    for (int i = static_cast<int>(precision) - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out.append(buf, precision);
}

void appendUUID(std::string &out, UInt128 value)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out += '-';
        out += hex[static_cast<unsigned>(value >> (124 - 4 * i)) & 15];
    }
}

void appendIPv4(std::string &out, uint32_t value)
{
    for (int i = 3; i >= 0; --i) {
        out += std::to_string((value >> (8 * i)) & 255);
        if (i)
            out += '.';
    }
}

void appendIPv6(std::string &out, UInt128 value)
{
    uint16_t words[8];
    for (int i = 0; i < 8; ++i)
        words[i] = static_cast<uint16_t>(value >> (112 - 16 * i));
    // The longest run of zero words (at least two) becomes "::" (RFC 5952).
    int bestBase = -1, bestLen = 0;
    for (int i = 0; i < 8;) {
        if (words[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && words[j] == 0)
            ++j;
        if (j - i > bestLen) {
            bestBase = i;
            bestLen = j - i;
        }
        i = j;
    }
    if (bestLen < 2)
        bestBase = -1;
    char buf[8];
    for (int i = 0; i < 8; ++i) {
        if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
            if (i == bestBase)
                out += ':';
            continue;
        }
        if (i)
            out += ':';
        // IPv4-mapped and IPv4-compatible addresses end in dotted quad, as ClickHouse prints.
        if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
            appendIPv4(out, static_cast<uint32_t>(value));
            return;
        }
        auto res = std::to_chars(buf, buf + sizeof(buf), words[i], 16);
        out.append(buf, res.ptr);
    }
    if (bestBase != -1 && bestBase + bestLen == 8)
        out += ':';
}

} // namespace tideline::engine
