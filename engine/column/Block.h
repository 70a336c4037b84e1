#pragma once
// A block: named columns of equal length. Blocks are what operators pass to each other, what
// one INSERT produces and what the stream log stores as one record.

#include <string>
#include <vector>

#include "engine/column/Column.h"

namespace tideline::engine {

struct NamedColumn {
    std::string name;
    ColumnPtr column;
    const DataTypePtr &type() const { return column->type(); }
};

class Block {
public:
    Block() = default;
    explicit Block(std::vector<NamedColumn> columns) : m_columns(std::move(columns)) {}

    size_t rows() const { return m_columns.empty() ? m_rows : m_columns[0].column->size(); }
    size_t columnCount() const { return m_columns.size(); }
    bool empty() const { return rows() == 0; }

    const NamedColumn &at(size_t i) const { return m_columns[i]; }
    NamedColumn &at(size_t i) { return m_columns[i]; }
    const std::vector<NamedColumn> &columns() const { return m_columns; }
    std::vector<NamedColumn> &columns() { return m_columns; }

    // Index of a column by exact name, or -1.
    int indexOf(std::string_view name) const
    {
        for (size_t i = 0; i < m_columns.size(); ++i)
            if (m_columns[i].name == name)
                return static_cast<int>(i);
        return -1;
    }
    const Column *find(std::string_view name) const
    {
        int i = indexOf(name);
        return i < 0 ? nullptr : m_columns[static_cast<size_t>(i)].column.get();
    }
    void add(std::string name, ColumnPtr column) { m_columns.push_back({std::move(name), std::move(column)}); }
    // A block with no columns can still carry a row count (SELECT without FROM, count(*) inputs).
    void setRowsWithoutColumns(size_t rows) { m_rows = rows; }
    // The rows where mask[i] != 0 (`kept` of them), every column filtered once.
    Block filter(const uint8_t *mask, size_t kept) const
    {
        Block out;
        for (const auto &c : m_columns)
            out.add(c.name, c.column->filter(mask));
        out.setRowsWithoutColumns(kept);
        return out;
    }
    // Rows [from, from + count); the block's own columns when that is all of it.
    Block slice(size_t from, size_t count) const
    {
        Block out;
        bool whole = from == 0 && count == rows();
        for (const auto &c : m_columns)
            out.add(c.name, whole ? c.column : ColumnPtr(c.column->slice(from, count)));
        out.setRowsWithoutColumns(count);
        return out;
    }
    size_t byteSize() const
    {
        size_t n = 0;
        for (const auto &c : m_columns)
            n += c.column->byteSize();
        return n;
    }

private:
    std::vector<NamedColumn> m_columns;
    size_t m_rows = 0;
};

} // namespace tideline::engine
