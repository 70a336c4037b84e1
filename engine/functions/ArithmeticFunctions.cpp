// + - * / int_div % negate abs, with ClickHouse's NumberTraits result types, wrapping integer
// overflow, decimal arithmetic, and date/time +/- integer or interval.
#include <cmath>
#include <type_traits>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"
#include "engine/functions/WideArithmetic.h"

namespace tideline::engine {

using namespace fn;

namespace {

using Op = ArithOp;

struct NumInfo {
    bool isSigned, isFloat;
    size_t size;
};

NumInfo numInfo(const DataType &t)
{
    size_t size = t.kind == TypeKind::Bool ? 1 : t.valueSize();
    return {t.isSignedInteger() || t.isFloat(), t.isFloat(), size};
}

// ClickHouse NumberTraits::Construct.
DataTypePtr construct(bool isSigned, bool isFloat, size_t size)
{
    if (isFloat)
        return makeType(size <= 4 ? TypeKind::Float32 : TypeKind::Float64);
    static const TypeKind s[] = {TypeKind::Int8, TypeKind::Int16, TypeKind::Int32, TypeKind::Int64, TypeKind::Int128, TypeKind::Int256};
    static const TypeKind u[] = {TypeKind::UInt8, TypeKind::UInt16, TypeKind::UInt32, TypeKind::UInt64, TypeKind::UInt128, TypeKind::UInt256};
    size_t idx = size <= 1 ? 0 : size <= 2 ? 1 : size <= 4 ? 2 : size <= 8 ? 3 : size <= 16 ? 4 : 5;
    return makeType(isSigned ? s[idx] : u[idx]);
}

// Results widen up to 64 bits; 128- and 256-bit operands keep their width.
size_t nextSize(size_t s) { return s < 8 ? s * 2 : s; }

DataTypePtr numericResult(Op op, const DataType &a, const DataType &b)
{
    NumInfo x = numInfo(a), y = numInfo(b);
    switch (op) {
    case Op::Plus: case Op::Multiply:
        return construct(x.isSigned || y.isSigned, x.isFloat || y.isFloat, nextSize(std::max(x.size, y.size)));
    case Op::Minus:
        return construct(true, x.isFloat || y.isFloat, nextSize(std::max(x.size, y.size)));
    case Op::Divide:
        return makeType(TypeKind::Float64);
    case Op::IntDiv: case Op::IntDivOrZero:
        return construct(x.isSigned || y.isSigned, false, x.size);
    case Op::Modulo: case Op::ModuloOrZero:
        if (x.isFloat || y.isFloat)
            return makeType(TypeKind::Float64);
        return construct(x.isSigned, false, x.isSigned ? nextSize(y.size) : y.size);
    }
    return nullptr;
}

template <typename T>
T applyWrapping(Op op, T a, T b)
{
    if constexpr (std::is_integral_v<T>) {
        // Narrow types promote to int, where 65534 * 65533 overflows (UB): compute in unsigned
        // int or wider, whose wrap-around is defined, then truncate.
        using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
        switch (op) {
        case Op::Plus: return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
        case Op::Minus: return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
        default: return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
        }
    } else {
        return op == Op::Plus ? a + b : op == Op::Minus ? a - b : a * b;
    }
}

const char *opName(Op op)
{
    static const char *names[] = {"plus", "minus", "multiply", "divide", "int_div", "int_div_or_zero", "modulo", "modulo_or_zero"};
    return names[static_cast<int>(op)];
}

// plus/minus/multiply in the result type; divide in float64.
ColumnPtr execSimple(Op op, const ColumnPtr &a, const ColumnPtr &b, const DataTypePtr &result, size_t rows)
{
    ColumnPtr ca = castColumn(a, result), cb = castColumn(b, result);
    MutableColumnPtr out = makeFixedColumn(result, rows);
    dispatchNumeric(result->kind, [&]<typename T>() {
        if constexpr (sizeof(T) <= 8) {
            const T *x = ca->data<T>(), *y = cb->data<T>();
            T *d = out->data<T>();
            if (op == Op::Divide) {
                for (size_t i = 0; i < rows; ++i)
                    d[i] = x[i] / y[i];
            } else {
                for (size_t i = 0; i < rows; ++i)
                    d[i] = applyWrapping(op, x[i], y[i]);
            }
        }
    });
    return out;
}

// int_div and modulo: computed in a wide type (int64, uint64 or float64), then narrowed.
ColumnPtr execDivision(Op op, const ColumnPtr &a, const ColumnPtr &b, const DataTypePtr &result, size_t rows)
{
    const DataType &ta = *a->type(), &tb = *b->type();
    DataTypePtr wide = ta.isFloat() || tb.isFloat() ? makeType(TypeKind::Float64)
        : (ta.isUnsignedInteger() || ta.kind == TypeKind::Bool) && (tb.isUnsignedInteger() || tb.kind == TypeKind::Bool) ? makeType(TypeKind::UInt64)
                                                                                                                        : makeType(TypeKind::Int64);
    ColumnPtr ca = castColumn(a, wide), cb = castColumn(b, wide);
    MutableColumnPtr out = makeFixedColumn(wide, rows);
    bool orZero = op == Op::IntDivOrZero || op == Op::ModuloOrZero;
    bool isMod = op == Op::Modulo || op == Op::ModuloOrZero;
    dispatchNumeric(wide->kind, [&]<typename T>() {
        if constexpr (sizeof(T) == 8) {
            const T *x = ca->data<T>(), *y = cb->data<T>();
            T *d = out->data<T>();
            for (size_t i = 0; i < rows; ++i) {
                if constexpr (std::is_floating_point_v<T>) {
                    if (isMod) {
                        d[i] = (orZero && y[i] == 0) ? 0 : std::fmod(x[i], y[i]);
                    } else {
                        double q = std::trunc(x[i] / y[i]);
                        if (!std::isfinite(q) && !orZero)
                            fail(ErrorCode::IllegalDivision, "Cannot perform integer division, because it will produce infinite or too large number");
                        d[i] = std::isfinite(q) ? q : 0;
                    }
                } else {
                    if (y[i] == 0) {
                        if (!orZero)
                            fail(ErrorCode::IllegalDivision, isMod ? "Division by zero" : "Division by zero");
                        d[i] = 0;
                    } else if (std::is_signed_v<T> && y[i] == T(-1)) {
                        d[i] = isMod ? 0 : static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(x[i]));
                    } else {
                        d[i] = isMod ? x[i] % y[i] : x[i] / y[i];
                    }
                }
            }
        }
    });
    return castColumn(out, result);
}

// ---- decimals ----------------------------------------------------------------------------------

uint32_t maxPrecision(TypeKind k) { return k == TypeKind::Decimal32 ? 9 : k == TypeKind::Decimal64 ? 18 : 38; }

DataTypePtr decimalResult(Op op, const DataType &a, const DataType &b)
{
    auto storage = [](const DataType &t) {
        if (t.isDecimal())
            return t.kind;
        return t.valueSize() <= 4 ? TypeKind::Decimal32 : t.valueSize() <= 8 ? TypeKind::Decimal64 : TypeKind::Decimal128;
    };
    TypeKind ka = storage(a), kb = storage(b);
    TypeKind k = std::max(ka, kb);
    uint32_t sa = a.isDecimal() ? a.scale : 0, sb = b.isDecimal() ? b.scale : 0;
    uint32_t scale = op == Op::Multiply ? sa + sb : op == Op::Divide ? sa : std::max(sa, sb);
    return makeDecimal(maxPrecision(k), scale);
}

ColumnPtr execDecimal(Op op, const ColumnPtr &a, const ColumnPtr &b, const DataTypePtr &result, size_t rows)
{
    // Operands are brought to a common scale as Int128, then the result is rescaled.
    uint32_t sa = a->type()->isDecimal() ? a->type()->scale : 0, sb = b->type()->isDecimal() ? b->type()->scale : 0;
    auto out = makeFixedColumn(result, rows);
    for (size_t i = 0; i < rows; ++i) {
        Int128 x = 0, y = 0, r = 0;
        dispatchNumeric(a->type()->kind, [&]<typename T>() { x = static_cast<Int128>(a->data<T>()[i]); });
        dispatchNumeric(b->type()->kind, [&]<typename T>() { y = static_cast<Int128>(b->data<T>()[i]); });
        if (op == Op::Plus || op == Op::Minus) {
            uint32_t s = std::max(sa, sb);
            x *= pow10(s - sa);
            y *= pow10(s - sb);
            r = op == Op::Plus ? x + y : x - y;
        } else if (op == Op::Multiply) {
            r = x * y;
        } else {
            if (y == 0)
                fail(ErrorCode::IllegalDivision, "Division by zero");
            r = x * pow10(sb) / y;
        }
        dispatchNumeric(result->kind, [&]<typename T>() { out->data<T>()[i] = static_cast<T>(r); });
    }
    return out;
}

// ---- dates -------------------------------------------------------------------------------------

IntervalUnit dateStepUnit(const DataType &t)
{
    return t.kind == TypeKind::Date || t.kind == TypeKind::Date32 ? IntervalUnit::Day : IntervalUnit::Second;
}

// Date/time operands; returns a bound function, or nullopt to fall through to numbers.
std::optional<BoundFunction> resolveDateArithmetic(Op op, const DataTypePtr &a, const DataTypePtr &b)
{
    bool da = a->isDateOrTime(), db = b->isDateOrTime();
    bool ia = a->kind == TypeKind::Interval, ib = b->kind == TypeKind::Interval;
    if (!da && !db && !ia && !ib)
        return std::nullopt;
    const char *name = opName(op);
    if ((op == Op::Plus || op == Op::Minus) && da && (ib || isIntegerType(*b))) {
        IntervalUnit unit = ib ? b->intervalUnit : dateStepUnit(*a);
        DataTypePtr rt = intervalResultType(name, a, unit);
        int sign = op == Op::Plus ? 1 : -1;
        return BoundFunction{rt, [unit, sign, rt](const std::vector<ColumnPtr> &args, size_t) { return addInterval(args[0], unit, args[1], sign, rt); }};
    }
    if (op == Op::Plus && db && (ia || isIntegerType(*a))) {
        IntervalUnit unit = ia ? a->intervalUnit : dateStepUnit(*b);
        DataTypePtr rt = intervalResultType(name, b, unit);
        return BoundFunction{rt, [unit, rt](const std::vector<ColumnPtr> &args, size_t) { return addInterval(args[1], unit, args[0], 1, rt); }};
    }
    if (op == Op::Minus && da && db) {
        // Differences are in the finer unit: days for two dates, seconds (or ticks) otherwise.
        DataTypePtr common = leastSupertype({a, b});
        bool dates = common->kind == TypeKind::Date || common->kind == TypeKind::Date32;
        DataTypePtr rt = makeType(dates && a->kind == TypeKind::Date && b->kind == TypeKind::Date ? TypeKind::Int32 : TypeKind::Int64);
        return BoundFunction{rt, [common, rt](const std::vector<ColumnPtr> &args, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(args[0], common), y = castColumn(args[1], common);
                                 ColumnPtr diff = generate<int64_t>(makeType(TypeKind::Int64), rows, [&](size_t i) { return intAt(*x, i) - intAt(*y, i); });
                                 return castColumn(diff, rt);
                             }};
    }
    if (ia && ib && a->intervalUnit == b->intervalUnit && (op == Op::Plus || op == Op::Minus))
        return std::nullopt; // interval arithmetic below as plain int64
    fail(ErrorCode::IllegalTypeOfArgument, std::string("Illegal types ") + a->name() + " and " + b->name() + " of arguments of function " + name);
}

BoundFunction resolveBinary(Op op, const std::vector<FunctionArg> &args)
{
    const char *name = opName(op);
    checkArgCount(name, args, 2, 2);
    const DataTypePtr &a = args[0].type, &b = args[1].type;
    if (!a || !b)
        illegalType(name, nullptr);
    if (auto d = resolveDateArithmetic(op, a, b))
        return *d;
    if (a->kind == TypeKind::Interval && b->kind == TypeKind::Interval) {
        DataTypePtr rt = a;
        return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                    auto out = execSimple(op, castColumn(c[0], makeType(TypeKind::Int64)), castColumn(c[1], makeType(TypeKind::Int64)), makeType(TypeKind::Int64), rows);
                    auto r = std::make_shared<Column>(*out);
                    return castColumn(r, rt);
                }};
    }
    // Decimals take integers up to 128 bits (an int128 operand makes the result decimal128).
    auto decimalOperand = [](const DataType &t) { return t.isDecimal() || isIntegerType(t) || t.kind == TypeKind::Int128 || t.kind == TypeKind::UInt128; };
    bool decimal = (a->isDecimal() || b->isDecimal()) && decimalOperand(*a) && decimalOperand(*b) && a->kind != TypeKind::Decimal256 && b->kind != TypeKind::Decimal256;
    if (decimal && op <= Op::Divide) {
        DataTypePtr rt = decimalResult(op, *a, *b);
        return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) { return execDecimal(op, c[0], c[1], rt, rows); }};
    }
    if (isWideInteger(*a) || isWideInteger(*b)) {
        auto operand = [](const DataType &t) { return isAnyIntegerType(t) || t.isFloat(); };
        if (!operand(*a) || !operand(*b))
            fail(ErrorCode::IllegalTypeOfArgument, std::string("Illegal types ") + a->name() + " and " + b->name() + " of arguments of function " + name);
        DataTypePtr rt = numericResult(op, *a, *b);
        return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) { return execWideBinary(op, c[0], c[1], rt, rows); }};
    }
    auto numeric = [](const DataType &t) { return isNumberType(t) || t.isDecimal(); };
    if (!numeric(*a) || !numeric(*b) || a->valueSize() > 8 || b->valueSize() > 8)
        fail(ErrorCode::IllegalTypeOfArgument, std::string("Illegal types ") + a->name() + " and " + b->name() + " of arguments of function " + name);
    // Decimals mixed with floats compute in float64, as ClickHouse.
    DataTypePtr ea = a->isDecimal() ? makeType(TypeKind::Float64) : a, eb = b->isDecimal() ? makeType(TypeKind::Float64) : b;
    DataTypePtr rt = numericResult(op, *ea, *eb);
    if (op == Op::Plus || op == Op::Minus || op == Op::Multiply || op == Op::Divide)
        return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) { return execSimple(op, c[0], c[1], rt, rows); }};
    return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) { return execDivision(op, c[0], c[1], rt, rows); }};
}

