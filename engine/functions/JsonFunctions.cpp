// JSON functions over simdjson's DOM: json_extract_* with variadic keys (strings = object keys,
// integers = 1-based array indexes, negative from the end), json_has, is_valid_json,
// json_extract_keys/array/array_raw, json_value/json_query with a small JSONPath subset, and
// json_path(raw, 'a.b'), the node the parser produces for raw:a.b.
// Proton's json_extract_string returns the raw text of non-string values so calls chain.
#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

enum class Extract { String, Int, Float, Bool, Raw, Has, Keys, ArrayRaw, Array };

struct Key {
    bool isIndex = false;
    std::string name;
    int64_t index = 0;
};

// Follows keys from the root; false when a step is missing.
bool navigate(element &e, const std::vector<Key> &keys)
{
    for (const Key &k : keys) {
        if (!k.isIndex) {
            if (e.type() != element_type::OBJECT)
                return false;
            auto r = e.get_object().at_key(k.name);
            if (r.error())
                return false;
            e = r.value();
        } else {
            if (e.type() != element_type::ARRAY)
                return false;
            auto arr = e.get_array().value();
            int64_t n = static_cast<int64_t>(arr.size());
            int64_t idx = k.index > 0 ? k.index - 1 : n + k.index;
            if (k.index == 0 || idx < 0 || idx >= n)
                return false;
            e = arr.at(static_cast<size_t>(idx)).value();
        }
    }
    return true;
}

std::string rawText(const element &e) { return simdjson::minify(e); }

std::string stringValue(const element &e)
{
    return e.type() == element_type::STRING ? std::string(e.get_string().value()) : rawText(e);
}

int64_t intValue(const element &e)
{
    switch (e.type()) {
    case element_type::INT64: return e.get_int64().value();
    case element_type::UINT64: return static_cast<int64_t>(e.get_uint64().value());
    case element_type::DOUBLE: { double d = e.get_double().value(); return std::isfinite(d) ? static_cast<int64_t>(d) : 0; }
    case element_type::BOOL: return e.get_bool().value();
    case element_type::STRING: {
        std::string_view s = e.get_string().value();
        int64_t v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }
    default: return 0;
    }
}

double floatValue(const element &e)
{
    switch (e.type()) {
    case element_type::DOUBLE: return e.get_double().value();
    case element_type::INT64: return static_cast<double>(e.get_int64().value());
    case element_type::UINT64: return static_cast<double>(e.get_uint64().value());
    case element_type::BOOL: return e.get_bool().value();
    case element_type::STRING: {
        std::string s(e.get_string().value());
        char *end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        return end && *end == 0 ? v : 0;
    }
    default: return 0;
    }
}

DataTypePtr extractType(Extract kind)
{
    switch (kind) {
    case Extract::Int: return makeType(TypeKind::Int64);
    case Extract::Float: return makeType(TypeKind::Float64);
    case Extract::Bool: case Extract::Has: return makeType(TypeKind::UInt8);
    case Extract::Keys: case Extract::ArrayRaw: case Extract::Array: return makeArray(makeType(TypeKind::String));
    default: return makeType(TypeKind::String);
    }
}

// Appends the value at `e` (or the default when !found) to `out`.
void appendValue(Extract kind, bool found, const element &e, Column &out)
{
    switch (kind) {
    case Extract::String: out.pushString(found ? stringValue(e) : std::string()); break;
    case Extract::Raw: out.pushString(found ? rawText(e) : std::string()); break;
    case Extract::Int: out.push<int64_t>(found ? intValue(e) : 0); break;
    case Extract::Float: out.push<double>(found ? floatValue(e) : 0.0); break;
    case Extract::Bool: out.push<uint8_t>(found && e.type() == element_type::BOOL ? e.get_bool().value() : (found && intValue(e) != 0 && e.type() != element_type::STRING)); break;
    case Extract::Has: out.push<uint8_t>(found); break;
    default: {
        Column &elems = *out.children[0];
        // Containers are bound to locals: iterating value() of a temporary result dangles.
        if (found && kind == Extract::Keys && e.type() == element_type::OBJECT) {
            simdjson::dom::object obj = e.get_object().value();
            for (auto field : obj)
                elems.pushString(field.key);
        }
        if (found && kind != Extract::Keys && e.type() == element_type::ARRAY) {
            simdjson::dom::array arr = e.get_array().value();
            for (element x : arr)
                elems.pushString(kind == Extract::Array ? stringValue(x) : rawText(x));
        }
        out.offsets.push_back(elems.size());
        out.setSize(out.size() + 1);
    }
    }
}

