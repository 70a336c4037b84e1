#pragma once
// Parser of Proton's SQL dialect (see Ast.h for the tree). Errors come back as Status with code
// SYNTAX_ERROR (62) and a message in ClickHouse's shape:
//   "Syntax error: failed at position 15 ('FORM'): FORM t. Expected one of: ..."
// with Status::position() the 0-based byte offset of the offending token.

#include <string_view>
#include <vector>

#include "engine/common/Status.h"
#include "engine/sql/Ast.h"

namespace tideline::engine::sql {

// Several statements separated by ';' (a trailing ';' is fine; empty statements are skipped).
Result<std::vector<StatementPtr>> parseStatements(std::string_view sql);
// Exactly one statement (an optional trailing ';').
Result<StatementPtr> parseStatement(std::string_view sql);
// One expression, e.g. a DEFAULT or event_time_column setting.
Result<ExprPtr> parseExpression(std::string_view text);
// Splits a script into statement texts without fully parsing (respects quotes, comments, $$ bodies).
std::vector<std::string_view> splitStatements(std::string_view sql);

} // namespace tideline::engine::sql
