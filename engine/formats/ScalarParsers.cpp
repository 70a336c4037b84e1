// Scalar text readers of ValueParser.h: uuid, ip addresses, decimals. Kept apart from the
// per-type dispatch in ValueParser.cpp.
#include <charconv>

#include "engine/formats/ScalarParsers.h"
#include "engine/formats/ValueParser.h"

namespace tideline::engine {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool parseUUIDText(std::string_view text, UInt128 &out)
{
    // 8-4-4-4-12 with dashes, or 32 hex digits without.
    if (text.size() != 36 && text.size() != 32)
        return false;
    bool dashed = text.size() == 36;
    UInt128 v = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (text[i] != '-')
                return false;
            continue;
        }
        int h = hexValue(text[i]);
        if (h < 0)
            return false;
        v = (v << 4) | static_cast<unsigned>(h);
    }
    out = v;
    return true;
}

bool parseIPv4Text(std::string_view text, uint32_t &out)
{
    uint32_t v = 0;
    size_t pos = 0;
    for (int part = 0; part < 4; ++part) {
        if (part) {
            if (pos >= text.size() || text[pos] != '.')
                return false;
            ++pos;
        }
        size_t start = pos;
        uint32_t octet = 0;
        while (pos < text.size() && pos - start < 3 && text[pos] >= '0' && text[pos] <= '9')
            octet = octet * 10 + static_cast<uint32_t>(text[pos++] - '0');
        if (pos == start || octet > 255)
            return false;
        v = (v << 8) | octet;
    }
    if (pos != text.size())
        return false;
    out = v;
    return true;
}

bool parseIPv6Text(std::string_view text, UInt128 &out)
{
    uint32_t v4;
    if (text.find(':') == std::string_view::npos) {
        if (!parseIPv4Text(text, v4))
            return false;
        out = (static_cast<UInt128>(0xffff) << 32) | v4;
        return true;
    }
    uint16_t words[8] = {};
    int count = 0, gap = -1;
    size_t pos = 0;
    if (text.substr(0, 2) == "::") {
        gap = 0;
        pos = 2;
    } else if (!text.empty() && text[0] == ':') {
        return false;
    }
    while (pos < text.size()) {
        if (count >= 8)
            return false;
        size_t end = text.find(':', pos);
        std::string_view group = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (group.find('.') != std::string_view::npos) { // embedded IPv4 tail
            if (end != std::string_view::npos || count > 6 || !parseIPv4Text(group, v4))
                return false;
            words[count++] = static_cast<uint16_t>(v4 >> 16);
            words[count++] = static_cast<uint16_t>(v4);
            pos = text.size();
            break;
        }
        if (group.empty() || group.size() > 4)
            return false;
        unsigned w = 0;
        for (char c : group) {
            int h = hexValue(c);
            if (h < 0)
                return false;
            w = (w << 4) | static_cast<unsigned>(h);
        }
        words[count++] = static_cast<uint16_t>(w);
        if (end == std::string_view::npos) {
            pos = text.size();
        } else if (end + 1 < text.size() && text[end + 1] == ':') {
            if (gap >= 0)
                return false;
            gap = count;
            pos = end + 2;
        } else {
            pos = end + 1;
            if (pos == text.size())
                return false; // trailing single ':'
        }
    }
    if (gap < 0 ? count != 8 : count > 7)
        return false;
    uint16_t full[8] = {};
    if (gap < 0) {
        std::copy(words, words + 8, full);
    } else {
        std::copy(words, words + gap, full);
        std::copy(words + gap, words + count, full + 8 - (count - gap));
    }
    UInt128 v = 0;
    for (uint16_t w : full)
        v = (v << 16) | w;
    out = v;
    return true;
}

bool decimalDigits(std::string_view text, uint32_t precision, uint32_t scale, DecimalDigits &out)
{
    size_t pos = 0;
    out.negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+'))
        out.negative = text[pos++] == '-';
    std::string all;
    size_t intDigits = 0;
    bool any = false, point = false;
    for (; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c >= '0' && c <= '9') {
            all += c;
            any = true;
            if (!point)
                ++intDigits;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    int64_t exponent = 0;
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        const char *b = text.data() + pos + 1 + (pos + 1 < text.size() && text[pos + 1] == '+');
        auto res = std::from_chars(b, text.data() + text.size(), exponent);
        if (res.ec != std::errc() || res.ptr != text.data() + text.size() || exponent > 100 || exponent < -100)
            return false;
        pos = text.size();
    }
    if (pos != text.size())
        return false;
    // Keep the digits down to 10^-scale; extra fraction digits are truncated.
    int64_t keep = static_cast<int64_t>(intDigits) + exponent + scale;
    std::string digits;
    if (keep > 0) {
        digits = all.substr(0, static_cast<size_t>(std::min<int64_t>(keep, static_cast<int64_t>(all.size()))));
        if (keep > static_cast<int64_t>(all.size()))
            digits.append(static_cast<size_t>(keep) - all.size(), '0');
    }
    size_t nz = digits.find_first_not_of('0');
    digits = nz == std::string::npos ? "0" : digits.substr(nz);
    out.overflow = digits != "0" && digits.size() > precision;
    out.digits = std::move(digits);
    return true;
}

bool parseDecimalText(std::string_view text, uint32_t precision, uint32_t scale, Int128 &out, bool &digitsOverflow)
{
    DecimalDigits d;
    if (!decimalDigits(text, precision, scale, d))
        return false;
    digitsOverflow = d.overflow || d.digits.size() > 38;
    if (digitsOverflow)
        return true;
    Int128 v = 0;
    for (char c : d.digits)
        v = v * 10 + (c - '0');
    out = d.negative ? -v : v;
    return true;
}

} // namespace tideline::engine
