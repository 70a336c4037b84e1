#pragma once
// Formats an AST back to SQL. format(parse(x)) re-parses to an AST equal to parse(x)
// (astEquals, which ignores positions). `pretty` breaks clauses onto lines with indentation
// (this backs POST /format and the editor's Format action); otherwise one line.

#include <string>

#include "engine/sql/Ast.h"

namespace tideline::engine::sql {

struct FormatOptions {
    bool pretty = true;
    bool uppercaseKeywords = true;
    int indent = 2;
};

std::string formatStatement(const Statement &statement, const FormatOptions &options = {});
std::string formatExpr(const Expr &expr, const FormatOptions &options = {.pretty = false});
std::string formatSelect(const SelectUnion &select, const FormatOptions &options = {});
std::string quoteIdentifierIfNeeded(const std::string &name);
std::string quoteString(const std::string &value); // 'it\'s', as ClickHouse quotes

// Structural equality ignoring `pos`/`endPos`, for round-trip tests.
bool astEquals(const Statement &a, const Statement &b);
bool astEquals(const Expr &a, const Expr &b);

} // namespace tideline::engine::sql
