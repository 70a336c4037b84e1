#include "client/local/LocalQueryChannel.h"

#include <QJsonArray>
#include <chrono>

namespace tideline::client {

ErrorInfo toErrorInfo(const workspace::Failure &failure)
{
    return ErrorInfo{failure.httpStatus, failure.code, failure.message, failure.position};
}

namespace {

QueryMetrics toClient(const workspace::QueryMetrics &m)
{
    QueryMetrics out;
    out.count = static_cast<qint64>(m.count);
    out.eps = m.eps;
    out.processingTimeMs = m.processingTimeMs;
    out.lastEventTime = m.lastEventTimeMs;
    out.responseTimeMs = m.responseTimeMs;
    out.scannedRows = static_cast<qint64>(m.scannedRows);
    out.scannedBytes = static_cast<qint64>(m.scannedBytes);
    return out;
}

} // namespace

std::deque<LocalQueryEvent> LocalQueryChannel::take()
{
    std::lock_guard lock(m_mutex);
    std::deque<LocalQueryEvent> events;
    events.swap(m_events);
    m_notifyPending = false;
    m_pendingBytes = 0;
    m_drained.notify_all();
    return events;
}

void LocalQueryChannel::detach()
{
    std::shared_ptr<workspace::QueryRun> run;
    {
        std::lock_guard lock(m_mutex);
        m_notify = nullptr;
        m_cancelled = true;
        m_events.clear();
        run = m_run;
        m_drained.notify_all();
    }
    if (run)
        run->cancel();
}

void LocalQueryChannel::cancel()
{
    std::shared_ptr<workspace::QueryRun> run;
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        run = m_run;
        m_drained.notify_all();
    }
    if (run)
        run->cancel();
}

void LocalQueryChannel::setRun(const std::shared_ptr<workspace::QueryRun> &run)
{
    bool cancelled;
    {
        std::lock_guard lock(m_mutex);
        m_run = run;
        cancelled = m_cancelled;
    }
    if (cancelled) // cancelled while it was planning: it starts and ends at once as canceled
        run->cancel();
}

void LocalQueryChannel::fail(const ErrorInfo &error)
{
    LocalQueryEvent event;
    event.kind = LocalQueryEvent::Kind::Failed;
    event.error = error;
    std::lock_guard lock(m_mutex);
    push(std::move(event));
}

void LocalQueryChannel::push(LocalQueryEvent &&event)
{
    if (!m_notify)
        return;
    m_events.push_back(std::move(event));
    if (!m_notifyPending) {
        m_notifyPending = true;
        m_notify();
    }
}

LocalQueryEvent LocalQueryChannel::startedEvent(const workspace::QueryRun &run) const
{
    LocalQueryEvent event;
    event.kind = LocalQueryEvent::Kind::Started;
    event.query = run.toJson();
    event.streaming = run.isStreaming();
    for (size_t i = 0; i < run.names().size(); ++i)
        event.columns.append({QString::fromStdString(run.names()[i]), QString::fromStdString(run.types()[i]->name())});
    return event;
}

void LocalQueryChannel::started(const workspace::QueryRun &run)
{
    LocalQueryEvent event = startedEvent(run);
    std::lock_guard lock(m_mutex);
    m_startedSent = true;
    push(std::move(event));
}

bool LocalQueryChannel::rows(const engine::Block &block, size_t from, size_t count)
{
    // Converted outside the lock, so the GUI thread's take() never waits for a conversion.
    m_scratch = ResultBatch(static_cast<int>(block.columnCount()));
    m_writer.append(block, from, count, m_scratch);
    std::unique_lock lock(m_mutex);
    if (!m_notify)
        return false;
    m_pendingBytes += m_scratch.byteSize();
    if (!m_events.empty() && m_events.back().kind == LocalQueryEvent::Kind::Rows) {
        m_events.back().batch.append(m_scratch);
    } else {
        LocalQueryEvent event;
        event.kind = LocalQueryEvent::Kind::Rows;
        event.batch = std::move(m_scratch);
        push(std::move(event));
    }
    m_scratch = ResultBatch();
    while (m_notify && !m_cancelled && m_pendingBytes > kMaxPendingBytes)
        m_drained.wait_for(lock, std::chrono::milliseconds(100));
    return m_notify != nullptr;
}

void LocalQueryChannel::metrics(const workspace::QueryRun &, const workspace::QueryMetrics &metrics)
{
    std::lock_guard lock(m_mutex);
    if (!m_events.empty() && m_events.back().kind == LocalQueryEvent::Kind::Metrics) {
        m_events.back().metrics = toClient(metrics); // only the latest matters
        return;
    }
    LocalQueryEvent event;
    event.kind = LocalQueryEvent::Kind::Metrics;
    event.metrics = toClient(metrics);
    push(std::move(event));
}

void LocalQueryChannel::finished(const workspace::QueryRun &run)
{
    LocalQueryEvent event;
    QJsonObject query = run.toJson();
    if (run.status() == workspace::QueryStatus::Failed) {
        event.kind = LocalQueryEvent::Kind::Failed;
        event.error = ErrorInfo{400, 0, query.value(QStringLiteral("message")).toString(), -1};
    } else {
        event.kind = LocalQueryEvent::Kind::Finished;
        event.query = query;
    }
    std::shared_ptr<workspace::QueryRun> release;
    {
        std::lock_guard lock(m_mutex);
        if (!m_startedSent) { // a statement without a result: started, then finished
            m_startedSent = true;
            push(startedEvent(run));
        }
        push(std::move(event));
        release.swap(m_run);
    }
}

} // namespace tideline::client
