#include "engine/formats/WideInt.h"

#include <algorithm>

namespace tideline::engine {

void Wide256::negate()
{
    uint64_t carry = 1;
    for (auto &l : limb) {
        l = ~l;
        uint64_t sum = l + carry;
        carry = sum < l ? 1 : 0;
        l = sum;
    }
}

bool Wide256::mulAdd(uint32_t mul, uint32_t add)
{
    UInt128 carry = add;
    for (auto &l : limb) {
        UInt128 p = static_cast<UInt128>(l) * mul + carry;
        l = static_cast<uint64_t>(p);
        carry = p >> 64;
    }
    return carry == 0;
}

uint64_t Wide256::divMod(uint64_t divisor)
{
    UInt128 rem = 0;
    for (int i = 3; i >= 0; --i) {
        UInt128 cur = (rem << 64) | limb[i];
        limb[i] = static_cast<uint64_t>(cur / divisor);
        rem = cur % divisor;
    }
    return static_cast<uint64_t>(rem);
}

Wide256 Wide256::fromInt128(Int128 v)
{
    Wide256 w;
    auto u = static_cast<UInt128>(v);
    w.limb[0] = static_cast<uint64_t>(u);
    w.limb[1] = static_cast<uint64_t>(u >> 64);
    uint64_t fill = v < 0 ? ~0ULL : 0;
    w.limb[2] = w.limb[3] = fill;
    return w;
}

void appendUInt128(std::string &out, UInt128 v)
{
    char buf[40];
    char *p = buf + sizeof(buf);
    do {
        *--p = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    out.append(p, buf + sizeof(buf));
}

void appendInt128(std::string &out, Int128 v)
{
    if (v < 0) {
        out += '-';
        appendUInt128(out, static_cast<UInt128>(0) - static_cast<UInt128>(v));
    } else {
        appendUInt128(out, static_cast<UInt128>(v));
    }
}

void appendWide256(std::string &out, Wide256 v, bool isSigned)
{
    if (isSigned && v.isNegative()) {
        out += '-';
        v.negate();
    }
    char buf[80];
    char *p = buf + sizeof(buf);
    do {
        uint64_t r = v.divMod(10);
        *--p = static_cast<char>('0' + r);
    } while (!v.isZero());
    out.append(p, buf + sizeof(buf));
}

namespace {

template <typename U>
bool parseDigits(std::string_view text, U &out, bool &overflow)
{
    if (text.empty())
        return false;
    U v = 0;
    const U max = ~static_cast<U>(0);
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        unsigned d = static_cast<unsigned>(c - '0');
        if (v > (max - d) / 10)
            overflow = true;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

std::string_view stripSign(std::string_view text, bool &negative)
{
    negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    return text;
}

} // namespace

bool parseUInt128(std::string_view text, UInt128 &out, bool &overflow)
{
    overflow = false;
    bool negative;
    text = stripSign(text, negative);
    if (!parseDigits(text, out, overflow))
        return false;
    if (negative && out != 0)
        overflow = true;
    return true;
}

bool parseInt128(std::string_view text, Int128 &out, bool &overflow)
{
    overflow = false;
    bool negative;
    text = stripSign(text, negative);
    UInt128 u = 0;
    if (!parseDigits(text, u, overflow))
        return false;
    const UInt128 limit = (static_cast<UInt128>(1) << 127) - (negative ? 0 : 1);
    if (u > limit)
        overflow = true;
    out = negative ? static_cast<Int128>(static_cast<UInt128>(0) - u) : static_cast<Int128>(u);
    return true;
}

bool parseWide256(std::string_view text, bool isSigned, Wide256 &out, bool &overflow)
{
    overflow = false;
    bool negative;
    text = stripSign(text, negative);
    if (text.empty())
        return false;
    Wide256 v;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        if (!v.mulAdd(10, static_cast<uint32_t>(c - '0')))
            overflow = true;
    }
    if (isSigned && v.isNegative() && !(negative && v.limb[3] == (1ULL << 63) && !v.limb[2] && !v.limb[1] && !v.limb[0]))
        overflow = true;
    if (!isSigned && negative && !v.isZero())
        overflow = true;
    if (negative)
        v.negate();
    out = v;
    return true;
}

} // namespace tideline::engine
