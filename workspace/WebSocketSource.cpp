#include "workspace/WebSocketSource.h"

#include <QTimer>
#include <QWebSocket>
#include <algorithm>
#include "workspace/SourceProperties.h"

namespace tideline::workspace {

namespace {

constexpr int kFlushMs = 50;
constexpr size_t kMaxBatch = 1000;
constexpr int kFirstRetryMs = 1000;
constexpr int kMaxRetryMs = 30000;

} // namespace

WebSocketSource::WebSocketSource(QUrl url, QString openMessage, bool openBinary)
    : m_url(std::move(url)), m_openMessage(std::move(openMessage)), m_openBinary(openBinary)
{
}

Outcome<std::unique_ptr<Source>> WebSocketSource::create(const SourceContext &context)
{
    SourceProperties props(context.properties);
    QUrl url(props.required(QStringLiteral("url")));
    if (url.isValid() && !url.isEmpty() && url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))
        props.fail(QStringLiteral("properties.url: '%1' is not a ws:// or wss:// URL").arg(url.toString()));
    QString type = props.string(QStringLiteral("open_message_type"), QStringLiteral("text"));
    if (type != QLatin1String("text") && type != QLatin1String("binary"))
        props.fail(QStringLiteral("properties.open_message_type: '%1' is not one of text, binary").arg(type));
    if (auto bad = props.failure())
        return *bad;
    return std::unique_ptr<Source>(new WebSocketSource(url, props.string(QStringLiteral("open_message")), type == QLatin1String("binary")));
}

void WebSocketSource::run(SourceOutput &out)
{
    QEventLoop loop;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_loop = &loop;
    }
    QWebSocket socket;
    std::vector<QByteArray> pending;
    int retryMs = kFirstRetryMs;
    QTimer flush, reconnect;
    reconnect.setSingleShot(true);
    auto deliver = [&] {
        if (!pending.empty()) {
            out.deliver(pending); // no position to keep: a failed write is reported and dropped
            pending.clear();
        }
    };
    auto received = [&](const QByteArray &message) {
        pending.push_back(message);
        if (pending.size() >= kMaxBatch)
            deliver();
    };
    QObject::connect(&flush, &QTimer::timeout, deliver);
    QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &m) { received(m.toUtf8()); });
    QObject::connect(&socket, &QWebSocket::binaryMessageReceived, received);
    QObject::connect(&socket, &QWebSocket::connected, [&] {
        retryMs = kFirstRetryMs;
        if (!m_openMessage.isEmpty())
            m_openBinary ? socket.sendBinaryMessage(m_openMessage.toUtf8()) : socket.sendTextMessage(m_openMessage);
    });
    QObject::connect(&socket, &QWebSocket::disconnected, [&] {
        deliver();
        out.error(QStringLiteral("websocket %1: %2").arg(m_url.toString(), socket.errorString()));
        reconnect.start(retryMs);
        retryMs = std::min(retryMs * 2, kMaxRetryMs);
    });
    QObject::connect(&reconnect, &QTimer::timeout, [&] { socket.open(m_url); });
    flush.start(kFlushMs);
    socket.open(m_url);
    loop.exec();
    deliver();
    QObject::disconnect(&socket, nullptr, nullptr, nullptr); // close() must not reconnect
    socket.close();
    std::lock_guard lock(m_mutex);
    m_loop = nullptr;
}

void WebSocketSource::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    if (m_loop)
        QMetaObject::invokeMethod(m_loop.data(), "quit", Qt::QueuedConnection);
}

std::optional<Failure> WebSocketSource::probe(int timeoutMs)
{
    QEventLoop loop;
    QWebSocket socket;
    QTimer timeout;
    timeout.setSingleShot(true);
    bool connected = false;
    QObject::connect(&socket, &QWebSocket::connected, [&] { connected = true; loop.quit(); });
    QObject::connect(&socket, &QWebSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    socket.open(m_url);
    loop.exec();
    QString why = socket.errorString();
    QObject::disconnect(&socket, nullptr, nullptr, nullptr);
    socket.abort();
    if (connected)
        return std::nullopt;
    if (!timeout.isActive())
        why = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    return Failure::badRequest(QStringLiteral("cannot connect to websocket %1: %2").arg(m_url.toString(), why),
                               kNetworkErrorCode);
}

} // namespace tideline::workspace

