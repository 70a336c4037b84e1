// Arrays (part 2): array_push_back/front, array_resize, array_zip, array_flatten, range,
// array_uniq, reverse, and the numeric reductions array_sum/avg/min/max/product,
// array_difference and array_cum_sum (without a lambda).
#include <cmath>
#include <unordered_set>

#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerArrayFunctions3(FunctionRegistry &registry);

namespace {

void addPush(FunctionRegistry &r)
{
    for (bool front : {false, true}) {
        std::string name = front ? "array_push_front" : "array_push_back";
        add(r, name, "array", name + "(arr, x)", "adds x to the array", [name, front](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 2);
            DataTypePtr elem = leastSupertype({arrayElementType(name, args[0], 1), args[1].type});
            DataTypePtr rt = makeArray(elem);
            return BoundFunction{rt, [rt, elem, front](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr a = castColumn(c[0], rt), x = castColumn(c[1], elem);
                                     auto out = Column::create(rt, rows);
                                     Column &e = *out->children[0];
                                     for (size_t i = 0; i < rows; ++i) {
                                         if (front)
                                             e.pushFrom(*x, i);
                                         e.pushRange(*a->children[0], a->arrayBegin(i), a->arrayEnd(i) - a->arrayBegin(i));
                                         if (!front)
                                             e.pushFrom(*x, i);
                                         out->offsets.push_back(e.size());
                                     }
                                     out->setSize(rows);
                                     return out;
                                 }};
        }, true);
    }
    add(r, "array_resize", "array", "array_resize(arr, n[, fill])", "truncates or pads the array", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_resize", args, 2, 3);
        DataTypePtr elem = arrayElementType("array_resize", args[0], 1);
        if (args.size() > 2)
            elem = leastSupertype({elem, args[2].type});
        DataTypePtr rt = makeArray(elem);
        return BoundFunction{rt, [rt, elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr a = castColumn(c[0], rt), n = castColumn(c[1], makeType(TypeKind::Int64));
                                 ColumnPtr fill = c.size() > 2 ? castColumn(c[2], elem) : nullptr;
                                 auto out = Column::create(rt, rows);
                                 Column &e = *out->children[0];
                                 for (size_t i = 0; i < rows; ++i) {
                                     int64_t len = static_cast<int64_t>(a->arrayEnd(i) - a->arrayBegin(i)), want = n->data<int64_t>()[i];
                                     // A negative size keeps the last |n| elements, as ClickHouse.
                                     int64_t target = std::abs(want), keep = std::min(len, target);
                                     uint64_t from = want >= 0 ? a->arrayBegin(i) : a->arrayEnd(i) - static_cast<uint64_t>(keep);
                                     auto padding = [&] {
                                         for (int64_t k = keep; k < target; ++k)
                                             fill ? e.pushFrom(*fill, i) : e.pushDefault();
                                     };
                                     if (want < 0)
                                         padding();
                                     e.pushRange(*a->children[0], from, static_cast<size_t>(keep));
                                     if (want >= 0)
                                         padding();
                                     out->offsets.push_back(e.size());
                                 }
                                 out->setSize(rows);
                                 return out;
                             }};
    });
}