template <bool IsAbs>
BoundFunction resolveUnary(const std::vector<FunctionArg> &args)
{
    const char *name = IsAbs ? "abs" : "negate";
    checkArgCount(name, args, 1, 1);
    const DataTypePtr &t = args[0].type;
    if (t && isWideInteger(*t)) {
        NumInfo n = numInfo(*t);
        DataTypePtr rt = IsAbs ? construct(false, false, n.size) : construct(true, false, n.size);
        return {rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) { return execWideUnary(IsAbs, c[0], rt, rows); }};
    }
    if (!t || !(isNumberType(*t) || t->isDecimal() || (!IsAbs && t->kind == TypeKind::Interval)) || t->valueSize() > 8)
        illegalType(name, t);
    NumInfo n = numInfo(*t);
    DataTypePtr rt = t->isDecimal() || t->kind == TypeKind::Interval ? t
        : IsAbs ? construct(false, n.isFloat, n.size) : construct(true, n.isFloat, n.isSigned ? n.size : nextSize(n.size));
    if (IsAbs && t->isFloat())
        rt = t;
    return {rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                const DataTypePtr &in = c[0]->type();
                DataTypePtr work = in->isSignedInteger() || in->isFloat() || in->isDecimal() || in->kind == TypeKind::Interval ? in : rt;
                ColumnPtr src = castColumn(c[0], work);
                auto out = makeFixedColumn(work, rows);
                dispatchNumeric(work->kind, [&]<typename T>() {
                    if constexpr (sizeof(T) <= 8) {
                        const T *x = src->data<T>();
                        T *d = out->data<T>();
                        for (size_t i = 0; i < rows; ++i) {
                            if constexpr (std::is_integral_v<T>) {
                                using U = std::make_unsigned_t<T>;
                                bool neg = IsAbs ? x[i] < 0 : true;
                                d[i] = neg ? static_cast<T>(U(0) - static_cast<U>(x[i])) : x[i];
                            } else {
                                d[i] = IsAbs ? std::abs(x[i]) : -x[i];
                            }
                        }
                    }
                });
                // abs(int8 -128) = 128 as uint8: the wrapped bit pattern reinterpreted unsigned.
                if (IsAbs && in->isSignedInteger()) {
                    auto r = makeFixedColumn(rt, rows);
                    std::memcpy(r->fixed.data(), out->fixed.data(), out->fixed.size());
                    return r;
                }
                return castColumn(out, rt);
            }};
}

