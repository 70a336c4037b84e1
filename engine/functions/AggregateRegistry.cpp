#include "engine/functions/AggregateFunction.h"

#include <algorithm>
#include <cctype>

namespace tideline::engine {

// Each aggregate family registers itself from its own file (see aggregates/).
void registerAggregateFunctions(AggregateRegistry &registry);

namespace {
std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
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

std::vector<const AggregateInfo *> AggregateRegistry::all() const
{
    std::vector<const AggregateInfo *> out;
    for (const auto &[k, v] : m_functions)
        out.push_back(&v);
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->name < b->name; });
    return out;
}

} // namespace tideline::engine