void addZipFlatten(FunctionRegistry &r)
{
    add(r, "array_zip", "array", "array_zip(a, b, ...)", "array of tuples of same-index elements", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_zip", args, 1, SIZE_MAX);
        std::vector<DataTypePtr> elems;
        for (size_t i = 0; i < args.size(); ++i)
            elems.push_back(arrayElementType("array_zip", args[i], i + 1));
        DataTypePtr rt = makeArray(makeTuple(elems));
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 for (size_t k = 1; k < c.size(); ++k)
                                     for (size_t i = 0; i < rows; ++i)
                                         if (c[k]->arrayEnd(i) - c[k]->arrayBegin(i) != c[0]->arrayEnd(i) - c[0]->arrayBegin(i))
                                             fail(ErrorCode::SizesOfArraysDoesntMatch, "The argument 1 and argument " + std::to_string(k + 1) + " of function array_zip have different array sizes");
                                 auto out = Column::create(rt, rows);
                                 Column &tuple = *out->children[0];
                                 for (size_t i = 0; i < rows; ++i) {
                                     for (size_t k = 0; k < c.size(); ++k)
                                         tuple.children[k]->pushRange(*c[k]->children[0], c[k]->arrayBegin(i), c[k]->arrayEnd(i) - c[k]->arrayBegin(i));
                                     tuple.setSize(tuple.children[0]->size());
                                     out->offsets.push_back(tuple.size());
                                 }
                                 out->setSize(rows);
                                 return out;
                             }};
    });
    add(r, "array_flatten", "array", "array_flatten(arr)", "flattens nested arrays", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_flatten", args, 1, 1);
        DataTypePtr t = args[0].type;
        arrayElementType("array_flatten", args[0], 1);
        while (t->children[0]->kind == TypeKind::Array)
            t = t->children[0];
        DataTypePtr rt = t;
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr cur = c[0];
                                 std::vector<uint64_t> ends(cur->offsets.begin(), cur->offsets.begin() + static_cast<ptrdiff_t>(rows));
                                 // Compose offsets level by level: a row's end in the next level is the end of its last inner array.
                                 while (cur->children[0]->type()->kind == TypeKind::Array) {
                                     ColumnPtr inner = cur->children[0];
                                     for (auto &e : ends)
                                         e = e == 0 ? 0 : inner->offsets[e - 1];
                                     cur = inner;
                                 }
                                 return makeArrayColumn(cur->children[0], std::move(ends));
                             }};
    });
    r.addAlias("flatten", "array_flatten");
}

void addRange(FunctionRegistry &r)
{
    add(r, "range", "array", "range([start, ] end[, step])", "array of numbers from start to end-1", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("range", args, 1, 3);
        std::vector<DataTypePtr> types;
        for (size_t i = 0; i < args.size(); ++i) {
            if (!args[i].type || !isIntegerType(*args[i].type))
                illegalType("range", args[i].type, i + 1);
            types.push_back(args[i].type);
        }
        DataTypePtr elem = leastSupertype(types);
        DataTypePtr rt = makeArray(elem);
        return BoundFunction{rt, [elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> v;
                                 for (const auto &col : c)
                                     v.push_back(castColumn(col, makeType(TypeKind::Int64)));
                                 auto values = Column::create(makeType(TypeKind::Int64));
                                 std::vector<uint64_t> offsets;
                                 for (size_t i = 0; i < rows; ++i) {
                                     int64_t start = v.size() > 1 ? v[0]->data<int64_t>()[i] : 0;
                                     int64_t end = v.size() > 1 ? v[1]->data<int64_t>()[i] : v[0]->data<int64_t>()[i];
                                     int64_t step = v.size() > 2 ? v[2]->data<int64_t>()[i] : 1;
                                     if (step <= 0)
                                         fail(ErrorCode::BadArguments, "Step of function range must be positive");
                                     if (end - start > 100000000)
                                         fail(ErrorCode::ArgumentOutOfBound, "A call to function range would produce too many elements");
                                     for (int64_t x = start; x < end; x += step)
                                         values->push<int64_t>(x);
                                     offsets.push_back(values->size());
                                 }
                                 return makeArrayColumn(castColumn(values, elem), std::move(offsets));
                             }};
    });
}

void addUniqReverse(FunctionRegistry &r)
{
    add(r, "array_uniq", "array", "array_uniq(arr)", "number of distinct elements", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_uniq", args, 1, 1);
        arrayElementType("array_uniq", args[0], 1);
        DataTypePtr rt = makeType(TypeKind::UInt64);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr d = FunctionRegistry::instance().resolve("array_distinct", {FunctionArg{c[0]->type(), nullptr, nullptr}}, {}).exec(c, rows);
                                 return generate<uint64_t>(rt, rows, [&](size_t i) { return d->arrayEnd(i) - d->arrayBegin(i); });
                             }};
    });
    add(r, "reverse", "string", "reverse(s | arr)", "reversed string bytes or array", [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
        checkArgCount("reverse", args, 1, 1);
        if (args[0].type && args[0].type->kind == TypeKind::Array)
            return FunctionRegistry::instance().resolve("array_reverse", args, ctx);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType("reverse", args[0].type, 1);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], rt);
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     auto v = s->stringAt(i);
                                     out->pushString(std::string(v.rbegin(), v.rend()));
                                 }
                                 return out;
                             }};
    });
}

enum class Reduce { Sum, Avg, Min, Max, Product };

