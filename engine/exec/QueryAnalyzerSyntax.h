#pragma once
// Internal to QueryAnalyzer: what the analysis reads off the syntax tree alone (the has_* flags,
// group_by_columns) and the settings helpers it shares with the name-resolving part.

#include <map>
#include <string>
#include <vector>

#include "engine/sql/Ast.h"

namespace tideline::engine::analyzer_detail {

using Settings = std::map<std::string, std::string>;

std::string settingText(const sql::Setting &s);
bool isTrue(const Settings &settings, const std::string &name, bool fallback);
bool boundedMode(const Settings &settings);

struct Flags {
    bool aggr = false, join = false, unionAll = false, subquery = false;
};
// has_aggr/has_table_join/has_union/has_subquery of a SELECT; `resultPath` is true for SELECTs
// whose rows reach the result (not value subqueries).
void flagsUnion(const sql::SelectUnion &u, Flags &f, bool resultPath);
std::vector<std::string> groupByColumns(const sql::SelectUnion &u);

} // namespace tideline::engine::analyzer_detail
