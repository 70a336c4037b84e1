// leastSupertype() and castColumn() from FunctionHelpers.h: the type unification used by if,
// multi_if, coalesce, array(...), greatest/least and comparisons.
#include <cmath>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"
#include "engine/functions/WideArithmetic.h"

namespace tideline::engine::fn {

namespace {

[[noreturn]] void noSupertype(const std::vector<DataTypePtr> &types, const std::string &why = {})
{
    std::string names;
    for (size_t i = 0; i < types.size(); ++i)
        names += (i ? ", " : "") + types[i]->name();
    fail(NoCommonType, "There is no supertype for types " + names + (why.empty() ? "" : " because " + why));
}

size_t intBits(TypeKind k)
{
    switch (k) {
    case TypeKind::Bool: case TypeKind::Int8: case TypeKind::UInt8: return 8;
    case TypeKind::Int16: case TypeKind::UInt16: return 16;
    case TypeKind::Int32: case TypeKind::UInt32: return 32;
    case TypeKind::Int64: case TypeKind::UInt64: return 64;
    case TypeKind::Int256: case TypeKind::UInt256: return 256;
    default: return 128;
    }
}

DataTypePtr numericSupertype(const std::vector<DataTypePtr> &types)
{
    size_t maxSigned = 0, maxUnsigned = 0, maxFloat = 0;
    for (const auto &t : types) {
        if (t->isFloat())
            maxFloat = std::max<size_t>(maxFloat, t->kind == TypeKind::Float32 ? 32 : 64);
        else if (t->isSignedInteger())
            maxSigned = std::max(maxSigned, intBits(t->kind));
        else
            maxUnsigned = std::max(maxUnsigned, intBits(t->kind));
    }
    if (maxFloat) {
        // Float32 holds integers up to 16 bits exactly, Float64 up to 32 (ClickHouse's rule);
        // 64-bit integers with floats are accepted as float64 here (ClickHouse throws).
        size_t ints = std::max(maxSigned, maxUnsigned);
        if (maxFloat == 32 && ints <= 16)
            return makeType(TypeKind::Float32);
        return makeType(TypeKind::Float64);
    }
    if (maxSigned) {
        size_t bits = maxSigned;
        if (maxUnsigned >= maxSigned) {
            if (maxUnsigned >= 256)
                noSupertype(types, "some of them are signed integers and some are unsigned integers, but there is no signed integer type, that can exactly represent all required unsigned integer values");
            bits = maxUnsigned * 2;
        }
        return makeType(bits <= 8 ? TypeKind::Int8 : bits <= 16 ? TypeKind::Int16 : bits <= 32 ? TypeKind::Int32 : bits <= 64 ? TypeKind::Int64
                        : bits <= 128 ? TypeKind::Int128 : TypeKind::Int256);
    }
    return makeType(maxUnsigned <= 8 ? TypeKind::UInt8 : maxUnsigned <= 16 ? TypeKind::UInt16 : maxUnsigned <= 32 ? TypeKind::UInt32
                    : maxUnsigned <= 64 ? TypeKind::UInt64 : maxUnsigned <= 128 ? TypeKind::UInt128 : TypeKind::UInt256);
}

DataTypePtr dateSupertype(const std::vector<DataTypePtr> &types)
{
    bool dt64 = false, dt = false, d32 = false;
    uint32_t precision = 0;
    std::string tz;
    for (const auto &t : types) {
        dt64 |= t->kind == TypeKind::DateTime64;
        dt |= t->kind == TypeKind::DateTime;
        d32 |= t->kind == TypeKind::Date32;
        if (t->kind == TypeKind::DateTime64)
            precision = std::max(precision, t->precision);
        if ((t->kind == TypeKind::DateTime || t->kind == TypeKind::DateTime64) && tz.empty())
            tz = t->timezone;
    }
    if (dt64)
        return makeDateTime64(precision, tz);
    if (dt)
        return makeDateTime(tz);
    return makeType(d32 ? TypeKind::Date32 : TypeKind::Date);
}

} // namespace

DataTypePtr leastSupertype(const std::vector<DataTypePtr> &input)
{
    std::vector<DataTypePtr> types;
    bool nullable = false;
    for (const auto &t : input) {
        if (t->isNullable()) {
            nullable = true;
            if (!t->children[0]->isNothing())
                types.push_back(t->children[0]);
        } else if (t->isNothing()) {
            nullable = true;
        } else {
            types.push_back(t);
        }
    }
    if (types.empty())
        return nullable ? makeNullable(makeType(TypeKind::Nothing)) : makeType(TypeKind::Nothing);
    auto finish = [&](DataTypePtr t) { return nullable ? makeNullable(std::move(t)) : t; };
    bool allSame = std::all_of(types.begin(), types.end(), [&](const DataTypePtr &t) { return t->equals(*types[0]); });
    if (allSame)
        return finish(types[0]);
    TypeKind k0 = types[0]->kind;
    bool sameKind = std::all_of(types.begin(), types.end(), [&](const DataTypePtr &t) { return t->kind == k0; });
    if (sameKind && (k0 == TypeKind::Array || k0 == TypeKind::Map || k0 == TypeKind::Tuple)) {
        size_t n = types[0]->children.size();
        std::vector<DataTypePtr> out;
        for (size_t c = 0; c < n; ++c) {
            std::vector<DataTypePtr> parts;
            for (const auto &t : types) {
                if (t->children.size() != n)
                    noSupertype(input);
                parts.push_back(t->children[c]);
            }
            out.push_back(leastSupertype(parts));
        }
        if (k0 == TypeKind::Array)
            return finish(makeArray(out[0]));
        if (k0 == TypeKind::Map)
            return finish(makeMap(out[0], out[1]));
        return finish(makeTuple(out, types[0]->names));
    }
    if (std::all_of(types.begin(), types.end(), [](const DataTypePtr &t) { return t->isStringLike(); }))
        return finish(makeType(TypeKind::String));
    if (std::all_of(types.begin(), types.end(), [](const DataTypePtr &t) { return t->isDateOrTime(); }))
        return finish(dateSupertype(types));
    if (std::any_of(types.begin(), types.end(), [](const DataTypePtr &t) { return t->isDecimal(); })
        && std::all_of(types.begin(), types.end(), [](const DataTypePtr &t) {
               return t->isDecimal() || isIntegerType(*t) || t->kind == TypeKind::Int128 || t->kind == TypeKind::UInt128;
           })) {
        uint32_t scale = 0, intDigits = 0;
        for (const auto &t : types) {
            size_t bits = intBits(t->kind);
            uint32_t digits = t->isDecimal() ? t->precision - t->scale : (bits <= 8 ? 3 : bits <= 16 ? 5 : bits <= 32 ? 10 : bits <= 64 ? 19 : 39);
            scale = std::max(scale, t->isDecimal() ? t->scale : 0u);
            intDigits = std::max(intDigits, digits);
        }
        return finish(makeDecimal(std::min<uint32_t>(38, intDigits + scale), scale));
    }
    if (std::all_of(types.begin(), types.end(), [](const DataTypePtr &t) { return isNumberType(*t) || isWideInteger(*t); })) {
        if (std::all_of(types.begin(), types.end(), [](const DataTypePtr &t) { return t->kind == TypeKind::Bool; }))
            return finish(makeType(TypeKind::Bool));
        return finish(numericSupertype(types));
    }
    noSupertype(input);
}

namespace {

int64_t pow10i(uint32_t n)
{
    int64_t v = 1;
    while (n--)
        v *= 10;
    return v;
}

// Conversions from or to int256/uint256, through Int256 (wrapping, floats truncated).
ColumnPtr castWide(const Column &src, const DataTypePtr &target)
{
    const DataType &from = *src.type();
    size_t rows = src.size();
    auto out = makeFixedColumn(target, rows);
    bool fromSigned = from.isSignedInteger();
    for (size_t r = 0; r < rows; ++r) {
        if (from.isFloat()) {
            double v = from.kind == TypeKind::Float32 ? src.data<float>()[r] : src.data<double>()[r];
            storeWide(*out, r, int256FromDouble(v));
        } else if (target->isFloat()) {
            double v = toDouble(wideAt(src, r), fromSigned);
            if (target->kind == TypeKind::Float32)
                out->data<float>()[r] = static_cast<float>(v);
            else
                out->data<double>()[r] = v;
        } else {
            storeWide(*out, r, wideAt(src, r));
        }
    }
    return out;
}

// Fixed-width to fixed-width conversions (numbers, dates, decimals).
ColumnPtr castFixed(const Column &src, const DataTypePtr &target)
{
    const DataType &from = *src.type();
    size_t rows = src.size();
    auto out = makeFixedColumn(target, rows);
    // Date/time conversions go through seconds or ticks.
    if (from.isDateOrTime() && target->isDateOrTime()) {
        Zone zone = Zone::get(target->kind == TypeKind::DateTime || target->kind == TypeKind::DateTime64 ? target->timezone : from.timezone);
        int64_t fromScale = from.kind == TypeKind::DateTime64 ? pow10i(from.precision) : 1;
        int64_t toScale = target->kind == TypeKind::DateTime64 ? pow10i(target->precision) : 1;
        bool fromDays = from.kind == TypeKind::Date || from.kind == TypeKind::Date32;
        bool toDays = target->kind == TypeKind::Date || target->kind == TypeKind::Date32;
        for (size_t r = 0; r < rows; ++r) {
            int64_t v = intAt(src, r), res;
            if (fromDays)
                res = toDays ? v : zone.dayStart(v) * toScale;
            else if (toDays)
                res = zone.localDayNum(floorDiv(v, fromScale));
            else
                res = toScale >= fromScale ? v * (toScale / fromScale) : floorDiv(v, fromScale / toScale);
            dispatchNumeric(target->kind, [&]<typename T>() { out->data<T>()[r] = static_cast<T>(res); });
        }
        return out;
    }
    double fromMul = from.isDecimal() ? std::pow(10.0, -static_cast<double>(from.scale)) : 1.0;
    double toMul = target->isDecimal() ? std::pow(10.0, target->scale) : 1.0;
    bool scaled = from.isDecimal() || target->isDecimal();
    if (target->isDecimal() && (from.isDecimal() || isIntegerType(from) || from.kind == TypeKind::Int128 || from.kind == TypeKind::UInt128)) {
        // Exact integer rescaling for decimal targets.
        int32_t diff = static_cast<int32_t>(target->scale) - static_cast<int32_t>(from.isDecimal() ? from.scale : 0);
        for (size_t r = 0; r < rows; ++r) {
            Int128 v = 0;
            dispatchNumeric(from.kind, [&]<typename F>() { v = static_cast<Int128>(src.data<F>()[r]); });
            v = diff >= 0 ? v * pow10i(static_cast<uint32_t>(diff)) : v / pow10i(static_cast<uint32_t>(-diff));
            dispatchNumeric(target->kind, [&]<typename T>() { out->data<T>()[r] = static_cast<T>(v); });
        }
        return out;
    }
    bool ok = dispatchNumeric(from.kind, [&]<typename F>() {
        dispatchNumeric(target->kind, [&]<typename T>() {
            const F *s = src.data<F>();
            T *d = out->data<T>();
            if (scaled) {
                for (size_t r = 0; r < rows; ++r)
                    d[r] = static_cast<T>(static_cast<double>(s[r]) * fromMul * toMul);
            } else if constexpr (std::is_floating_point_v<F> && !std::is_floating_point_v<T>) {
                for (size_t r = 0; r < rows; ++r)
                    d[r] = std::isfinite(static_cast<long double>(s[r])) ? static_cast<T>(static_cast<long double>(s[r])) : T{}; // cast first: clang 14 instantiates this for integer F too
            } else {
                for (size_t r = 0; r < rows; ++r)
                    d[r] = static_cast<T>(s[r]);
            }
        });
    });
    if (!ok)
        fail(ErrorCode::CannotConvertType, "Cannot convert " + from.name() + " to " + target->name());
    return out;
}

} // namespace

ColumnPtr castColumn(const ColumnPtr &col, const DataTypePtr &target)
{
    const DataTypePtr &from = col->type();
    if (from->equals(*target))
        return col;
    size_t rows = col->size();
    if (target->isNullable()) {
        if (from->isNothing() || (from->isNullable() && from->children[0]->isNothing())) {
            auto out = Column::create(target, rows);
            out->pushDefaults(rows);
            return out;
        }
        if (from->isNullable())
            return wrapNullable(castColumn(col->children[0], target->children[0]), col->nullMap);
        return wrapNullable(castColumn(col, target->children[0]), std::vector<uint8_t>(rows, 0));
    }
    if (from->isNullable())
        return castColumn(col->children[0], target);
    if (from->isNothing()) {
        auto out = Column::create(target, rows);
        out->pushDefaults(rows);
        return out;
    }
    if (target->kind == TypeKind::Array || target->kind == TypeKind::Map || target->kind == TypeKind::Tuple) {
        if (from->kind != target->kind || from->children.size() != target->children.size())
            fail(ErrorCode::CannotConvertType, "Cannot convert " + from->name() + " to " + target->name());
        auto out = Column::create(target);
        out->offsets = col->offsets;
        for (size_t c = 0; c < target->children.size(); ++c)
            out->children[c] = std::const_pointer_cast<Column>(castColumn(col->children[c], target->children[c]));
        out->setSize(rows);
        return out;
    }
    if (target->kind == TypeKind::String && from->kind == TypeKind::FixedString) {
        auto out = Column::create(target, rows);
        for (size_t r = 0; r < rows; ++r)
            out->pushString(std::string_view(reinterpret_cast<const char *>(col->fixed.data()) + r * from->fixedSize, from->fixedSize));
        return out;
    }
    auto is256 = [](const DataType &t) { return t.kind == TypeKind::Int256 || t.kind == TypeKind::UInt256; };
    auto plain = [](const DataType &t) { return isAnyIntegerType(t) || t.isFloat(); };
    if ((is256(*from) || is256(*target)) && plain(*from) && plain(*target))
        return castWide(*col, target);
    if (from->valueSize() && target->valueSize() && from->kind != TypeKind::FixedString && target->kind != TypeKind::FixedString)
        return castFixed(*col, target);
    fail(ErrorCode::CannotConvertType, "Cannot convert " + from->name() + " to " + target->name());
}

} // namespace tideline::engine::fn
