#pragma once
// Shared plumbing for the scalar function families: argument checks with ClickHouse's error
// messages, constant-argument readers, the least common supertype (ClickHouse's
// getLeastSupertype), a column cast for supertype unification, and column builders.
// Everything lives in tideline::engine::fn so it cannot collide with other engineers' helpers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/column/TypeDispatch.h"
#include "engine/functions/Function.h"

namespace tideline::engine::fn {

constexpr ErrorCode NoCommonType = static_cast<ErrorCode>(386);
constexpr ErrorCode CannotParseJson = static_cast<ErrorCode>(117);
constexpr ErrorCode CannotCompileRegexp = static_cast<ErrorCode>(427);

[[noreturn]] void illegalType(const std::string &function, const DataTypePtr &type, size_t argIndex = 0);
// Throws 42 unless min <= args.size() <= max.
void checkArgCount(const std::string &function, const std::vector<FunctionArg> &args, size_t min, size_t max);

bool isNumberType(const DataType &t);           // ints, floats, bool (not decimal, not dates)
bool isIntegerType(const DataType &t);          // ints and bool, at most 64 bits
bool isDateLike(const DataType &t);             // date, date32, datetime, datetime64

// Constant readers: throw 43 when the argument is not a constant of the right kind.
std::string constString(const std::string &function, const FunctionArg &arg);
int64_t constInt(const std::string &function, const FunctionArg &arg);
std::optional<int64_t> tryConstInt(const FunctionArg &arg);
double numberAt(const Column &col, size_t row);        // slow path: any numeric kind as double
int64_t intAt(const Column &col, size_t row);          // slow path: any integer kind as int64

// ClickHouse getLeastSupertype; throws 386 NO_COMMON_TYPE.
DataTypePtr leastSupertype(const std::vector<DataTypePtr> &types);
// Converts a column to `target` for supertype unification: numeric widening/narrowing, dates to
// datetimes, decimals, nullable wrapping, nothing to NULLs, element-wise for array/map/tuple.
ColumnPtr castColumn(const ColumnPtr &col, const DataTypePtr &target);

// Parses a string column into numbers, bool, date, datetime(64) or enum values of `target`
// (used when a string literal is compared with a typed column); throws 6/38/41/72.
ColumnPtr parseStrings(const ColumnPtr &strings, const DataTypePtr &target);

// A fixed-width column of `rows` zeroed values of `type`.
MutableColumnPtr makeFixedColumn(const DataTypePtr &type, size_t rows);
// A constant column of `rows` copies of a value of the storage type of `type`.
template <typename T>
MutableColumnPtr makeFilled(const DataTypePtr &type, size_t rows, T value)
{
    auto c = makeFixedColumn(type, rows);
    T *d = c->data<T>();
    for (size_t i = 0; i < rows; ++i)
        d[i] = value;
    return c;
}
// Picks, for each row r, row r of sources[choice[r]]; all sources have the same type and `rows` rows.
ColumnPtr selectRows(const std::vector<ColumnPtr> &sources, const std::vector<uint8_t> &choice, size_t rows, const DataTypePtr &type);
// Wraps a non-nullable column into nullable(type) with the given null map.
ColumnPtr wrapNullable(const ColumnPtr &values, std::vector<uint8_t> nullMap);

// Shorthand to register a function.
void add(FunctionRegistry &registry, const std::string &name, const std::string &category, const std::string &signature,
         const std::string &doc, FunctionResolver resolver, bool handlesNulls = false);

// Builds a result from a per-row kernel over fixed-width storage: out[i] = f(i).
template <typename R, typename F>
MutableColumnPtr generate(const DataTypePtr &type, size_t rows, F &&f)
{
    auto c = makeFixedColumn(type, rows);
    R *d = c->data<R>();
    for (size_t i = 0; i < rows; ++i)
        d[i] = f(i);
    return c;
}

// Numeric storage kind of a plain number type; Bool counts as UInt8.
DataTypePtr numberType(TypeKind kind);

} // namespace tideline::engine::fn
