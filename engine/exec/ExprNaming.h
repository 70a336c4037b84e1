#pragma once
// ClickHouse's column name for an unaliased expression: `plus(a, 1)`, `count()`, `'abc'`, `-1`.
// It names result columns and matches GROUP BY keys and aggregates between plan stages.

#include <string>

#include "engine/sql/Ast.h"

namespace tideline::engine {

std::string exprColumnName(const sql::Expr &expr);
// The name a select item gets in the result header: its alias, or exprColumnName().
std::string resultColumnName(const sql::Expr &expr);

} // namespace tideline::engine
