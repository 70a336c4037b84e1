#include "engine/functions/ConversionCast.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/column/TypeDispatch.h"
#include "engine/formats/TimeZones.h"
#include "engine/formats/ValueParser.h"
#include "engine/formats/ValueWriter.h"
#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/WideArithmetic.h"

namespace tideline::engine {

namespace {

// How a fixed-width kind behaves as a number in a conversion.
enum class NumCat : uint8_t { Int, Float, Decimal, Bool };

struct NumInfo {
    NumCat cat = NumCat::Int;
    uint32_t scale = 0;
    uint32_t precision = 0;
};

bool numericInfo(const DataType &t, bool asTarget, NumInfo &out)
{
    switch (t.kind) {
    case TypeKind::Bool: out = {asTarget ? NumCat::Bool : NumCat::Int}; return true;
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64: case TypeKind::Int128:
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64: case TypeKind::UInt128:
    case TypeKind::Date: case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::IPv4: case TypeKind::Interval:
        out = {NumCat::Int}; return true;
    case TypeKind::Enum8: case TypeKind::Enum16: // a number into an enum must be a declared value: text path
        out = {NumCat::Int}; return !asTarget;
    case TypeKind::Float32: case TypeKind::Float64: out = {NumCat::Float}; return true;
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128:
        out = {NumCat::Decimal, t.scale, t.precision}; return true;
    case TypeKind::DateTime64: // ticks are a decimal number of seconds with `precision` digits
        out = {NumCat::Decimal, t.precision, 19}; return true;
    default: return false;
    }
}

Int128 pow10w(uint32_t n)
{
    Int128 v = 1;
    for (uint32_t i = 0; i < n; ++i)
        v *= 10;
    return v;
}

// float -> int as ClickHouse on x86: truncation; nan, inf and values beyond the widest
// integer give the minimum of int64 before narrowing (cvttsd2si's "integer indefinite").
template <typename T>
T floatToInt(double v)
{
    if constexpr (sizeof(T) == 16) {
        if (std::isfinite(v) && std::fabs(v) < 1.7e38)
            return static_cast<T>(v);
        return static_cast<T>(std::numeric_limits<int64_t>::min());
    } else {
        if (std::isfinite(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0)
            return static_cast<T>(static_cast<int64_t>(v));
        if (std::isfinite(v) && v >= 0 && v < 18446744073709551616.0)
            return static_cast<T>(static_cast<uint64_t>(v));
        return static_cast<T>(std::numeric_limits<int64_t>::min());
    }
}

// The target is a decimal (or datetime64) of storage T: checks the precision and T's range.
template <typename T>
bool fitsDecimal(Int128 x, const NumInfo &to)
{
    Int128 bound = pow10w(std::min<uint32_t>(to.precision, 38));
    if (x >= bound || x <= -bound)
        return false;
    return x >= static_cast<Int128>(std::numeric_limits<T>::min()) && x <= static_cast<Int128>(std::numeric_limits<T>::max());
}

template <typename T, typename S>
bool convertOne(S v, const NumInfo &from, const NumInfo &to, T &out)
{
    constexpr bool srcFloat = std::is_floating_point_v<S>;
    if (to.cat == NumCat::Bool) {
        out = static_cast<T>(v != 0);
        return true;
    }
    if (to.cat == NumCat::Float) {
        if constexpr (srcFloat)
            out = static_cast<T>(v);
        else if (from.cat == NumCat::Decimal)
            out = static_cast<T>(static_cast<long double>(v) / static_cast<long double>(pow10w(from.scale)));
        else
            out = static_cast<T>(v);
        return true;
    }
    if constexpr (std::is_floating_point_v<T>) {
        return false; // unreachable: float targets are handled above
    } else if (to.cat == NumCat::Int) {
        if constexpr (srcFloat)
            out = floatToInt<T>(v);
        else if (from.cat == NumCat::Decimal)
            out = static_cast<T>(static_cast<Int128>(v) / pow10w(from.scale));
        else
            out = static_cast<T>(v);
        return true;
    } else { // decimal target
        if constexpr (srcFloat) {
            long double x = static_cast<long double>(v) * static_cast<long double>(pow10w(to.scale));
            if (!std::isfinite(x) || std::fabs(x) >= 1.7e38L)
                return false;
            Int128 xi = static_cast<Int128>(x);
            if (!fitsDecimal<T>(xi, to))
                return false;
            out = static_cast<T>(xi);
            return true;
        } else {
            if constexpr (std::is_same_v<S, UInt128>)
                if (v > static_cast<UInt128>(std::numeric_limits<Int128>::max()))
                    return false;
            Int128 x = static_cast<Int128>(v);
            uint32_t fromScale = from.cat == NumCat::Decimal ? from.scale : 0;
            if (to.scale >= fromScale) {
                if (__builtin_mul_overflow(x, pow10w(to.scale - fromScale), &x))
                    return false;
            } else {
                x /= pow10w(fromScale - to.scale);
            }
            if (!fitsDecimal<T>(x, to))
                return false;
            out = static_cast<T>(x);
            return true;
        }
    }
}

struct Failures {
    CastFailure mode;
    std::vector<uint8_t> *failed;     // rows that failed (Zero / Null modes)
    const std::vector<uint8_t> *skip; // source NULL rows: never fail
    bool skipRow(size_t r) const { return skip && !skip->empty() && (*skip)[r]; }
    void fail(size_t r, ErrorCode code, const std::string &message) const
    {
        if (mode == CastFailure::Throw && !skipRow(r))
            engine::fail(code, message);
        if (failed && !skipRow(r))
            (*failed)[r] = 1;
    }
};

MutableColumnPtr convertNumeric(const Column &src, const DataTypePtr &to, const NumInfo &from, const NumInfo &toInfo, const Failures &f)
{
    auto out = Column::create(to, src.size());
    out->fixed.resize(src.size() * to->valueSize());
    out->setSize(src.size());
    dispatchNumeric(src.type()->kind, [&]<typename S>() {
        dispatchNumeric(to->kind, [&]<typename T>() {
            const S *in = src.data<S>();
            T *dst = out->data<T>();
            for (size_t r = 0; r < src.size(); ++r) {
                if (!convertOne<T, S>(in[r], from, toInfo, dst[r])) {
                    dst[r] = T{};
                    f.fail(r, ErrorCode::DecimalOverflow, "Value of row " + std::to_string(r + 1) + " of type " + src.type()->name()
                           + " is out of bounds for " + to->name());
                }
            }
        });
    });
    return out;
}

int64_t epochOf(const Column &src, size_t r) // seconds of a datetime/datetime64 row (floor)
{
    if (src.type()->kind == TypeKind::DateTime)
        return src.data<uint32_t>()[r];
    int64_t unit = 1;
    for (uint32_t i = 0; i < src.type()->precision; ++i)
        unit *= 10;
    int64_t t = src.data<int64_t>()[r];
    return t >= 0 ? t / unit : -((-t + unit - 1) / unit);
}

const TimeZone &zoneOf(const DataType &t, const CastOptions &o)
{
    return TimeZone::get(t.timezone.empty() ? o.timezone : t.timezone);
}

// Calendar-aware conversions between dates and datetimes, and numbers into dates.
MutableColumnPtr convertTemporal(const Column &src, const DataTypePtr &to, const CastOptions &o)
{
    const DataType &from = *src.type();
    auto out = Column::create(to, src.size());
    bool fromDate = from.kind == TypeKind::Date || from.kind == TypeKind::Date32;
    auto pushDay = [&](int64_t day) {
        if (to->kind == TypeKind::Date)
            out->push<uint16_t>(static_cast<uint16_t>(std::clamp<int64_t>(day, 0, 65535)));
        else
            out->push<int32_t>(static_cast<int32_t>(std::clamp<int64_t>(day, -25567, 120529)));
    };
    for (size_t r = 0; r < src.size(); ++r) {
        if (fromDate) {
            int64_t day = from.kind == TypeKind::Date ? src.data<uint16_t>()[r] : src.data<int32_t>()[r];
            int64_t start = zoneOf(*to, o).dayStart(day);
            if (to->kind == TypeKind::DateTime)
                out->push<uint32_t>(static_cast<uint32_t>(std::clamp<int64_t>(start, 0, 4294967295LL)));
            else
                out->push<int64_t>(static_cast<int64_t>(start * pow10w(to->precision)));
        } else if (from.kind == TypeKind::DateTime || from.kind == TypeKind::DateTime64) {
            pushDay(zoneOf(from, o).dayNumber(epochOf(src, r)));
        } else { // a number: a day number when small, else a unix timestamp
            double v = 0;
            dispatchNumeric(from.kind, [&]<typename S>() { v = static_cast<double>(src.data<S>()[r]); });
            if (from.isDecimal())
                v /= static_cast<double>(pow10w(from.scale));
            int64_t n = static_cast<int64_t>(v);
            pushDay(n <= 65535 ? n : TimeZone::get(o.timezone).dayNumber(n));
        }
    }
    return out;
}

MutableColumnPtr convertNonNull(const Column &src, const DataTypePtr &to, const CastOptions &o, const Failures &f);

bool isPlainNumberKind(TypeKind k)
{
    switch (k) {
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64: case TypeKind::Int128: case TypeKind::Int256:
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64: case TypeKind::UInt128: case TypeKind::UInt256:
    case TypeKind::Float32: case TypeKind::Float64: return true;
    default: return false;
    }
}

bool isComposite(TypeKind k) { return k == TypeKind::Array || k == TypeKind::Map || k == TypeKind::Tuple; }

MutableColumnPtr viaText(const Column &src, const DataTypePtr &to, const CastOptions &o, const Failures &f)
{
    auto out = Column::create(to, src.size());
    ParseSettings ps{o.timezone, o.bestEffort};
    FormatSettings fs;
    fs.timezone = o.timezone;
    bool fromString = src.type()->kind == TypeKind::String;
    std::string text;
    for (size_t r = 0; r < src.size(); ++r) {
        std::string_view view;
        if (fromString) {
            view = src.stringAt(r);
        } else {
            text.clear();
            writeValue(src, r, TextFormat::Plain, text, fs);
            view = text;
        }
        if (f.skipRow(r)) {
            out->pushDefault();
        } else if (f.mode == CastFailure::Throw) {
            try {
                parseValue(*out, view, ps);
            } catch (const EngineError &e) {
                // ClickHouse's ConvertThroughParsing: garbage in a string converted to an int or
                // float is "Cannot parse string 'abc' as Int32" (6 CANNOT_PARSE_TEXT).
                if (fromString && e.status().code() == static_cast<int>(ErrorCode::CannotParseNumber) && isPlainNumberKind(to->kind))
                    engine::fail(ErrorCode::CannotParseText, "Cannot parse string '" + std::string(view) + "' as " + to->name());
                throw;
            }
        } else if (!tryParseValue(*out, view, ps)) {
            out->pushDefault();
            f.fail(r, ErrorCode::CannotParseText, "");
        }
    }
    return out;
}

MutableColumnPtr toText(const Column &src, const DataTypePtr &to, const CastOptions &o, const Failures &f)
{
    FormatSettings fs;
    fs.timezone = o.timezone;
    auto out = Column::create(to, src.size());
    std::string text;
    for (size_t r = 0; r < src.size(); ++r) {
        text.clear();
        writeValue(src, r, TextFormat::Plain, text, fs);
        if (to->kind == TypeKind::String) {
            out->pushString(text);
        } else if (text.size() > to->fixedSize) {
            out->pushDefault();
            f.fail(r, ErrorCode::TooLargeStringSize, "Too large value '" + text + "' for " + to->name());
        } else {
            text.resize(to->fixedSize, '\0');
            out->pushFixedBytes(text.data(), text.size());
        }
    }
    return out;
}

// Numbers to or from int256/uint256, through Int256: integers wrap, floats truncate.
MutableColumnPtr convertWide(const Column &src, const DataTypePtr &to)
{
    auto out = fn::makeFixedColumn(to, src.size());
    const DataType &from = *src.type();
    for (size_t r = 0; r < src.size(); ++r) {
        if (from.isFloat()) {
            fn::storeWide(*out, r, int256FromDouble(from.kind == TypeKind::Float32 ? src.data<float>()[r] : src.data<double>()[r]));
        } else if (to->isFloat()) {
            double v = toDouble(fn::wideAt(src, r), from.isSignedInteger());
            if (to->kind == TypeKind::Float32)
                out->data<float>()[r] = static_cast<float>(v);
            else
                out->data<double>()[r] = v;
        } else {
            fn::storeWide(*out, r, fn::wideAt(src, r));
        }
    }
    return out;
}

MutableColumnPtr convertComposite(const Column &src, const DataTypePtr &to, const CastOptions &o)
{
    auto out = Column::create(to);
    out->offsets = src.offsets;
    CastOptions inner = o;
    if (inner.onError == CastFailure::Null)
        inner.onError = CastFailure::Zero;
    if (src.children.size() != out->children.size())
        fail(ErrorCode::TypeMismatch, "Cannot cast " + src.type()->name() + " to " + to->name() + ": different number of elements");
    for (size_t i = 0; i < src.children.size(); ++i)
        out->children[i] = std::const_pointer_cast<Column>(convertColumn(src.children[i], to->children[i], inner));
    out->setSize(src.size());
    return out;
}

MutableColumnPtr convertNonNull(const Column &src, const DataTypePtr &to, const CastOptions &o, const Failures &f)
{
    const DataType &from = *src.type();
    TypeKind tk = to->kind;
    if (from.kind == tk && isComposite(tk))
        return convertComposite(src, to, o);
    // ClickHouse's FunctionCast: an array/map/tuple only converts to its own kind or to text
    // ("Conversion from Array to Int32 is not supported", 70); a scalar other than a string
    // never becomes a composite ("CAST AS Array can only be performed between same-dimensional
    // Array or String types", 53).
    if (isComposite(from.kind) && tk != TypeKind::String && !isComposite(tk))
        engine::fail(ErrorCode::CannotConvertType, "Conversion from " + from.name() + " to " + to->name() + " is not supported");
    if (isComposite(tk) && from.kind != TypeKind::String && from.kind != TypeKind::FixedString && !isComposite(from.kind))
        engine::fail(ErrorCode::TypeMismatch, "CAST AS " + to->name() + " can only be performed from " + to->name() + " or string, not from " + from.name());
    if (tk == TypeKind::String || (tk == TypeKind::FixedString && from.kind != TypeKind::String))
        return toText(src, to, o, f);
    if (from.kind == TypeKind::String || from.kind == TypeKind::FixedString)
        return viaText(src, to, o, f);
    bool toDate = tk == TypeKind::Date || tk == TypeKind::Date32;
    bool toTime = tk == TypeKind::DateTime || tk == TypeKind::DateTime64;
    bool fromDate = from.kind == TypeKind::Date || from.kind == TypeKind::Date32;
    bool fromTime = from.kind == TypeKind::DateTime || from.kind == TypeKind::DateTime64;
    NumInfo fi, ti;
    bool numeric = numericInfo(from, false, fi) && numericInfo(*to, true, ti);
    if ((fromDate && toTime) || (fromTime && toDate) || (toDate && numeric && !fromDate && !fromTime))
        return convertTemporal(src, to, o);
    if (numeric)
        return convertNumeric(src, to, fi, ti, f);
    auto is256 = [](TypeKind k) { return k == TypeKind::Int256 || k == TypeKind::UInt256; };
    if ((is256(from.kind) || is256(tk)) && isPlainNumberKind(from.kind) && isPlainNumberKind(tk))
        return convertWide(src, to);
    if (from.kind == TypeKind::IPv4 && tk == TypeKind::IPv6) {
        auto out = Column::create(to, src.size());
        for (uint32_t v : src.span<uint32_t>())
            out->push<UInt128>((static_cast<UInt128>(0xffff) << 32) | v);
        return out;
    }
    return viaText(src, to, o, f);
}

} // namespace

ColumnPtr convertColumn(const ColumnPtr &src, const DataTypePtr &target, const CastOptions &options)
{
    const DataType &from = *src->type();
    if (from.equals(*target))
        return src;
    size_t rows = src->size();
    if (from.isNothing() || (from.isNullable() && from.children[0]->isNothing())) {
        if (!target->isNullable() && options.onError == CastFailure::Throw && rows > 0)
            fail(CannotInsertNullInOrdinaryColumn, "Cannot convert NULL value to non-Nullable type " + target->name());
        auto out = Column::create(target, rows);
        out->pushDefaults(rows);
        return out;
    }
    bool srcNullable = from.isNullable();
    const ColumnPtr inner = srcNullable ? ColumnPtr(src->children[0]) : src;
    DataTypePtr toInner = removeNullable(target);
    std::vector<uint8_t> failed;
    if (options.onError != CastFailure::Throw)
        failed.assign(rows, 0);
    Failures f{options.onError, options.onError == CastFailure::Throw ? nullptr : &failed, srcNullable ? &src->nullMap : nullptr};
    ColumnPtr values = inner->type()->equals(*toInner) ? inner : ColumnPtr(convertNonNull(*inner, toInner, options, f));
    if (!target->isNullable()) {
        if (srcNullable && options.onError == CastFailure::Throw)
            for (uint8_t n : src->nullMap)
                if (n)
                    fail(CannotInsertNullInOrdinaryColumn, "Cannot convert NULL value to non-Nullable type " + target->name());
        return values;
    }
    auto out = Column::create(target);
    out->children[0] = std::const_pointer_cast<Column>(values);
    out->nullMap = srcNullable ? src->nullMap : std::vector<uint8_t>(rows, 0);
    if (options.onError == CastFailure::Null)
        for (size_t r = 0; r < rows; ++r)
            out->nullMap[r] |= failed[r];
    out->setSize(rows);
    return out;
}

} // namespace tideline::engine
