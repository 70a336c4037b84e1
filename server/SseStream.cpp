#include "server/SseStream.h"

#include <chrono>
#include "api/SseEncoder.h"

namespace tideline::server {

std::shared_ptr<SseStream> SseStream::open(QHttpServerResponder &&responder)
{
    // Deleted on its own thread whichever thread lets go last.
    return std::shared_ptr<SseStream>(new SseStream(std::move(responder)), [](SseStream *s) { s->deleteLater(); });
}

SseStream::SseStream(QHttpServerResponder &&responder) : m_responder(std::move(responder)), m_socket(m_responder.socket())
{
    m_responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    m_responder.writeHeaders({{"Content-Type", api::SseEncoder::ContentType},
                              {"Cache-Control", "no-cache"},
                              {"Connection", "keep-alive"},
                              {"Transfer-Encoding", "chunked"}});
    if (m_socket) {
        connect(m_socket, &QTcpSocket::bytesWritten, this, &SseStream::onBytesWritten);
        connect(m_socket, &QTcpSocket::disconnected, this, &SseStream::onGone);
        connect(m_socket, &QObject::destroyed, this, &SseStream::onGone);
        connect(m_socket, &QTcpSocket::errorOccurred, this, &SseStream::onGone);
    } else {
        m_gone = true;
    }
}

SseStream::~SseStream() = default;

void SseStream::post(QByteArrayView event)
{
    if (m_gone.load())
        return;
    // One HTTP chunk built with one copy of the event (rows events are up to megabytes).
    const QByteArray size = QByteArray::number(event.size(), 16);
    QByteArray chunk;
    chunk.reserve(size.size() + event.size() + 4);
    chunk.append(size).append("\r\n", 2).append(event).append("\r\n", 2);
    m_pending += chunk.size();
    QMetaObject::invokeMethod(this, [this, chunk] { writeNow(chunk); }, Qt::QueuedConnection);
}

void SseStream::postClose()
{
    QMetaObject::invokeMethod(this, [this] {
        if (m_gone.load() || !m_socket)
            return;
        m_responder.writeBody("0\r\n\r\n");
        m_socket->disconnectFromHost(); // after what is buffered has gone out
    }, Qt::QueuedConnection);
}

void SseStream::writeNow(const QByteArray &chunk)
{
    if (m_gone.load() || !m_socket) {
        m_pending -= chunk.size();
        return;
    }
    m_responder.writeBody(chunk);
}

void SseStream::onBytesWritten(qint64 bytes)
{
    m_pending -= bytes;
    if (m_pending.load() <= kMaxPendingBytes / 2) {
        std::lock_guard lock(m_mutex);
        m_drained.notify_all();
    }
}

void SseStream::onGone()
{
    m_gone = true;
    std::lock_guard lock(m_mutex);
    m_drained.notify_all();
}

void SseStream::started(const workspace::QueryRun &run)
{
    post(api::SseEncoder::queryEvent(run.toJson()));
}

bool SseStream::rows(const engine::Block &block, size_t from, size_t count)
{
    m_rowsJson.assign(api::SseEncoder::kDataPrefix);
    m_encoder.encodeRows(block, from, count, m_rowsJson);
    if (api::SseEncoder::finishDataEvent(m_rowsJson))
        post(QByteArrayView(m_rowsJson.data(), static_cast<qsizetype>(m_rowsJson.size())));
    else
        post(api::SseEncoder::rowsEvent(QByteArrayView(m_rowsJson).sliced(qsizetype(api::SseEncoder::kDataPrefix.size()))));
    std::unique_lock lock(m_mutex);
    while (!m_gone.load() && m_pending.load() > kMaxPendingBytes)
        m_drained.wait_for(lock, std::chrono::milliseconds(100));
    return !m_gone.load();
}

void SseStream::metrics(const workspace::QueryRun &, const workspace::QueryMetrics &metrics)
{
    post(api::SseEncoder::metricsEvent(metrics.toJson()));
}

void SseStream::finished(const workspace::QueryRun &run)
{
    // Bounded queries end with their final Query object; so does a failure or a cancel, which
    // is how a client learns why its stream ended.
    post(api::SseEncoder::queryEvent(run.toJson()));
    postClose();
}

} // namespace tideline::server
