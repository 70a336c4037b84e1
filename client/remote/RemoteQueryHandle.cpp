#include "client/remote/RemoteQueryHandle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include "client/remote/RemoteClient.h"

namespace tideline::client {

RemoteQueryHandle::RemoteQueryHandle(RemoteClient *client, const QString &sql, const QueryOptions &options, QObject *parent)
    : QueryHandle(parent), m_client(client), m_sql(sql), m_options(options)
{
}

RemoteQueryHandle::~RemoteQueryHandle()
{
    if (m_running)
        stopStream(); // deleting the handle cancels the query
}

void RemoteQueryHandle::start()
{
    QJsonObject body{{QStringLiteral("sql"), m_sql},
                     {QStringLiteral("batching_policy"), QJsonObject{{QStringLiteral("count"), m_options.batchCount},
                                                                     {QStringLiteral("time_ms"), m_options.batchTimeMs}}}};
    if (!m_options.tags.isEmpty())
        body[QStringLiteral("tags")] = QJsonArray::fromStringList(m_options.tags);
    QNetworkRequest request = m_client->request(QStringLiteral("queries"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setRawHeader("Accept", "text/event-stream");
    m_reply = m_client->network().post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::readyRead, this, &RemoteQueryHandle::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &RemoteQueryHandle::onFinished);
}

void RemoteQueryHandle::failLater(const ErrorInfo &error)
{
    QMetaObject::invokeMethod(this, [this, error] { end(nullptr, &error); }, Qt::QueuedConnection);
}

ResultBatch RemoteQueryHandle::toResultBatch(const api::RowBatch &rows)
{
    const auto &offsets = rows.offsets(); // offsets[0] == 0, then the end of each cell
    QList<quint32> ends(offsets.begin() + 1, offsets.end());
    QByteArray nulls; // only when a cell is NULL
    for (qsizetype i = 0; i < rows.cellCount(); ++i)
        if (rows.cellKind(i) == api::CellKind::Null) {
            if (nulls.isEmpty())
                nulls = QByteArray(rows.cellCount(), 0);
            nulls[i] = 1;
        }
    return ResultBatch::fromBuffers(static_cast<int>(rows.columnCount()), rows.textBuffer(), std::move(ends), std::move(nulls));
}

QueryMetrics RemoteQueryHandle::toMetrics(const QJsonObject &json)
{
    QueryMetrics m;
    m.count = json.value(QStringLiteral("count")).toInteger();
    m.eps = json.value(QStringLiteral("eps")).toDouble();
    m.processingTimeMs = json.value(QStringLiteral("processing_time")).toInteger();
    m.lastEventTime = json.value(QStringLiteral("last_event_time")).toInteger();
    m.responseTimeMs = json.value(QStringLiteral("response_time")).toInteger();
    m.scannedRows = json.value(QStringLiteral("scanned_rows")).toInteger();
    m.scannedBytes = json.value(QStringLiteral("scanned_bytes")).toInteger();
    return m;
}

void RemoteQueryHandle::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_status == 0)
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray bytes = m_reply->readAll();
    if (m_status >= 300) { // an error body, read whole at the end
        m_errorBody += bytes;
        return;
    }
    QList<api::QueryStreamEvent> events;
    m_reader.feed(bytes, events);
    handleEvents(events);
}

void RemoteQueryHandle::handleEvents(QList<api::QueryStreamEvent> &events)
{
    // Every row event of one read goes out as one batch: one model update per network read.
    ResultBatch pending;
    bool havePending = false;
    auto flush = [&] {
        if (havePending && m_running)
            Q_EMIT rows(pending);
        pending = ResultBatch();
        havePending = false;
    };
    QPointer<RemoteQueryHandle> self(this);
    for (auto &event : events) {
        if (!self || !m_running)
            return;
        switch (event.kind) {
        case api::QueryStreamEvent::Kind::Rows:
            if (!havePending) {
                pending = toResultBatch(event.rows);
                havePending = true;
            } else {
                pending.append(toResultBatch(event.rows));
            }
            break;
        case api::QueryStreamEvent::Kind::Query:
            flush();
            onQueryEvent(event.object);
            break;
        case api::QueryStreamEvent::Kind::Metrics:
            flush();
            Q_EMIT metricsUpdated(toMetrics(event.object));
            break;
        case api::QueryStreamEvent::Kind::Error: {
            flush();
            ErrorInfo error{200, 0, QStringLiteral("bad query stream from the server: %1").arg(event.error), -1};
            stopStream();
            end(nullptr, &error);
            return;
        }
        case api::QueryStreamEvent::Kind::Other:
            break;
        }
    }
    if (self)
        flush();
}

