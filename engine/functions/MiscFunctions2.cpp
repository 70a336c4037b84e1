// Misc (part 2): is_ipv6_string, is_nan / is_infinite / is_finite, round_down,
// reinterpret_as_string and to_low_cardinality.
#include <algorithm>
#include <cmath>

#include "engine/formats/ValueParser.h"
#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

void addIpv6Check(FunctionRegistry &r)
{
    add(r, "is_ipv6_string", "ip", "is_ipv6_string(s)", "1 for a valid IPv6 address", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("is_ipv6_string", args, 1, 1);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType("is_ipv6_string", args[0].type, 1);
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                 return generate<uint8_t>(rt, rows, [&](size_t i) -> uint8_t {
                                     std::string_view v = s->stringAt(i);
                                     UInt128 ip = 0;
                                     // parseIPv6Text also takes a bare IPv4, which is not an IPv6 string.
                                     return v.find(':') != std::string_view::npos && parseIPv6Text(v, ip);
                                 });
                             }};
    });
}

// is_nan / is_infinite / is_finite: uint8; integers and decimals are never nan or infinite.
void addFloatChecks(FunctionRegistry &r)
{
    enum class Check { Nan, Infinite, Finite };
    struct C { const char *name; Check check; const char *doc; };
    for (C x : {C{"is_nan", Check::Nan, "1 for NaN"}, C{"is_infinite", Check::Infinite, "1 for inf or -inf"}, C{"is_finite", Check::Finite, "1 unless inf, -inf or NaN"}}) {
        std::string name = x.name;
        Check check = x.check;
        add(r, name, "math", name + "(x)", x.doc, [name, check](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            if (!args[0].type || !(isNumberType(*args[0].type) || args[0].type->isDecimal()))
                illegalType(name, args[0].type, 1);
            bool isFloat = args[0].type->isFloat();
            DataTypePtr rt = makeType(TypeKind::UInt8);
            return BoundFunction{rt, [rt, check, isFloat](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     if (!isFloat)
                                         return makeFilled<uint8_t>(rt, rows, check == Check::Finite ? 1 : 0);
                                     ColumnPtr v = castColumn(c[0], makeType(TypeKind::Float64));
                                     const double *d = v->data<double>();
                                     return generate<uint8_t>(rt, rows, [&](size_t i) -> uint8_t {
                                         switch (check) {
                                         case Check::Nan: return std::isnan(d[i]);
                                         case Check::Infinite: return std::isinf(d[i]);
                                         default: return std::isfinite(d[i]);
                                         }
                                     });
                                 }};
        });
    }
}

// round_down(x, [b1, b2, ...]): the largest boundary <= x, the smallest boundary when x is
// below all of them. ClickHouse: the array is a constant of numbers, the result type is the
// least supertype of x and the elements.
void addRoundDown(FunctionRegistry &r)
{
    add(r, "round_down", "math", "round_down(x, arr)", "rounds x down to an element of the constant array arr", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("round_down", args, 2, 2);
        if (!args[0].type || !(isNumberType(*args[0].type) || args[0].type->isDecimal()))
            illegalType("round_down", args[0].type, 1);
        if (!args[1].type || args[1].type->kind != TypeKind::Array)
            illegalType("round_down", args[1].type, 2);
        DataTypePtr elem = args[1].type->children[0];
        if (!(isNumberType(*elem) || elem->isDecimal()))
            illegalType("round_down", args[1].type, 2);
        if (!args[1].constant)
            fail(ErrorCode::IllegalColumn, "The second argument of function round_down must be a constant array");
        DataTypePtr rt = leastSupertype({args[0].type, elem});
        // The boundaries, sorted, in the result type.
        const Column &arr = *args[1].constant;
        ColumnPtr bounds = castColumn(arr.children[0]->slice(arr.arrayBegin(0), arr.arrayEnd(0) - arr.arrayBegin(0)), rt);
        std::vector<uint32_t> order(bounds->size());
        for (uint32_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return bounds->compareAt(a, *bounds, b) < 0; });
        ColumnPtr sorted = bounds->gather(order);
        return BoundFunction{rt, [rt, sorted](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr x = castColumn(c[0], rt);
                                 size_t n = sorted->size();
                                 if (n == 0)
                                     return x;
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     // First boundary greater than x; the answer is the one before it.
                                     size_t lo = 0, hi = n;
                                     while (lo < hi) {
                                         size_t mid = (lo + hi) / 2;
                                         if (sorted->compareAt(mid, *x, i) <= 0)
                                             lo = mid + 1;
                                         else
                                             hi = mid;
                                     }
                                     out->pushFrom(*sorted, lo == 0 ? 0 : lo - 1);
                                 }
                                 return out;
                             }};
    });
}

// reinterpret_as_string(x): the value's little-endian bytes with trailing zero bytes dropped.
void addReinterpret(FunctionRegistry &r)
{
    add(r, "reinterpret_as_string", "conversion", "reinterpret_as_string(x)", "the bytes of x as a string", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("reinterpret_as_string", args, 1, 1);
        const DataTypePtr &t = args[0].type;
        bool fixed = t && (isNumberType(*t) || t->isDecimal() || isDateLike(*t) || t->kind == TypeKind::UUID
                           || t->kind == TypeKind::IPv4 || t->kind == TypeKind::IPv6 || t->kind == TypeKind::FixedString);
        if (!t || !(fixed || t->kind == TypeKind::String))
            illegalType("reinterpret_as_string", t, 1);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &x = *c[0];
                                 if (x.type()->kind == TypeKind::String)
                                     return c[0];
                                 size_t w = x.type()->kind == TypeKind::FixedString ? x.type()->fixedSize : x.type()->valueSize();
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     const char *p = reinterpret_cast<const char *>(x.fixed.data()) + i * w;
                                     size_t n = w;
                                     while (n > 0 && p[n - 1] == 0)
                                         --n;
                                     out->pushString(std::string_view(p, n));
                                 }
                                 return out;
                             }};
    });
}

// to_low_cardinality(x): the same values; the type only gains the low_cardinality marker.
void addLowCardinality(FunctionRegistry &r)
{
    add(r, "to_low_cardinality", "conversion", "to_low_cardinality(x)", "x as low_cardinality(type)", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("to_low_cardinality", args, 1, 1);
        if (!args[0].type)
            illegalType("to_low_cardinality", args[0].type, 1);
        if (args[0].type->lowCardinality)
            return BoundFunction{args[0].type, [](const std::vector<ColumnPtr> &c, size_t) { return c[0]; }};
        auto rt = std::make_shared<DataType>(*args[0].type);
        rt->lowCardinality = true;
        DataTypePtr type = rt;
        return BoundFunction{type, [type](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 auto out = Column::create(type, rows);
                                 out->pushRange(*c[0], 0, rows);
                                 return out;
                             }};
    }, true);
}

} // namespace

void registerMiscFunctions2(FunctionRegistry &registry)
{
    addIpv6Check(registry);
    addFloatChecks(registry);
    addRoundDown(registry);
    addReinterpret(registry);
    addLowCardinality(registry);
}

} // namespace tideline::engine
