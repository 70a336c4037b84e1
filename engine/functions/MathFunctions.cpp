// Math: float64 unary functions (sqrt, exp, log, sin, ...), pow, rounding with a precision
// argument (round, round_bankers, floor, ceil, trunc keep the argument's type), greatest/least
// over the common supertype, sign, pi, e, gcd, lcm.
#include <cmath>
#include <numeric>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

using UnaryFn = double (*)(double);

void checkNumber(const std::string &name, const FunctionArg &a, size_t idx)
{
    if (!a.type || !(isNumberType(*a.type) || a.type->isDecimal()) || a.type->valueSize() > 8)
        illegalType(name, a.type, idx);
}

void addUnary(FunctionRegistry &r, const std::string &name, UnaryFn f)
{
    add(r, name, "math", name + "(x)", "float64 " + name, [name, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, 1);
        checkNumber(name, args[0], 1);
        DataTypePtr rt = makeType(TypeKind::Float64);
        return BoundFunction{rt, [rt, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(c[0], rt);
                                 const double *v = x->data<double>();
                                 return generate<double>(rt, rows, [&](size_t i) { return f(v[i]); });
                             }};
    });
}

void addBinaryFloat(FunctionRegistry &r, const std::string &name, double (*f)(double, double))
{
    add(r, name, "math", name + "(x, y)", "float64 " + name, [name, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 2, 2);
        checkNumber(name, args[0], 1);
        checkNumber(name, args[1], 2);
        DataTypePtr rt = makeType(TypeKind::Float64);
        return BoundFunction{rt, [rt, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(c[0], rt), y = castColumn(c[1], rt);
                                 return generate<double>(rt, rows, [&](size_t i) { return f(x->data<double>()[i], y->data<double>()[i]); });
                             }};
    });
}

enum class RoundMode { Round, Bankers, Floor, Ceil, Trunc };

double roundScaled(double v, RoundMode m)
{
    switch (m) {
    // ClickHouse rounds floats with the FPU's nearest mode: half to even for round() too
    // (round(2.5) = 2); decimals and integers round half away from zero (roundInteger).
    case RoundMode::Round:
    case RoundMode::Bankers: return std::nearbyint(v);
    case RoundMode::Floor: return std::floor(v);
    case RoundMode::Ceil: return std::ceil(v);
    default: return std::trunc(v);
    }
}

template <typename T>
T roundInteger(T v, int64_t scale, RoundMode m)
{
    // Integers only change for negative precision: round to a multiple of 10^-N.
    if (scale <= 1)
        return v;
    __extension__ using I = __int128;
    I x = v, s = scale, q = x / s, rem = x % s;
    I down = (rem < 0) ? (q - 1) * s : q * s;
    I up = down + s;
    switch (m) {
    case RoundMode::Floor: return static_cast<T>(down);
    case RoundMode::Ceil: return static_cast<T>(rem == 0 ? x : up);
    case RoundMode::Trunc: return static_cast<T>(q * s);
    case RoundMode::Round: { // half away from zero
        I d = x - down;
        return static_cast<T>(2 * d > s ? up : 2 * d < s ? down : (x > 0 ? up : down));
    }
    default: { I d = x - down; return static_cast<T>(2 * d > s ? up : 2 * d < s ? down : ((down / s) % 2 == 0 ? down : up)); }
    }
}