void addBinary(FunctionRegistry &r, const std::string &name, Op op, const std::string &doc)
{
    add(r, name, "arithmetic", name + "(a, b)", doc, [op](const std::vector<FunctionArg> &args, const FunctionContext &) { return resolveBinary(op, args); });
}

} // namespace

int64_t fn::pow10(uint32_t n)
{
    int64_t v = 1;
    while (n--)
        v *= 10;
    return v;
}

void registerArithmeticFunctions(FunctionRegistry &registry)
{
    addBinary(registry, "plus", Op::Plus, "a + b; dates and intervals supported");
    addBinary(registry, "minus", Op::Minus, "a - b; datetime - datetime gives seconds");
    addBinary(registry, "multiply", Op::Multiply, "a * b");
    addBinary(registry, "divide", Op::Divide, "a / b as float64");
    addBinary(registry, "int_div", Op::IntDiv, "integer division; division by zero throws");
    addBinary(registry, "int_div_or_zero", Op::IntDivOrZero, "integer division; 0 on division by zero");
    addBinary(registry, "modulo", Op::Modulo, "remainder with the sign of the dividend");
    addBinary(registry, "modulo_or_zero", Op::ModuloOrZero, "remainder; 0 on division by zero");
    registry.addAlias("mod", "modulo");
    add(registry, "negate", "arithmetic", "negate(x)", "-x", [](const std::vector<FunctionArg> &a, const FunctionContext &) { return resolveUnary<false>(a); });
    add(registry, "abs", "arithmetic", "abs(x)", "absolute value", [](const std::vector<FunctionArg> &a, const FunctionContext &) { return resolveUnary<true>(a); });
}

} // namespace tideline::engine
