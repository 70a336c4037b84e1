#include "workspace/NatsJetStreamSource.h"

#include <QRegularExpression>
#include <algorithm>
#include "workspace/NatsSource.h"

namespace tideline::workspace {

namespace {

constexpr int kConnectTimeoutMs = 3000;
constexpr int kBatch = 1000;
constexpr int kFetchWaitMs = 200;

QString durableName(const QString &id)
{
    // JetStream consumer names may not contain '.', '*', '>' or spaces.
    return QStringLiteral("tideline_") + QString(id).replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("_"));
}

} // namespace

NatsJetStreamSource::NatsJetStreamSource(NatsSettings nats, JetStreamSettings js, bool preview)
    : m_nats(std::move(nats)), m_js(std::move(js)), m_preview(preview)
{
}

Outcome<std::unique_ptr<Source>> NatsJetStreamSource::create(const SourceContext &context)
{
    SourceProperties props(context.properties);
    NatsSettings nats = NatsSettings::read(props);
    JetStreamSettings js;
    js.subject = props.string(QStringLiteral("subject")).trimmed();
    js.stream = props.string(QStringLiteral("stream")).trimmed();
    if (js.subject.isEmpty() && js.stream.isEmpty())
        props.fail(QStringLiteral("properties.subject is required (or properties.stream)"));
    js.durable = props.string(QStringLiteral("durable"), durableName(context.id));
    js.queue = props.string(QStringLiteral("queue"));
    js.bind = props.flag(QStringLiteral("bind"), false);
    QString deliver = props.string(QStringLiteral("deliver"), QStringLiteral("all"));
    if (deliver != QLatin1String("all") && deliver != QLatin1String("last"))
        props.fail(QStringLiteral("properties.deliver: '%1' is not one of all, last").arg(deliver));
    js.deliverLast = deliver == QLatin1String("last");
    js.ackWaitMs = props.durationMs(QStringLiteral("ack_wait"), 30000);
    js.maxAckPending = static_cast<int>(props.number(QStringLiteral("max_ack_pending"), 1024));
    if (auto bad = props.failure())
        return *bad;
    return std::unique_ptr<Source>(new NatsJetStreamSource(nats, js, context.preview));
}

void NatsJetStreamSource::run(SourceOutput &out)
{
    int retryMs = 1000;
    while (!m_stopping) {
        NatsConnection connection;
        QString error = connection.connect(m_nats, kConnectTimeoutMs);
        if (error.isEmpty()) {
            retryMs = 1000;
            consume(connection, out);
        } else {
            out.error(QStringLiteral("nats %1: %2").arg(m_nats.urls.join(QLatin1Char(',')), error));
        }
        if (!pauseUnlessStopping(m_stopping, retryMs))
            return;
        retryMs = std::min(retryMs * 2, 30000);
    }
}

natsStatus NatsJetStreamSource::subscribe(jsCtx *js, natsSubscription **sub, jsErrCode *jerr)
{
    // The strings must outlive the call: jsSubOptions holds pointers.
    const QByteArray subject = m_js.subject.toUtf8(), stream = m_js.stream.toUtf8(), durable = m_js.durable.toUtf8();
    jsSubOptions so;
    jsSubOptions_Init(&so);
    if (!stream.isEmpty())
        so.Stream = stream.constData();
    so.Config.DeliverPolicy = m_js.deliverLast ? js_DeliverLast : js_DeliverAll;
    if (m_preview) {
        so.Ordered = true; // ephemeral, no acks: a preview moves no position
        return js_SubscribeSync(sub, js, subject.isEmpty() ? nullptr : subject.constData(), nullptr, &so, jerr);
    }
    if (m_js.bind)
        so.Consumer = durable.constData();
    so.Config.AckPolicy = js_AckAll;
    so.Config.AckWait = m_js.ackWaitMs * 1000000;
    so.Config.MaxAckPending = m_js.maxAckPending;
    return js_PullSubscribe(sub, js, subject.isEmpty() ? nullptr : subject.constData(), durable.constData(), nullptr, &so, jerr);
}

