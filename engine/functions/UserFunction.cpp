#include "engine/functions/UserFunction.h"

#include "engine/formats/InputFormat.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

const char *userFunctionLanguageName(UserFunctionLanguage language)
{
    switch (language) {
    case UserFunctionLanguage::Sql: return "sql";
    case UserFunctionLanguage::JavaScript: return "javascript";
    case UserFunctionLanguage::Remote: return "remote";
    }
    return "";
}

std::string toJsonArray(const Column &column, size_t rows)
{
    FormatSettings settings;
    settings.jsonQuote64bitIntegers = false; // JavaScript numbers, as Proton hands them to V8
    settings.jsonEscapeForwardSlashes = false;
    CellBuffer cells;
    writeColumn(column, 0, rows, TextFormat::JSON, cells, settings);
    std::string out;
    out.reserve(cells.chars.size() + rows + 2);
    out.push_back('[');
    for (size_t i = 0; i < rows; ++i) {
        if (i)
            out.push_back(',');
        out.append(cells.at(i));
    }
    out.push_back(']');
    return out;
}

Result<ColumnPtr> fromJsonArray(std::string_view json, const DataTypePtr &type, size_t rows, const std::string &functionName)
{
    try {
        ColumnPtr column = parseJsonArrayColumn(json, type);
        if (column->size() != rows)
            return Status(kUdfInternalError, "UDF " + functionName + " returned " + std::to_string(column->size())
                                                           + " values for " + std::to_string(rows) + " rows");
        return column;
    } catch (const EngineError &e) {
        return Status(kUdfInternalError, "UDF " + functionName + " returned a value that is not " + type->name() + ": "
                                                       + e.status().message());
    }
}

} // namespace tideline::engine
