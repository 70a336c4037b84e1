#pragma once
// A query of the remote backend: POST /queries, then the SSE body read as it arrives
// (readyRead -> api::QueryStreamReader). Row events become one ResultBatch per read (the cells
// of api::RowBatch adopted in bulk, numbers as their exact JSON text); `metrics` events become
// QueryMetrics; the first `query` event is started(), the final one finished() or failed().
// HTTP 204 is a statement without a result: started() then finished(). cancel() posts
// /queries/{id}/cancel, aborts the stream and finishes with status "canceled".
#include <QJsonObject>
#include <QPointer>
#include "api/QueryStreamReader.h"
#include "client/QueryHandle.h"

class QNetworkReply;

namespace tideline::client {

class RemoteClient;

class RemoteQueryHandle final : public QueryHandle {
    Q_OBJECT
public:
    RemoteQueryHandle(RemoteClient *client, const QString &sql, const QueryOptions &options, QObject *parent = nullptr);
    ~RemoteQueryHandle() override;

    void start();
    void failLater(const ErrorInfo &error);

    QString id() const override { return m_id; }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return m_running; }
    bool isStreaming() const override { return m_streaming; }
    QList<ColumnInfo> columns() const override { return m_columns; }
    void cancel() override;

    // api::RowBatch cells -> ResultBatch (null kind -> null flag), bulk.
    static ResultBatch toResultBatch(const api::RowBatch &rows);
    static QueryMetrics toMetrics(const QJsonObject &json);

private:
    void onReadyRead();
    void onFinished();
    void handleEvents(QList<api::QueryStreamEvent> &events);
    void onQueryEvent(const QJsonObject &query);
    void end(const QJsonObject *query, const ErrorInfo *error);
    void stopStream();

    QPointer<RemoteClient> m_client;
    QPointer<QNetworkReply> m_reply;
    api::QueryStreamReader m_reader;
    QString m_sql;
    QueryOptions m_options;
    QString m_id;
    QList<ColumnInfo> m_columns;
    QJsonObject m_lastQuery;
    QByteArray m_errorBody;
    int m_status = 0;
    bool m_started = false;
    bool m_running = true;
    bool m_streaming = false;
};

} // namespace tideline::client