void NatsJetStreamSource::consume(NatsConnection &connection, SourceOutput &out)
{
    jsCtx *js = nullptr;
    natsSubscription *sub = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = natsConnection_JetStream(&js, connection.get(), nullptr);
    if (s == NATS_OK)
        s = subscribe(js, &sub, &jerr);
    if (s == NATS_OK && m_preview)
        consumeOrdered(sub, out);
    while (s == NATS_OK && !m_preview && !m_stopping) {
        natsMsgList list{nullptr, 0};
        s = natsSubscription_Fetch(&list, sub, kBatch, kFetchWaitMs, &jerr);
        if (s == NATS_TIMEOUT) {
            s = NATS_OK;
            continue;
        }
        if (s != NATS_OK || list.Count == 0) {
            natsMsgList_Destroy(&list);
            continue;
        }
        std::vector<QByteArray> batch;
        for (int i = 0; i < list.Count; ++i)
            batch.emplace_back(natsMsg_GetData(list.Msgs[i]), natsMsg_GetDataLength(list.Msgs[i]));
        if (out.deliver(batch)) {
            s = natsMsg_AckSync(list.Msgs[list.Count - 1], nullptr, &jerr); // AckAll: the whole batch
        } else {
            for (int i = 0; i < list.Count; ++i)
                natsMsg_Nak(list.Msgs[i], nullptr);
        }
        natsMsgList_Destroy(&list);
    }
    if (s != NATS_OK)
        out.error(QStringLiteral("jetstream %1: %2%3").arg(m_js.subject.isEmpty() ? m_js.stream : m_js.subject, natsError(s),
                                                           jerr ? QStringLiteral(" (JetStream error %1)").arg(int(jerr)) : QString()));
    // Close before the subscription goes: unsubscribing on a live connection would let libnats
    // delete the durable consumer it created, and with it the position.
    natsConnection_Close(connection.get());
    if (sub)
        natsSubscription_Destroy(sub);
    if (js)
        jsCtx_Destroy(js);
}

void NatsJetStreamSource::consumeOrdered(natsSubscription *sub, SourceOutput &out)
{
    while (!m_stopping) {
        natsMsg *msg = nullptr;
        natsStatus s = natsSubscription_NextMsg(&msg, sub, 50);
        if (s == NATS_OK) {
            out.deliver({QByteArray(natsMsg_GetData(msg), natsMsg_GetDataLength(msg))});
            natsMsg_Destroy(msg);
        } else if (s != NATS_TIMEOUT) {
            out.error(natsError(s));
            return;
        }
    }
}

std::optional<Failure> NatsJetStreamSource::probe(int timeoutMs)
{
    NatsConnection connection;
    QString error = connection.connect(m_nats, timeoutMs);
    if (!error.isEmpty())
        return Failure::badRequest(QStringLiteral("cannot connect to nats %1: %2").arg(m_nats.urls.join(QLatin1Char(',')), error), kNetworkErrorCode);
    jsCtx *js = nullptr;
    natsStatus s = natsConnection_JetStream(&js, connection.get(), nullptr);
    jsStreamInfo *info = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    // The stream must exist: by name, or as the one that captures the subject.
    if (s == NATS_OK && !m_js.stream.isEmpty())
        s = js_GetStreamInfo(&info, js, m_js.stream.toUtf8().constData(), nullptr, &jerr);
    if (info)
        jsStreamInfo_Destroy(info);
    if (js)
        jsCtx_Destroy(js);
    if (s != NATS_OK)
        return Failure::badRequest(QStringLiteral("jetstream stream '%1': %2").arg(m_js.stream, natsError(s)), static_cast<int>(36));
    return std::nullopt;
}

} // namespace tideline::workspace
