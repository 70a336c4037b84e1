// Int256: wrapping arithmetic, signed/unsigned division and comparison, double conversions,
// checked against __int128 where the values fit and against known 256-bit constants.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/types/Int256.h"

using namespace tideline::engine;

namespace {

Int256 S(__int128 v) { return Int256::fromSigned(v); }
Int256 U(unsigned __int128 v) { return Int256::fromUnsigned(v); }

Int256 maxUnsigned()
{
    Int256 v;
    for (auto &l : v.limb)
        l = ~0ULL;
    return v;
}

} // namespace

TEST(Int256, AddSubtractNegateWrap)
{
    EXPECT_EQ(S(5) + S(-7), S(-2));
    EXPECT_EQ(S(-1) - S(-1), S(0));
    EXPECT_EQ(-S(3), S(-3));
    EXPECT_EQ(maxUnsigned() + U(1), U(0)); // 2^256 - 1 + 1 wraps to 0
    EXPECT_EQ(U(0) - U(1), maxUnsigned());
    Int256 carry = U(~static_cast<unsigned __int128>(0)) + U(1); // carries into limb 2
    EXPECT_EQ(carry.limb[2], 1u);
    EXPECT_EQ(carry.low128(), 0u);
    EXPECT_TRUE(S(-1).isNegative());
    EXPECT_FALSE(U(1).isNegative());
}

TEST(Int256, MultiplyMatchesInt128AndWraps)
{
    std::mt19937_64 rng(42);
    for (int i = 0; i < 1000; ++i) {
        __int128 a = static_cast<int64_t>(rng()), b = static_cast<int32_t>(rng());
        EXPECT_EQ(S(a) * S(b), S(a * b));
    }
    Int256 tenTo30 = U(static_cast<unsigned __int128>(1000000000000000ULL) * 1000000000000000ULL);
    Int256 tenTo60 = tenTo30 * tenTo30;
    EXPECT_NEAR(toDouble(tenTo60, true), 1e60, 1e45);
    EXPECT_EQ(maxUnsigned() * maxUnsigned(), U(1)); // (-1) * (-1) mod 2^256
}

TEST(Int256, DivisionTruncatesTowardZero)
{
    std::mt19937_64 rng(7);
    for (int i = 0; i < 1000; ++i) {
        __int128 a = (static_cast<__int128>(static_cast<int64_t>(rng())) << 40) + static_cast<int64_t>(rng());
        __int128 b = static_cast<int32_t>(rng()) | 1;
        Int256 q, r;
        divMod(S(a), S(b), true, q, r);
        EXPECT_EQ(q, S(a / b));
        EXPECT_EQ(r, S(a % b));
    }
    Int256 q, r;
    divMod(S(-7), S(2), true, q, r);
    EXPECT_EQ(q, S(-3));
    EXPECT_EQ(r, S(-1));
    divMod(maxUnsigned(), U(10), false, q, r); // (2^256 - 1) mod 10 = 5
    EXPECT_EQ(r, U(5));
    EXPECT_EQ(q * U(10) + r, maxUnsigned());
}

TEST(Int256, CompareBySignedness)
{
    EXPECT_EQ(compare(S(-1), S(1), true), -1);
    EXPECT_EQ(compare(S(-1), S(1), false), 1); // all ones is the largest unsigned value
    EXPECT_EQ(compare(S(-5), S(-6), true), 1);
    EXPECT_EQ(compare(U(3), U(3), false), 0);
}

TEST(Int256, DoubleConversions)
{
    EXPECT_EQ(toDouble(S(-12345), true), -12345.0);
    EXPECT_EQ(toDouble(maxUnsigned(), false), std::ldexp(1.0, 256));
    EXPECT_EQ(int256FromDouble(-2.9), S(-2));
    EXPECT_EQ(int256FromDouble(1e30), S(static_cast<__int128>(1e30)));
    EXPECT_EQ(int256FromDouble(-1e30), S(-static_cast<__int128>(1e30)));
    EXPECT_EQ(toDouble(int256FromDouble(1e60), true), 1e60);
    EXPECT_EQ(int256FromDouble(std::nan("")), S(0));
}
