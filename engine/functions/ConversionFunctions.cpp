// Type conversion functions: cast, to_<type> with their _or_zero / _or_null / _or_default
// variants, to_string, to_fixed_string, parse_datetime[64]_best_effort, to_type_name. All of
// them see NULLs themselves (handlesNulls) so a NULL row is never parsed: its nested value is a
// default ('' for strings) that would fail to parse.
#include <functional>

#include "engine/column/TypeDispatch.h"
#include "engine/formats/TimeZones.h"
#include "engine/functions/ConversionCast.h"
#include "engine/functions/Function.h"

namespace tideline::engine {

namespace {

enum class Variant { Plain, OrZero, OrNull, OrDefault };

const char *suffix(Variant v)
{
    switch (v) {
    case Variant::OrZero: return "_or_zero";
    case Variant::OrNull: return "_or_null";
    case Variant::OrDefault: return "_or_default";
    default: return "";
    }
}

void checkArgs(const std::string &name, const std::vector<FunctionArg> &args, size_t min, size_t max)
{
    if (args.size() < min || args.size() > max)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Number of arguments for function " + name + " doesn't match: passed "
             + std::to_string(args.size()) + ", should be " + (min == max ? std::to_string(min) : "from " + std::to_string(min) + " to " + std::to_string(max)));
    for (const auto &a : args)
        if (!a.type)
            fail(ErrorCode::IllegalTypeOfArgument, "Function " + name + " does not take a lambda argument");
}

std::string constString(const std::string &name, const FunctionArg &arg, size_t index)
{
    const DataType &t = *removeNullable(arg.type);
    if (!arg.constant || t.kind != TypeKind::String || arg.constant->isNullAt(0))
        fail(ErrorCode::IllegalTypeOfArgument, "Argument " + std::to_string(index + 1) + " of function " + name + " must be a constant string");
    const Column &c = arg.type->isNullable() ? arg.constant->nested() : *arg.constant;
    return std::string(c.stringAt(0));
}

int64_t constInt(const std::string &name, const FunctionArg &arg, size_t index)
{
    const DataType &t = *removeNullable(arg.type);
    int64_t v = 0;
    bool ok = arg.constant && t.isInteger() && !arg.constant->isNullAt(0);
    if (ok) {
        const Column &c = arg.type->isNullable() ? arg.constant->nested() : *arg.constant;
        ok = dispatchNumeric(t.kind, [&]<typename T>() { v = static_cast<int64_t>(c.data<T>()[0]); });
    }
    if (!ok)
        fail(ErrorCode::IllegalTypeOfArgument, "Argument " + std::to_string(index + 1) + " of function " + name + " must be a constant integer");
    return v;
}

bool isNullOnly(const DataTypePtr &t)
{
    return t->isNothing() || (t->isNullable() && t->children[0]->isNothing());
}

BoundFunction nullResult()
{
    auto type = makeNullable(makeType(TypeKind::Nothing));
    return {type, [type](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                auto c = Column::create(type);
                c->pushDefaults(rows);
                return c;
            }};
}

// Replaces the rows that failed (NULL in `converted` but not in `source`) by `fallback` row 0.
ColumnPtr fillDefaults(const ColumnPtr &source, const ColumnPtr &converted, const ColumnPtr &fallback, const DataTypePtr &resultType)
{
    auto out = Column::create(resultType, converted->size());
    const Column &values = converted->nested();
    for (size_t r = 0; r < converted->size(); ++r) {
        bool sourceNull = source->isNullAt(r);
        if (!converted->isNullAt(r) || sourceNull) {
            if (resultType->isNullable())
                out->pushFrom(*converted, r);
            else
                out->pushFrom(values, r);
        } else {
            out->pushFrom(*fallback, 0);
        }
    }
    return out;
}

// Binds a conversion of args[0] into `target` (a non-nullable type) with the variant's failure rule.
BoundFunction bindConversion(const std::string &name, const std::vector<FunctionArg> &args, DataTypePtr target, Variant variant,
                             CastOptions options, size_t defaultArg = 0)
{
    if (isNullOnly(args[0].type))
        return nullResult();
    bool nullable = args[0].type->isNullable();
    DataTypePtr resultType = nullable || variant == Variant::OrNull ? makeNullable(target) : target;
    options.onError = variant == Variant::Plain ? CastFailure::Throw : variant == Variant::OrZero ? CastFailure::Zero : CastFailure::Null;
    if (variant == Variant::OrDefault) {
        ColumnPtr fallback;
        if (defaultArg && args.size() > defaultArg) {
            if (!args[defaultArg].constant)
                fail(ErrorCode::IllegalTypeOfArgument, "The default value of function " + name + " must be a constant");
            fallback = convertColumn(args[defaultArg].constant, target, {});
        } else {
            auto zero = Column::create(target);
            zero->pushDefault();
            fallback = zero;
        }
        DataTypePtr tracked = makeNullable(target);
        return {resultType, [=](const std::vector<ColumnPtr> &cols, size_t) -> ColumnPtr {
                    return fillDefaults(cols[0], convertColumn(cols[0], tracked, options), fallback, resultType);
                }};
    }
    return {resultType, [=](const std::vector<ColumnPtr> &cols, size_t) -> ColumnPtr { return convertColumn(cols[0], resultType, options); }};
}

CastOptions optionsFor(const FunctionContext &context, bool bestEffort = false)
{
    CastOptions o;
    o.timezone = context.timezone == "UTC" ? "" : context.timezone;
    o.bestEffort = bestEffort;
    return o;
}

using TargetFn = std::function<DataTypePtr(const std::string &name, const std::vector<FunctionArg> &args)>;

// Registers name, name_or_zero, name_or_null, name_or_default. `extraArgs` are the arguments
// after x that the target needs (scale, time zone); `_or_default` takes one more, the default.
void addFamily(FunctionRegistry &registry, const std::string &base, size_t minArgs, size_t maxArgs, TargetFn target,
               const std::string &signature, const std::string &doc, bool bestEffort = false, bool variants = true)
{
    for (Variant v : {Variant::Plain, Variant::OrZero, Variant::OrNull, Variant::OrDefault}) {
        if (!variants && v != Variant::Plain)
            continue;
        std::string name = base + suffix(v);
        size_t maxA = v == Variant::OrDefault ? maxArgs + 1 : maxArgs;
        FunctionInfo info;
        info.name = name;
        info.handlesNulls = true;
        info.category = "conversion";
        info.signature = name + signature;
        info.doc = doc;
        info.resolve = [=](const std::vector<FunctionArg> &args, const FunctionContext &context) {
            checkArgs(name, args, minArgs, maxA);
            size_t defaultArg = v == Variant::OrDefault && args.size() == maxA ? maxA - 1 : 0;
            std::vector<FunctionArg> targetArgs(args.begin(), defaultArg ? args.end() - 1 : args.end());
            return bindConversion(name, args, target(name, targetArgs), v, optionsFor(context, bestEffort), defaultArg);
        };
        registry.add(std::move(info));
    }
}

TargetFn fixedTarget(TypeKind kind)
{
    return [kind](const std::string &, const std::vector<FunctionArg> &) { return makeType(kind); };
}

std::string tzArg(const std::string &name, const std::vector<FunctionArg> &args, size_t index)
{
    if (args.size() <= index)
        return {};
    std::string tz = constString(name, args[index], index);
    TimeZone::get(tz); // 36 for an unknown zone, at bind time
    return tz;
}

DataTypePtr decimalTarget(const std::string &name, const std::vector<FunctionArg> &args, uint32_t precision)
{
    int64_t scale = constInt(name, args[1], 1);
    if (scale < 0 || scale > precision)
        fail(ErrorCode::ArgumentOutOfBound, "Scale " + std::to_string(scale) + " is out of bounds for function " + name);
    return makeDecimal(precision, static_cast<uint32_t>(scale));
}

DataTypePtr datetime64Target(const std::string &name, const std::vector<FunctionArg> &args, size_t precisionIndex, uint32_t defaultPrecision)
{
    int64_t p = args.size() > precisionIndex ? constInt(name, args[precisionIndex], precisionIndex) : defaultPrecision;
    if (p < 0 || p > 9)
        fail(ErrorCode::ArgumentOutOfBound, "datetime64 precision " + std::to_string(p) + " is out of bounds (0..9)");
    return makeDateTime64(static_cast<uint32_t>(p), tzArg(name, args, precisionIndex + 1));
}

void registerNumberFamilies(FunctionRegistry &r)
{
    struct Entry { const char *name; TypeKind kind; };
    static const Entry entries[] = {
        {"to_int8", TypeKind::Int8}, {"to_int16", TypeKind::Int16}, {"to_int32", TypeKind::Int32}, {"to_int64", TypeKind::Int64},
        {"to_int128", TypeKind::Int128}, {"to_int256", TypeKind::Int256}, {"to_uint8", TypeKind::UInt8}, {"to_uint16", TypeKind::UInt16},
        {"to_uint32", TypeKind::UInt32}, {"to_uint64", TypeKind::UInt64}, {"to_uint128", TypeKind::UInt128}, {"to_uint256", TypeKind::UInt256},
        {"to_float32", TypeKind::Float32}, {"to_float64", TypeKind::Float64}, {"to_bool", TypeKind::Bool},
        {"to_date32", TypeKind::Date32}, {"to_uuid", TypeKind::UUID}, {"to_ipv4", TypeKind::IPv4}, {"to_ipv6", TypeKind::IPv6},
        // Proton's short spellings: int is int32; to_float follows its docs and gives float64.
        {"to_int", TypeKind::Int32}, {"to_float", TypeKind::Float64},
    };
    for (const auto &e : entries)
        addFamily(r, e.name, 1, 1, fixedTarget(e.kind), "(x)", std::string("Converts x to ") + makeType(e.kind)->name());
    addFamily(r, "to_date", 1, 2, fixedTarget(TypeKind::Date), "(x[, tz])", "Converts x to date");
}

// Proton's to_time(s[, tz[, default]]): a best-effort parse into datetime64(3), as its docs
// describe; with a (constant) default, text that does not parse gives the default.
void registerToTime(FunctionRegistry &r)
{
    FunctionInfo info;
    info.name = "to_time";
    info.handlesNulls = true;
    info.category = "conversion";
    info.signature = "to_time(s[, tz[, default]])";
    info.doc = "Parses a date and time in many textual layouts into datetime64(3)";
    info.resolve = [](const std::vector<FunctionArg> &args, const FunctionContext &context) {
        checkArgs("to_time", args, 1, 3);
        DataTypePtr target = makeDateTime64(3, tzArg("to_time", args, 1));
        Variant v = args.size() == 3 ? Variant::OrDefault : Variant::Plain;
        return bindConversion("to_time", args, target, v, optionsFor(context, true), args.size() == 3 ? 2 : 0);
    };
    r.add(std::move(info));
}

void registerTemporalAndDecimalFamilies(FunctionRegistry &r)
{
    addFamily(r, "to_datetime", 1, 2, [](const std::string &n, const std::vector<FunctionArg> &a) { return makeDateTime(tzArg(n, a, 1)); },
              "(x[, tz])", "Converts x to datetime");
    addFamily(r, "to_datetime64", 2, 3, [](const std::string &n, const std::vector<FunctionArg> &a) { return datetime64Target(n, a, 1, 3); },
              "(x, precision[, tz])", "Converts x to datetime64(precision)");
    addFamily(r, "parse_datetime_best_effort", 1, 2,
              [](const std::string &n, const std::vector<FunctionArg> &a) { return makeDateTime(tzArg(n, a, 1)); },
              "(s[, tz])", "Parses a date and time in many textual layouts", true);
    addFamily(r, "parse_datetime64_best_effort", 1, 3,
              [](const std::string &n, const std::vector<FunctionArg> &a) { return datetime64Target(n, a, 1, 3); },
              "(s[, precision[, tz]])", "Parses a date and time with sub-seconds in many textual layouts", true);
    registerToTime(r);
    struct Dec { const char *name; uint32_t precision; };
    for (auto d : {Dec{"to_decimal32", 9}, Dec{"to_decimal64", 18}, Dec{"to_decimal128", 38}, Dec{"to_decimal256", 76}})
        addFamily(r, d.name, 2, 2, [p = d.precision](const std::string &n, const std::vector<FunctionArg> &a) { return decimalTarget(n, a, p); },
                  "(x, scale)", "Converts x to a decimal with the given scale");
    addFamily(r, "to_decimal", 3, 3, [](const std::string &n, const std::vector<FunctionArg> &a) {
                  int64_t p = constInt(n, a[1], 1), s = constInt(n, a[2], 2);
                  if (p < 1 || p > 76 || s < 0 || s > p)
                      fail(ErrorCode::ArgumentOutOfBound, "Decimal precision and scale are out of bounds in function " + n);
                  return makeDecimal(static_cast<uint32_t>(p), static_cast<uint32_t>(s));
              }, "(x, precision, scale)", "Converts x to decimal(precision, scale)");
}

} // namespace

void registerConversionExtras(FunctionRegistry &registry); // ConversionExtras.cpp

void registerConversionFunctions(FunctionRegistry &registry)
{
    registerNumberFamilies(registry);
    registerTemporalAndDecimalFamilies(registry);
    registerConversionExtras(registry);
}

} // namespace tideline::engine
