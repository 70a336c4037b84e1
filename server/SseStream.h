#pragma once
// The SSE side of POST /queries: a QueryObserver fed on the query's thread that hands each
// event to the HTTP connection on the server's thread, in order, as chunks of one chunked
// response. Back-pressure: when more than kMaxPendingBytes are written but not yet taken by the
// kernel, the query's thread waits - only this query slows down, and the engine lets it fall
// behind in the log. A client that disconnects makes rows() return false, which cancels the query.
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include "workspace/BlockJsonEncoder.h"
#include "workspace/QueryRun.h"

namespace tideline::server {

class SseStream final : public QObject, public workspace::QueryObserver {
    Q_OBJECT
public:
    static constexpr qint64 kMaxPendingBytes = 4 << 20;

    // Writes the status line and headers at once (on the server's thread).
    static std::shared_ptr<SseStream> open(QHttpServerResponder &&responder);
    ~SseStream() override;

    void started(const workspace::QueryRun &run) override;
    bool rows(const engine::Block &block, size_t from, size_t count) override;
    void metrics(const workspace::QueryRun &run, const workspace::QueryMetrics &metrics) override;
    void finished(const workspace::QueryRun &run) override;

private:
    explicit SseStream(QHttpServerResponder &&responder);
    // From any thread: queue bytes for the connection (as one chunk).
    void post(QByteArrayView event);
    void postClose();
    void writeNow(const QByteArray &chunk);
    void onBytesWritten(qint64 bytes);
    void onGone();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    workspace::BlockJsonEncoder m_encoder; // query thread only
    std::string m_rowsJson;                // query thread only
    std::atomic<qint64> m_pending{0};
    std::atomic<bool> m_gone{false};
    std::mutex m_mutex;
    std::condition_variable m_drained;
};

} // namespace tideline::server
