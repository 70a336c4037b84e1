// Maps and tuples: map(k, v, ...), map_cast (pairs or a keys array and a values array),
// map_keys, map_values, map_contains, tuple(...), tuple_element(t, n | 'name').
// map['k'] is array_element (ArrayFunctions.cpp).
#include "engine/functions/ArrayHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

BoundFunction bindMapFromPairs(const std::string &name, const std::vector<FunctionArg> &args)
{
    if (args.size() % 2 != 0)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Function " + name + " requires an even number of arguments");
    std::vector<DataTypePtr> keys, values;
    for (size_t i = 0; i < args.size(); i += 2) {
        keys.push_back(args[i].type);
        values.push_back(args[i + 1].type);
    }
    DataTypePtr kt = keys.empty() ? makeType(TypeKind::Nothing) : leastSupertype(keys);
    DataTypePtr vt = values.empty() ? makeType(TypeKind::Nothing) : leastSupertype(values);
    DataTypePtr rt = makeMap(kt, vt);
    return {rt, [rt, kt, vt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                std::vector<ColumnPtr> cast;
                for (size_t i = 0; i < c.size(); ++i)
                    cast.push_back(castColumn(c[i], i % 2 ? vt : kt));
                auto out = Column::create(rt, rows);
                for (size_t r = 0; r < rows; ++r) {
                    for (size_t i = 0; i < cast.size(); i += 2) {
                        out->children[0]->pushFrom(*cast[i], r);
                        out->children[1]->pushFrom(*cast[i + 1], r);
                    }
                    out->offsets.push_back(out->children[0]->size());
                }
                out->setSize(rows);
                return out;
            }};
}

BoundFunction bindMapFromArrays(const std::vector<FunctionArg> &args)
{
    DataTypePtr kt = arrayElementType("map_cast", args[0], 1), vt = arrayElementType("map_cast", args[1], 2);
    DataTypePtr rt = makeMap(kt, vt);
    return {rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                auto out = Column::create(rt, rows);
                for (size_t r = 0; r < rows; ++r) {
                    uint64_t n = c[0]->arrayEnd(r) - c[0]->arrayBegin(r);
                    if (n != c[1]->arrayEnd(r) - c[1]->arrayBegin(r))
                        fail(ErrorCode::SizesOfArraysDoesntMatch, "Keys and values arrays of map_cast have different sizes");
                    out->children[0]->pushRange(*c[0]->children[0], c[0]->arrayBegin(r), n);
                    out->children[1]->pushRange(*c[1]->children[0], c[1]->arrayBegin(r), n);
                    out->offsets.push_back(out->children[0]->size());
                }
                out->setSize(rows);
                return out;
            }};
}

void addMapParts(FunctionRegistry &r)
{
    for (int part = 0; part < 2; ++part) {
        std::string name = part ? "map_values" : "map_keys";
        add(r, name, "map", name + "(m)", part ? "the values of a map" : "the keys of a map", [name, part](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            if (!args[0].type || args[0].type->kind != TypeKind::Map)
                illegalType(name, args[0].type, 1);
            return BoundFunction{makeArray(args[0].type->children[static_cast<size_t>(part)]), [part](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     return makeArrayColumn(c[0]->children[static_cast<size_t>(part)],
                                                            std::vector<uint64_t>(c[0]->offsets.begin(), c[0]->offsets.begin() + static_cast<ptrdiff_t>(rows)));
                                 }};
        });
    }
    add(r, "map_contains", "map", "map_contains(m, key)", "1 when the map has the key", [](const std::vector<FunctionArg> &args, const FunctionContext &ctx) {
        checkArgCount("map_contains", args, 2, 2);
        if (!args[0].type || args[0].type->kind != TypeKind::Map)
            illegalType("map_contains", args[0].type, 1);
        BoundFunction keys = FunctionRegistry::instance().resolve("map_keys", {args[0]}, ctx);
        BoundFunction has = FunctionRegistry::instance().resolve("has", {FunctionArg{keys.returnType, nullptr, nullptr}, args[1]}, ctx);
        return BoundFunction{has.returnType, [keys, has](const std::vector<ColumnPtr> &c, size_t rows) { return has.exec({keys.exec({c[0]}, rows), c[1]}, rows); }};
    });
}

void addTuple(FunctionRegistry &r)
{
    add(r, "tuple", "tuple", "tuple(x, ...)", "a tuple of the arguments", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("tuple", args, 1, SIZE_MAX);
        std::vector<DataTypePtr> types;
        for (const auto &a : args)
            types.push_back(a.type);
        DataTypePtr rt = makeTuple(types);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 auto out = Column::create(rt);
                                 for (size_t i = 0; i < c.size(); ++i)
                                     out->children[i] = std::const_pointer_cast<Column>(c[i]);
                                 out->setSize(rows);
                                 return out;
                             }};
    }, true);
    add(r, "tuple_element", "tuple", "tuple_element(t, n | 'name')", "the n-th (1-based) or named element", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("tuple_element", args, 2, 3);
        const DataTypePtr &t = args[0].type;
        if (!t || t->kind != TypeKind::Tuple)
            illegalType("tuple_element", t, 1);
        size_t idx = 0;
        if (args[1].type && args[1].type->isStringLike()) {
            std::string n = constString("tuple_element", args[1]);
            auto it = std::find(t->names.begin(), t->names.end(), n);
            if (it == t->names.end())
                fail(ErrorCode::NoSuchColumnInTable, "Tuple doesn't have element with name '" + n + "'");
            idx = static_cast<size_t>(it - t->names.begin());
        } else {
            int64_t n = constInt("tuple_element", args[1]);
            if (n < 1 || static_cast<size_t>(n) > t->children.size())
                fail(ErrorCode::IllegalTypeOfArgument, "Index for tuple element is out of range");
            idx = static_cast<size_t>(n - 1);
        }
        return BoundFunction{t->children[idx], [idx](const std::vector<ColumnPtr> &c, size_t) -> ColumnPtr { return c[0]->children[idx]; }};
    });
}

} // namespace

void registerMapTupleFunctions(FunctionRegistry &registry)
{
    add(registry, "map", "map", "map(k1, v1, ...)", "a map from key/value pairs",
        [](const std::vector<FunctionArg> &args, const FunctionContext &) { return bindMapFromPairs("map", args); }, true);
    add(registry, "map_cast", "map", "map_cast(keys_array, values_array) | map_cast(k1, v1, ...)", "a map from arrays or pairs",
        [](const std::vector<FunctionArg> &args, const FunctionContext &) {
            if (args.size() == 2 && args[0].type && args[0].type->kind == TypeKind::Array && args[1].type && args[1].type->kind == TypeKind::Array)
                return bindMapFromArrays(args);
            return bindMapFromPairs("map_cast", args);
        }, true);
    addMapParts(registry);
    addTuple(registry);
    registry.addAlias("tuple_cast", "tuple"); // Proton's name for building a tuple from items
}

} // namespace tideline::engine