// Keys of row i from the key columns (strings or integers).
void rowKeys(const std::vector<ColumnPtr> &c, size_t from, size_t i, std::vector<Key> &keys)
{
    keys.clear();
    for (size_t k = from; k < c.size(); ++k) {
        Key key;
        if (c[k]->type()->isStringLike()) {
            key.name = std::string(castColumn(c[k], makeType(TypeKind::String))->stringAt(i));
        } else {
            key.isIndex = true;
            key.index = intAt(*c[k], i);
        }
        keys.push_back(std::move(key));
    }
}

ColumnPtr execExtract(Extract kind, const std::vector<ColumnPtr> &c, size_t rows, const std::vector<Key> *fixedKeys)
{
    ColumnPtr json = castColumn(c[0], makeType(TypeKind::String));
    auto out = Column::create(extractType(kind), rows);
    simdjson::dom::parser parser;
    std::vector<Key> keys;
    for (size_t i = 0; i < rows; ++i) {
        std::string_view text = json->stringAt(i);
        auto doc = parser.parse(text.data(), text.size(), true);
        element e;
        bool found = !doc.error();
        if (found) {
            e = doc.value();
            if (!fixedKeys)
                rowKeys(c, 1, i, keys);
            found = navigate(e, fixedKeys ? *fixedKeys : keys);
        }
        appendValue(kind, found, e, *out);
    }
    return out;
}

void addExtract(FunctionRegistry &r, const std::string &name, Extract kind)
{
    add(r, name, "json", name + "(json, key...)", "extracts a value from JSON text", [name, kind](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, SIZE_MAX);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType(name, args[0].type, 1);
        for (size_t i = 1; i < args.size(); ++i)
            if (!args[i].type || !(args[i].type->isStringLike() || isIntegerType(*args[i].type)))
                illegalType(name, args[i].type, i + 1);
        return BoundFunction{extractType(kind), [kind](const std::vector<ColumnPtr> &c, size_t rows) { return execExtract(kind, c, rows, nullptr); }};
    });
}

// JSONPath subset: $, .key, ['key'], [n], [*].
std::vector<element> evalPath(const element &root, std::string_view path)
{
    std::vector<element> cur{root};
    size_t i = path.substr(0, 1) == "$" ? 1 : 0;
    while (i < path.size()) {
        std::vector<element> next;
        if (path[i] == '.') {
            size_t e = path.find_first_of(".[", i + 1);
            std::string key(path.substr(i + 1, e == std::string_view::npos ? std::string_view::npos : e - i - 1));
            for (const auto &x : cur)
                if (x.type() == element_type::OBJECT)
                    if (auto v = x.get_object().at_key(key); !v.error())
                        next.push_back(v.value());
            i = e == std::string_view::npos ? path.size() : e;
        } else if (path[i] == '[') {
            size_t e = path.find(']', i);
            if (e == std::string_view::npos)
                fail(ErrorCode::BadArguments, "Invalid JSONPath: " + std::string(path));
            std::string_view sel = path.substr(i + 1, e - i - 1);
            for (const auto &x : cur) {
                if (sel == "*" && x.type() == element_type::ARRAY) {
                    simdjson::dom::array arr = x.get_array().value();
                    for (element y : arr)
                        next.push_back(y);
                } else if (!sel.empty() && (sel[0] == '\'' || sel[0] == '"') && x.type() == element_type::OBJECT) {
                    if (auto v = x.get_object().at_key(sel.substr(1, sel.size() - 2)); !v.error())
                        next.push_back(v.value());
                } else if (x.type() == element_type::ARRAY) {
                    size_t idx = 0;
                    std::from_chars(sel.data(), sel.data() + sel.size(), idx);
                    if (auto v = x.get_array().at(idx); !v.error())
                        next.push_back(v.value());
                }
            }
            i = e + 1;
        } else {
            fail(ErrorCode::BadArguments, "Invalid JSONPath: " + std::string(path));
        }
        cur = std::move(next);
    }
    return cur;
}

