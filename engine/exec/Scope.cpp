#include "engine/exec/Scope.h"

namespace tideline::engine {

int Scope::find(const std::vector<std::string> &parts) const
{
    auto search = [&](auto &&match) {
        int found = -1;
        for (size_t i = 0; i < columns.size(); ++i) {
            if (!match(columns[i]))
                continue;
            if (found >= 0)
                return -2;
            found = static_cast<int>(i);
        }
        return found;
    };
    if (parts.size() == 1) {
        int exact = search([&](const ScopeColumn &c) { return c.name == parts[0]; });
        if (exact != -2)
            return exact;
        // Ambiguous after a join: ClickHouse picks the left (first) table's column.
        for (size_t i = 0; i < columns.size(); ++i)
            if (columns[i].name == parts[0])
                return static_cast<int>(i);
        return -2;
    }
    if (parts.size() == 2) {
        int q = search([&](const ScopeColumn &c) { return c.table == parts[0] && c.name == parts[1]; });
        if (q != -1)
            return q;
        // A computed column literally named "t.c" (e.g. the right side of a join).
        return search([&](const ScopeColumn &c) { return c.name == parts[0] + "." + parts[1]; });
    }
    if (parts.size() == 3)
        return search([&](const ScopeColumn &c) { return c.database == parts[0] && c.table == parts[1] && c.name == parts[2]; });
    return -1;
}

} // namespace tideline::engine
