#include "api/IngestRequest.h"

#include "api/JsonCells.h"

#include <QHash>

namespace tideline::api {

using namespace simdjson;

namespace {

struct MediaType
{
    QByteArray type; // lower case "type/subtype"
    QByteArray format; // lower-cased value of a `format` parameter, if any
};

MediaType parseMediaType(QByteArrayView contentType)
{
    MediaType out;
    const QList<QByteArray> parts = contentType.toByteArray().split(';');
    out.type = parts.value(0).trimmed().toLower();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray param = parts[i].trimmed();
        const qsizetype eq = param.indexOf('=');
        if (eq < 0 || param.left(eq).trimmed().toLower() != "format")
            continue;
        QByteArray value = param.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        out.format = value.toLower();
    }
    return out;
}

// A cheap sniff, not a parse: the parser reports the real errors later.
bool looksLikeCompactJson(QByteArrayView body)
{
    const QByteArrayView trimmed = body.trimmed();
    return trimmed.startsWith('{') && trimmed.contains("\"columns\"") && trimmed.contains("\"data\"");
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

qsizetype skipSpace(QByteArrayView body, qsizetype i)
{
    while (i < body.size() && isSpace(body[i]))
        ++i;
    return i;
}

// End (exclusive) of the JSON object starting at `begin`, or -1 when it is not closed. Only
// brackets outside strings count; the object's content is checked by the real parser.
qsizetype objectEnd(QByteArrayView body, qsizetype begin)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = begin; i < body.size(); ++i) {
        const char c = body[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

QString keyText(std::string_view key)
{
    return QString::fromUtf8(key.data(), qsizetype(key.size()));
}

} // namespace

struct IngestRequest::Private
{
    ondemand::parser parser;
    detail::PaddedInput input;
    QStringList columns;
    RowBatch rows;
    QString error;

    // Streaming: cells as they come (one open row in `scratch`), placed by column at the end.
    RowBatch scratch;
    std::vector<int> cellColumn;
    std::vector<qsizetype> rowStart;
    std::vector<qsizetype> lastRowOfColumn; // duplicate-key check
    QHash<QString, int> columnIndex;

    bool fail(QString message)
    {
        error = std::move(message);
        columns.clear();
        rows = RowBatch();
        return false;
    }
    void reset()
    {
        columns.clear();
        rows = RowBatch();
        error.clear();
    }
    bool parseColumns(ondemand::value value);
    bool parseCompactFields(ondemand::object object, bool &haveColumns, bool &haveData);
    bool parseObject(QByteArrayView object, qsizetype index, qsizetype offset);
    void layOutStreamingRows();
};

IngestRequest::IngestRequest()
    : d(std::make_unique<Private>())
{
}

IngestRequest::~IngestRequest() = default;

const QStringList &IngestRequest::columns() const { return d->columns; }
const RowBatch &IngestRequest::rows() const { return d->rows; }
RowBatch IngestRequest::takeRows() { return std::exchange(d->rows, RowBatch()); }
QString IngestRequest::errorString() const { return d->error; }

std::optional<IngestFormat> IngestRequest::formatFromName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == QLatin1String("compact") || n == QLatin1String("compat"))
        return IngestFormat::Compact;
    if (n == QLatin1String("streaming") || n == QLatin1String("stream"))
        return IngestFormat::Streaming;
    if (n == QLatin1String("raw"))
        return IngestFormat::Raw;
    if (n == QLatin1String("lines"))
        return IngestFormat::Lines;
    return std::nullopt;
}

QString IngestRequest::formatName(IngestFormat format)
{
    switch (format) {
    case IngestFormat::Compact: return QStringLiteral("compact");
    case IngestFormat::Streaming: return QStringLiteral("streaming");
    case IngestFormat::Raw: return QStringLiteral("raw");
    case IngestFormat::Lines: return QStringLiteral("lines");
    }
    return {};
}

std::optional<IngestFormat> IngestRequest::detectFormat(QStringView formatParameter, QByteArrayView contentType,
                                                        QByteArrayView body, QString *error)
{
    const MediaType media = parseMediaType(contentType);
    const QString explicitName = !formatParameter.isEmpty() ? formatParameter.toString() : QString::fromLatin1(media.format);
    if (!explicitName.isEmpty()) {
        const std::optional<IngestFormat> format = formatFromName(explicitName);
        if (!format && error)
            *error = QStringLiteral("unknown ingest format '%1' (expected compact, streaming, raw or lines)").arg(explicitName);
        return format;
    }
    static const QByteArrayView ndjsonTypes[] = {"application/x-ndjson", "application/ndjson", "application/jsonl",
                                                 "application/x-jsonlines", "application/jsonlines"};
    for (QByteArrayView type : ndjsonTypes)
        if (media.type == type)
            return IngestFormat::Streaming;
    if (media.type == "text/plain")
        return looksLikeCompactJson(body) ? IngestFormat::Compact : IngestFormat::Raw;
    return IngestFormat::Compact;
}

