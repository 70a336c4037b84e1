#pragma once
// Calls f.template operator()<T>() with the C++ storage type of a fixed-width kind, so kernels
// are written once as templates and instantiated per physical type. Returns false for kinds
// that are not plain numbers (strings, composites, 256-bit, fixed_string).

#include "engine/column/Column.h"

namespace tideline::engine {

template <typename F>
bool dispatchNumeric(TypeKind kind, F &&f)
{
    switch (kind) {
    case TypeKind::Bool: case TypeKind::UInt8: case TypeKind::Nothing: f.template operator()<uint8_t>(); return true;
    case TypeKind::Int8: case TypeKind::Enum8: f.template operator()<int8_t>(); return true;
    case TypeKind::Int16: case TypeKind::Enum16: f.template operator()<int16_t>(); return true;
    case TypeKind::UInt16: case TypeKind::Date: f.template operator()<uint16_t>(); return true;
    case TypeKind::Int32: case TypeKind::Date32: case TypeKind::Decimal32: f.template operator()<int32_t>(); return true;
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4: f.template operator()<uint32_t>(); return true;
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Decimal64: case TypeKind::Interval: f.template operator()<int64_t>(); return true;
    case TypeKind::UInt64: f.template operator()<uint64_t>(); return true;
    case TypeKind::Int128: case TypeKind::Decimal128: f.template operator()<Int128>(); return true;
    case TypeKind::UInt128: case TypeKind::UUID: case TypeKind::IPv6: f.template operator()<UInt128>(); return true;
    case TypeKind::Float32: f.template operator()<float>(); return true;
    case TypeKind::Float64: f.template operator()<double>(); return true;
    default: return false;
    }
}

} // namespace tideline::engine