void addPathFunctions(FunctionRegistry &r)
{
    for (int variant = 0; variant < 3; ++variant) {
        std::string name = variant == 0 ? "json_value" : variant == 1 ? "json_query" : "json_path";
        add(r, name, "json", name + "(json, path)", "JSONPath lookup", [name, variant](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 2);
            if (!args[0].type || !args[0].type->isStringLike())
                illegalType(name, args[0].type, 1);
            std::string path = constString(name, args[1]);
            if (variant == 2) { // raw:a.b -> json_extract_string(raw, 'a', 'b')
                auto keys = std::make_shared<std::vector<Key>>();
                for (size_t b = 0; b <= path.size();) {
                    size_t e = path.find('.', b);
                    keys->push_back({false, path.substr(b, e == std::string::npos ? std::string::npos : e - b), 0});
                    b = e == std::string::npos ? path.size() + 1 : e + 1;
                }
                return BoundFunction{makeType(TypeKind::String), [keys](const std::vector<ColumnPtr> &c, size_t rows) { return execExtract(Extract::String, c, rows, keys.get()); }};
            }
            DataTypePtr rt = makeType(TypeKind::String);
            return BoundFunction{rt, [rt, path, variant](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr json = castColumn(c[0], rt);
                                     auto out = Column::create(rt, rows);
                                     simdjson::dom::parser parser;
                                     for (size_t i = 0; i < rows; ++i) {
                                         std::string_view text = json->stringAt(i);
                                         auto doc = parser.parse(text.data(), text.size(), true);
                                         std::string v;
                                         if (!doc.error()) {
                                             std::vector<element> found = evalPath(doc.value(), path);
                                             if (variant == 0 && !found.empty() && found[0].type() != element_type::OBJECT && found[0].type() != element_type::ARRAY)
                                                 v = stringValue(found[0]);
                                             if (variant == 1 && !found.empty()) {
                                                 v = "[";
                                                 for (size_t k = 0; k < found.size(); ++k)
                                                     v += (k ? "," : "") + rawText(found[k]);
                                                 v += "]";
                                             }
                                         }
                                         out->pushString(v);
                                     }
                                     return out;
                                 }};
        });
    }
}

} // namespace

void registerJsonFunctions(FunctionRegistry &registry)
{
    addExtract(registry, "json_extract_string", Extract::String);
    addExtract(registry, "json_extract_int", Extract::Int);
    addExtract(registry, "json_extract_float", Extract::Float);
    addExtract(registry, "json_extract_bool", Extract::Bool);
    addExtract(registry, "json_extract_raw", Extract::Raw);
    addExtract(registry, "json_has", Extract::Has);
    addExtract(registry, "json_extract_keys", Extract::Keys);
    addExtract(registry, "json_extract_array_raw", Extract::ArrayRaw);
    addExtract(registry, "json_extract_array", Extract::Array);
    registry.addAlias("json_extract_uint", "json_extract_int");
    addPathFunctions(registry);
    add(registry, "is_valid_json", "json", "is_valid_json(s)", "1 when s parses as JSON", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("is_valid_json", args, 1, 1);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType("is_valid_json", args[0].type, 1);
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                 simdjson::dom::parser parser;
                                 return generate<uint8_t>(rt, rows, [&](size_t i) {
                                     auto t = s->stringAt(i);
                                     return static_cast<uint8_t>(!parser.parse(t.data(), t.size(), true).error());
                                 });
                             }};
    });
    registry.addAlias("json_valid", "is_valid_json");
}

} // namespace tideline::engine
