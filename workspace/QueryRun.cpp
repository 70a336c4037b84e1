#include "workspace/QueryRun.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include "engine/exec/Session.h"

namespace tideline::workspace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kDefaultBatchCount = 100;  // appserver query-buffer-max
constexpr int kDefaultBatchTimeMs = 100; // appserver query-buffer-interval
constexpr milliseconds kMetricsInterval{1000};

// Rows [from, from+count) of `src` appended to `dst` (which takes src's columns when empty).
void appendRows(engine::Block &dst, const engine::Block &src, size_t from, size_t count)
{
    if (dst.columnCount() == 0) {
        dst = src.slice(from, count);
        return;
    }
    engine::Block merged;
    for (size_t c = 0; c < src.columnCount(); ++c) {
        auto column = engine::Column::create(src.at(c).type(), dst.rows() + count);
        column->pushRange(*dst.at(c).column, 0, dst.rows());
        column->pushRange(*src.at(c).column, from, count);
        merged.add(src.at(c).name, std::move(column));
    }
    merged.setRowsWithoutColumns(dst.rows() + count);
    dst = std::move(merged);
}

void walk(const engine::Operator *op, const std::function<void(const engine::Operator *)> &visit)
{
    if (!op)
        return;
    visit(op);
    for (const engine::Operator *child : op->children())
        walk(child, visit);
}

int indexOfColumn(const std::vector<std::string> &names, std::initializer_list<const char *> candidates)
{
    for (const char *candidate : candidates)
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == candidate)
                return static_cast<int>(i);
    return -1;
}

} // namespace