void RemoteQueryHandle::onQueryEvent(const QJsonObject &query)
{
    m_lastQuery = query;
    if (!m_started) {
        m_started = true;
        m_id = query.value(QStringLiteral("id")).toString();
        m_streaming = query.value(QStringLiteral("analysis")).toObject().value(QStringLiteral("is_streaming")).toBool();
        m_columns.clear();
        for (const auto &column : query.value(QStringLiteral("result")).toObject().value(QStringLiteral("header")).toArray())
            m_columns.append({column.toObject().value(QStringLiteral("name")).toString(), column.toObject().value(QStringLiteral("type")).toString()});
        Q_EMIT started(query);
        return;
    }
    QString status = query.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("running"))
        return;
    if (status == QLatin1String("failed")) {
        ErrorInfo error{200, 0, query.value(QStringLiteral("message")).toString(), -1};
        error.position = RemoteClient::positionInMessage(error.message);
        end(nullptr, &error);
    } else {
        end(&query, nullptr);
    }
}

void RemoteQueryHandle::onFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!m_running)
        return;
    int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_errorBody += status >= 300 ? reply->readAll() : QByteArray();
    if (auto error = RemoteClient::errorOf(reply, m_errorBody)) {
        if (error->httpStatus == 0 && m_client)
            m_client->reportNetworkFailure(error->message);
        end(nullptr, &*error);
        return;
    }
    if (status == 204) { // a statement without a result (DDL, INSERT)
        QJsonObject query{{QStringLiteral("sql"), m_sql}, {QStringLiteral("status"), QStringLiteral("finished")}};
        m_started = true;
        Q_EMIT started(query);
        if (m_running)
            end(&query, nullptr);
        return;
    }
    m_reader.finish();
    // The stream ended without its final query event (a streaming query the server stopped).
    ErrorInfo error{status, 0, QStringLiteral("the query stream ended without a final status"), -1};
    end(nullptr, &error);
}

void RemoteQueryHandle::end(const QJsonObject *query, const ErrorInfo *error)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (error)
        Q_EMIT failed(*error);
    else
        Q_EMIT finished(*query);
}

// Tells the server (the query stops even if the connection lingers) and drops the stream.
void RemoteQueryHandle::stopStream()
{
    if (m_client && !m_id.isEmpty() && m_client->state() == ConnectionState::Connected) {
        QNetworkRequest request = m_client->request(QStringLiteral("queries/") + m_id + QStringLiteral("/cancel"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *cancel = m_client->network().post(request, QByteArray());
        QObject::connect(cancel, &QNetworkReply::finished, cancel, &QObject::deleteLater);
    }
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void RemoteQueryHandle::cancel()
{
    if (!m_running)
        return;
    stopStream();
    m_running = false;
    QJsonObject query = m_lastQuery.isEmpty() ? QJsonObject{{QStringLiteral("sql"), m_sql}} : m_lastQuery;
    query[QStringLiteral("status")] = QStringLiteral("canceled");
    // Queued, like every signal of a handle (client/README): a caller reacting to finished()
    // is not re-entered from inside its own cancel() (the query tab's "Cancelling…" came after
    // its "Cancelled").
    QMetaObject::invokeMethod(this, [this, query] { Q_EMIT finished(query); }, Qt::QueuedConnection);
}

} // namespace tideline::client
