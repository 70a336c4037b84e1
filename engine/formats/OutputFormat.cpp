#include "engine/formats/OutputFormat.h"

#include <algorithm>
#include <cctype>

#include "engine/formats/PrettyFormats.h"

namespace tideline::engine {

namespace {

enum class RowKind { TSV, CSV, JSONEachRow, JSONCompactEachRow };

// The row-per-line formats share one shape: optional header lines, then each row as cells
// joined by a delimiter between a prefix and a suffix.
class RowFormat : public OutputFormat {
public:
    RowFormat(RowKind kind, int headerLines, const char *name, const FormatSettings &settings)
        : m_kind(kind), m_headerLines(headerLines), m_name(name), m_settings(settings) {}

    void writeBlock(const Block &block, std::string &out) override
    {
        if (!m_headerWritten) {
            writeHeader(block, out);
            m_headerWritten = true;
        }
        size_t rows = block.rows(), cols = block.columnCount();
        if (rows == 0)
            return;
        TextFormat text = m_kind == RowKind::TSV ? TextFormat::Escaped : m_kind == RowKind::CSV ? TextFormat::CSV : TextFormat::JSON;
        m_cells.resize(cols);
        for (size_t c = 0; c < cols; ++c) {
            m_cells[c].clear();
            writeColumn(*block.at(c).column, 0, rows, text, m_cells[c], m_settings);
        }
        if (m_kind == RowKind::JSONEachRow && m_keys.size() != cols)
            buildKeys(block);
        for (size_t r = 0; r < rows; ++r)
            writeRow(r, cols, out);
    }

    const char *name() const override { return m_name; }
    const char *contentType() const override
    {
        switch (m_kind) {
        case RowKind::CSV: return "text/csv; charset=UTF-8";
        case RowKind::TSV: return "text/tab-separated-values; charset=UTF-8";
        default: return "application/json; charset=UTF-8";
        }
    }

private:
    void writeRow(size_t r, size_t cols, std::string &out)
    {
        switch (m_kind) {
        case RowKind::TSV: case RowKind::CSV: {
            char delimiter = m_kind == RowKind::TSV ? '\t' : m_settings.csvDelimiter;
            for (size_t c = 0; c < cols; ++c) {
                if (c)
                    out += delimiter;
                out += m_cells[c].at(r);
            }
            break;
        }
        case RowKind::JSONEachRow:
            out += '{';
            for (size_t c = 0; c < cols; ++c) {
                if (c)
                    out += ',';
                out += m_keys[c];
                out += m_cells[c].at(r);
            }
            out += '}';
            break;
        case RowKind::JSONCompactEachRow:
            out += '[';
            for (size_t c = 0; c < cols; ++c) {
                if (c)
                    out += ", ";
                out += m_cells[c].at(r);
            }
            out += ']';
            break;
        }
        out += '\n';
    }

    void buildKeys(const Block &block)
    {
        m_keys.clear();
        for (const auto &col : block.columns()) {
            std::string key;
            appendJSONString(key, col.name, m_settings.jsonEscapeForwardSlashes);
            m_keys.push_back(key + ":");
        }
    }

    void writeHeader(const Block &block, std::string &out)
    {
        for (int line = 0; line < m_headerLines; ++line) {
            for (size_t c = 0; c < block.columnCount(); ++c) {
                if (c)
                    out += m_kind == RowKind::TSV ? '\t' : m_settings.csvDelimiter;
                std::string text = line == 0 ? block.at(c).name : block.at(c).type()->name();
                if (m_kind == RowKind::TSV)
                    appendEscapedString(out, text);
                else
                    appendCSVString(out, text);
            }
            out += '\n';
        }
    }

    RowKind m_kind;
    int m_headerLines;
    const char *m_name;
    FormatSettings m_settings;
    bool m_headerWritten = false;
    std::vector<CellBuffer> m_cells;
    std::vector<std::string> m_keys;
};

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

struct FormatEntry {
    const char *name;
    const char *alias;
};

constexpr FormatEntry kFormats[] = {
    {"TabSeparated", "TSV"},
    {"TabSeparatedWithNames", "TSVWithNames"},
    {"TabSeparatedWithNamesAndTypes", "TSVWithNamesAndTypes"},
    {"CSV", nullptr},
    {"CSVWithNames", nullptr},
    {"JSONEachRow", "NDJSON"},
    {"JSONCompactEachRow", nullptr},
    {"PrettyCompact", nullptr},
    {"Vertical", nullptr},
};

// The canonical name for a spelling, or nullptr.
const char *canonicalName(std::string_view name)
{
    std::string key = lower(name);
    for (const auto &f : kFormats)
        if (key == lower(f.name) || (f.alias && key == lower(f.alias)))
            return f.name;
    return nullptr;
}

} // namespace

std::unique_ptr<OutputFormat> createOutputFormat(std::string_view name, const FormatSettings &settings)
{
    const char *canonical = canonicalName(name);
    if (!canonical)
        fail(ErrorCode::UnknownFormat, "Unknown format " + std::string(name));
    std::string_view n = canonical;
    if (n == "TabSeparated")
        return std::make_unique<RowFormat>(RowKind::TSV, 0, canonical, settings);
    if (n == "TabSeparatedWithNames")
        return std::make_unique<RowFormat>(RowKind::TSV, 1, canonical, settings);
    if (n == "TabSeparatedWithNamesAndTypes")
        return std::make_unique<RowFormat>(RowKind::TSV, 2, canonical, settings);
    if (n == "CSV")
        return std::make_unique<RowFormat>(RowKind::CSV, 0, canonical, settings);
    if (n == "CSVWithNames")
        return std::make_unique<RowFormat>(RowKind::CSV, 1, canonical, settings);
    if (n == "JSONEachRow")
        return std::make_unique<RowFormat>(RowKind::JSONEachRow, 0, canonical, settings);
    if (n == "JSONCompactEachRow")
        return std::make_unique<RowFormat>(RowKind::JSONCompactEachRow, 0, canonical, settings);
    if (n == "PrettyCompact")
        return makePrettyCompactFormat(settings);
    return makeVerticalFormat(settings);
}

bool isOutputFormat(std::string_view name)
{
    return canonicalName(name) != nullptr;
}

std::vector<std::string> outputFormatNames()
{
    std::vector<std::string> out;
    for (const auto &f : kFormats)
        out.emplace_back(f.name);
    return out;
}

std::string formatBlock(const Block &block, std::string_view formatName, const FormatSettings &settings)
{
    auto format = createOutputFormat(formatName, settings);
    std::string out;
    format->writeBlock(block, out);
    format->finish(out);
    return out;
}

} // namespace tideline::engine
