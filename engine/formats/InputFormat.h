#pragma once
// Input formats: text in CSV, TSV or JSONEachRow into a Block of a given schema. Used by
// INSERT ... FORMAT and the HTTP ingest path.
//
// Supported names (case-insensitive): CSV, CSVWithNames, TabSeparated/TSV,
// TabSeparatedWithNames/TSVWithNames, TabSeparatedWithNamesAndTypes/TSVWithNamesAndTypes,
// JSONEachRow/NDJSON. Unknown names throw UNKNOWN_FORMAT (73).
//
// Rules, as ClickHouse's defaults: schema columns missing from a row get their default value
// (JSON keys absent, CSV empty unquoted fields); unknown JSON keys are ignored
// (input_format_skip_unknown_fields); in the *WithNames formats the header maps fields to
// columns by name and unknown header names are skipped. A malformed value throws EngineError
// carrying the value's code (72, 38, 41, ...) and a message naming the line and the column:
// "Cannot parse input at line 3, column 'ts': Cannot parse 'x' as datetime".

#include <string>
#include <string_view>
#include <vector>

#include "engine/column/Block.h"
#include "engine/formats/ValueParser.h"

namespace tideline::engine {

struct ColumnSpec {
    std::string name;
    DataTypePtr type;
};

struct InputSettings : ParseSettings {
    char csvDelimiter = ',';
};

// Parses all of `data` (which may end without a final newline) into one block.
Block parseInputFormat(std::string_view formatName, std::string_view data, const std::vector<ColumnSpec> &schema,
                       const InputSettings &settings = {});
bool isInputFormat(std::string_view name);

// The per-format entry points behind parseInputFormat; `headerLines` is 0, 1 (names) or 2
// (names and types) and only names are used to map fields.
Block parseCSV(std::string_view data, const std::vector<ColumnSpec> &schema, bool withNames, const InputSettings &settings = {});
Block parseTSV(std::string_view data, const std::vector<ColumnSpec> &schema, int headerLines, const InputSettings &settings = {});
Block parseJSONEachRow(std::string_view data, const std::vector<ColumnSpec> &schema, const InputSettings &settings = {});
// The Timeplus REST ingest "compact" body {"columns": [...], "data": [[...], ...]}.
Block parseJSONCompactColumns(std::string_view data, const std::vector<ColumnSpec> &schema, const InputSettings &settings = {});

// One JSON array ([1, 2, null]) into a column of `type`, element by element with the JSONEachRow
// value rules (user functions' results). Throws EngineError (117 for malformed JSON).
MutableColumnPtr parseJsonArrayColumn(std::string_view jsonArray, const DataTypePtr &type, const ParseSettings &settings = {});

} // namespace tideline::engine
