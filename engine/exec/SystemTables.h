#pragma once
// system.* tables as blocks built on demand from the engine's state: one, tables, columns,
// databases, functions, settings, formats, data_type_families, table_functions.

#include <string>

#include "engine/column/Block.h"

namespace tideline::engine {

class Engine;

// Throws UNKNOWN_STREAM (60) for an unknown table. system.numbers is handled by the planner.
Block buildSystemTable(Engine &engine, const std::string &name, int pos);

// A block of string columns from rows of text (helper for SHOW and system tables).
Block stringBlock(const std::vector<std::string> &names, const std::vector<std::vector<std::string>> &rows);

} // namespace tideline::engine
