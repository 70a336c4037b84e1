#pragma once
// The one asynchronous interface the GUI sees (models/ use it; ui/ never sees a backend).
// Two implementations: client/local (an in-process workspace, work on worker threads) and
// client/remote (HTTP + SSE to any v1beta2 server). They behave the same: tests/client runs one
// suite against both.
//
// Every request returns a RequestId and calls its callback exactly once, later, on the thread
// that made the request (never synchronously inside the call). Resources are v1beta2 JSON
// objects exactly as the REST API shapes them (Stream, View, Dashboard, Alert, ...), so a
// dashboard made in the Timeplus Console round-trips unchanged.
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <functional>
#include "client/QueryHandle.h"

namespace tideline::client {

enum class ConnectionState { Disconnected, Connecting, Connected, Reconnecting, Failed };
QString connectionStateName(ConnectionState state);

enum class Resource {
    Stream, View, MaterializedView, ExternalStream, ExternalTable,
    Udf, SavedQuery, Dashboard, Alert, Sink, Source, Schema, ApiKey, User,
};
// The v1beta2 collection name ("streams", "materialized_views", "savedqueries", "auth/api_keys", ...).
QString resourcePath(Resource resource);
// The field that keys an item in its path: "name" for catalog objects, UDFs, schemas and users; "id" otherwise.
QString resourceKeyField(Resource resource);

struct Reply {
    bool ok = false;
    QJsonValue value;  // the response body (object or array), Null when there is none
    ErrorInfo error;   // when !ok
};
using RequestId = quint64;
using Callback = std::function<void(const Reply &)>;

enum class IngestFormat { Compact, Streaming, Raw, Lines };

class WorkspaceClient : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~WorkspaceClient() override = default;

    // "Local: ~/data" or "https://host:8000 (default)": for titles and status bars.
    virtual QString description() const = 0;
    virtual ConnectionState state() const = 0;
    // Opens the data folder or checks the server (GET /workspace with the credentials);
    // stateChanged() reports the outcome. Remote clients reconnect with back-off on their own.
    virtual void open() = 0;
    virtual void close() = 0;

    virtual RequestId list(Resource resource, Callback done) = 0;
    virtual RequestId get(Resource resource, const QString &key, Callback done) = 0;
    virtual RequestId create(Resource resource, const QJsonObject &body, Callback done) = 0;
    virtual RequestId update(Resource resource, const QString &key, const QJsonObject &body, Callback done) = 0; // PUT, or PATCH where the API has no PUT
    virtual RequestId remove(Resource resource, const QString &key, Callback done) = 0;
    // start / stop / resolve (alerts, sinks, sources), stats (streams, MVs, sinks, sources).
    virtual RequestId action(Resource resource, const QString &key, const QString &action, Callback done) = 0;
    // StreamStats; with historyDays (1..7) it also carries the hourly `history` of rates, as
    // GET .../stats?historyDays=N (0 leaves it out; sinks and sources ignore it).
    virtual RequestId stats(Resource resource, const QString &key, Callback done, int historyDays = 0) = 0;

    virtual RequestId analyze(const QString &sql, Callback done) = 0; // SQLAnalyzeResult
    virtual RequestId format(const QString &sql, Callback done) = 0;  // {"sql": formatted}
    virtual RequestId ingest(const QString &stream, IngestFormat format, const QByteArray &body, Callback done) = 0;
    virtual RequestId topology(Callback done) = 0;                    // Graph
    // QueryPipeline of a query started with runQuery (QueryHandle::id()): its operators with
    // their counters so far (`metric.processed_rows|processed_bytes|processing_time_ns`) and the
    // edges between them, as GET /queries/{id}/pipeline. The workspace refreshes the counters
    // about once a second while the query runs.
    virtual RequestId pipeline(const QString &queryId, Callback done) = 0;
    virtual RequestId workspaceInfo(Callback done) = 0;               // Workspace
    // Sample events, nothing written: POST /source/preview (Source, SourcePreviewRequest) or
    // POST /external_streams/preview (ExternalStream, PreviewExternalStreamRequest); Event[].
    virtual RequestId preview(Resource resource, const QJsonObject &body, Callback done) = 0;
    // POST /source/infer: EventInferResponse {inferred_columns, recommeneded_columns} of sample
    // events, a column's type widened over all of them (the API's body has one `event`; the
    // others ride along as `events`, which a server that does not know them ignores).
    virtual RequestId inferColumns(const QJsonArray &events, Callback done) = 0;

    // Starts a query (any statement). The handle is parented to `parent` (or unparented) and
    // emits started/rows/metricsUpdated then finished or failed.
    virtual QueryHandle *runQuery(const QString &sql, const QueryOptions &options = {}, QObject *parent = nullptr) = 0;

Q_SIGNALS:
    void stateChanged(tideline::client::ConnectionState state, const QString &message);
};

} // namespace tideline::client
