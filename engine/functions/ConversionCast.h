#pragma once
// ClickHouse's CAST (accurate = false) over whole columns: the engine of cast(x, 'T'), the
// to_* conversion functions, and of INSERT coercion.
//
//   numbers -> numbers   narrowing wraps, float -> int truncates toward zero (nan/inf and values
//                        beyond int64 become the minimum, as x86 does), bool is x != 0
//   -> decimal           scaled, extra digits truncated; beyond the precision: 407
//   decimal -> int       truncates; decimal -> float divides
//   date <-> datetime    midnight in the datetime's zone / the day in the source's zone
//   datetime64 -> number seconds (with fraction for floats); number -> datetime64 is seconds
//   number -> date       day number up to 65535, above that a unix timestamp
//   string -> T          the Plain text parser (ValueParser.h); T -> string: the Plain writer
//   array/map/tuple      element-wise
//   nullable             NULL stays NULL; NULL into a non-nullable type is 349 (or the
//                        type's default / NULL under the _or_zero / _or_null failure modes)
// Pairs without a direct rule go through text (render, then parse).

#include <string>

#include "engine/column/Column.h"

namespace tideline::engine {

enum class CastFailure : uint8_t { Throw, Zero, Null };

struct CastOptions {
    std::string timezone;         // session zone for types declared without one
    bool bestEffort = false;      // parse datetimes from strings best-effort
    CastFailure onError = CastFailure::Throw; // Null requires a nullable target
};

constexpr ErrorCode CannotInsertNullInOrdinaryColumn = static_cast<ErrorCode>(349);

ColumnPtr convertColumn(const ColumnPtr &src, const DataTypePtr &target, const CastOptions &options = {});

} // namespace tideline::engine
