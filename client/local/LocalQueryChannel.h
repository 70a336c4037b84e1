#pragma once
// The bridge between a workspace query (its observer runs on the query's own thread) and the
// LocalQueryHandle (on the GUI thread). The observer side converts blocks to ResultBatch cells
// and queues events in order; at most one "drain" call is queued on the handle's thread at any
// time, and rows that arrive while one is pending are appended to the waiting batch, so the GUI
// never has more than one rows() signal in its queue per handle. When too many rows wait (the
// GUI is slower than the query) the query thread waits: only this query falls behind.
//
// The handle detaches on destruction (under the mutex, so no post can race with its delete);
// the query is then cancelled and whatever it still reports is dropped.
#include <QJsonObject>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include "client/QueryHandle.h"
#include "client/local/BlockBatchWriter.h"
#include "workspace/Outcome.h"
#include "workspace/QueryRun.h"

namespace tideline::client {

struct LocalQueryEvent {
    enum class Kind { Started, Rows, Metrics, Finished, Failed };
    Kind kind = Kind::Started;
    QJsonObject query;                // Started, Finished
    QList<ColumnInfo> columns;        // Started
    bool streaming = false;           // Started
    ResultBatch batch;                // Rows
    QueryMetrics metrics;             // Metrics
    ErrorInfo error;                  // Failed
};

class LocalQueryChannel final : public workspace::QueryObserver {
public:
    static constexpr qsizetype kMaxPendingBytes = 32 << 20; // rows waiting for the GUI thread

    // `notify` asks the handle's thread to call take(); it is called under the channel's mutex.
    explicit LocalQueryChannel(std::function<void()> notify) : m_notify(std::move(notify)) {}

    // Handle side.
    std::deque<LocalQueryEvent> take();
    void detach();   // the handle is going: stop notifying, cancel the query
    void cancel();

    // Planning side (a pool thread).
    void setRun(const std::shared_ptr<workspace::QueryRun> &run);
    void fail(const ErrorInfo &error);

    // workspace::QueryObserver (the query's thread).
    void started(const workspace::QueryRun &run) override;
    bool rows(const engine::Block &block, size_t from, size_t count) override;
    void metrics(const workspace::QueryRun &run, const workspace::QueryMetrics &metrics) override;
    void finished(const workspace::QueryRun &run) override;

private:
    void push(LocalQueryEvent &&event); // with m_mutex held
    LocalQueryEvent startedEvent(const workspace::QueryRun &run) const;

    std::mutex m_mutex;
    std::condition_variable m_drained;
    std::function<void()> m_notify;       // null once detached
    bool m_notifyPending = false;
    bool m_cancelled = false;
    bool m_startedSent = false;
    std::deque<LocalQueryEvent> m_events;
    qsizetype m_pendingBytes = 0;
    std::shared_ptr<workspace::QueryRun> m_run; // released when the query finishes (no cycle)
    BlockBatchWriter m_writer;                  // query thread only
    ResultBatch m_scratch;                      // query thread only
};

ErrorInfo toErrorInfo(const workspace::Failure &failure);

} // namespace tideline::client
