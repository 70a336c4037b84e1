#pragma once
// One query submitted through the workspace (POST /queries, the GUI's Run): its registry entry
// (id, SQL, tags, status, times, header, analysis), its metrics and pipeline, and the thread
// that pulls its cursor and hands batches to an observer.
//
// Batching follows `batching_policy`: a batch is handed over when `batchCount` rows are
// buffered or `batchTimeMs` has passed since the first buffered row, whichever comes first.
// The observer runs on the query's own thread; when it blocks (a slow consumer) only this query
// waits, and the engine lets it fall behind in the log instead of buffering for it.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include "engine/column/Block.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"

namespace tideline::workspace {

class QueryRun;

struct QueryRequest {
    QString sql;
    QStringList tags;
    int batchCount = 100;  // 0 or less = default (the appserver's query-buffer-max)
    int batchTimeMs = 100; // 0 or less = default (query-buffer-interval)
    QString database = QStringLiteral("default");
};

struct QueryMetrics {
    uint64_t count = 0;          // rows emitted
    double eps = 0;              // rows/s since the start
    int64_t processingTimeMs = 0;
    int64_t lastEventTimeMs = 0; // wall time of the last emitted batch, epoch ms
    int64_t responseTimeMs = 0;  // from start to the first row
    uint64_t scannedRows = 0;
    uint64_t scannedBytes = 0;
    QJsonObject toJson() const;
};

class QueryObserver {
public:
    virtual ~QueryObserver() = default;
    // The query is subscribed: rows appended from now on will be seen.
    virtual void started(const QueryRun &run) = 0;
    // Rows [from, from + count) of `block`. Return false when the consumer has gone: the query
    // is then cancelled.
    virtual bool rows(const engine::Block &block, size_t from, size_t count) = 0;
    virtual void metrics(const QueryRun &run, const QueryMetrics &metrics) = 0;
    // Last call: status is finished, canceled or failed.
    virtual void finished(const QueryRun &run) = 0;
};

enum class QueryStatus { Running, Finished, Canceled, Failed };
QString queryStatusName(QueryStatus status);

class QueryRun {
public:
    QueryRun(QString id, QueryRequest request, std::unique_ptr<engine::Session> session,
             std::unique_ptr<engine::QueryCursor> cursor, QJsonObject analysis);
    ~QueryRun();

    const QString &id() const { return m_id; }
    const QueryRequest &request() const { return m_request; }
    bool hasResult() const { return m_hasResult; }
    bool isStreaming() const { return m_streaming; }
    const std::vector<std::string> &names() const { return m_names; }
    const std::vector<engine::DataTypePtr> &types() const { return m_types; }
    QueryStatus status() const { return m_status.load(); }
    bool isRunning() const { return status() == QueryStatus::Running; }

    // Starts the pulling thread (once). For a statement without a result (DDL, INSERT) the run
    // is finished already and this only notifies the observer.
    void start(std::shared_ptr<QueryObserver> observer);
    void cancel();
    // Waits for the pulling thread (tests and shutdown).
    void join();

    QueryMetrics metrics() const;
    QJsonObject toJson() const;          // the v1beta2 Query object
    QJsonObject pipelineJson() const;    // QueryPipeline {nodes, edges}
    QJsonArray header() const;

private:
    void run(const std::shared_ptr<QueryObserver> &observer);
    bool pump(QueryObserver &observer);
    void finish(QueryStatus status, const QString &message);
    void snapshotStats();

    const QString m_id;
    const QueryRequest m_request;
    const QJsonObject m_analysis;
    std::unique_ptr<engine::Session> m_session;
    std::unique_ptr<engine::QueryCursor> m_cursor;
    const bool m_hasResult;
    const bool m_streaming;
    std::vector<std::string> m_names;
    std::vector<engine::DataTypePtr> m_types;
    std::thread m_thread;
    std::atomic<QueryStatus> m_status{QueryStatus::Running};
    const int64_t m_startMs;

    mutable std::mutex m_mutex; // guards the fields below, written by the query thread
    QString m_message;
    int64_t m_endMs = 0;
    QueryMetrics m_metrics;
    QJsonObject m_pipeline;
};

int64_t wallClockMs();
// "2023-02-01 23:22:59": the audit time format of v1beta2 (UTC, no zone suffix).
QString auditTimestamp(int64_t epochMs);

} // namespace tideline::workspace
