#pragma once

#include "api/RowBatch.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tideline::api {

// The body formats of POST /v1beta2/streams/{name}/ingest (rest-api-v1beta2.md §4).
enum class IngestFormat { Compact, Streaming, Raw, Lines };

// One ingest call's body, parsed into column names and a RowBatch of text cells (numbers keep
// their exact JSON text). Formats:
//   compact   {"columns":["c1","c2"],"data":[[v11,v12],...]}
//   streaming JSON objects one after another (NDJSON; newlines optional, an object may span
//             lines), or a JSON array of objects as ClickHouse's JSONEachRow also takes; the
//             columns are the union of keys in first-seen order and a key an object lacks gives
//             a CellKind::Missing cell (the column default applies, not NULL)
//   raw       the whole body is one row of the single column `raw`
//   lines     each line (LF or CRLF) is one row of `raw`; the newline ending the body adds none
// Errors say where: "data[3][1]: ...", "object 2 (byte 57): ...". Reuse one instance per
// connection or thread: the JSON parser's buffers are kept.
class IngestRequest
{
public:
    IngestRequest();
    ~IngestRequest();
    IngestRequest(const IngestRequest &) = delete;
    IngestRequest &operator=(const IngestRequest &) = delete;

    // §4: a `?format=` value overrides Content-Type; a `format=` media-type parameter comes next
    // (compat and stream are accepted for compact and streaming, as the spec spells them);
    // application/x-ndjson means streaming and text/plain raw. Any other or no Content-Type is
    // compact: JSON bodies are accepted whatever the Content-Type says (nodejs-sample sends
    // text/plain;charset=UTF-8), so a bare text/plain body that is a compact object
    // ({"columns":..., "data":...}) is compact too. An unknown format name is an error.
    static std::optional<IngestFormat> detectFormat(QStringView formatParameter, QByteArrayView contentType,
                                                    QByteArrayView body = {}, QString *error = nullptr);
    static std::optional<IngestFormat> formatFromName(QStringView name);
    static QString formatName(IngestFormat format);

    bool parse(IngestFormat format, QByteArrayView body);
    bool parseCompact(QByteArrayView body);
    bool parseStreaming(QByteArrayView body);
    bool parseRaw(QByteArrayView body);
    bool parseLines(QByteArrayView body);

    const QStringList &columns() const;
    const RowBatch &rows() const;
    RowBatch takeRows();
    QString errorString() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tideline::api
