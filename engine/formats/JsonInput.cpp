// JSONEachRow input with simdjson's on-demand parser: one object per row, values converted
// straight into the schema's columns without building a DOM.
#include <simdjson.h>

#include <algorithm>
#include <optional>

#include "engine/formats/InputBuilder.h"
#include "engine/formats/InputFormat.h"

namespace tideline::engine {

namespace {

using namespace simdjson;

constexpr ErrorCode kIncorrectData = ErrorCode::IncorrectData; // 117, as ClickHouse for bad JSON

std::string_view trimToken(std::string_view s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

void appendJson(Column &col, ondemand::value value, const ParseSettings &settings);

void appendNotNull(Column &col, ondemand::value value, const ParseSettings &settings)
{
    appendJson(*col.children[0], value, settings);
    col.nullMap.push_back(0);
    col.setSize(col.size() + 1);
}

void appendArray(Column &col, ondemand::value value, const ParseSettings &settings)
{
    ondemand::array arr = value.get_array();
    for (ondemand::value elem : arr)
        appendJson(*col.children[0], elem, settings);
    col.offsets.push_back(col.children[0]->size());
    col.setSize(col.size() + 1);
}

void appendMap(Column &col, ondemand::value value, const ParseSettings &settings)
{
    ondemand::object obj = value.get_object();
    for (auto field : obj) {
        std::string_view key = field.unescaped_key();
        parseValue(*col.children[0], key, settings); // keys are text whatever their type
        appendJson(*col.children[1], field.value(), settings);
    }
    col.offsets.push_back(col.children[0]->size());
    col.setSize(col.size() + 1);
}

// A tuple from a JSON array (by position) or object (by element name).
void appendTuple(Column &col, ondemand::value value, const ParseSettings &settings)
{
    const DataType &type = *col.type();
    size_t rows = col.size();
    if (value.type() == ondemand::json_type::array) {
        size_t i = 0;
        for (ondemand::value elem : value.get_array()) {
            if (i >= col.children.size())
                fail(kIncorrectData, "Too many elements for " + type.name());
            appendJson(*col.children[i++], elem, settings);
        }
    } else {
        for (auto field : value.get_object()) {
            std::string_view key = field.unescaped_key();
            for (size_t i = 0; i < type.names.size(); ++i)
                if (type.names[i] == key && col.children[i]->size() == rows)
                    appendJson(*col.children[i], field.value(), settings);
        }
    }
    for (auto &child : col.children)
        if (child->size() == rows)
            child->pushDefault();
    col.setSize(rows + 1);
}

void appendJson(Column &col, ondemand::value value, const ParseSettings &settings)
{
    ondemand::json_type jt = value.type();
    TypeKind kind = col.type()->kind;
    if (jt == ondemand::json_type::null) {
        col.pushDefault(); // NULL for nullable, the type's default otherwise
        return;
    }
    if (kind == TypeKind::Nullable)
        return appendNotNull(col, value, settings);
    switch (jt) {
    case ondemand::json_type::array:
        if (kind == TypeKind::Array)
            return appendArray(col, value, settings);
        if (kind == TypeKind::Tuple)
            return appendTuple(col, value, settings);
        break;
    case ondemand::json_type::object:
        if (kind == TypeKind::Map)
            return appendMap(col, value, settings);
        if (kind == TypeKind::Tuple)
            return appendTuple(col, value, settings);
        break;
    case ondemand::json_type::string: {
        std::string_view s = value.get_string();
        return parseValue(col, s, settings);
    }
    case ondemand::json_type::number:
    case ondemand::json_type::boolean:
        if (kind == TypeKind::String) // a number into a string column keeps its JSON text
            return col.pushString(trimToken(value.raw_json_token()));
        if (kind != TypeKind::Array && kind != TypeKind::Map && kind != TypeKind::Tuple)
            return parseValue(col, trimToken(value.raw_json_token()), settings);
        break;
    default: break;
    }
    std::string_view raw = trimToken(value.raw_json_token());
    fail(kIncorrectData, "Cannot read JSON value " + std::string(raw.substr(0, 100)) + " as " + col.type()->name());
}

} // namespace

Block parseJSONEachRow(std::string_view data, const std::vector<ColumnSpec> &schema, const InputSettings &settings)
{
    InputBuilder builder(schema);
    ondemand::parser parser;
    padded_string padded(data);
    // Line numbers for messages: rows are one per line in practice, so count newlines up to the
    // document's start.
    size_t line = 1, counted = 0;
    try {
        ondemand::document_stream docs = parser.iterate_many(padded, std::max<size_t>(padded.size(), 1 << 20));
        for (auto it = docs.begin(); it != docs.end(); ++it) {
            size_t offset = it.current_index();
            line += static_cast<size_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(counted), data.begin() + static_cast<std::ptrdiff_t>(std::min(offset, data.size())), '\n'));
            counted = std::min(offset, data.size());
            builder.beginRow(line, 0);
            ondemand::document_reference doc = *it;
            ondemand::object obj = doc.get_object();
            for (auto field : obj) {
                std::string_view key = field.unescaped_key();
                int c = builder.columnIndex(key);
                if (c < 0)
                    continue; // input_format_skip_unknown_fields
                builder.column(static_cast<size_t>(c), [&](Column &col) { appendJson(col, field.value(), settings); });
            }
            builder.endRow();
        }
        if (docs.truncated_bytes() > 0)
            fail(kIncorrectData, "Cannot parse input at line " + std::to_string(line) + ": truncated JSON object");
    } catch (const simdjson_error &e) {
        fail(kIncorrectData, "Cannot parse JSON input at line " + std::to_string(line) + ": " + e.what());
    }
    return builder.finish();
}

} // namespace tideline::engine