ColumnPtr execRound(const ColumnPtr &col, int64_t digits, RoundMode m)
{
    size_t rows = col->size();
    const DataTypePtr &t = col->type();
    auto out = makeFixedColumn(t, rows);
    if (t->isDecimal()) {
        // Rounds the stored integer at the decimal position scale - digits.
        int64_t drop = static_cast<int64_t>(t->scale) - digits;
        int64_t s = drop <= 0 ? 1 : static_cast<int64_t>(std::pow(10, static_cast<double>(drop)));
        dispatchNumeric(t->kind, [&]<typename T>() {
            if constexpr (sizeof(T) <= 8)
                for (size_t i = 0; i < rows; ++i)
                    out->data<T>()[i] = roundInteger<T>(col->data<T>()[i], s, m == RoundMode::Bankers ? RoundMode::Bankers : m);
        });
        return out;
    }
    dispatchNumeric(t->kind, [&]<typename T>() {
        if constexpr (sizeof(T) <= 8) {
            const T *v = col->data<T>();
            T *d = out->data<T>();
            if constexpr (std::is_floating_point_v<T>) {
                double p = std::pow(10.0, static_cast<double>(std::abs(digits)));
                for (size_t i = 0; i < rows; ++i)
                    d[i] = static_cast<T>(digits >= 0 ? roundScaled(v[i] * p, m) / p : roundScaled(v[i] / p, m) * p);
            } else {
                int64_t s = digits >= 0 ? 1 : static_cast<int64_t>(std::pow(10.0, static_cast<double>(-digits)));
                for (size_t i = 0; i < rows; ++i)
                    d[i] = digits <= -19 ? T(0) : roundInteger<T>(v[i], s, m);
            }
        }
    });
    return out;
}

void addRound(FunctionRegistry &r, const std::string &name, RoundMode m)
{
    add(r, name, "math", name + "(x[, N])", "rounds to N decimal places (negative N: to tens, hundreds...)", [name, m](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, 2);
        checkNumber(name, args[0], 1);
        int64_t digits = args.size() > 1 ? constInt(name, args[1]) : 0;
        DataTypePtr rt = args[0].type->kind == TypeKind::Bool ? makeType(TypeKind::UInt8) : args[0].type;
        return BoundFunction{rt, [digits, m, rt](const std::vector<ColumnPtr> &c, size_t) { return execRound(castColumn(c[0], rt), digits, m); }};
    });
}

// greatest/least: row-wise extreme over the common supertype.
void addExtreme(FunctionRegistry &r, const std::string &name, bool greatest)
{
    add(r, name, "math", name + "(a, b, ...)", greatest ? "the largest argument" : "the smallest argument", [name, greatest](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, SIZE_MAX);
        std::vector<DataTypePtr> types;
        for (const auto &a : args)
            types.push_back(a.type);
        DataTypePtr rt = leastSupertype(types);
        return BoundFunction{rt, [rt, greatest](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> cast;
                                 for (const auto &col : c)
                                     cast.push_back(castColumn(col, rt));
                                 std::vector<uint8_t> choice(rows, 0);
                                 for (size_t k = 1; k < cast.size(); ++k)
                                     for (size_t i = 0; i < rows; ++i) {
                                         int cmp = cast[k]->compareAt(i, *cast[choice[i]], i);
                                         if (greatest ? cmp > 0 : cmp < 0)
                                             choice[i] = static_cast<uint8_t>(k);
                                     }
                                 return selectRows(cast, choice, rows, rt);
                             }};
    });
}

void addConstant(FunctionRegistry &r, const std::string &name, double value)
{
    add(r, name, "math", name + "()", "the constant " + name, [name, value](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 0, 0);
        DataTypePtr rt = makeType(TypeKind::Float64);
        return BoundFunction{rt, [rt, value](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr { return makeFilled<double>(rt, rows, value); }};
    });
}

void addGcdLcm(FunctionRegistry &r, const std::string &name, bool isGcd)
{
    add(r, name, "math", name + "(a, b)", isGcd ? "greatest common divisor" : "least common multiple", [name, isGcd](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 2, 2);
        for (size_t i = 0; i < 2; ++i)
            if (!args[i].type || !isIntegerType(*args[i].type))
                illegalType(name, args[i].type, i + 1);
        // ClickHouse: the result type of a + b.
        DataTypePtr rt = FunctionRegistry::instance().resolve("plus", args, {}).returnType;
        return BoundFunction{rt, [rt, isGcd](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(c[0], makeType(TypeKind::Int64)), y = castColumn(c[1], makeType(TypeKind::Int64));
                                 auto out = generate<int64_t>(makeType(TypeKind::Int64), rows, [&](size_t i) {
                                     int64_t a = x->data<int64_t>()[i], b = y->data<int64_t>()[i];
                                     if (!isGcd && (a == 0 || b == 0))
                                         fail(ErrorCode::IllegalDivision, "Division by zero");
                                     return isGcd ? std::gcd(a, b) : std::lcm(a, b);
                                 });
                                 return castColumn(out, rt);
                             }};
    });
}

} // namespace