QString auditTimestamp(int64_t epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

int64_t wallClockMs()
{
    return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

QString queryStatusName(QueryStatus status)
{
    switch (status) {
    case QueryStatus::Running: return QStringLiteral("running");
    case QueryStatus::Finished: return QStringLiteral("finished");
    case QueryStatus::Canceled: return QStringLiteral("canceled");
    case QueryStatus::Failed: return QStringLiteral("failed");
    }
    return {};
}

QJsonObject QueryMetrics::toJson() const
{
    return {{QStringLiteral("count"), static_cast<qint64>(count)},
            {QStringLiteral("eps"), static_cast<qint64>(eps)},
            {QStringLiteral("processing_time"), qint64(processingTimeMs)},
            {QStringLiteral("last_event_time"), qint64(lastEventTimeMs)},
            {QStringLiteral("response_time"), qint64(responseTimeMs)},
            {QStringLiteral("scanned_rows"), static_cast<qint64>(scannedRows)},
            {QStringLiteral("scanned_bytes"), static_cast<qint64>(scannedBytes)}};
}

QueryRun::QueryRun(QString id, QueryRequest request, std::unique_ptr<engine::Session> session,
                   std::unique_ptr<engine::QueryCursor> cursor, QJsonObject analysis)
    : m_id(std::move(id)), m_request(std::move(request)), m_analysis(std::move(analysis)), m_session(std::move(session)),
      m_cursor(std::move(cursor)), m_hasResult(m_cursor && m_cursor->hasResult()),
      m_streaming(m_cursor && m_cursor->isStreaming()), m_startMs(wallClockMs())
{
    if (m_hasResult) {
        m_names = m_cursor->names();
        m_types = m_cursor->types();
    } else {
        m_status = QueryStatus::Finished;
        m_endMs = m_startMs;
    }
}

QueryRun::~QueryRun()
{
    cancel();
    join();
}

void QueryRun::start(std::shared_ptr<QueryObserver> observer)
{
    if (!hasResult()) {
        if (observer)
            observer->finished(*this);
        return;
    }
    m_thread = std::thread([this, observer = std::move(observer)] { run(observer); });
}

void QueryRun::cancel()
{
    if (m_cursor)
        m_cursor->cancel();
}

void QueryRun::join()
{
    if (!m_thread.joinable())
        return;
    if (m_thread.get_id() == std::this_thread::get_id())
        m_thread.detach(); // the last owner let go from the query's own thread (its observer)
    else
        m_thread.join();
}

void QueryRun::run(const std::shared_ptr<QueryObserver> &observer)
{
    observer->started(*this);
    pump(*observer);
    snapshotStats();
    observer->metrics(*this, metrics());
    observer->finished(*this);
}

bool QueryRun::pump(QueryObserver &observer)
{
    const size_t batchCount = static_cast<size_t>(m_request.batchCount > 0 ? m_request.batchCount : kDefaultBatchCount);
    const milliseconds batchTime{m_request.batchTimeMs > 0 ? m_request.batchTimeMs : kDefaultBatchTimeMs};
    engine::Block buffered;
    Steady::time_point firstBuffered;
    auto nextMetrics = Steady::now() + kMetricsInterval;
    auto flush = [&](const engine::Block &block, size_t from, size_t count) {
        {
            std::lock_guard lock(m_mutex);
            if (m_metrics.count == 0)
                m_metrics.responseTimeMs = wallClockMs() - m_startMs;
            m_metrics.count += count;
            m_metrics.lastEventTimeMs = wallClockMs();
        }
        if (observer.rows(block, from, count))
            return true;
        m_cursor->cancel();
        return false;
    };
    auto flushBuffered = [&] {
        bool ok = buffered.rows() == 0 || flush(buffered, 0, buffered.rows());
        buffered = engine::Block();
        return ok;
    };
    for (;;) {
        engine::Block block;
        auto pulled = m_cursor->poll(block);
        if (!pulled) {
            flushBuffered();
            bool cancelled = pulled.status().code() == static_cast<int>(engine::ErrorCode::QueryWasCancelled);
            finish(cancelled ? QueryStatus::Canceled : QueryStatus::Failed, QString::fromStdString(pulled.status().message()));
            return false;
        }
        auto now = Steady::now();
        if (*pulled == engine::Pull::Block) {
            size_t from = 0, rows = block.rows();
            if (buffered.rows() == 0)
                firstBuffered = now;
            // Whole batches straight from the block; the rest waits for more rows or the timer.
            if (buffered.rows() > 0 && buffered.rows() + rows >= batchCount) {
                size_t take = batchCount - buffered.rows();
                appendRows(buffered, block, 0, take);
                from = take;
                if (!flushBuffered())
                    continue;
            }
            for (; rows - from >= batchCount; from += batchCount)
                if (!flush(block, from, batchCount))
                    break;
            if (from < rows && !m_cursor->isCancelled()) {
                if (buffered.rows() == 0)
                    firstBuffered = now;
                appendRows(buffered, block, from, rows - from);
            }
        } else if (*pulled == engine::Pull::End) {
            flushBuffered();
            finish(QueryStatus::Finished, {});
            return true;
        }
        if (buffered.rows() > 0 && now - firstBuffered >= batchTime)
            flushBuffered();
        if (now >= nextMetrics) {
            snapshotStats();
            observer.metrics(*this, metrics());
            nextMetrics = now + kMetricsInterval;
        }
        if (*pulled == engine::Pull::Pending) {
            auto deadline = buffered.rows() > 0 ? std::min(nextMetrics, firstBuffered + batchTime) : nextMetrics;
            auto wait = std::chrono::duration_cast<milliseconds>(deadline - Steady::now());
            m_cursor->waitForData(std::max(wait, milliseconds(1)));
        }
    }
}

void QueryRun::finish(QueryStatus status, const QString &message)
{
    {
        std::lock_guard lock(m_mutex);
        m_message = message;
        m_endMs = wallClockMs();
    }
    m_status = status;
}

void QueryRun::snapshotStats()
{
    QJsonArray nodes, edges;
    uint64_t scannedRows = 0, scannedBytes = 0;
    std::map<const engine::Operator *, int> ids;
    walk(m_cursor ? m_cursor->root() : nullptr, [&](const engine::Operator *op) {
        int id = static_cast<int>(ids.size());
        ids[op] = id;
        scannedRows += op->stats.scannedRows;
        scannedBytes += op->stats.scannedBytes;
        nodes.append(QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("name"), QString::fromStdString(op->name())},
                                 {QStringLiteral("status"), queryStatusName(status())},
                                 {QStringLiteral("metric"), QJsonObject{{QStringLiteral("processed_rows"), static_cast<qint64>(op->stats.rows)},
                                                                        {QStringLiteral("processed_bytes"), static_cast<qint64>(op->stats.bytes)},
                                                                        {QStringLiteral("processing_time_ns"), static_cast<qint64>(op->stats.nanos)}}}});
    });
    for (const auto &[op, id] : ids)
        for (const engine::Operator *child : op->children()) // data flows from a child to its parent
            edges.append(QJsonObject{{QStringLiteral("from"), ids[child]}, {QStringLiteral("to"), id}});
    std::lock_guard lock(m_mutex);
    m_pipeline = QJsonObject{{QStringLiteral("nodes"), nodes}, {QStringLiteral("edges"), edges}};
    m_metrics.scannedRows = scannedRows;
    m_metrics.scannedBytes = scannedBytes;
    int64_t elapsed = (m_endMs ? m_endMs : wallClockMs()) - m_startMs;
    m_metrics.processingTimeMs = elapsed;
    m_metrics.eps = elapsed > 0 ? static_cast<double>(m_metrics.count) * 1000.0 / static_cast<double>(elapsed) : 0;
}

