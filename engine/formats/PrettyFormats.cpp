#include "engine/formats/PrettyFormats.h"

#include <algorithm>

namespace tideline::engine {

namespace {

constexpr const char *kNull = "ᴺᵁᴸᴸ"; // what clickhouse-client shows for NULL in Pretty/Vertical

// Plain text cells, with NULL shown as ᴺᵁᴸᴸ instead of the Plain form's "NULL".
void renderCells(const Column &col, size_t rows, CellBuffer &cells, const FormatSettings &settings)
{
    cells.clear();
    if (!col.type()->isNullable() && !col.type()->isNothing()) {
        writeColumn(col, 0, rows, TextFormat::Plain, cells, settings);
        return;
    }
    for (size_t r = 0; r < rows; ++r) {
        if (col.type()->isNothing() || col.isNullAt(r))
            cells.chars += kNull;
        else
            writeValue(col.nested(), r, TextFormat::Plain, cells.chars, settings);
        cells.ends.push_back(static_cast<uint32_t>(cells.chars.size()));
    }
}

bool alignsRight(const DataTypePtr &type)
{
    const DataType &t = *removeNullable(type);
    return t.isInteger() || t.isFloat() || t.isDecimal() || t.kind == TypeKind::Bool;
}

void repeat(std::string &out, const char *piece, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        out += piece;
}

class PrettyCompact : public OutputFormat {
public:
    explicit PrettyCompact(const FormatSettings &settings) : m_settings(settings) {}

    // Each block is its own framed table, as clickhouse-client prints streaming results.
    void writeBlock(const Block &block, std::string &out) override
    {
        size_t rows = block.rows(), cols = block.columnCount();
        if (rows == 0 && m_wroteAny)
            return;
        m_wroteAny = true;
        m_cells.resize(cols);
        std::vector<size_t> widths(cols);
        std::vector<bool> right(cols);
        for (size_t c = 0; c < cols; ++c) {
            renderCells(*block.at(c).column, rows, m_cells[c], m_settings);
            widths[c] = displayWidth(block.at(c).name);
            for (size_t r = 0; r < rows; ++r)
                widths[c] = std::max(widths[c], displayWidth(m_cells[c].at(r)));
            right[c] = alignsRight(block.at(c).type());
        }
        out += "┌─";
        for (size_t c = 0; c < cols; ++c) {
            if (c)
                out += "─┬─";
            size_t pad = widths[c] - displayWidth(block.at(c).name);
            if (right[c])
                repeat(out, "─", pad);
            out += block.at(c).name;
            if (!right[c])
                repeat(out, "─", pad);
        }
        out += "─┐\n";
        for (size_t r = 0; r < rows; ++r) {
            out += "│ ";
            for (size_t c = 0; c < cols; ++c) {
                if (c)
                    out += " │ ";
                std::string_view cell = m_cells[c].at(r);
                size_t pad = widths[c] - displayWidth(cell);
                if (right[c])
                    out.append(pad, ' ');
                out += cell;
                if (!right[c])
                    out.append(pad, ' ');
            }
            out += " │\n";
        }
        out += "└─";
        for (size_t c = 0; c < cols; ++c) {
            if (c)
                out += "─┴─";
            repeat(out, "─", widths[c]);
        }
        out += "─┘\n";
    }
    const char *name() const override { return "PrettyCompact"; }

private:
    FormatSettings m_settings;
    std::vector<CellBuffer> m_cells;
    bool m_wroteAny = false;
};

class Vertical : public OutputFormat {
public:
    explicit Vertical(const FormatSettings &settings) : m_settings(settings) {}

    void writeBlock(const Block &block, std::string &out) override
    {
        size_t rows = block.rows(), cols = block.columnCount();
        m_cells.resize(cols);
        size_t nameWidth = 0;
        for (size_t c = 0; c < cols; ++c) {
            renderCells(*block.at(c).column, rows, m_cells[c], m_settings);
            nameWidth = std::max(nameWidth, displayWidth(block.at(c).name));
        }
        for (size_t r = 0; r < rows; ++r) {
            if (m_row)
                out += '\n';
            std::string title = "Row " + std::to_string(++m_row) + ":";
            out += title + "\n";
            repeat(out, "─", title.size());
            out += '\n';
            for (size_t c = 0; c < cols; ++c) {
                const std::string &name = block.at(c).name;
                out += name;
                out += ':';
                out.append(nameWidth - displayWidth(name) + 1, ' ');
                out += m_cells[c].at(r);
                out += '\n';
            }
        }
    }
    const char *name() const override { return "Vertical"; }

private:
    FormatSettings m_settings;
    std::vector<CellBuffer> m_cells;
    size_t m_row = 0;
};

} // namespace

size_t displayWidth(std::string_view text)
{
    size_t n = 0;
    for (char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::unique_ptr<OutputFormat> makePrettyCompactFormat(const FormatSettings &settings)
{
    return std::make_unique<PrettyCompact>(settings);
}

std::unique_ptr<OutputFormat> makeVerticalFormat(const FormatSettings &settings)
{
    return std::make_unique<Vertical>(settings);
}

} // namespace tideline::engine
