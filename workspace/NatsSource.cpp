#include "workspace/NatsSource.h"

#include <QElapsedTimer>
#include <algorithm>
#include <thread>

namespace tideline::workspace {

namespace {

constexpr int kConnectTimeoutMs = 3000;
constexpr size_t kMaxBatch = 1000;
constexpr int kFlushMs = 50;

} // namespace

bool pauseUnlessStopping(const std::atomic<bool> &stopping, int ms)
{
    for (int waited = 0; waited < ms && !stopping; waited += 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(50)); // a retry back-off, not a test wait
    return !stopping;
}

NatsSource::NatsSource(NatsSettings settings, QString subject, QString queue, int prefetch)
    : m_settings(std::move(settings)), m_subject(std::move(subject)), m_queue(std::move(queue)), m_prefetch(prefetch)
{
}

Outcome<std::unique_ptr<Source>> NatsSource::create(const SourceContext &context)
{
    SourceProperties props(context.properties);
    NatsSettings settings = NatsSettings::read(props);
    QString subject = props.required(QStringLiteral("subject"));
    int prefetch = static_cast<int>(props.number(QStringLiteral("prefetch_count"), 524288));
    if (auto bad = props.failure())
        return *bad;
    return std::unique_ptr<Source>(new NatsSource(settings, subject, props.string(QStringLiteral("queue")), std::max(prefetch, 1)));
}

void NatsSource::run(SourceOutput &out)
{
    int retryMs = 1000;
    while (!m_stopping) {
        NatsConnection connection;
        QString error = connection.connect(m_settings, kConnectTimeoutMs);
        if (error.isEmpty()) {
            retryMs = 1000;
            consume(connection, out);
        } else {
            out.error(QStringLiteral("nats %1: %2").arg(m_settings.urls.join(QLatin1Char(',')), error));
        }
        if (!pauseUnlessStopping(m_stopping, retryMs))
            return;
        retryMs = std::min(retryMs * 2, 30000);
    }
}

void NatsSource::consume(NatsConnection &connection, SourceOutput &out)
{
    natsSubscription *sub = nullptr;
    const QByteArray subject = m_subject.toUtf8(), queue = m_queue.toUtf8();
    natsStatus s = queue.isEmpty() ? natsConnection_SubscribeSync(&sub, connection.get(), subject.constData())
                                   : natsConnection_QueueSubscribeSync(&sub, connection.get(), subject.constData(), queue.constData());
    if (s == NATS_OK)
        s = natsSubscription_SetPendingLimits(sub, m_prefetch, -1);
    std::vector<QByteArray> pending;
    QElapsedTimer first;
    while (s == NATS_OK || s == NATS_TIMEOUT) {
        natsMsg *msg = nullptr;
        s = natsSubscription_NextMsg(&msg, sub, kFlushMs);
        if (s == NATS_OK) {
            if (pending.empty())
                first.start();
            pending.emplace_back(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
            natsMsg_Destroy(msg);
        }
        if (!pending.empty() && (s == NATS_TIMEOUT || pending.size() >= kMaxBatch || first.elapsed() >= kFlushMs)) {
            out.deliver(pending); // core NATS has no position to keep
            pending.clear();
        }
        if (m_stopping)
            break;
    }
    if (!pending.empty())
        out.deliver(pending);
    if (s != NATS_OK && s != NATS_TIMEOUT)
        out.error(QStringLiteral("nats subscription to %1: %2").arg(m_subject, natsError(s)));
    if (sub)
        natsSubscription_Destroy(sub);
}

std::optional<Failure> NatsSource::probe(int timeoutMs)
{
    NatsConnection connection;
    QString error = connection.connect(m_settings, timeoutMs);
    if (error.isEmpty())
        return std::nullopt;
    return Failure::badRequest(QStringLiteral("cannot connect to nats %1: %2").arg(m_settings.urls.join(QLatin1Char(',')), error), kNetworkErrorCode);
}

} // namespace tideline::workspace