bool IngestRequest::parse(IngestFormat format, QByteArrayView body)
{
    switch (format) {
    case IngestFormat::Compact: return parseCompact(body);
    case IngestFormat::Streaming: return parseStreaming(body);
    case IngestFormat::Raw: return parseRaw(body);
    case IngestFormat::Lines: return parseLines(body);
    }
    return false;
}

bool IngestRequest::Private::parseColumns(ondemand::value value)
{
    ondemand::array array;
    if (value.get_array().get(array))
        return fail(QStringLiteral("'columns' must be an array of column names"));
    qsizetype i = 0;
    for (auto element : array) {
        std::string_view name;
        if (element.get_string().get(name))
            return fail(QStringLiteral("columns[%1]: expected a string").arg(i));
        const QString column = keyText(name);
        if (column.isEmpty())
            return fail(QStringLiteral("columns[%1]: empty column name").arg(i));
        if (columns.contains(column))
            return fail(QStringLiteral("columns[%1]: duplicate column '%2'").arg(i).arg(column));
        columns << column;
        ++i;
    }
    if (columns.isEmpty())
        return fail(QStringLiteral("'columns' is empty"));
    return true;
}

bool IngestRequest::Private::parseCompactFields(ondemand::object object, bool &haveColumns, bool &haveData)
{
    for (auto field : object) {
        std::string_view key;
        if (error_code err = field.unescaped_key().get(key))
            return fail(QStringLiteral("malformed JSON: %1").arg(detail::simdjsonMessage(err)));
        ondemand::value value;
        if (error_code err = field.value().get(value))
            return fail(QStringLiteral("'%1': %2").arg(keyText(key), detail::simdjsonMessage(err)));
        if (key == "columns" || key == "data") {
            bool &seen = key == "columns" ? haveColumns : haveData;
            if (seen)
                return fail(QStringLiteral("'%1' appears twice").arg(keyText(key)));
            seen = true;
        }
        if (key == "columns" && !parseColumns(value))
            return false;
        if (key != "data")
            continue; // other keys are ignored, as the engine-level ingest does
        ondemand::array data;
        if (value.get_array().get(data))
            return fail(QStringLiteral("'data' must be an array of rows"));
        rows = RowBatch(haveColumns ? columns.size() : -1);
        if (!detail::decodeRows(data, rows, haveColumns ? columns.size() : -1, "data", error))
            return fail(error);
    }
    return true;
}

bool IngestRequest::parseCompact(QByteArrayView body)
{
    d->reset();
    ondemand::document doc;
    ondemand::object object;
    error_code err = d->input.iterate(d->parser, std::string_view(body.data(), size_t(body.size()))).get(doc);
    if (!err)
        err = doc.get_object().get(object);
    if (err) {
        // simdjson reports `{...} x` as an unclosed object; say what is really wrong.
        const QByteArrayView trimmed = body.trimmed();
        const qsizetype end = trimmed.startsWith('{') ? objectEnd(trimmed, 0) : -1;
        if (err == TRAILING_CONTENT || (end > 0 && end < trimmed.size()))
            return d->fail(QStringLiteral("unexpected content after the JSON object"));
    }
    if (err)
        return d->fail(QStringLiteral("expected a JSON object {\"columns\": [...], \"data\": [[...], ...]} (%1)").arg(detail::simdjsonMessage(err)));
    bool haveColumns = false;
    bool haveData = false;
    if (!d->parseCompactFields(object, haveColumns, haveData))
        return false;
    if (doc.current_location().error() != OUT_OF_BOUNDS)
        return d->fail(QStringLiteral("unexpected content after the JSON object"));
    if (!haveColumns)
        return d->fail(QStringLiteral("missing 'columns' field"));
    if (!haveData)
        return d->fail(QStringLiteral("missing 'data' field"));
    if (!d->rows.isEmpty() && d->rows.columnCount() != d->columns.size())
        return d->fail(QStringLiteral("data[0]: has %1 values, expected %2 (the columns)").arg(d->rows.columnCount()).arg(d->columns.size()));
    if (d->rows.isEmpty())
        d->rows = RowBatch(d->columns.size());
    return true;
}

