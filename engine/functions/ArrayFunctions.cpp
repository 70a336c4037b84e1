// Arrays (part 1): array(...), array_element (arrays and maps), has, index_of, array_concat,
// array_slice, array_sort/array_reverse_sort, array_distinct, array_uniq, array_reverse/reverse,
// array_pop/push, array_resize, array_compact, array_zip, range. Aggregating and lambda
// functions are in ArrayFunctions2.cpp.
#include <algorithm>
#include <unordered_map>

#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerArrayFunctions2(FunctionRegistry &registry);

namespace {

void addConstructor(FunctionRegistry &r)
{
    add(r, "array", "array", "array(x, ...)", "an array of the arguments' common supertype", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        std::vector<DataTypePtr> types;
        for (const auto &a : args)
            types.push_back(a.type);
        DataTypePtr elem = types.empty() ? makeType(TypeKind::Nothing) : leastSupertype(types);
        DataTypePtr rt = makeArray(elem);
        return BoundFunction{rt, [rt, elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> cast;
                                 for (const auto &col : c)
                                     cast.push_back(castColumn(col, elem));
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     for (const auto &col : cast)
                                         out->children[0]->pushFrom(*col, i);
                                     out->offsets.push_back(out->children[0]->size());
                                 }
                                 out->setSize(rows);
                                 return out;
                             }};
    }, true);
}

// arr[i] (1-based, negative from the end, out of range = default) and map[key].
void addElement(FunctionRegistry &r)
{
    add(r, "array_element", "array", "array_element(arr, i) | array_element(map, key)", "element access", [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
        checkArgCount("array_element", args, 2, 2);
        const DataTypePtr &t = args[0].type;
        if (t && t->kind == TypeKind::Map) {
            BoundFunction eq = FunctionRegistry::instance().resolve("equals", {FunctionArg{t->children[0], nullptr, nullptr}, args[1]}, ctx);
            DataTypePtr rt = t->children[1];
            return BoundFunction{rt, [eq](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     const Column &m = *c[0];
                                     std::vector<uint32_t> owner;
                                     for (size_t i = 0; i < rows; ++i)
                                         for (uint64_t k = m.arrayBegin(i); k < m.arrayEnd(i); ++k)
                                             owner.push_back(static_cast<uint32_t>(i));
                                     ColumnPtr keys = m.children[0]->slice(0, owner.size());
                                     ColumnPtr hit = eq.exec({keys, c[1]->gather(owner)}, owner.size());
                                     auto out = Column::create(m.children[1]->type(), rows);
                                     for (size_t i = 0; i < rows; ++i) {
                                         uint64_t found = UINT64_MAX;
                                         for (uint64_t k = m.arrayBegin(i); k < m.arrayEnd(i) && found == UINT64_MAX; ++k)
                                             if (!hit->isNullAt(k) && (hit->type()->isNullable() ? hit->children[0] : hit)->data<uint8_t>()[k])
                                                 found = k;
                                         if (found == UINT64_MAX)
                                             out->pushDefault();
                                         else
                                             out->pushFrom(*m.children[1], found);
                                     }
                                     return out;
                                 }};
        }
        DataTypePtr elem = arrayElementType("array_element", args[0], 1);
        if (!args[1].type || !isIntegerType(*args[1].type))
            illegalType("array_element", args[1].type, 2);
        return BoundFunction{elem, [elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &a = *c[0];
                                 ColumnPtr idx = castColumn(c[1], makeType(TypeKind::Int64));
                                 auto out = Column::create(elem, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     int64_t n = static_cast<int64_t>(a.arrayEnd(i) - a.arrayBegin(i)), k = idx->data<int64_t>()[i];
                                     int64_t pos = k > 0 ? k - 1 : n + k;
                                     if (k == 0 || pos < 0 || pos >= n)
                                         out->pushDefault();
                                     else
                                         out->pushFrom(*a.children[0], a.arrayBegin(i) + static_cast<uint64_t>(pos));
                                 }
                                 return out;
                             }};
    });
}

