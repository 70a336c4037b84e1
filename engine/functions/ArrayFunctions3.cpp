// Arrays (part 3): higher-order functions taking a lambda (array_map, array_filter,
// array_exists, array_all, array_count, array_first/last(_index), array_cum_sum, array_fold,
// array_sort/array_reverse_sort with a key lambda) and array_difference.
// A lambda is evaluated once over all elements of the block (params = element columns,
// outerRows = owning row), never per element.
#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

struct BoundLambda {
    DataTypePtr bodyType;
    LambdaArg::Exec exec;
};

// Binds args[0] (the lambda) over the element types of args[1..].
BoundLambda bindLambda(const std::string &name, const std::vector<FunctionArg> &args, size_t arrays)
{
    if (args.empty() || !args[0].lambda)
        fail(ErrorCode::IllegalTypeOfArgument, "First argument of function " + name + " must be a lambda");
    std::vector<DataTypePtr> params;
    for (size_t i = 1; i <= arrays; ++i)
        params.push_back(arrayElementType(name, args[i], i + 1));
    if (args[0].lambda->paramCount != params.size())
        fail(ErrorCode::BadArguments, "Lambda of function " + name + " takes " + std::to_string(args[0].lambda->paramCount) + " arguments, "
                 + std::to_string(params.size()) + " arrays passed");
    auto [type, exec] = args[0].lambda->bind(params);
    return {type, exec};
}

// Evaluates the lambda over all elements; checks that the arrays have equal sizes per row.
ColumnPtr evalLambda(const std::string &name, const BoundLambda &l, const std::vector<ColumnPtr> &c, size_t first, size_t count, size_t rows)
{
    const Column &a0 = *c[first];
    for (size_t k = first + 1; k < first + count; ++k)
        for (size_t i = 0; i < rows; ++i)
            if (c[k]->arrayEnd(i) - c[k]->arrayBegin(i) != a0.arrayEnd(i) - a0.arrayBegin(i))
                fail(ErrorCode::SizesOfArraysDoesntMatch, "Arrays passed to " + name + " must have equal size");
    std::vector<uint32_t> owner;
    owner.reserve(totalElements(a0));
    for (size_t i = 0; i < rows; ++i)
        owner.insert(owner.end(), a0.arrayEnd(i) - a0.arrayBegin(i), static_cast<uint32_t>(i));
    std::vector<ColumnPtr> params;
    for (size_t k = first; k < first + count; ++k)
        params.push_back(c[k]->children[0]->slice(0, totalElements(*c[k])));
    return l.exec(params, owner);
}

// Truth values of a lambda result (NULL = false).
std::vector<uint8_t> truth(const Column &col)
{
    std::vector<uint8_t> out(col.size(), 0);
    const Column &v = col.type()->isNullable() ? *col.children[0] : col;
    if (!isNumberType(*v.type()))
        fail(ErrorCode::IllegalTypeOfArgument, "Lambda must return a number or bool, got " + col.type()->name());
    dispatchNumeric(v.type()->kind, [&]<typename T>() {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = v.data<T>()[i] != T(0) && !col.isNullAt(i);
    });
    return out;
}

size_t arrayCount(const std::vector<FunctionArg> &args) { return args.size() - 1; }

void addMapFilter(FunctionRegistry &r)
{
    add(r, "array_map", "array", "array_map(x -> expr, arr, ...)", "applies the lambda to each element", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_map", args, 2, SIZE_MAX);
        BoundLambda l = bindLambda("array_map", args, arrayCount(args));
        size_t n = arrayCount(args);
        return BoundFunction{makeArray(l.bodyType), [l, n](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr body = evalLambda("array_map", l, c, 1, n, rows);
                                 return makeArrayColumn(body, std::vector<uint64_t>(c[1]->offsets.begin(), c[1]->offsets.begin() + static_cast<ptrdiff_t>(rows)));
                             }};
    });
    add(r, "array_filter", "array", "array_filter(x -> cond, arr, ...)", "elements of arr where the lambda is true", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_filter", args, 2, SIZE_MAX);
        BoundLambda l = bindLambda("array_filter", args, arrayCount(args));
        size_t n = arrayCount(args);
        return BoundFunction{args[1].type, [l, n](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<uint8_t> keep = truth(*evalLambda("array_filter", l, c, 1, n, rows));
                                 std::vector<uint32_t> picks;
                                 std::vector<uint64_t> offsets;
                                 for (size_t i = 0; i < rows; ++i) {
                                     for (uint64_t k = c[1]->arrayBegin(i); k < c[1]->arrayEnd(i); ++k)
                                         if (keep[k])
                                             picks.push_back(static_cast<uint32_t>(k));
                                     offsets.push_back(picks.size());
                                 }
                                 return gatherArray(*c[1]->children[0], picks, std::move(offsets));
                             }};
    });
}

