#include "engine/functions/Function.h"

#include <algorithm>
#include <cctype>

#include "engine/column/TypeDispatch.h"

namespace tideline::engine {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// camelCase -> snake_case, so ClickHouse spellings (toStartOfMinute) find Proton's names.
std::string snakeCase(const std::string &name)
{
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (i > 0 && name[i - 1] != '_' && !std::isupper(static_cast<unsigned char>(name[i - 1])))
                out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c;
        }
    }
    return out;
}

// Wraps a NULL-oblivious executor: computes on the nested values and ORs the null maps.
FunctionExec wrapNulls(FunctionExec inner, std::vector<bool> argNullable, DataTypePtr resultType)
{
    return [inner = std::move(inner), argNullable = std::move(argNullable), resultType](const std::vector<ColumnPtr> &args, size_t rows) -> ColumnPtr {
        std::vector<ColumnPtr> nested(args.size());
        std::vector<uint8_t> nulls(rows, 0);
        for (size_t a = 0; a < args.size(); ++a) {
            if (argNullable[a] && args[a]->type()->isNullable()) {
                nested[a] = args[a]->children[0];
                const auto &nm = args[a]->nullMap;
                for (size_t r = 0; r < rows; ++r)
                    nulls[r] |= nm[r];
            } else {
                nested[a] = args[a];
            }
        }
        ColumnPtr values = inner(nested, rows);
        if (!resultType->isNullable())
            return values;
        if (values->type()->isNullable()) { // the function itself produced NULLs (e.g. to_int32_or_null)
            auto out = std::make_shared<Column>(*values);
            for (size_t r = 0; r < rows; ++r)
                out->nullMap[r] |= nulls[r];
            return out;
        }
        auto out = Column::create(resultType);
        out->children[0] = std::const_pointer_cast<Column>(values);
        out->nullMap = std::move(nulls);
        out->setSize(rows);
        return out;
    };
}

} // namespace

FunctionRegistry &FunctionRegistry::instance()
{
    static FunctionRegistry registry = [] {
        FunctionRegistry r;
        registerArithmeticFunctions(r);
        registerComparisonFunctions(r);
        registerLogicalFunctions(r);
        registerConditionalFunctions(r);
        registerConversionFunctions(r);
        registerStringFunctions(r);
        registerRegexpFunctions(r);
        registerDateTimeFunctions(r);
        registerJsonFunctions(r);
        registerArrayFunctions(r);
        registerMapTupleFunctions(r);
        registerHashFunctions(r);
        registerMathFunctions(r);
        registerMiscFunctions(r);
        return r;
    }();
    return registry;
}

void FunctionRegistry::add(FunctionInfo info)
{
    std::string key = lower(info.name);
    m_functions[key] = std::move(info);
}

void FunctionRegistry::addAlias(const std::string &alias, const std::string &target)
{
    m_aliases[lower(alias)] = lower(target);
}

const FunctionInfo *FunctionRegistry::find(const std::string &name) const
{
    for (const std::string &key : {lower(name), snakeCase(name)}) {
        if (auto it = m_functions.find(key); it != m_functions.end())
            return &it->second;
        if (auto a = m_aliases.find(key); a != m_aliases.end())
            if (auto it = m_functions.find(a->second); it != m_functions.end())
                return &it->second;
    }
    return nullptr;
}

std::vector<const FunctionInfo *> FunctionRegistry::all() const
{
    std::vector<const FunctionInfo *> out;
    for (const auto &[k, v] : m_functions)
        out.push_back(&v);
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->name < b->name; });
    return out;
}

BoundFunction FunctionRegistry::resolve(const std::string &name, const std::vector<FunctionArg> &args, const FunctionContext &context) const
{
    const FunctionInfo *info = find(name);
    if (!info)
        fail(ErrorCode::UnknownFunction, "Unknown function " + name);
    if (info->handlesNulls)
        return info->resolve(args, context);

    bool anyNullable = false, anyNothing = false;
    std::vector<FunctionArg> stripped = args;
    std::vector<bool> argNullable(args.size(), false);
    for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i].type)
            continue;
        if (args[i].type->isNullable()) {
            anyNullable = true;
            argNullable[i] = true;
            if (args[i].type->children[0]->isNothing())
                anyNothing = true;
            stripped[i].type = args[i].type->children[0];
            if (args[i].constant) {
                if (args[i].constant->isNullAt(0))
                    anyNothing = true;
                stripped[i].constant = args[i].constant->children[0];
            }
        } else if (args[i].type->isNothing()) {
            anyNothing = true;
        }
    }
    if (anyNothing) {
        // f(NULL, ...) is NULL of type nullable(nothing), as in ClickHouse.
        auto type = makeNullable(makeType(TypeKind::Nothing));
        return {type, [type](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                    auto c = Column::create(type);
                    c->pushDefaults(rows);
                    return c;
                }};
    }
    BoundFunction bound = info->resolve(stripped, context);
    if (!anyNullable)
        return bound;
    DataTypePtr resultType = makeNullable(bound.returnType);
    bound.exec = wrapNulls(std::move(bound.exec), std::move(argNullable), resultType);
    bound.returnType = resultType;
    return bound;
}

} // namespace tideline::engine