void registerMathFunctions(FunctionRegistry &registry)
{
    static const std::pair<const char *, UnaryFn> unary[] = {
        {"sqrt", [](double x) { return std::sqrt(x); }}, {"cbrt", [](double x) { return std::cbrt(x); }},
        {"exp", [](double x) { return std::exp(x); }}, {"exp2", [](double x) { return std::exp2(x); }},
        {"exp10", [](double x) { return std::pow(10.0, x); }}, {"log", [](double x) { return std::log(x); }},
        {"log2", [](double x) { return std::log2(x); }}, {"log10", [](double x) { return std::log10(x); }},
        {"log1p", [](double x) { return std::log1p(x); }}, {"sin", [](double x) { return std::sin(x); }},
        {"cos", [](double x) { return std::cos(x); }}, {"tan", [](double x) { return std::tan(x); }},
        {"asin", [](double x) { return std::asin(x); }}, {"acos", [](double x) { return std::acos(x); }},
        {"atan", [](double x) { return std::atan(x); }}, {"sinh", [](double x) { return std::sinh(x); }},
        {"cosh", [](double x) { return std::cosh(x); }}, {"tanh", [](double x) { return std::tanh(x); }},
        {"asinh", [](double x) { return std::asinh(x); }}, {"acosh", [](double x) { return std::acosh(x); }},
        {"atanh", [](double x) { return std::atanh(x); }}, {"erf", [](double x) { return std::erf(x); }},
        {"erfc", [](double x) { return std::erfc(x); }}, {"lgamma", [](double x) { return std::lgamma(x); }},
        {"tgamma", [](double x) { return std::tgamma(x); }}, {"degrees", [](double x) { return x * 180.0 / M_PI; }},
        {"radians", [](double x) { return x * M_PI / 180.0; }}};
    for (const auto &[n, f] : unary)
        addUnary(registry, n, f);
    registry.addAlias("ln", "log");
    addBinaryFloat(registry, "pow", [](double x, double y) { return std::pow(x, y); });
    registry.addAlias("power", "pow");
    addBinaryFloat(registry, "atan2", [](double x, double y) { return std::atan2(x, y); });
    addBinaryFloat(registry, "hypot", [](double x, double y) { return std::hypot(x, y); });
    addRound(registry, "round", RoundMode::Round);
    addRound(registry, "round_bankers", RoundMode::Bankers);
    addRound(registry, "floor", RoundMode::Floor);
    addRound(registry, "ceil", RoundMode::Ceil);
    registry.addAlias("ceiling", "ceil");
    addRound(registry, "trunc", RoundMode::Trunc);
    registry.addAlias("truncate", "trunc");
    addExtreme(registry, "greatest", true);
    addExtreme(registry, "least", false);
    addConstant(registry, "pi", M_PI);
    addConstant(registry, "e", M_E);
    addGcdLcm(registry, "gcd", true);
    addGcdLcm(registry, "lcm", false);
    add(registry, "sign", "math", "sign(x)", "-1, 0 or 1", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("sign", args, 1, 1);
        checkNumber("sign", args[0], 1);
        DataTypePtr rt = makeType(TypeKind::Int8);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(c[0], makeType(TypeKind::Float64));
                                 const double *v = x->data<double>();
                                 return generate<int8_t>(rt, rows, [&](size_t i) { return static_cast<int8_t>((v[i] > 0) - (v[i] < 0)); });
                             }};
    });
}

} // namespace tideline::engine
