#pragma once
// Arithmetic and comparison when an operand is a 128- or 256-bit integer (int128, uint128,
// int256, uint256). Values are widened to Int256 (engine/types/Int256.h), computed there with
// wrapping, and narrowed to the ClickHouse result type; a float operand makes the computation
// float64. The 64-bit kernels in ArithmeticFunctions.cpp stay free of this slower path.

#include <vector>

#include "engine/functions/Function.h"
#include "engine/types/Int256.h"

namespace tideline::engine::fn {

enum class ArithOp { Plus, Minus, Multiply, Divide, IntDiv, IntDivOrZero, Modulo, ModuloOrZero };

bool isWideInteger(const DataType &t);
// Integers of any width and bool (the operands the Int256 path takes exactly).
bool isAnyIntegerType(const DataType &t);

// Row i of an integer column (any width, bool) as Int256, sign- or zero-extended by its type.
Int256 wideAt(const Column &c, size_t i);
// Stores v into row i of an integer column, keeping its low bits (wrapping).
void storeWide(Column &out, size_t i, const Int256 &v);

// a op b into `result` (an integer or float type); throws 153 on integer division by zero
// unless op is an _or_zero variant.
ColumnPtr execWideBinary(ArithOp op, const ColumnPtr &a, const ColumnPtr &b, const DataTypePtr &result, size_t rows);
// negate(x) / abs(x) into `result`.
ColumnPtr execWideUnary(bool isAbs, const ColumnPtr &x, const DataTypePtr &result, size_t rows);
// Per row: -1, 0, 1, or 2 when unordered (a NaN against a float operand).
std::vector<int8_t> compareWideRows(const ColumnPtr &a, const ColumnPtr &b, size_t rows);

} // namespace tideline::engine::fn
