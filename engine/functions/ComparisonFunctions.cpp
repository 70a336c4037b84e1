// equals ... greater_or_equals, between/not_between, in/not_in over a constant set.
// Results are `bool` (Proton's comparison result type; ClickHouse itself returns uint8).
// Numbers compare exactly across signed/unsigned types; a string operand compared with a
// typed operand (date, number, enum) is parsed into that type first.
#include <functional>
#include <unordered_map>
#include <utility>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/WideArithmetic.h"

namespace tideline::engine {

using namespace fn;

namespace {

enum class Cmp { Eq, Ne, Lt, Gt, Le, Ge };

const char *cmpName(Cmp c)
{
    static const char *n[] = {"equals", "not_equals", "less", "greater", "less_or_equals", "greater_or_equals"};
    return n[static_cast<int>(c)];
}

template <typename A, typename B>
bool lessThan(A a, B b)
{
    if constexpr (std::is_integral_v<A> && std::is_integral_v<B>)
        return std::cmp_less(a, b);
    else
        return a < b;
}

template <typename A, typename B>
bool equalTo(A a, B b)
{
    if constexpr (std::is_integral_v<A> && std::is_integral_v<B>)
        return std::cmp_equal(a, b);
    else
        return a == b;
}

bool holds(Cmp op, int c)
{
    switch (op) {
    case Cmp::Eq: return c == 0;
    case Cmp::Ne: return c != 0;
    case Cmp::Lt: return c < 0;
    case Cmp::Gt: return c > 0;
    case Cmp::Le: return c <= 0;
    default: return c >= 0;
    }
}

template <typename A, typename B, typename OpF>
void kernel(const A *x, const B *y, uint8_t *d, size_t rows, OpF op)
{
    for (size_t i = 0; i < rows; ++i)
        d[i] = op(x[i], y[i]);
}

// IEEE semantics for NaN: every comparison but not_equals is false.
template <typename A, typename B>
void runOp(Cmp op, const A *x, const B *y, uint8_t *d, size_t rows)
{
    switch (op) {
    case Cmp::Eq: kernel(x, y, d, rows, [](A a, B b) { return equalTo(a, b); }); break;
    case Cmp::Ne: kernel(x, y, d, rows, [](A a, B b) { return !equalTo(a, b); }); break;
    case Cmp::Lt: kernel(x, y, d, rows, [](A a, B b) { return lessThan(a, b); }); break;
    case Cmp::Gt: kernel(x, y, d, rows, [](A a, B b) { return lessThan(b, a); }); break;
    case Cmp::Le: kernel(x, y, d, rows, [](A a, B b) { return lessThan(a, b) || equalTo(a, b); }); break;
    case Cmp::Ge: kernel(x, y, d, rows, [](A a, B b) { return lessThan(b, a) || equalTo(a, b); }); break;
    }
}

// Numbers are widened to int64, uint64 or float64 first, so only a few kernels exist.
DataTypePtr wideOf(const DataType &t)
{
    if (t.isFloat())
        return makeType(TypeKind::Float64);
    return makeType(t.isUnsignedInteger() || t.kind == TypeKind::Bool ? TypeKind::UInt64 : TypeKind::Int64);
}

ColumnPtr compareNumbers(Cmp op, const ColumnPtr &a, const ColumnPtr &b, size_t rows)
{
    DataTypePtr wa = wideOf(*a->type()), wb = wideOf(*b->type());
    if (wa->isFloat() != wb->isFloat())
        wa = wb = makeType(TypeKind::Float64);
    ColumnPtr ca = castColumn(a, wa), cb = castColumn(b, wb);
    auto out = makeFixedColumn(makeType(TypeKind::Bool), rows);
    uint8_t *d = out->data<uint8_t>();
    dispatchNumeric(wa->kind, [&]<typename A>() {
        dispatchNumeric(wb->kind, [&]<typename B>() {
            if constexpr (sizeof(A) == 8 && sizeof(B) == 8 && std::is_floating_point_v<A> == std::is_floating_point_v<B>)
                runOp(op, ca->data<A>(), cb->data<B>(), d, rows);
        });
    });
    return out;
}

ColumnPtr compareGeneric(Cmp op, const ColumnPtr &a, const ColumnPtr &b, size_t rows)
{
    auto out = makeFixedColumn(makeType(TypeKind::Bool), rows);
    uint8_t *d = out->data<uint8_t>();
    if (a->type()->kind == TypeKind::String) {
        for (size_t i = 0; i < rows; ++i) {
            int c = a->stringAt(i).compare(b->stringAt(i));
            d[i] = holds(op, c);
        }
        return out;
    }
    for (size_t i = 0; i < rows; ++i)
        d[i] = holds(op, a->compareAt(i, *b, i));
    return out;
}

bool plainNumber(const DataType &t) { return isNumberType(t) && t.valueSize() <= 8; }

// The common type both operands are converted to before a non-numeric comparison.
DataTypePtr comparisonType(const FunctionArg &a, const FunctionArg &b, const std::string &name)
{
    const DataTypePtr &ta = a.type, &tb = b.type;
    if (ta->isStringLike() && !tb->isStringLike())
        return tb;
    if (tb->isStringLike() && !ta->isStringLike())
        return ta;
    try {
        return leastSupertype({ta, tb});
    } catch (const EngineError &) {
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal types of arguments (" + ta->name() + ", " + tb->name() + ") of function " + name);
    }
}

ColumnPtr toComparable(const ColumnPtr &c, const DataTypePtr &target)
{
    if (c->type()->isStringLike() && !target->isStringLike())
        return parseStrings(castColumn(c, makeType(TypeKind::String)), target);
    return castColumn(c, target);
}

BoundFunction resolveCompare(Cmp op, const std::vector<FunctionArg> &args)
{
    const char *name = cmpName(op);
    checkArgCount(name, args, 2, 2);
    if (!args[0].type || !args[1].type)
        illegalType(name, nullptr);
    DataTypePtr rt = makeType(TypeKind::Bool);
    if (plainNumber(*args[0].type) && plainNumber(*args[1].type))
        return {rt, [op](const std::vector<ColumnPtr> &c, size_t rows) { return compareNumbers(op, c[0], c[1], rows); }};
    auto wideOperand = [](const DataType &t) { return isAnyIntegerType(t) || t.isFloat(); };
    if ((isWideInteger(*args[0].type) || isWideInteger(*args[1].type)) && wideOperand(*args[0].type) && wideOperand(*args[1].type))
        return {rt, [op](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                    std::vector<int8_t> order = compareWideRows(c[0], c[1], rows);
                    auto out = makeFixedColumn(makeType(TypeKind::Bool), rows);
                    for (size_t i = 0; i < rows; ++i) // unordered (NaN): only not_equals holds
                        out->data<uint8_t>()[i] = order[i] == 2 ? op == Cmp::Ne : holds(op, order[i]);
                    return out;
                }};
    // Decimals against floats compare as float64 (no common supertype exists).
    if ((args[0].type->isDecimal() && args[1].type->isFloat()) || (args[0].type->isFloat() && args[1].type->isDecimal())) {
        DataTypePtr f = makeType(TypeKind::Float64);
        return {rt, [op, f](const std::vector<ColumnPtr> &c, size_t rows) { return compareNumbers(op, castColumn(c[0], f), castColumn(c[1], f), rows); }};
    }
    DataTypePtr common = comparisonType(args[0], args[1], name);
    bool numeric = plainNumber(*common) || common->isDateOrTime() || common->isDecimal() || common->isEnum();
    if (common->kind == TypeKind::FixedString)
        common = makeType(TypeKind::String);
    return {rt, [op, common, numeric](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                ColumnPtr x = toComparable(c[0], common), y = toComparable(c[1], common);
                if (numeric && !common->isNullable() && common->valueSize() <= 8 && !common->isDecimal())
                    return compareNumbers(op, x, y, rows);
                return compareGeneric(op, x, y, rows);
            }};
}

ColumnPtr andColumns(const ColumnPtr &a, const ColumnPtr &b, bool negate)
{
    auto out = makeFixedColumn(makeType(TypeKind::Bool), a->size());
    for (size_t i = 0; i < a->size(); ++i)
        out->data<uint8_t>()[i] = (a->data<uint8_t>()[i] && b->data<uint8_t>()[i]) != negate;
    return out;
}

BoundFunction resolveBetween(const std::vector<FunctionArg> &args, bool negate)
{
    const char *name = negate ? "not_between" : "between";
    checkArgCount(name, args, 3, 3);
    BoundFunction lo = resolveCompare(Cmp::Ge, {args[0], args[1]}), hi = resolveCompare(Cmp::Le, {args[0], args[2]});
    return {makeType(TypeKind::Bool), [lo, hi, negate](const std::vector<ColumnPtr> &c, size_t rows) {
                return andColumns(lo.exec({c[0], c[1]}, rows), hi.exec({c[0], c[2]}, rows), negate);
            }};
}

// in / not_in: the right side is a constant tuple, array or single value.
BoundFunction resolveIn(const std::vector<FunctionArg> &args, bool negate)
{
    const char *name = negate ? "not_in" : "in";
    checkArgCount(name, args, 2, 2);
    const FunctionArg &set = args[1];
    if (!set.constant || !set.type)
        fail(ErrorCode::IllegalColumn, std::string("Second argument of function ") + name + " must be a constant set");
    std::vector<ColumnPtr> elems;
    if (set.type->kind == TypeKind::Tuple && args[0].type->kind != TypeKind::Tuple) {
        for (const auto &child : set.constant->children)
            elems.push_back(child);
    } else if (set.type->kind == TypeKind::Array && args[0].type->kind != TypeKind::Array) {
        const Column &arr = *set.constant;
        for (uint64_t k = arr.arrayBegin(0); k < arr.arrayEnd(0); ++k)
            elems.push_back(arr.children[0]->slice(k, 1));
    } else {
        elems.push_back(set.constant);
    }
    DataTypePtr xt = args[0].type;
    // Each set element is converted to the left operand's type; unconvertible ones never match.
    auto setCol = Column::create(xt);
    for (const auto &e : elems) {
        try {
            if (e->type()->isNullable() ? e->isNullAt(0) : e->type()->isNothing())
                continue;
            setCol->pushFrom(*toComparable(e, xt), 0);
        } catch (const EngineError &) {
        }
    }
    std::unordered_multimap<uint64_t, size_t> index;
    for (size_t i = 0; i < setCol->size(); ++i)
        index.emplace(setCol->hashAt(i), i);
    ColumnPtr values = setCol;
    return {makeType(TypeKind::Bool), [values, index, negate](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                auto out = makeFixedColumn(makeType(TypeKind::Bool), rows);
                for (size_t i = 0; i < rows; ++i) {
                    bool found = false;
                    auto [b, e] = index.equal_range(c[0]->hashAt(i));
                    for (auto it = b; it != e && !found; ++it)
                        found = c[0]->equalAt(i, *values, it->second);
                    out->data<uint8_t>()[i] = found != negate;
                }
                return out;
            }};
}

} // namespace

void registerComparisonFunctions(FunctionRegistry &registry)
{
    for (Cmp op : {Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Gt, Cmp::Le, Cmp::Ge}) {
        std::string name = cmpName(op);
        add(registry, name, "comparison", name + "(a, b)", "comparison; result is bool",
            [op](const std::vector<FunctionArg> &args, const FunctionContext &) { return resolveCompare(op, args); });
    }
    registry.addAlias("not_equal", "not_equals");
    for (bool neg : {false, true}) {
        add(registry, neg ? "not_between" : "between", "comparison", "between(x, low, high)", "low <= x <= high",
            [neg](const std::vector<FunctionArg> &args, const FunctionContext &) { return resolveBetween(args, neg); });
        add(registry, neg ? "not_in" : "in", "comparison", "in(x, (v1, v2, ...))", "membership in a constant set",
            [neg](const std::vector<FunctionArg> &args, const FunctionContext &) { return resolveIn(args, neg); });
    }
}

} // namespace tideline::engine
