#pragma once
// A SQL data type of Proton's dialect: a kind plus its parameters. Types are immutable and shared
// (DataTypePtr); compare them with equals(). name() is the canonical snake_case spelling Proton
// prints (to_type_name, DESCRIBE): "nullable(string)", "datetime64(3, 'UTC')", "decimal(10, 2)".

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/Status.h"

namespace tideline::engine {

enum class TypeKind : uint8_t {
    Nothing, // the type of a bare NULL literal
    Bool,
    Int8, Int16, Int32, Int64, Int128, Int256,
    UInt8, UInt16, UInt32, UInt64, UInt128, UInt256,
    Float32, Float64,
    Decimal32, Decimal64, Decimal128, Decimal256,
    String, FixedString,
    Date, Date32, DateTime, DateTime64,
    UUID, IPv4, IPv6,
    Enum8, Enum16,
    Interval,
    Nullable, Array, Map, Tuple,
};

enum class IntervalUnit : uint8_t { Nanosecond, Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Quarter, Year };

struct DataType;
using DataTypePtr = std::shared_ptr<const DataType>;

struct DataType {
    TypeKind kind = TypeKind::Nothing;
    uint32_t precision = 0;   // decimal P; datetime64 sub-second digits
    uint32_t scale = 0;       // decimal S
    uint32_t fixedSize = 0;   // fixed_string(N)
    std::string timezone;     // datetime / datetime64; empty = server default (UTC)
    IntervalUnit intervalUnit = IntervalUnit::Second;
    bool lowCardinality = false; // a storage hint only; kept for display
    std::vector<DataTypePtr> children;  // nullable: [inner]; array: [elem]; map: [key, value]; tuple: elements
    std::vector<std::string> names;     // tuple element names (all empty for an unnamed tuple)
    std::vector<std::pair<std::string, int16_t>> enumValues;

    std::string name() const;
    bool equals(const DataType &other) const;
    // Bytes per value in a fixed-width column; 0 for string, array, map, tuple, nullable.
    size_t valueSize() const;

    bool isNullable() const { return kind == TypeKind::Nullable; }
    bool isNothing() const { return kind == TypeKind::Nothing; }
    bool isInteger() const;      // signed/unsigned 8..256, bool excluded
    bool isSignedInteger() const;
    bool isUnsignedInteger() const;
    bool isFloat() const { return kind == TypeKind::Float32 || kind == TypeKind::Float64; }
    bool isDecimal() const;
    bool isNumeric() const { return isInteger() || isFloat() || isDecimal() || kind == TypeKind::Bool; }
    bool isStringLike() const { return kind == TypeKind::String || kind == TypeKind::FixedString; }
    bool isDateOrTime() const;
    bool isEnum() const { return kind == TypeKind::Enum8 || kind == TypeKind::Enum16; }
    // The type without a nullable wrapper (itself when not nullable).
    const DataTypePtr &inner(const DataTypePtr &self) const { return isNullable() ? children[0] : self; }
};

// Factories for the common types; each returns a shared singleton where it can.
DataTypePtr makeType(TypeKind kind);
DataTypePtr makeNullable(DataTypePtr inner); // idempotent; nullable(nothing) stays nullable(nothing)
DataTypePtr makeArray(DataTypePtr element);
DataTypePtr makeMap(DataTypePtr key, DataTypePtr value);
DataTypePtr makeTuple(std::vector<DataTypePtr> elements, std::vector<std::string> names = {});
DataTypePtr makeDecimal(uint32_t precision, uint32_t scale);
DataTypePtr makeDateTime(std::string timezone = {});
DataTypePtr makeDateTime64(uint32_t precision, std::string timezone = {});
DataTypePtr makeFixedString(uint32_t n);
DataTypePtr makeInterval(IntervalUnit unit);
DataTypePtr removeNullable(const DataTypePtr &type);

// Parses a type name as written in DDL or CAST: "int", "nullable(string)", "array(tuple(a int, b string))",
// "datetime64(3, 'UTC')", "low_cardinality(string)", aliases (varchar, bigint, double, ...). Case-insensitive.
Result<DataTypePtr> parseDataType(std::string_view text);

const char *intervalUnitName(IntervalUnit unit); // "second", "minute", ...
// Nanoseconds in a fixed-length unit; 0 for month, quarter, year.
int64_t intervalUnitNanos(IntervalUnit unit);

} // namespace tideline::engine
