#pragma once
// Words the parser gives a meaning to. An identifier spelled like one of them is printed
// back-quoted by the formatter, so formatted SQL always re-parses to the same tree.

#include <string>
#include <string_view>

namespace tideline::engine::sql {

// Case-insensitive: any keyword of any statement.
bool isKeyword(std::string_view word);
// Case-insensitive: words that end an expression in a list, so they cannot be an implicit alias
// (SELECT count() cnt FROM ...).
bool isClauseKeyword(std::string_view word);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toUpper(std::string_view s);
std::string toLower(std::string_view s);

} // namespace tideline::engine::sql
