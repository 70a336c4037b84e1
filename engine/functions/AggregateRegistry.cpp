#include "engine/functions/AggregateFunction.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {

// Each aggregate family registers itself from its own file (see aggregates/).
void registerAggregateFunctions(AggregateRegistry &registry);

namespace {
std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

struct ParsedName {
    const AggregateInfo *info = nullptr;
    bool isIf = false;
    bool isDistinct = false;
};

// Splits a combinator suffix off `name`: count_if, sum_distinct, unique_exact_if,
// count_distinct (= count + _distinct), sum_distinct_if / sum_if_distinct.
std::optional<ParsedName> parseName(const AggregateRegistry &registry, const std::string &name)
{
    if (const AggregateInfo *info = registry.find(name))
        return ParsedName{info, false, false};
    struct Suffix {
        const char *text;
        bool isIf, isDistinct;
    };
    static const Suffix suffixes[] = {{"_if_distinct", true, true}, {"_distinct_if", true, true}, {"_distinct", false, true}, {"_if", true, false}};
    std::string key = lower(name);
    for (const auto &s : suffixes) {
        std::string_view suffix = s.text;
        if (key.size() <= suffix.size() || !std::string_view(key).ends_with(suffix))
            continue;
        if (const AggregateInfo *info = registry.find(key.substr(0, key.size() - suffix.size())))
            return ParsedName{info, s.isIf, s.isDistinct};
    }
    return std::nullopt;
}

bool canBeInsideNullable(const DataType &t)
{
    return t.kind != TypeKind::Array && t.kind != TypeKind::Map && t.kind != TypeKind::Tuple && !t.isNullable();
}
} // namespace

AggregateRegistry &AggregateRegistry::instance()
{
    static AggregateRegistry registry = [] {
        AggregateRegistry r;
        registerAggregateFunctions(r);
        return r;
    }();
    return registry;
}

void AggregateRegistry::add(AggregateInfo info)
{
    std::string key = lower(info.name);
    m_functions[key] = std::move(info);
}

void AggregateRegistry::addAlias(const std::string &alias, const std::string &target)
{
    m_aliases[lower(alias)] = lower(target);
}

const AggregateInfo *AggregateRegistry::find(const std::string &name) const
{
    std::string key = lower(name);
    if (auto it = m_functions.find(key); it != m_functions.end())
        return &it->second;
    if (auto a = m_aliases.find(key); a != m_aliases.end())
        if (auto it = m_functions.find(a->second); it != m_functions.end())
            return &it->second;
    return nullptr;
}

bool AggregateRegistry::isAggregate(const std::string &name) const
{
    return parseName(*this, name).has_value();
}

// Order of wrapping, outermost first: _if, NULL adapter, _distinct, the function. The NULL
// adapter follows ClickHouse's AggregateFunctionNull: the function sees non-nullable types.
AggregateFunctionPtr AggregateRegistry::resolve(const std::string &name, const AggregateArgs &args) const
{
    auto parsed = parseName(*this, name);
    if (!parsed)
        fail(ErrorCode::UnknownAggregateFunction, "Unknown aggregate function " + name);
    const AggregateInfo &info = *parsed->info;
    std::vector<DataTypePtr> types = args.types;
    DataTypePtr condition;
    if (parsed->isIf) {
        if (types.empty())
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Aggregate function " + name + " requires a condition argument");
        condition = types.back();
        types.pop_back();
    }
    std::vector<bool> nullable(types.size(), false);
    bool anyNullable = false, anyNothing = false;
    for (size_t i = 0; i < types.size(); ++i) {
        nullable[i] = types[i]->isNullable();
        anyNullable = anyNullable || nullable[i];
        types[i] = removeNullable(types[i]);
        anyNothing = anyNothing || types[i]->isNothing();
    }
    AggregateFunctionPtr fn;
    if (anyNothing && !info.defaultOnNull) {
        fn = agg::makeNothingAggregate(info.name); // sum(NULL) is NULL
    } else {
        fn = info.resolve(AggregateArgs{types, args.parameters, args.retract});
        if (parsed->isDistinct)
            fn = agg::makeDistinctCombinator(fn, types);
        if (anyNullable)
            fn = agg::makeNullAdapter(fn, nullable, !info.defaultOnNull && canBeInsideNullable(*fn->returnType()));
    }
    if (parsed->isIf)
        fn = agg::makeIfCombinator(fn, types.size(), condition);
    return fn;
}

std::vector<const AggregateInfo *> AggregateRegistry::all() const
{
    std::vector<const AggregateInfo *> out;
    for (const auto &[k, v] : m_functions)
        out.push_back(&v);
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->name < b->name; });
    return out;
}

} // namespace tideline::engine
