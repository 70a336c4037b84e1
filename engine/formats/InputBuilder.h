#pragma once
// Internal to engine/formats: builds a Block row by row for the input formats, mapping fields
// to schema columns, filling defaults for columns a row does not mention and naming the line
// and column in parse errors.

#include <deque>
#include <string>
#include <vector>

#include "engine/formats/InputFormat.h"

namespace tideline::engine {

class InputBuilder {
public:
    explicit InputBuilder(const std::vector<ColumnSpec> &schema) : m_schema(schema)
    {
        for (const auto &spec : schema)
            m_columns.push_back(Column::create(spec.type));
        for (size_t i = 0; i < schema.size(); ++i)
            m_fieldToColumn.push_back(static_cast<int>(i));
    }

    // A header line: fields map to columns by name; unknown names are skipped.
    void mapHeader(const std::vector<std::string> &names)
    {
        m_fieldToColumn.assign(names.size(), -1);
        for (size_t f = 0; f < names.size(); ++f)
            m_fieldToColumn[f] = columnIndex(names[f]);
    }
    int columnIndex(std::string_view name) const
    {
        for (size_t i = 0; i < m_schema.size(); ++i)
            if (m_schema[i].name == name)
                return static_cast<int>(i);
        return -1;
    }

    void beginRow(size_t line, size_t fieldCount)
    {
        m_line = line;
        m_rows = m_columns.empty() ? m_rows : m_columns[0]->size();
        if (fieldCount > m_fieldToColumn.size())
            fail(ErrorCode::IncorrectNumberOfColumns, "Cannot parse input at line " + std::to_string(line) + ": expected "
                 + std::to_string(m_fieldToColumn.size()) + " fields, got " + std::to_string(fieldCount));
    }
    // Parses field `f` with `parse(column)`, skipping fields of unknown columns.
    template <typename F>
    void field(size_t f, F &&parse)
    {
        int c = f < m_fieldToColumn.size() ? m_fieldToColumn[f] : -1;
        if (c >= 0)
            column(static_cast<size_t>(c), parse);
    }
    template <typename F>
    void column(size_t c, F &&parse)
    {
        Column &col = *m_columns[c];
        if (col.size() > m_rows)
            return; // a duplicate key: the first value wins
        try {
            parse(col);
        } catch (const EngineError &e) {
            fail(static_cast<ErrorCode>(e.status().code()), "Cannot parse input at line " + std::to_string(m_line) + ", column '"
                 + m_schema[c].name + "': " + e.status().message());
        }
    }
    // Columns the row did not fill get their default.
    void endRow()
    {
        for (auto &col : m_columns)
            if (col->size() == m_rows)
                col->pushDefault();
    }
    Block finish()
    {
        Block block;
        for (size_t i = 0; i < m_schema.size(); ++i)
            block.add(m_schema[i].name, m_columns[i]);
        return block;
    }

private:
    const std::vector<ColumnSpec> &m_schema;
    std::vector<MutableColumnPtr> m_columns;
    std::vector<int> m_fieldToColumn;
    size_t m_line = 0;
    size_t m_rows = 0;
};

} // namespace tideline::engine
