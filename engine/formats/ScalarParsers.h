#pragma once
// Internal to engine/formats: the digit string of a decimal text, shared by the 128- and
// 256-bit decimal readers.

#include <cstdint>
#include <string>
#include <string_view>

namespace tideline::engine {

struct DecimalDigits {
    bool negative = false;
    bool overflow = false;   // more significant digits than the precision allows
    std::string digits;      // the unscaled value's digits, no leading zeros ("0" for zero)
};

// Accepts [+-]digits[.digits][e[+-]N]; false on a syntax error.
bool decimalDigits(std::string_view text, uint32_t precision, uint32_t scale, DecimalDigits &out);

} // namespace tideline::engine