bool IngestRequest::Private::parseObject(QByteArrayView object, qsizetype index, qsizetype offset)
{
    const auto where = [&] { return QStringLiteral("object %1 (byte %2)").arg(index).arg(offset); };
    ondemand::document doc;
    ondemand::object fields;
    if (error_code err = input.iterate(parser, std::string_view(object.data(), size_t(object.size()))).get(doc))
        return fail(QStringLiteral("%1: %2").arg(where(), detail::simdjsonMessage(err)));
    if (error_code err = doc.get_object().get(fields))
        return fail(QStringLiteral("%1: %2").arg(where(), detail::simdjsonMessage(err)));
    rowStart.push_back(scratch.cellCount());
    const auto row = qsizetype(rowStart.size() - 1);
    for (auto field : fields) {
        std::string_view key;
        ondemand::value value;
        if (error_code err = field.unescaped_key().get(key))
            return fail(QStringLiteral("%1: %2").arg(where(), detail::simdjsonMessage(err)));
        const QString name = keyText(key);
        const int column = int(columnIndex.size());
        const int col = columnIndex.value(name, column);
        if (col == column) {
            columnIndex.insert(name, column);
            columns << name;
            lastRowOfColumn.push_back(-1);
        }
        if (lastRowOfColumn[size_t(col)] == row)
            return fail(QStringLiteral("%1: duplicate key '%2'").arg(where(), name));
        lastRowOfColumn[size_t(col)] = row;
        QString cellError;
        if (error_code err = field.value().get(value))
            cellError = detail::simdjsonMessage(err);
        if (!cellError.isEmpty() || !detail::appendCell(value, scratch, cellError))
            return fail(QStringLiteral("%1, key '%2': %3").arg(where(), name, cellError));
        cellColumn.push_back(col);
    }
    if (doc.current_location().error() != OUT_OF_BOUNDS)
        return fail(QStringLiteral("%1: malformed object").arg(where()));
    return true;
}

void IngestRequest::Private::layOutStreamingRows()
{
    const qsizetype columnCount = columns.size();
    rows = RowBatch(columnCount);
    rows.reserve(qsizetype(rowStart.size()) * columnCount, scratch.textBuffer().size());
    std::vector<qsizetype> slot(static_cast<size_t>(columnCount), -1);
    for (size_t r = 0; r < rowStart.size(); ++r) {
        std::fill(slot.begin(), slot.end(), -1);
        const qsizetype end = r + 1 < rowStart.size() ? rowStart[r + 1] : scratch.cellCount();
        for (qsizetype cell = rowStart[r]; cell < end; ++cell)
            slot[size_t(cellColumn[size_t(cell)])] = cell;
        for (qsizetype cell : slot) {
            if (cell < 0)
                rows.appendCell(CellKind::Missing);
            else
                rows.appendCell(scratch.cellKind(cell), scratch.cellText(cell));
        }
        rows.endRow();
    }
}

bool IngestRequest::parseStreaming(QByteArrayView body)
{
    d->reset();
    d->scratch = RowBatch();
    d->cellColumn.clear();
    d->rowStart.clear();
    d->lastRowOfColumn.clear();
    d->columnIndex.clear();
    // Objects one after another; like ClickHouse's JSONEachRow, a JSON array of objects too.
    qsizetype i = skipSpace(body, 0);
    const bool array = i < body.size() && body[i] == '[';
    bool closed = !array;
    if (array)
        i = skipSpace(body, i + 1);
    for (qsizetype index = 0; i < body.size();) {
        if (array && body[i] == ']') {
            closed = true;
            i = skipSpace(body, i + 1);
            if (i < body.size())
                return d->fail(QStringLiteral("byte %1: unexpected content after the array").arg(i));
            break;
        }
        if (body[i] != '{')
            return d->fail(QStringLiteral("byte %1: expected a JSON object").arg(i));
        const qsizetype end = objectEnd(body, i);
        if (end < 0)
            return d->fail(QStringLiteral("object %1 (byte %2): not closed").arg(index).arg(i));
        if (!d->parseObject(body.sliced(i, end - i), index++, i))
            return false;
        i = skipSpace(body, end);
        if (array && i < body.size() && body[i] == ',')
            i = skipSpace(body, i + 1);
        else if (array && i < body.size() && body[i] != ']')
            return d->fail(QStringLiteral("byte %1: expected , or ] in the array of objects").arg(i));
    }
    if (!closed)
        return d->fail(QStringLiteral("the array of objects is not closed"));
    d->layOutStreamingRows();
    d->scratch = RowBatch();
    return true;
}

bool IngestRequest::parseRaw(QByteArrayView body)
{
    d->reset();
    d->columns = QStringList{QStringLiteral("raw")};
    d->rows = RowBatch(1);
    if (!d->rows.appendCell(CellKind::String, body))
        return d->fail(QStringLiteral("body larger than 4 GiB"));
    d->rows.endRow();
    return true;
}

bool IngestRequest::parseLines(QByteArrayView body)
{
    d->reset();
    d->columns = QStringList{QStringLiteral("raw")};
    d->rows = RowBatch(1);
    qsizetype begin = 0;
    while (begin < body.size()) {
        qsizetype end = body.indexOf('\n', begin);
        const qsizetype next = end < 0 ? body.size() : end + 1;
        if (end < 0)
            end = body.size();
        if (end > begin && body[end - 1] == '\r')
            --end;
        if (!d->rows.appendCell(CellKind::String, body.sliced(begin, end - begin)))
            return d->fail(QStringLiteral("body larger than 4 GiB"));
        d->rows.endRow();
        begin = next;
    }
    return true;
}

} // namespace tideline::api
