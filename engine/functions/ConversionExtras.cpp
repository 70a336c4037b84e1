// cast / accurate_cast, to_string, to_fixed_string and to_type_name: the conversions whose
// target type comes from an argument rather than from the function's name.
#include "engine/formats/TimeZones.h"
#include "engine/functions/ConversionCast.h"
#include "engine/functions/Function.h"

namespace tideline::engine {

namespace {

std::string constStringArg(const std::string &name, const FunctionArg &arg, size_t index)
{
    if (!arg.type || !arg.constant || removeNullable(arg.type)->kind != TypeKind::String || arg.constant->isNullAt(0))
        fail(ErrorCode::IllegalTypeOfArgument, "Argument " + std::to_string(index + 1) + " of function " + name + " must be a constant string");
    const Column &c = arg.type->isNullable() ? arg.constant->nested() : *arg.constant;
    return std::string(c.stringAt(0));
}

void expectArgs(const std::string &name, const std::vector<FunctionArg> &args, size_t min, size_t max)
{
    if (args.size() < min || args.size() > max)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Number of arguments for function " + name + " doesn't match: passed " + std::to_string(args.size()));
    for (const auto &a : args)
        if (!a.type)
            fail(ErrorCode::IllegalTypeOfArgument, "Function " + name + " does not take a lambda argument");
}

CastOptions sessionOptions(const FunctionContext &context)
{
    CastOptions o;
    o.timezone = context.timezone == "UTC" ? "" : context.timezone;
    return o;
}

void addCast(FunctionRegistry &r, const std::string &name, CastFailure mode)
{
    FunctionInfo info;
    info.name = name;
    info.handlesNulls = true;
    info.category = "conversion";
    info.signature = name + "(x, 'type')";
    info.doc = "Converts x to the named type";
    info.resolve = [name, mode](const std::vector<FunctionArg> &args, const FunctionContext &context) -> BoundFunction {
        expectArgs(name, args, 2, 2);
        auto parsed = parseDataType(constStringArg(name, args[1], 1));
        if (!parsed.isOk())
            throw EngineError(parsed.status());
        DataTypePtr target = *parsed;
        if (mode == CastFailure::Null)
            target = makeNullable(target);
        CastOptions options = sessionOptions(context);
        options.onError = mode;
        return {target, [target, options](const std::vector<ColumnPtr> &cols, size_t) { return convertColumn(cols[0], target, options); }};
    };
    r.add(std::move(info));
}

// A datetime column viewed in another zone: the same instants, another rendering.
ColumnPtr inZone(const ColumnPtr &col, const std::string &tz)
{
    const DataType &t = *removeNullable(col->type());
    DataTypePtr zoned = t.kind == TypeKind::DateTime ? makeDateTime(tz) : makeDateTime64(t.precision, tz);
    auto values = Column::create(zoned);
    const Column &src = col->type()->isNullable() ? col->nested() : *col;
    values->fixed = src.fixed;
    values->setSize(src.size());
    if (!col->type()->isNullable())
        return values;
    auto out = Column::create(makeNullable(zoned));
    out->children[0] = values;
    out->nullMap = col->nullMap;
    out->setSize(col->size());
    return out;
}

void addToString(FunctionRegistry &r)
{
    FunctionInfo info;
    info.name = "to_string";
    info.handlesNulls = true;
    info.category = "conversion";
    info.signature = "to_string(x[, tz])";
    info.doc = "The text of x as clickhouse-client prints it; datetimes optionally in the zone tz";
    info.resolve = [](const std::vector<FunctionArg> &args, const FunctionContext &context) -> BoundFunction {
        expectArgs("to_string", args, 1, 2);
        DataTypePtr target = args[0].type->isNullable() || args[0].type->isNothing() ? makeNullable(makeType(TypeKind::String)) : makeType(TypeKind::String);
        std::string tz;
        if (args.size() == 2) {
            tz = constStringArg("to_string", args[1], 1);
            TimeZone::get(tz);
            TypeKind k = removeNullable(args[0].type)->kind;
            if (k != TypeKind::DateTime && k != TypeKind::DateTime64)
                fail(ErrorCode::IllegalTypeOfArgument, "A time zone argument of to_string needs a datetime, got " + args[0].type->name());
        }
        CastOptions options = sessionOptions(context);
        return {target, [target, options, tz](const std::vector<ColumnPtr> &cols, size_t) {
                    return convertColumn(tz.empty() ? cols[0] : inZone(cols[0], tz), target, options);
                }};
    };
    r.add(std::move(info));
}

void addToFixedString(FunctionRegistry &r)
{
    FunctionInfo info;
    info.name = "to_fixed_string";
    info.category = "conversion";
    info.signature = "to_fixed_string(s, n)";
    info.doc = "s as fixed_string(n), zero-padded; longer strings are an error";
    info.resolve = [](const std::vector<FunctionArg> &args, const FunctionContext &context) -> BoundFunction {
        expectArgs("to_fixed_string", args, 2, 2);
        if (!args[0].type->isStringLike())
            fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + args[0].type->name() + " of first argument of function to_fixed_string");
        const DataType &nt = *args[1].type;
        if (!args[1].constant || !nt.isInteger())
            fail(ErrorCode::IllegalTypeOfArgument, "Second argument of function to_fixed_string must be a constant integer");
        int64_t n = 0;
        const Column &c = *args[1].constant;
        switch (nt.valueSize()) {
        case 1: n = nt.isSignedInteger() ? c.data<int8_t>()[0] : c.data<uint8_t>()[0]; break;
        case 2: n = nt.isSignedInteger() ? c.data<int16_t>()[0] : c.data<uint16_t>()[0]; break;
        case 4: n = nt.isSignedInteger() ? c.data<int32_t>()[0] : c.data<uint32_t>()[0]; break;
        default: n = c.data<int64_t>()[0]; break;
        }
        if (n <= 0 || n > 0xFFFFFF)
            fail(ErrorCode::ArgumentOutOfBound, "Size of fixed_string must be positive and reasonable");
        DataTypePtr target = makeFixedString(static_cast<uint32_t>(n));
        CastOptions options = sessionOptions(context);
        return {target, [target, options](const std::vector<ColumnPtr> &cols, size_t) { return convertColumn(cols[0], target, options); }};
    };
    r.add(std::move(info));
}

void addToTypeName(FunctionRegistry &r)
{
    FunctionInfo info;
    info.name = "to_type_name";
    info.handlesNulls = true;
    info.category = "conversion";
    info.signature = "to_type_name(x)";
    info.doc = "The type name of x";
    info.resolve = [](const std::vector<FunctionArg> &args, const FunctionContext &) -> BoundFunction {
        expectArgs("to_type_name", args, 1, 1);
        std::string name = args[0].type->name();
        DataTypePtr type = makeType(TypeKind::String);
        return {type, [type, name](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                    auto c = Column::create(type, rows);
                    for (size_t i = 0; i < rows; ++i)
                        c->pushString(name);
                    return c;
                }};
    };
    r.add(std::move(info));
}

} // namespace

void registerConversionExtras(FunctionRegistry &registry)
{
    addCast(registry, "cast", CastFailure::Throw);
    addCast(registry, "accurate_cast", CastFailure::Throw);
    addCast(registry, "accurate_cast_or_null", CastFailure::Null);
    registry.addAlias("_cast", "cast");
    addToString(registry);
    addToFixedString(registry);
    addToTypeName(registry);
}

} // namespace tideline::engine
