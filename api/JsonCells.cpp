#include "api/JsonCells.h"

#include "api/JsonWriter.h"

namespace tideline::api::detail {

using namespace simdjson;

namespace {

std::string_view trimTrailingSpace(std::string_view s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool appendCompact(ondemand::value value, QByteArray &out, error_code &err);

bool appendCompactArray(ondemand::array array, QByteArray &out, error_code &err)
{
    out.append('[');
    bool first = true;
    for (auto element : array) {
        ondemand::value v;
        if ((err = element.get(v)))
            return false;
        if (!first)
            out.append(',');
        first = false;
        if (!appendCompact(v, out, err))
            return false;
    }
    out.append(']');
    return true;
}

bool appendCompactObject(ondemand::object object, QByteArray &out, error_code &err)
{
    out.append('{');
    bool first = true;
    for (auto field : object) {
        std::string_view key;
        if ((err = field.unescaped_key().get(key)))
            return false;
        if (!first)
            out.append(',');
        first = false;
        JsonWriter::appendString(out, QByteArrayView(key.data(), qsizetype(key.size())));
        out.append(':');
        if (!appendCompact(field.value(), out, err))
            return false;
    }
    out.append('}');
    return true;
}

// Re-serialises a nested value compactly, validating it on the way (raw_json() would not check
// literals or escapes inside the container). Numbers keep their text.
bool appendCompact(ondemand::value value, QByteArray &out, error_code &err)
{
    ondemand::json_type type;
    if ((err = value.type().get(type)))
        return false;
    switch (type) {
    case ondemand::json_type::array: {
        ondemand::array a;
        return !(err = value.get_array().get(a)) && appendCompactArray(a, out, err);
    }
    case ondemand::json_type::object: {
        ondemand::object o;
        return !(err = value.get_object().get(o)) && appendCompactObject(o, out, err);
    }
    case ondemand::json_type::string: {
        std::string_view s;
        if ((err = value.get_string().get(s)))
            return false;
        JsonWriter::appendString(out, QByteArrayView(s.data(), qsizetype(s.size())));
        return true;
    }
    case ondemand::json_type::number: {
        const std::string_view token = trimTrailingSpace(value.raw_json_token());
        if (!isJsonNumber(token))
            return err = NUMBER_ERROR, false;
        out.append(token.data(), qsizetype(token.size()));
        return true;
    }
    case ondemand::json_type::boolean: {
        bool b = false;
        if ((err = value.get_bool().get(b)))
            return false;
        out.append(b ? "true" : "false");
        return true;
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        if ((err = value.is_null().get(isNull)) || !isNull)
            return err = err ? err : N_ATOM_ERROR, false;
        out.append("null", 4);
        return true;
    }
    }
    return err = INCORRECT_TYPE, false;
}

QString cellPlace(const char *where, qsizetype row, qsizetype column)
{
    if (*where)
        return column < 0 ? QStringLiteral("%1[%2]").arg(QLatin1String(where)).arg(row)
                          : QStringLiteral("%1[%2][%3]").arg(QLatin1String(where)).arg(row).arg(column);
    return column < 0 ? QStringLiteral("row %1").arg(row) : QStringLiteral("row %1, column %2").arg(row).arg(column);
}

} // namespace

QString simdjsonMessage(error_code code)
{
    return QString::fromUtf8(error_message(code));
}

bool isJsonNumber(std::string_view t)
{
    size_t i = 0;
    const size_t n = t.size();
    if (i < n && t[i] == '-')
        ++i;
    if (i >= n || !isDigit(t[i]))
        return false;
    if (t[i++] != '0')
        while (i < n && isDigit(t[i]))
            ++i;
    if (i < n && t[i] == '.') {
        if (++i >= n || !isDigit(t[i]))
            return false;
        while (i < n && isDigit(t[i]))
            ++i;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        if (++i < n && (t[i] == '+' || t[i] == '-'))
            ++i;
        if (i >= n || !isDigit(t[i]))
            return false;
        while (i < n && isDigit(t[i]))
            ++i;
    }
    return i == n;
}

bool appendCell(ondemand::value value, RowBatch &batch, QString &error)
{
    error_code err = SUCCESS;
    ondemand::json_type type;
    if ((err = value.type().get(type))) {
        error = simdjsonMessage(err);
        return false;
    }
    CellKind kind = CellKind::Null;
    QByteArray &text = batch.textForAppend();
    switch (type) {
    case ondemand::json_type::string: {
        std::string_view s;
        if (!(err = value.get_string().get(s)))
            text.append(s.data(), qsizetype(s.size()));
        kind = CellKind::String;
        break;
    }
    case ondemand::json_type::number: {
        const std::string_view token = trimTrailingSpace(value.raw_json_token());
        if (!isJsonNumber(token)) {
            error = QStringLiteral("invalid number '%1'").arg(QString::fromUtf8(token.data(), qsizetype(qMin<size_t>(token.size(), 40))));
            return false;
        }
        text.append(token.data(), qsizetype(token.size()));
        kind = CellKind::Number;
        break;
    }
    case ondemand::json_type::boolean: {
        bool b = false;
        if (!(err = value.get_bool().get(b)))
            text.append(b ? "true" : "false");
        kind = CellKind::Bool;
        break;
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        if (!(err = value.is_null().get(isNull)) && !isNull)
            err = N_ATOM_ERROR;
        break;
    }
    case ondemand::json_type::array:
        kind = CellKind::Array;
        appendCompact(value, text, err);
        break;
    case ondemand::json_type::object:
        kind = CellKind::Object;
        appendCompact(value, text, err);
        break;
    }
    if (err) {
        error = simdjsonMessage(err);
        return false;
    }
    if (!batch.commitCell(kind)) {
        error = QStringLiteral("batch text exceeds 4 GiB");
        return false;
    }
    return true;
}

bool decodeRows(ondemand::array rows, RowBatch &batch, qsizetype expectedColumns, const char *where,
                QString &error)
{
    qsizetype rowIndex = 0;
    for (auto rowResult : rows) {
        ondemand::array row;
        if (error_code err = rowResult.get_array().get(row)) {
            error = QStringLiteral("%1: expected an array of values (%2)").arg(cellPlace(where, rowIndex, -1), simdjsonMessage(err));
            return false;
        }
        qsizetype column = 0;
        for (auto cellResult : row) {
            ondemand::value value;
            QString cellError;
            if (error_code err = cellResult.get(value))
                cellError = simdjsonMessage(err);
            else if (expectedColumns >= 0 && column >= expectedColumns)
                cellError = QStringLiteral("more than %1 values").arg(expectedColumns);
            if (!cellError.isEmpty() || !appendCell(value, batch, cellError)) {
                error = QStringLiteral("%1: %2").arg(cellPlace(where, rowIndex, column), cellError);
                return false;
            }
            ++column;
        }
        if (expectedColumns < 0 && rowIndex == 0)
            expectedColumns = column;
        if (column != expectedColumns || !batch.endRow()) {
            error = QStringLiteral("%1: has %2 values, expected %3").arg(cellPlace(where, rowIndex, -1)).arg(column).arg(expectedColumns);
            return false;
        }
        ++rowIndex;
    }
    return true;
}

simdjson_result<ondemand::document> PaddedInput::iterate(ondemand::parser &parser, std::string_view json)
{
    // Grow only: the capacity is reused from batch to batch.
    if (m_buffer.size() < json.size() + SIMDJSON_PADDING)
        m_buffer.resize(json.size() + SIMDJSON_PADDING);
    std::memcpy(m_buffer.data(), json.data(), json.size());
    std::memset(m_buffer.data() + json.size(), 0, SIMDJSON_PADDING);
    return parser.iterate(m_buffer.data(), json.size(), m_buffer.size());
}

} // namespace tideline::api::detail
