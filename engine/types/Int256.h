#pragma once
// Int256: the value of an int256/uint256 column cell (four little-endian uint64 limbs in two's
// complement, ClickHouse's layout, so a cell is memcpy'd in and out) with wrapping arithmetic.
// Like the columns, the bits carry no signedness: the operations where it matters (division,
// comparison, conversion to double) take it as an argument. 128-bit values use __int128.
//
//   Int256 a = Int256::fromSigned(-5), b = Int256::fromUnsigned(3);
//   Int256 q, r;  divMod(a, b, /*isSigned*/ true, q, r);   // q = -1, r = -2

#include <cstdint>
#include <cstring>

namespace tideline::engine {

struct Int256 {
    uint64_t limb[4] = {0, 0, 0, 0}; // limb[0] is the least significant

    static Int256 fromSigned(__int128 v)
    {
        Int256 r;
        r.limb[0] = static_cast<uint64_t>(v);
        r.limb[1] = static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64);
        r.limb[2] = r.limb[3] = v < 0 ? ~0ULL : 0;
        return r;
    }
    static Int256 fromUnsigned(unsigned __int128 v)
    {
        Int256 r;
        r.limb[0] = static_cast<uint64_t>(v);
        r.limb[1] = static_cast<uint64_t>(v >> 64);
        return r;
    }
    bool isNegative() const { return limb[3] >> 63; }
    bool isZero() const { return (limb[0] | limb[1] | limb[2] | limb[3]) == 0; }
    // The low 128 bits (what narrowing to int128/uint128 keeps, wrapping as ClickHouse does).
    unsigned __int128 low128() const { return (static_cast<unsigned __int128>(limb[1]) << 64) | limb[0]; }

    Int256 &operator+=(const Int256 &o)
    {
        unsigned __int128 carry = 0;
        for (int i = 0; i < 4; ++i) {
            carry += static_cast<unsigned __int128>(limb[i]) + o.limb[i];
            limb[i] = static_cast<uint64_t>(carry);
            carry >>= 64;
        }
        return *this;
    }
    Int256 operator-() const
    {
        Int256 r;
        for (int i = 0; i < 4; ++i)
            r.limb[i] = ~limb[i];
        return r += Int256::fromUnsigned(1);
    }
    Int256 &operator-=(const Int256 &o) { return *this += -o; }
    friend Int256 operator+(Int256 a, const Int256 &b) { return a += b; }
    friend Int256 operator-(Int256 a, const Int256 &b) { return a -= b; }
    friend Int256 operator*(const Int256 &a, const Int256 &b)
    {
        Int256 r; // schoolbook, keeping the low 256 bits
        for (int i = 0; i < 4; ++i) {
            unsigned __int128 carry = 0;
            for (int j = 0; i + j < 4; ++j) {
                carry += static_cast<unsigned __int128>(a.limb[i]) * b.limb[j] + r.limb[i + j];
                r.limb[i + j] = static_cast<uint64_t>(carry);
                carry >>= 64;
            }
        }
        return r;
    }
    friend bool operator==(const Int256 &a, const Int256 &b) { return std::memcmp(a.limb, b.limb, sizeof a.limb) == 0; }
};

// -1, 0 or 1.
int compare(const Int256 &a, const Int256 &b, bool isSigned);
// Truncating division (the quotient rounds toward zero, the remainder has the dividend's sign).
// The divisor must not be zero.
void divMod(const Int256 &a, const Int256 &b, bool isSigned, Int256 &quotient, Int256 &remainder);
double toDouble(const Int256 &v, bool isSigned);
// Truncates toward zero; NaN gives 0, out-of-range values wrap like the bits of a huge integer.
Int256 int256FromDouble(double v);

} // namespace tideline::engine