enum class Find { Exists, All, Count, First, FirstIndex, Last, LastIndex };

DataTypePtr findType(Find f, const DataTypePtr &arrType)
{
    switch (f) {
    case Find::Exists: case Find::All: return makeType(TypeKind::UInt8);
    case Find::Count: case Find::FirstIndex: case Find::LastIndex: return makeType(TypeKind::UInt32);
    default: return arrType->children[0];
    }
}

ColumnPtr execFind(Find f, const std::vector<uint8_t> &t, const Column &arr, const DataTypePtr &rt, size_t rows)
{
    auto out = Column::create(rt, rows);
    for (size_t i = 0; i < rows; ++i) {
        uint64_t b = arr.arrayBegin(i), e = arr.arrayEnd(i), count = 0, first = 0, last = 0;
        for (uint64_t k = b; k < e; ++k)
            if (t[k]) {
                ++count;
                first = first ? first : k - b + 1;
                last = k - b + 1;
            }
        switch (f) {
        case Find::Exists: out->push<uint8_t>(count > 0); break;
        case Find::All: out->push<uint8_t>(count == e - b); break;
        case Find::Count: out->push<uint32_t>(static_cast<uint32_t>(count)); break;
        case Find::FirstIndex: out->push<uint32_t>(static_cast<uint32_t>(first)); break;
        case Find::LastIndex: out->push<uint32_t>(static_cast<uint32_t>(last)); break;
        default: {
            uint64_t pos = f == Find::First ? first : last;
            pos ? out->pushFrom(*arr.children[0], b + pos - 1) : out->pushDefault();
        }
        }
    }
    return out;
}

void addFinders(FunctionRegistry &r)
{
    struct F { const char *name; Find f; };
    for (F x : {F{"array_exists", Find::Exists}, F{"array_all", Find::All}, F{"array_count", Find::Count}, F{"array_first", Find::First},
                F{"array_first_index", Find::FirstIndex}, F{"array_last", Find::Last}, F{"array_last_index", Find::LastIndex}}) {
        std::string name = x.name;
        Find f = x.f;
        add(r, name, "array", name + "([x -> cond, ] arr, ...)", name, [name, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, SIZE_MAX);
            bool lambda = args[0].lambda != nullptr;
            bool optional = f == Find::Exists || f == Find::All || f == Find::Count;
            if (!lambda && !optional)
                bindLambda(name, args, 0); // throws: a lambda is required
            size_t first = lambda ? 1 : 0;
            arrayElementType(name, args[first], first + 1);
            DataTypePtr rt = findType(f, args[first].type);
            std::optional<BoundLambda> l;
            if (lambda)
                l = bindLambda(name, args, arrayCount(args));
            size_t n = args.size() - first;
            return BoundFunction{rt, [name, f, l, rt, first, n](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr values = l ? evalLambda(name, *l, c, first, n, rows) : ColumnPtr(c[0]->children[0]->slice(0, totalElements(*c[0])));
                                     return execFind(f, truth(*values), *c[first], rt, rows);
                                 }};
        });
    }
}

} // namespace

void registerArrayFunctions4(FunctionRegistry &registry);

void registerArrayFunctions3(FunctionRegistry &registry)
{
    addMapFilter(registry);
    addFinders(registry);
    registerArrayFunctions4(registry);
}

} // namespace tideline::engine
