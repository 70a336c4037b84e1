#pragma once
// One running query as the GUI sees it, whichever backend runs it. Signals arrive on the thread
// the handle lives in (the GUI thread), queued, in order: header once, then rows batches and
// metrics (about every second) while it runs, then exactly one of finished or failed.
// Deleting the handle cancels the query.
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include "client/ResultBatch.h"

namespace tideline::client {

struct ColumnInfo {
    QString name;
    QString type; // Proton type name: "int64", "datetime64(3, 'UTC')", ...
};

struct QueryMetrics {
    qint64 count = 0;           // rows emitted so far
    double eps = 0;             // rows per second
    qint64 processingTimeMs = 0;
    qint64 lastEventTime = 0;
    qint64 responseTimeMs = 0;
    qint64 scannedRows = 0;
    qint64 scannedBytes = 0;
};

// An error as the user sees it: Proton's code, the message, and where in the SQL (byte offset
// into the submitted text, -1 when unknown) so the editor can underline it.
struct ErrorInfo {
    int httpStatus = 0;
    int code = 0;
    QString message;
    int position = -1;
};

struct QueryOptions {
    int batchCount = 10000; // rows per delivered batch at most
    int batchTimeMs = 50;   // ... or this often
    QStringList tags;
};

class QueryHandle : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~QueryHandle() override = default;

    virtual QString id() const = 0;           // empty until the query is accepted
    virtual QString sql() const = 0;
    virtual bool isRunning() const = 0;
    virtual bool isStreaming() const = 0;     // known once started()
    virtual QList<ColumnInfo> columns() const = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    // The query is subscribed: rows ingested from now on will be seen. `query` is the v1beta2
    // Query object (id, analysis, result.header, ...).
    void started(const QJsonObject &query);
    void rows(const tideline::client::ResultBatch &batch);
    void metricsUpdated(const tideline::client::QueryMetrics &metrics);
    // Bounded queries end on their own; a statement without a result (DDL, INSERT) finishes
    // right after started(). `query` carries the final status (finished or canceled).
    void finished(const QJsonObject &query);
    void failed(const tideline::client::ErrorInfo &error);
};

} // namespace tideline::client

Q_DECLARE_METATYPE(tideline::client::QueryMetrics)
Q_DECLARE_METATYPE(tideline::client::ErrorInfo)
