#pragma once

#include "api/RowBatch.h"
#include "api/RowBatchDecoder.h"
#include "api/SseDecoder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace tideline::api {

// One decoded event of a POST /queries response stream (rest-api-v1beta2.md §3.3).
struct QueryStreamEvent
{
    enum class Kind {
        Query,   // `query`: the full Query object (first and, for bounded queries, last event)
        Rows,    // data-only event: a batch of rows ordered like result.header
        Metrics, // `metrics` (or `metric`): {count, eps, processing_time, ...}
        Other,   // an event type this protocol does not define; `name` and `data` kept
        Error,   // an event that could not be decoded (bad JSON, wrong width, too large)
    };

    Kind kind = Kind::Other;
    QJsonObject object; // Query, Metrics
    RowBatch rows;      // Rows
    QByteArray name;    // Other: the event type
    QByteArray data;    // Other, Error: the raw payload (empty for a dropped oversized event)
    QString error;      // Error: what is wrong, e.g. "row batch: row 3: has 2 values, expected 3"
};

// SSE bytes in, typed query-stream events out: SseDecoder + RowBatchDecoder with the header of the
// first `query` event. Row batches must be as wide as result.header once it is known, so a
// server bug shows up as an Error event rather than as shifted columns. Query and metrics objects
// go through QJsonDocument (their numbers are ids, times and counters); rows never do.
class QueryStreamReader
{
public:
    explicit QueryStreamReader(qsizetype maxEventBytes = SseDecoder::DefaultMaxEventBytes);

    void feed(QByteArrayView chunk, QList<QueryStreamEvent> &out);
    QList<QueryStreamEvent> feed(QByteArrayView chunk);
    // End of the response body; true when it ended in the middle of an event.
    bool finish();

    // From the latest `query` event: result.header and its size (-1 before the first one).
    QJsonArray header() const { return m_header; }
    qsizetype columnCount() const { return m_columnCount; }
    QJsonObject lastQuery() const { return m_lastQuery; }

private:
    QueryStreamEvent decode(SseEvent &&event);

    SseDecoder m_sse;
    RowBatchDecoder m_rows;
    QList<SseEvent> m_pending;
    QJsonArray m_header;
    QJsonObject m_lastQuery;
    qsizetype m_columnCount = -1;
};

} // namespace tideline::api
