#include "engine/types/Int256.h"

#include <cmath>

namespace tideline::engine {

namespace {

int compareUnsigned(const Int256 &a, const Int256 &b)
{
    for (int i = 3; i >= 0; --i)
        if (a.limb[i] != b.limb[i])
            return a.limb[i] < b.limb[i] ? -1 : 1;
    return 0;
}

// Shift-subtract long division of unsigned values: 256 steps, fine for a cold path.
void divModUnsigned(const Int256 &a, const Int256 &b, Int256 &quotient, Int256 &remainder)
{
    Int256 q, r;
    for (int bit = 255; bit >= 0; --bit) {
        for (int i = 3; i > 0; --i) // r <<= 1
            r.limb[i] = (r.limb[i] << 1) | (r.limb[i - 1] >> 63);
        r.limb[0] = (r.limb[0] << 1) | ((a.limb[bit / 64] >> (bit % 64)) & 1);
        if (compareUnsigned(r, b) >= 0) {
            r -= b;
            q.limb[bit / 64] |= 1ULL << (bit % 64);
        }
    }
    quotient = q;
    remainder = r;
}

} // namespace

int compare(const Int256 &a, const Int256 &b, bool isSigned)
{
    if (isSigned && a.isNegative() != b.isNegative())
        return a.isNegative() ? -1 : 1;
    return compareUnsigned(a, b); // same sign: two's complement orders like unsigned
}

void divMod(const Int256 &a, const Int256 &b, bool isSigned, Int256 &quotient, Int256 &remainder)
{
    if (!isSigned)
        return divModUnsigned(a, b, quotient, remainder);
    bool negA = a.isNegative(), negB = b.isNegative();
    divModUnsigned(negA ? -a : a, negB ? -b : b, quotient, remainder);
    if (negA != negB)
        quotient = -quotient;
    if (negA)
        remainder = -remainder;
}

double toDouble(const Int256 &v, bool isSigned)
{
    if (isSigned && v.isNegative())
        return -toDouble(-v, false);
    double r = 0;
    for (int i = 3; i >= 0; --i)
        r = r * 18446744073709551616.0 + static_cast<double>(v.limb[i]);
    return r;
}

Int256 int256FromDouble(double v)
{
    if (!std::isfinite(v))
        return {};
    bool negative = v < 0;
    double x = std::trunc(std::fabs(v));
    Int256 r;
    for (int i = 3; i >= 0; --i) {
        double unit = std::ldexp(1.0, 64 * i);
        double part = std::floor(x / unit);
        if (part >= 18446744073709551616.0)
            part = std::fmod(part, 18446744073709551616.0);
        r.limb[i] = static_cast<uint64_t>(part);
        x -= part * unit;
        if (x < 0)
            x = 0;
    }
    return negative ? -r : r;
}

} // namespace tideline::engine
