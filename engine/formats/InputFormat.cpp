#include "engine/formats/InputFormat.h"

#include <algorithm>
#include <cctype>

#include "engine/formats/InputBuilder.h"

namespace tideline::engine {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Reads one CSV field at data[pos]; leaves pos on the delimiter / line end after it.
struct CsvField {
    std::string_view text;
    bool quoted = false;
};

class CsvReader {
public:
    CsvReader(std::string_view data, char delimiter) : m_data(data), m_delimiter(delimiter) {}

    bool atEnd() const { return m_pos >= m_data.size(); }
    size_t line() const { return m_line; }

    // Reads the fields of the next record; returns false at the end of the data.
    bool readRecord(std::vector<CsvField> &fields)
    {
        fields.clear();
        m_buffers.clear();
        if (atEnd())
            return false;
        m_recordLine = m_line;
        while (true) {
            fields.push_back(readField());
            if (atEnd())
                return true;
            char c = m_data[m_pos];
            if (c == m_delimiter) {
                ++m_pos;
                continue;
            }
            if (c == '\r' && m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '\n')
                ++m_pos;
            if (m_data[m_pos] == '\n' || m_data[m_pos] == '\r') {
                ++m_pos;
                ++m_line;
                return true;
            }
            fail(static_cast<ErrorCode>(27), "Cannot parse input at line " + std::to_string(m_line)
                 + ": expected '" + std::string(1, m_delimiter) + "' or end of line after a quoted field");
        }
    }
    size_t recordLine() const { return m_recordLine; }

private:
    CsvField readField()
    {
        if (m_pos < m_data.size() && m_data[m_pos] == '"')
            return readQuoted();
        size_t start = m_pos;
        while (m_pos < m_data.size() && m_data[m_pos] != m_delimiter && m_data[m_pos] != '\n' && m_data[m_pos] != '\r')
            ++m_pos;
        return {m_data.substr(start, m_pos - start), false};
    }

    CsvField readQuoted()
    {
        ++m_pos;
        m_buffers.emplace_back();
        std::string &buf = m_buffers.back();
        while (true) {
            size_t q = m_data.find('"', m_pos);
            if (q == std::string_view::npos)
                fail(static_cast<ErrorCode>(27), "Cannot parse input at line " + std::to_string(m_line) + ": unterminated quoted CSV field");
            std::string_view chunk = m_data.substr(m_pos, q - m_pos);
            m_line += static_cast<size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            buf.append(chunk);
            m_pos = q + 1;
            if (m_pos < m_data.size() && m_data[m_pos] == '"') { // "" is one quote
                buf += '"';
                ++m_pos;
                continue;
            }
            return {buf, true};
        }
    }

    std::string_view m_data;
    char m_delimiter;
    size_t m_pos = 0;
    size_t m_line = 1;
    size_t m_recordLine = 1;
    std::deque<std::string> m_buffers; // deque: views into earlier buffers stay valid
};

void applyCsvField(Column &col, const CsvField &field, const InputSettings &settings)
{
    if (!field.quoted && (field.text.empty() || (field.text == "\\N" && col.type()->isNullable()))) {
        col.pushDefault(); // input_format_csv_empty_as_default; \N is NULL
        return;
    }
    if (field.quoted && col.type()->isNullable()) { // a quoted "NULL" is text, not NULL
        parseValue(*col.children[0], field.text, settings);
        col.nullMap.push_back(0);
        col.setSize(col.size() + 1);
        return;
    }
    parseValue(col, field.text, settings);
}

} // namespace

Block parseCSV(std::string_view data, const std::vector<ColumnSpec> &schema, bool withNames, const InputSettings &settings)
{
    InputBuilder builder(schema);
    CsvReader reader(data, settings.csvDelimiter);
    std::vector<CsvField> fields;
    if (withNames && reader.readRecord(fields)) {
        std::vector<std::string> names;
        for (const auto &f : fields)
            names.emplace_back(f.text);
        builder.mapHeader(names);
    }
    while (reader.readRecord(fields)) {
        if (fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted && schema.size() > 1)
            continue; // a blank line
        builder.beginRow(reader.recordLine(), fields.size());
        for (size_t i = 0; i < fields.size(); ++i)
            builder.field(i, [&](Column &col) { applyCsvField(col, fields[i], settings); });
        builder.endRow();
    }
    return builder.finish();
}

Block parseTSV(std::string_view data, const std::vector<ColumnSpec> &schema, int headerLines, const InputSettings &settings)
{
    InputBuilder builder(schema);
    size_t pos = 0, line = 0;
    std::vector<std::string_view> fields;
    while (pos < data.size()) {
        size_t end = data.find('\n', pos);
        std::string_view row = data.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? data.size() : end + 1;
        ++line;
        if (!row.empty() && row.back() == '\r')
            row.remove_suffix(1);
        fields.clear();
        for (size_t start = 0;;) {
            size_t tab = row.find('\t', start);
            fields.push_back(row.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (tab == std::string_view::npos)
                break;
            start = tab + 1;
        }
        if (static_cast<int>(line) <= headerLines) {
            if (line == 1)
                builder.mapHeader(std::vector<std::string>(fields.begin(), fields.end()));
            continue;
        }
        if (row.empty() && schema.size() > 1)
            continue;
        builder.beginRow(line, fields.size());
        for (size_t i = 0; i < fields.size(); ++i)
            builder.field(i, [&](Column &col) { parseEscapedValue(col, fields[i], settings); });
        builder.endRow();
    }
    return builder.finish();
}

Block parseInputFormat(std::string_view formatName, std::string_view data, const std::vector<ColumnSpec> &schema, const InputSettings &settings)
{
    std::string name = lower(formatName);
    if (name == "csv" || name == "csvwithnames")
        return parseCSV(data, schema, name == "csvwithnames", settings);
    if (name == "tabseparated" || name == "tsv")
        return parseTSV(data, schema, 0, settings);
    if (name == "tabseparatedwithnames" || name == "tsvwithnames")
        return parseTSV(data, schema, 1, settings);
    if (name == "tabseparatedwithnamesandtypes" || name == "tsvwithnamesandtypes")
        return parseTSV(data, schema, 2, settings);
    if (name == "jsoneachrow" || name == "ndjson")
        return parseJSONEachRow(data, schema, settings);
    fail(ErrorCode::UnknownFormat, "Unknown input format " + std::string(formatName));
}

bool isInputFormat(std::string_view name)
{
    static const char *names[] = {"csv", "csvwithnames", "tabseparated", "tsv", "tabseparatedwithnames", "tsvwithnames",
                                  "tabseparatedwithnamesandtypes", "tsvwithnamesandtypes", "jsoneachrow", "ndjson"};
    std::string key = lower(name);
    return std::any_of(std::begin(names), std::end(names), [&](const char *n) { return key == n; });
}

} // namespace tideline::engine