namespace tideline::engine {

// The Timeplus ingest "compact" body: {"columns": ["a", "b"], "data": [[1, "x"], [2, "y"]]}.
// Columns the body does not name get their defaults; unknown names are an error, since a
// client naming a column that does not exist has a bug worth reporting (Proton: 16).
Block parseJSONCompactColumns(std::string_view data, const std::vector<ColumnSpec> &schema, const InputSettings &settings)
{
    // Only the columns the body names are in the result: the others get their DEFAULT
    // expressions (now() for _tp_time) when the block is appended, not the type's zero.
    std::vector<ColumnSpec> named;
    std::optional<InputBuilder> builder;
    ondemand::parser parser;
    padded_string padded(data);
    size_t row = 0;
    try {
        ondemand::document doc = parser.iterate(padded);
        ondemand::object body = doc.get_object();
        bool sawData = false;
        for (auto field : body) {
            std::string_view key = field.unescaped_key();
            if (key == "columns") {
                for (ondemand::value name : field.value().get_array()) {
                    std::string_view n = name.get_string();
                    auto it = std::find_if(schema.begin(), schema.end(), [&](const ColumnSpec &c) { return c.name == n; });
                    if (it == schema.end())
                        fail(ErrorCode::NoSuchColumnInTable, "Unknown column '" + std::string(n) + "' in ingest body");
                    named.push_back(*it);
                }
                builder.emplace(named);
            } else if (key == "data") {
                if (!builder)
                    fail(kIncorrectData, "Ingest body: \"columns\" must come before \"data\"");
                sawData = true;
                for (ondemand::value rowValue : field.value().get_array()) {
                    ++row;
                    builder->beginRow(row, 0);
                    size_t f = 0;
                    for (ondemand::value cell : rowValue.get_array()) {
                        if (f >= named.size())
                            fail(ErrorCode::IncorrectNumberOfColumns, "Ingest body row " + std::to_string(row) + ": more values than the "
                                 + std::to_string(named.size()) + " columns");
                        builder->field(f++, [&](Column &col) { appendJson(col, cell, settings); });
                    }
                    if (f != named.size())
                        fail(ErrorCode::IncorrectNumberOfColumns, "Ingest body row " + std::to_string(row) + ": " + std::to_string(f)
                             + " values for " + std::to_string(named.size()) + " columns");
                    builder->endRow();
                }
            }
        }
        if (!builder || !sawData)
            fail(kIncorrectData, "Ingest body must be {\"columns\": [...], \"data\": [[...], ...]}");
    } catch (const simdjson_error &e) {
        fail(kIncorrectData, "Cannot parse the ingest body" + (row ? " at row " + std::to_string(row) : std::string()) + ": " + e.what());
    }
    Block block = builder->finish();
    block.setRowsWithoutColumns(row);
    return block;
}

MutableColumnPtr parseJsonArrayColumn(std::string_view jsonArray, const DataTypePtr &type, const ParseSettings &settings)
{
    auto column = Column::create(type);
    ondemand::parser parser;
    padded_string padded(jsonArray);
    size_t index = 0;
    try {
        ondemand::document doc = parser.iterate(padded);
        for (ondemand::value cell : doc.get_array()) {
            ++index;
            try {
                appendJson(*column, cell, settings);
            } catch (const EngineError &e) {
                fail(static_cast<ErrorCode>(e.status().code()), "Cannot parse element " + std::to_string(index) + ": " + e.status().message());
            }
        }
    } catch (const simdjson_error &e) {
        fail(kIncorrectData, "Cannot parse a JSON array" + (index ? " at element " + std::to_string(index) : std::string()) + ": " + e.what());
    }
    return column;
}

} // namespace tideline::engine
