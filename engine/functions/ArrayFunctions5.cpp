// Arrays (part 5): array_enumerate, and the set functions has_all, has_any and
// array_intersect. Elements are compared in the least common supertype of the element types
// (ClickHouse: no common type is 386), with hashAt/equalAt, so NULL matches NULL as in
// ClickHouse's has([NULL], NULL) = 1.
#include <unordered_map>

#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

// A per-row lookup of the elements [begin, end) of an element column.
class RowSet {
public:
    RowSet(const Column &elems, uint64_t begin, uint64_t end) : m_elems(elems)
    {
        for (uint64_t k = begin; k < end; ++k)
            m_index.emplace(elems.hashAt(k), k);
    }
    // The position of an element equal to other[row], or UINT64_MAX.
    uint64_t find(const Column &other, uint64_t row) const
    {
        auto [lo, hi] = m_index.equal_range(other.hashAt(row));
        for (auto it = lo; it != hi; ++it)
            if (m_elems.equalAt(it->second, other, row))
                return it->second;
        return UINT64_MAX;
    }

private:
    const Column &m_elems;
    std::unordered_multimap<uint64_t, uint64_t> m_index;
};

// Element columns of all array arguments converted to one common element type.
DataTypePtr commonElement(const std::string &name, const std::vector<FunctionArg> &args)
{
    std::vector<DataTypePtr> types;
    for (size_t i = 0; i < args.size(); ++i)
        types.push_back(arrayElementType(name, args[i], i + 1));
    return leastSupertype(types);
}

std::vector<ColumnPtr> castElements(const std::vector<ColumnPtr> &arrays, const DataTypePtr &elem)
{
    std::vector<ColumnPtr> out;
    for (const auto &a : arrays)
        out.push_back(castColumn(a, makeArray(elem)));
    return out;
}

void addEnumerate(FunctionRegistry &r)
{
    add(r, "array_enumerate", "array", "array_enumerate(arr)", "[1, 2, ..., length(arr)]", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_enumerate", args, 1, 1);
        arrayElementType("array_enumerate", args[0], 1);
        DataTypePtr elem = makeType(TypeKind::UInt32);
        return BoundFunction{makeArray(elem), [elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &a = *c[0];
                                 auto values = makeFixedColumn(elem, totalElements(a));
                                 uint32_t *d = values->data<uint32_t>();
                                 for (size_t i = 0; i < rows; ++i)
                                     for (uint64_t k = a.arrayBegin(i); k < a.arrayEnd(i); ++k)
                                         d[k] = static_cast<uint32_t>(k - a.arrayBegin(i) + 1);
                                 return makeArrayColumn(values, std::vector<uint64_t>(a.offsets.begin(), a.offsets.begin() + static_cast<ptrdiff_t>(rows)));
                             }};
    });
}

// has_all(set, subset): every element of subset is in set; has_any(a, b): they share one.
void addHasAllAny(FunctionRegistry &r)
{
    for (bool all : {true, false}) {
        std::string name = all ? "has_all" : "has_any";
        add(r, name, "array", name + "(a, b)", all ? "1 when every element of b is in a" : "1 when a and b share an element",
            [name, all](const std::vector<FunctionArg> &args, const FunctionContext &) {
                checkArgCount(name, args, 2, 2);
                DataTypePtr elem = commonElement(name, args);
                DataTypePtr rt = makeType(TypeKind::UInt8);
                return BoundFunction{rt, [rt, elem, all](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                         std::vector<ColumnPtr> a = castElements(c, elem);
                                         const Column &set = *a[0]->children[0], &probe = *a[1]->children[0];
                                         return generate<uint8_t>(rt, rows, [&](size_t i) -> uint8_t {
                                             RowSet lookup(set, a[0]->arrayBegin(i), a[0]->arrayEnd(i));
                                             for (uint64_t k = a[1]->arrayBegin(i); k < a[1]->arrayEnd(i); ++k) {
                                                 bool found = lookup.find(probe, k) != UINT64_MAX;
                                                 if (all && !found)
                                                     return 0;
                                                 if (!all && found)
                                                     return 1;
                                             }
                                             return all ? 1 : 0;
                                         });
                                     }};
            });
    }
}

// array_intersect(a, b, ...): the distinct elements of a present in every other array, in the
// order of a.
void addIntersect(FunctionRegistry &r)
{
    add(r, "array_intersect", "array", "array_intersect(a, b, ...)", "elements present in all arrays", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_intersect", args, 1, SIZE_MAX);
        DataTypePtr elem = commonElement("array_intersect", args);
        return BoundFunction{makeArray(elem), [elem](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> a = castElements(c, elem);
                                 const Column &first = *a[0]->children[0];
                                 std::vector<uint32_t> picks;
                                 std::vector<uint64_t> offsets;
                                 for (size_t i = 0; i < rows; ++i) {
                                     std::vector<RowSet> others;
                                     for (size_t k = 1; k < a.size(); ++k)
                                         others.emplace_back(*a[k]->children[0], a[k]->arrayBegin(i), a[k]->arrayEnd(i));
                                     size_t rowStart = picks.size();
                                     for (uint64_t e = a[0]->arrayBegin(i); e < a[0]->arrayEnd(i); ++e) {
                                         bool everywhere = true;
                                         for (const auto &s : others)
                                             everywhere = everywhere && s.find(first, e) != UINT64_MAX;
                                         bool seen = false;
                                         for (size_t p = rowStart; p < picks.size() && !seen; ++p)
                                             seen = first.equalAt(picks[p], first, e);
                                         if (everywhere && !seen)
                                             picks.push_back(static_cast<uint32_t>(e));
                                     }
                                     offsets.push_back(picks.size());
                                 }
                                 return gatherArray(first, picks, std::move(offsets));
                             }};
    });
}

} // namespace

void registerArrayFunctions5(FunctionRegistry &registry)
{
    addEnumerate(registry);
    addHasAllAny(registry);
    addIntersect(registry);
}

} // namespace tideline::engine