DataTypePtr reduceType(Reduce op, const DataTypePtr &elem)
{
    DataTypePtr e = removeNullable(elem);
    if (e->isDecimal() && op != Reduce::Avg && op != Reduce::Product)
        return e;
    switch (op) {
    case Reduce::Avg: case Reduce::Product: return makeType(TypeKind::Float64);
    case Reduce::Min: case Reduce::Max: return e;
    default:
        if (e->isFloat())
            return makeType(TypeKind::Float64);
        return makeType(e->isUnsignedInteger() || e->kind == TypeKind::Bool ? TypeKind::UInt64 : TypeKind::Int64);
    }
}

template <typename T>
ColumnPtr reduceRows(Reduce op, const Column &arr, const Column &values, const DataTypePtr &rt, size_t rows)
{
    auto out = makeFixedColumn(rt, rows);
    const T *v = values.data<T>();
    for (size_t i = 0; i < rows; ++i) {
        uint64_t b = arr.arrayBegin(i), e = arr.arrayEnd(i);
        T acc = op == Reduce::Product ? T(1) : (b < e && (op == Reduce::Min || op == Reduce::Max) ? v[b] : T(0));
        for (uint64_t k = b; k < e; ++k) {
            switch (op) {
            case Reduce::Sum: case Reduce::Avg: acc = static_cast<T>(acc + v[k]); break;
            case Reduce::Product: acc = static_cast<T>(acc * v[k]); break;
            case Reduce::Min: acc = v[k] < acc ? v[k] : acc; break;
            case Reduce::Max: acc = v[k] > acc ? v[k] : acc; break;
            }
        }
        if (op == Reduce::Avg)
            acc = b < e ? static_cast<T>(acc / static_cast<T>(e - b)) : T(NAN);
        out->data<T>()[i] = acc;
    }
    return out;
}

void addReductions(FunctionRegistry &r)
{
    struct R { const char *name; Reduce op; };
    for (R x : {R{"array_sum", Reduce::Sum}, R{"array_avg", Reduce::Avg}, R{"array_min", Reduce::Min}, R{"array_max", Reduce::Max}, R{"array_product", Reduce::Product}}) {
        std::string name = x.name;
        Reduce op = x.op;
        add(r, name, "array", name + "(arr)", name, [name, op](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
            checkArgCount(name, args, 1, 2);
            if (args.size() == 2) { // name(f, arr) = name(array_map(f, arr))
                BoundFunction map = FunctionRegistry::instance().resolve("array_map", args, ctx);
                BoundFunction red = FunctionRegistry::instance().resolve(name, {FunctionArg{map.returnType, nullptr, nullptr}}, ctx);
                return {red.returnType, [map, red](const std::vector<ColumnPtr> &c, size_t rows) { return red.exec({map.exec(c, rows)}, rows); }};
            }
            DataTypePtr elem = arrayElementType(name, args[0], 1);
            DataTypePtr inner = removeNullable(elem);
            bool minmax = op == Reduce::Min || op == Reduce::Max;
            if (!(isNumberType(*inner) || inner->isDecimal() || (minmax && (inner->isDateOrTime() || inner->isStringLike()))) || inner->valueSize() > 8)
                illegalType(name, args[0].type, 1);
            DataTypePtr rt = reduceType(op, elem);
            return {rt, [op, rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                        const Column &a = *c[0];
                        ColumnPtr values = castColumn(a.children[0], rt);
                        if (rt->valueSize() == 0) { // strings: min/max by comparison
                            auto out = Column::create(rt, rows);
                            for (size_t i = 0; i < rows; ++i) {
                                uint64_t best = a.arrayBegin(i);
                                for (uint64_t k = best; k < a.arrayEnd(i); ++k)
                                    if ((values->compareAt(k, *values, best) < 0) == (op == Reduce::Min) && values->compareAt(k, *values, best) != 0)
                                        best = k;
                                best < a.arrayEnd(i) ? out->pushFrom(*values, best) : out->pushDefault();
                            }
                            return out;
                        }
                        ColumnPtr result;
                        dispatchNumeric(rt->kind, [&]<typename T>() {
                            if constexpr (sizeof(T) <= 8)
                                result = reduceRows<T>(op, a, *values, rt, rows);
                        });
                        return result;
                    }};
        });
    }
}

} // namespace

void registerArrayFunctions2(FunctionRegistry &registry)
{
    addPush(registry);
    addZipFlatten(registry);
    addRange(registry);
    addUniqReverse(registry);
    addReductions(registry);
    registerArrayFunctions3(registry);
}

} // namespace tideline::engine
