#include "engine/functions/WideArithmetic.h"

#include <cmath>
#include <cstring>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine::fn {

namespace {

bool is256(TypeKind k) { return k == TypeKind::Int256 || k == TypeKind::UInt256; }

bool signedKind(const DataType &t) { return t.isSignedInteger(); }

double doubleAt(const Column &c, size_t i)
{
    const DataType &t = *c.type();
    if (t.isFloat())
        return t.kind == TypeKind::Float32 ? c.data<float>()[i] : c.data<double>()[i];
    return toDouble(wideAt(c, i), signedKind(t));
}

void storeDouble(Column &out, size_t i, double v)
{
    if (out.type()->kind == TypeKind::Float32)
        out.data<float>()[i] = static_cast<float>(v);
    else if (out.type()->kind == TypeKind::Float64)
        out.data<double>()[i] = v;
    else
        storeWide(out, i, int256FromDouble(v));
}

[[noreturn]] void divisionByZero() { fail(ErrorCode::IllegalDivision, "Division by zero"); }

// Float operands (or divide): the computation is float64, as ClickHouse's for mixed types.
void floatRow(ArithOp op, double x, double y, Column &out, size_t i)
{
    bool orZero = op == ArithOp::IntDivOrZero || op == ArithOp::ModuloOrZero;
    double r = 0;
    switch (op) {
    case ArithOp::Plus: r = x + y; break;
    case ArithOp::Minus: r = x - y; break;
    case ArithOp::Multiply: r = x * y; break;
    case ArithOp::Divide: r = x / y; break;
    case ArithOp::IntDiv: case ArithOp::IntDivOrZero:
        r = std::trunc(x / y);
        if (!std::isfinite(r)) {
            if (!orZero)
                fail(ErrorCode::IllegalDivision, "Cannot perform integer division, because it will produce infinite or too large number");
            r = 0;
        }
        break;
    case ArithOp::Modulo: case ArithOp::ModuloOrZero: r = orZero && y == 0 ? 0 : std::fmod(x, y); break;
    }
    storeDouble(out, i, r);
}

Int256 integerRow(ArithOp op, const Int256 &x, const Int256 &y, bool isSigned)
{
    switch (op) {
    case ArithOp::Plus: return x + y;
    case ArithOp::Minus: return x - y;
    case ArithOp::Multiply: return x * y;
    default: break;
    }
    if (y.isZero()) {
        if (op == ArithOp::IntDiv || op == ArithOp::Modulo)
            divisionByZero();
        return {};
    }
    Int256 q, r;
    divMod(x, y, isSigned, q, r);
    return op == ArithOp::IntDiv || op == ArithOp::IntDivOrZero ? q : r;
}

} // namespace

bool isWideInteger(const DataType &t)
{
    return t.kind == TypeKind::Int128 || t.kind == TypeKind::UInt128 || is256(t.kind);
}

bool isAnyIntegerType(const DataType &t) { return t.kind == TypeKind::Bool || t.isInteger(); }

Int256 wideAt(const Column &c, size_t i)
{
    TypeKind k = c.type()->kind;
    if (is256(k)) {
        Int256 v;
        std::memcpy(v.limb, c.fixed.data() + i * sizeof(v.limb), sizeof(v.limb));
        return v;
    }
    Int256 v;
    dispatchNumeric(k, [&]<typename T>() {
        if constexpr (std::is_integral_v<T> || std::is_same_v<T, Int128> || std::is_same_v<T, UInt128>) {
            T x = c.data<T>()[i];
            if constexpr (std::is_same_v<T, Int128> || std::is_signed_v<T>)
                v = Int256::fromSigned(static_cast<Int128>(x));
            else
                v = Int256::fromUnsigned(static_cast<UInt128>(x));
        }
    });
    return v;
}

void storeWide(Column &out, size_t i, const Int256 &v)
{
    TypeKind k = out.type()->kind;
    if (is256(k)) {
        std::memcpy(out.fixed.data() + i * sizeof(v.limb), v.limb, sizeof(v.limb));
        return;
    }
    dispatchNumeric(k, [&]<typename T>() { out.data<T>()[i] = static_cast<T>(v.low128()); });
}

ColumnPtr execWideBinary(ArithOp op, const ColumnPtr &a, const ColumnPtr &b, const DataTypePtr &result, size_t rows)
{
    auto out = makeFixedColumn(result, rows);
    bool floating = a->type()->isFloat() || b->type()->isFloat() || op == ArithOp::Divide;
    bool isSigned = signedKind(*a->type()) || signedKind(*b->type());
    for (size_t i = 0; i < rows; ++i) {
        if (floating)
            floatRow(op, doubleAt(*a, i), doubleAt(*b, i), *out, i);
        else
            storeWide(*out, i, integerRow(op, wideAt(*a, i), wideAt(*b, i), isSigned));
    }
    return out;
}

ColumnPtr execWideUnary(bool isAbs, const ColumnPtr &x, const DataTypePtr &result, size_t rows)
{
    auto out = makeFixedColumn(result, rows);
    bool isSigned = signedKind(*x->type());
    for (size_t i = 0; i < rows; ++i) {
        Int256 v = wideAt(*x, i);
        storeWide(*out, i, !isAbs || (isSigned && v.isNegative()) ? -v : v);
    }
    return out;
}

std::vector<int8_t> compareWideRows(const ColumnPtr &a, const ColumnPtr &b, size_t rows)
{
    std::vector<int8_t> out(rows);
    if (a->type()->isFloat() || b->type()->isFloat()) {
        for (size_t i = 0; i < rows; ++i) {
            double x = doubleAt(*a, i), y = doubleAt(*b, i);
            out[i] = std::isnan(x) || std::isnan(y) ? 2 : x < y ? -1 : x > y ? 1 : 0;
        }
        return out;
    }
    // A negative signed value is below any unsigned one, so the signs are compared first.
    bool sa = signedKind(*a->type()), sb = signedKind(*b->type());
    for (size_t i = 0; i < rows; ++i) {
        Int256 x = wideAt(*a, i), y = wideAt(*b, i);
        bool nx = sa && x.isNegative(), ny = sb && y.isNegative();
        out[i] = static_cast<int8_t>(nx != ny ? (nx ? -1 : 1) : compare(x, y, false));
    }
    return out;
}

} // namespace tideline::engine::fn
