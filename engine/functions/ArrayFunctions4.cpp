// Arrays (part 4): array_cum_sum and array_difference (optionally over a lambda), array_fold,
// and array_sort / array_reverse_sort with a key lambda (the plain forms are in part 1).
#include <algorithm>

#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

// Running sums or adjacent differences per row, in the result type.
ColumnPtr scanRows(bool difference, const Column &arr, const ColumnPtr &elems, const DataTypePtr &elemRt, size_t rows)
{
    ColumnPtr v = castColumn(elems, elemRt);
    auto out = makeFixedColumn(elemRt, v->size());
    dispatchNumeric(elemRt->kind, [&]<typename T>() {
        if constexpr (sizeof(T) <= 8) {
            const T *x = v->data<T>();
            T *d = out->data<T>();
            for (size_t i = 0; i < rows; ++i) {
                T acc = 0;
                for (uint64_t k = arr.arrayBegin(i); k < arr.arrayEnd(i); ++k) {
                    if (difference) {
                        d[k] = k == arr.arrayBegin(i) ? T(0) : static_cast<T>(x[k] - x[k - 1]);
                    } else {
                        acc = static_cast<T>(acc + x[k]);
                        d[k] = acc;
                    }
                }
            }
        }
    });
    return makeArrayColumn(out, std::vector<uint64_t>(arr.offsets.begin(), arr.offsets.begin() + static_cast<ptrdiff_t>(rows)));
}

void addScans(FunctionRegistry &r)
{
    for (bool difference : {false, true}) {
        std::string name = difference ? "array_difference" : "array_cum_sum";
        add(r, name, "array", name + "([f, ] arr)", difference ? "differences of adjacent elements" : "running sums", [name, difference](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
            checkArgCount(name, args, 1, 2);
            if (args[0].lambda) { // name(f, arr) = name(array_map(f, arr))
                BoundFunction map = FunctionRegistry::instance().resolve("array_map", args, ctx);
                BoundFunction inner = FunctionRegistry::instance().resolve(name, {FunctionArg{map.returnType, nullptr, nullptr}}, ctx);
                return {inner.returnType, [map, inner](const std::vector<ColumnPtr> &c, size_t rows) { return inner.exec({map.exec(c, rows)}, rows); }};
            }
            DataTypePtr elem = arrayElementType(name, args[0], 1);
            if (!isNumberType(*elem) || elem->valueSize() > 8)
                illegalType(name, args[0].type, 1);
            // ClickHouse: cum_sum widens to 64 bits; difference uses the subtraction result type.
            DataTypePtr rt = difference ? FunctionRegistry::instance().resolve("minus", {FunctionArg{elem, nullptr, nullptr}, FunctionArg{elem, nullptr, nullptr}}, ctx).returnType
                : elem->isFloat() ? makeType(TypeKind::Float64) : makeType(elem->isSignedInteger() ? TypeKind::Int64 : TypeKind::UInt64);
            return {makeArray(rt), [rt, difference](const std::vector<ColumnPtr> &c, size_t rows) { return scanRows(difference, *c[0], c[0]->children[0], rt, rows); }};
        });
    }
}

// array_fold(acc, x... -> expr, arr..., init): evaluated step by step over the rows that still
// have elements, so each step is one vectorised lambda call.
void addFold(FunctionRegistry &r)
{
    add(r, "array_fold", "array", "array_fold((acc, x) -> expr, arr, ..., init)", "left fold", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_fold", args, 3, SIZE_MAX);
        if (!args[0].lambda)
            fail(ErrorCode::IllegalTypeOfArgument, "First argument of function array_fold must be a lambda");
        size_t arrays = args.size() - 2;
        DataTypePtr accType = args.back().type;
        std::vector<DataTypePtr> params{accType};
        for (size_t i = 1; i <= arrays; ++i)
            params.push_back(arrayElementType("array_fold", args[i], i + 1));
        auto exec = args[0].lambda->bind(params).second; // a named copy: clang 14 cannot capture a structured binding
        return BoundFunction{accType, [exec, arrays, accType](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr acc = castColumn(c.back(), accType);
                                 for (size_t step = 0;; ++step) {
                                     std::vector<uint32_t> active, elemIdx;
                                     for (size_t i = 0; i < rows; ++i)
                                         if (c[1]->arrayEnd(i) - c[1]->arrayBegin(i) > step)
                                             active.push_back(static_cast<uint32_t>(i));
                                     if (active.empty())
                                         return acc;
                                     std::vector<ColumnPtr> params{acc->gather(active)};
                                     for (size_t k = 1; k <= arrays; ++k) {
                                         elemIdx.clear();
                                         for (uint32_t i : active)
                                             elemIdx.push_back(static_cast<uint32_t>(c[k]->arrayBegin(i) + step));
                                         params.push_back(c[k]->children[0]->gather(elemIdx));
                                     }
                                     ColumnPtr next = castColumn(exec(params, active), accType);
                                     // Scatter the new accumulators back into their rows.
                                     auto full = Column::create(accType, rows);
                                     size_t j = 0;
                                     for (size_t i = 0; i < rows; ++i) {
                                         if (j < active.size() && active[j] == i)
                                             full->pushFrom(*next, j++);
                                         else
                                             full->pushFrom(*acc, i);
                                     }
                                     acc = full;
                                 }
                             }};
    });
}

void addLambdaSort(FunctionRegistry &r)
{
    for (bool reverse : {false, true}) {
        std::string name = reverse ? "array_reverse_sort" : "array_sort";
        const FunctionInfo *plain = r.find(name);
        FunctionResolver plainResolve = plain ? plain->resolve : FunctionResolver();
        add(r, name, "array", name + "([f, ] arr)", "sorted array (by f(x) when a lambda is given)", [name, reverse, plainResolve](const std::vector<FunctionArg> &args, const FunctionContext &ctx) -> BoundFunction {
            if (!args.empty() && !args[0].lambda && plainResolve)
                return plainResolve(args, ctx);
            checkArgCount(name, args, 2, SIZE_MAX);
            arrayElementType(name, args[1], 2);
            BoundFunction map = FunctionRegistry::instance().resolve("array_map", args, ctx);
            return {args[1].type, [map, reverse](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                        ColumnPtr keys = map.exec(c, rows);
                        const Column &arr = *c[1], &k = *keys->children[0];
                        std::vector<uint32_t> picks;
                        std::vector<uint64_t> offsets;
                        for (size_t i = 0; i < rows; ++i) {
                            size_t base = picks.size();
                            for (uint64_t e = arr.arrayBegin(i); e < arr.arrayEnd(i); ++e)
                                picks.push_back(static_cast<uint32_t>(e));
                            std::stable_sort(picks.begin() + static_cast<ptrdiff_t>(base), picks.end(), [&](uint32_t x, uint32_t y) {
                                int cmp = k.compareAt(x, k, y);
                                return reverse ? cmp > 0 : cmp < 0;
                            });
                            offsets.push_back(picks.size());
                        }
                        return gatherArray(*arr.children[0], picks, std::move(offsets));
                    }};
        });
    }
}

} // namespace

void registerArrayFunctions5(FunctionRegistry &registry);

void registerArrayFunctions4(FunctionRegistry &registry)
{
    addScans(registry);
    addFold(registry);
    addLambdaSort(registry);
    registerArrayFunctions5(registry);
}

} // namespace tideline::engine