QueryMetrics QueryRun::metrics() const
{
    std::lock_guard lock(m_mutex);
    return m_metrics;
}

QJsonArray QueryRun::header() const
{
    QJsonArray header;
    for (size_t i = 0; i < m_names.size(); ++i)
        header.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(m_names[i])},
                                  {QStringLiteral("type"), QString::fromStdString(m_types[i]->name())}});
    return header;
}

QJsonObject QueryRun::pipelineJson() const
{
    std::lock_guard lock(m_mutex);
    if (m_pipeline.isEmpty())
        return QJsonObject{{QStringLiteral("nodes"), QJsonArray()}, {QStringLiteral("edges"), QJsonArray()}};
    return m_pipeline;
}

QJsonObject QueryRun::toJson() const
{
    std::lock_guard lock(m_mutex);
    const std::vector<std::string> &names = m_names;
    int64_t end = status() == QueryStatus::Running ? 0 : m_endMs;
    QJsonObject timeColumns{{QStringLiteral("eventTime"), indexOfColumn(names, {"_tp_time", "event_time"})},
                            {QStringLiteral("windowStart"), indexOfColumn(names, {"window_start"})},
                            {QStringLiteral("windowEnd"), indexOfColumn(names, {"window_end"})}};
    return QJsonObject{
        {QStringLiteral("id"), m_id},
        {QStringLiteral("sql"), m_request.sql},
        {QStringLiteral("name"), QString()},
        {QStringLiteral("description"), QString()},
        {QStringLiteral("tags"), QJsonArray::fromStringList(m_request.tags)},
        {QStringLiteral("status"), queryStatusName(status())},
        {QStringLiteral("message"), m_message},
        {QStringLiteral("start_time"), qint64(m_startMs / 1000)},
        {QStringLiteral("end_time"), qint64(end / 1000)},
        {QStringLiteral("duration"), qint64(end ? (end - m_startMs) / 1000 : 0)},
        {QStringLiteral("response_time"), qint64(m_metrics.responseTimeMs)},
        {QStringLiteral("created_at"), auditTimestamp(m_startMs)},
        {QStringLiteral("last_updated_at"), auditTimestamp(end ? end : m_startMs)},
        {QStringLiteral("result"), QJsonObject{{QStringLiteral("header"), header()}}},
        {QStringLiteral("analysis"), m_analysis},
        {QStringLiteral("timeColumns"), timeColumns},
        {QStringLiteral("sinks"), QJsonObject()},
    };
}

} // namespace tideline::workspace