// has / index_of: the needle is converted to the element type, then compared with equalAt.
void addSearch(FunctionRegistry &r)
{
    for (bool index : {false, true}) {
        std::string name = index ? "index_of" : "has";
        add(r, name, "array", name + "(arr, x)", index ? "1-based index of x, 0 if absent" : "1 when arr contains x", [name, index](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 2);
            DataTypePtr elem = arrayElementType(name, args[0], 1);
            DataTypePtr common = leastSupertype({elem, args[1].type});
            DataTypePtr rt = makeType(index ? TypeKind::UInt64 : TypeKind::UInt8);
            return BoundFunction{rt, [rt, common, index](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     const Column &a = *c[0];
                                     ColumnPtr elems = castColumn(a.children[0], common), needle = castColumn(c[1], common);
                                     auto out = makeFixedColumn(rt, rows);
                                     for (size_t i = 0; i < rows; ++i) {
                                         uint64_t found = 0;
                                         for (uint64_t k = a.arrayBegin(i); k < a.arrayEnd(i) && !found; ++k)
                                             if (elems->equalAt(k, *needle, i))
                                                 found = k - a.arrayBegin(i) + 1;
                                         if (index)
                                             out->data<uint64_t>()[i] = found;
                                         else
                                             out->data<uint8_t>()[i] = found != 0;
                                     }
                                     return out;
                                 }};
        });
    }
}

void addConcat(FunctionRegistry &r)
{
    add(r, "array_concat", "array", "array_concat(a, b, ...)", "concatenates arrays", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_concat", args, 1, SIZE_MAX);
        std::vector<DataTypePtr> types;
        for (size_t i = 0; i < args.size(); ++i)
            types.push_back(arrayElementType("array_concat", args[i], i + 1));
        DataTypePtr elem = leastSupertype(types);
        return BoundFunction{makeArray(elem), [elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> cast;
                                 for (const auto &col : c)
                                     cast.push_back(castColumn(col, makeArray(elem)));
                                 auto out = Column::create(makeArray(elem), rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     for (const auto &a : cast)
                                         out->children[0]->pushRange(*a->children[0], a->arrayBegin(i), a->arrayEnd(i) - a->arrayBegin(i));
                                     out->offsets.push_back(out->children[0]->size());
                                 }
                                 out->setSize(rows);
                                 return out;
                             }};
    });
}

// Registers name(arr, ints...) where pick(row size, ints, row, picks) chooses element positions.
template <typename F>
void addPicker(FunctionRegistry &r, const std::string &name, size_t minArgs, size_t maxArgs, F pick)
{
    add(r, name, "array", name + "(arr, ...)", name, [name, minArgs, maxArgs, pick](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, minArgs, maxArgs);
        DataTypePtr elem = arrayElementType(name, args[0], 1);
        for (size_t i = 1; i < args.size(); ++i)
            if (!args[i].type || !(isIntegerType(*args[i].type) || args[i].type->isNothing()))
                illegalType(name, args[i].type, i + 1);
        return BoundFunction{args[0].type, [pick](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &a = *c[0];
                                 std::vector<ColumnPtr> ints;
                                 for (size_t k = 1; k < c.size(); ++k)
                                     ints.push_back(castColumn(c[k], makeType(TypeKind::Int64)));
                                 std::vector<uint32_t> picks;
                                 std::vector<uint64_t> offsets;
                                 std::vector<int64_t> pos;
                                 for (size_t i = 0; i < rows; ++i) {
                                     std::vector<int64_t> p;
                                     for (const auto &col : ints)
                                         p.push_back(col->data<int64_t>()[i]);
                                     pos.clear();
                                     pick(static_cast<int64_t>(a.arrayEnd(i) - a.arrayBegin(i)), p, a, i, pos);
                                     for (int64_t k : pos)
                                         picks.push_back(static_cast<uint32_t>(a.arrayBegin(i) + static_cast<uint64_t>(k)));
                                     offsets.push_back(picks.size());
                                 }
                                 return gatherArray(*a.children[0], picks, std::move(offsets));
                             }};
    });
}

