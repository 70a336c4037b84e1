#pragma once
// Decimal text for 128- and 256-bit integers, which std::to_chars/from_chars do not cover.
// 256-bit values (int256, uint256, decimal256) are stored as four little-endian uint64 limbs in
// two's complement, the layout ClickHouse uses; Wide256 is only a view for text conversion, the
// engine does no 256-bit arithmetic beyond that.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/column/Column.h"

namespace tideline::engine {

struct Wide256 {
    uint64_t limb[4] = {0, 0, 0, 0}; // limb[0] is the least significant

    bool isNegative() const { return limb[3] >> 63; }
    bool isZero() const { return (limb[0] | limb[1] | limb[2] | limb[3]) == 0; }
    void negate(); // two's complement
    // this = this * 10 + digit; returns false on unsigned overflow of 256 bits.
    bool mulAdd(uint32_t mul, uint32_t add);
    // this /= divisor, returns the remainder (unsigned).
    uint64_t divMod(uint64_t divisor);
    static Wide256 fromInt128(Int128 v);
};

// Appends the decimal text of v to out.
void appendUInt128(std::string &out, UInt128 v);
void appendInt128(std::string &out, Int128 v);
void appendWide256(std::string &out, Wide256 v, bool isSigned);

// Parses an optional sign and decimal digits (the whole text). Returns false on syntax error;
// sets overflow when the digits do not fit.
bool parseInt128(std::string_view text, Int128 &out, bool &overflow);
bool parseUInt128(std::string_view text, UInt128 &out, bool &overflow);
bool parseWide256(std::string_view text, bool isSigned, Wide256 &out, bool &overflow);

} // namespace tideline::engine
