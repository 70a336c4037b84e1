#pragma once
// The columns visible to an expression at one point of a plan, with the stream (or alias) and
// database each came from, so `c`, `t.c` and `db.t.c` resolve the way ClickHouse resolves them.

#include <string>
#include <vector>

#include "engine/types/DataType.h"

namespace tideline::engine {

struct ScopeColumn {
    std::string name;
    std::string table;    // alias or stream name; empty for computed columns
    std::string database;
    DataTypePtr type;
    bool hiddenFromAsterisk = false; // _tp_sn, _tp_delta... and window columns are still selectable by name
};

struct Scope {
    std::vector<ScopeColumn> columns;

    // Index of the column named by `parts` ([c], [t, c] or [db, t, c]); -1 when none, -2 when ambiguous.
    int find(const std::vector<std::string> &parts) const;
};

} // namespace tideline::engine