void addPickers(FunctionRegistry &r)
{
    addPicker(r, "array_slice", 2, 3, [](int64_t n, const std::vector<int64_t> &p, const Column &, size_t, std::vector<int64_t> &out) {
        int64_t off = p[0];
        if (off == 0)
            return;
        int64_t start = off > 0 ? off - 1 : n + off;
        int64_t end = p.size() < 2 ? n : p[1] >= 0 ? start + p[1] : n + p[1];
        for (int64_t k = std::max<int64_t>(start, 0); k < std::min(end, n); ++k)
            out.push_back(k);
    });
    addPicker(r, "array_reverse", 1, 1, [](int64_t n, const std::vector<int64_t> &, const Column &, size_t, std::vector<int64_t> &out) {
        for (int64_t k = n - 1; k >= 0; --k)
            out.push_back(k);
    });
    addPicker(r, "array_pop_back", 1, 1, [](int64_t n, const std::vector<int64_t> &, const Column &, size_t, std::vector<int64_t> &out) {
        for (int64_t k = 0; k + 1 < n; ++k)
            out.push_back(k);
    });
    addPicker(r, "array_pop_front", 1, 1, [](int64_t n, const std::vector<int64_t> &, const Column &, size_t, std::vector<int64_t> &out) {
        for (int64_t k = 1; k < n; ++k)
            out.push_back(k);
    });
    for (bool reverse : {false, true}) {
        addPicker(r, reverse ? "array_reverse_sort" : "array_sort", 1, 1, [reverse](int64_t n, const std::vector<int64_t> &, const Column &a, size_t i, std::vector<int64_t> &out) {
            for (int64_t k = 0; k < n; ++k)
                out.push_back(k);
            const Column &e = *a.children[0];
            uint64_t b = a.arrayBegin(i);
            std::stable_sort(out.begin(), out.end(), [&](int64_t x, int64_t y) {
                int c = e.compareAt(b + static_cast<uint64_t>(x), e, b + static_cast<uint64_t>(y));
                return reverse ? c > 0 : c < 0;
            });
        });
    }
    addPicker(r, "array_distinct", 1, 1, [](int64_t n, const std::vector<int64_t> &, const Column &a, size_t i, std::vector<int64_t> &out) {
        const Column &e = *a.children[0];
        uint64_t b = a.arrayBegin(i);
        std::unordered_multimap<uint64_t, int64_t> seen;
        for (int64_t k = 0; k < n; ++k) {
            uint64_t row = b + static_cast<uint64_t>(k);
            if (e.isNullAt(row))
                continue;
            auto [lo, hi] = seen.equal_range(e.hashAt(row));
            if (std::none_of(lo, hi, [&](const auto &kv) { return e.equalAt(row, e, b + static_cast<uint64_t>(kv.second)); })) {
                seen.emplace(e.hashAt(row), k);
                out.push_back(k);
            }
        }
    });
    addPicker(r, "array_compact", 1, 1, [](int64_t n, const std::vector<int64_t> &, const Column &a, size_t i, std::vector<int64_t> &out) {
        const Column &e = *a.children[0];
        uint64_t b = a.arrayBegin(i);
        for (int64_t k = 0; k < n; ++k)
            if (k == 0 || !e.equalAt(b + static_cast<uint64_t>(k), e, b + static_cast<uint64_t>(k - 1)))
                out.push_back(k);
    });
}

} // namespace

void registerArrayFunctions(FunctionRegistry &registry)
{
    addConstructor(registry);
    addElement(registry);
    addSearch(registry);
    addConcat(registry);
    addPickers(registry);
    registry.addAlias("has_any_element", "has");
    registerArrayFunctions2(registry);
}

} // namespace tideline::engine
