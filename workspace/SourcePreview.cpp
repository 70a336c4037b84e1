#include "workspace/SourcePreview.h"

#include <QJsonDocument>
#include <QThread>
#include <condition_variable>
#include <mutex>
#include "engine/common/Status.h"
#include "workspace/EventTypeInference.h"
#include "workspace/ProtobufMessages.h"
#include "workspace/Source.h"
#include "workspace/SourceProperties.h"
#include "workspace/SourceRunner.h"
#include "workspace/StreamGeneratorSource.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

constexpr qint64 kDefaultTimeoutMs = 10000;
constexpr qint64 kMaxTimeoutMs = 60000;
constexpr int kMaxSize = 1000;

// Collects messages in place of a target stream, and stops the source once it has enough.
class Collector final : public SourceOutput {
public:
    Collector(Source &source, size_t wanted) : m_source(source), m_wanted(wanted) {}
    bool deliver(const std::vector<QByteArray> &messages) override
    {
        std::lock_guard lock(m_mutex);
        for (const auto &m : messages)
            if (m_messages.size() < m_wanted)
                m_messages.push_back(m);
        if (m_messages.size() >= m_wanted)
            m_source.stop();
        m_changed.notify_all();
        return true;
    }
    void error(const QString &message) override
    {
        std::lock_guard lock(m_mutex);
        m_error = message;
    }
    // Waits until enough messages arrived or `ms` passed.
    void wait(qint64 ms)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_messages.size() >= m_wanted; });
    }
    std::vector<QByteArray> messages()
    {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }
    QString lastError()
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    Source &m_source;
    const size_t m_wanted;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<QByteArray> m_messages;
    QString m_error;
};

QJsonObject eventOf(const QByteArray &message, bool json)
{
    if (json) {
        QJsonDocument doc = QJsonDocument::fromJson(message);
        if (doc.isObject())
            return doc.object();
    }
    return QJsonObject{{QStringLiteral("raw"), QString::fromUtf8(message)}};
}

} // namespace

Outcome<SourcePreviewResult> SourcePreview::run(const QJsonObject &request)
{
    QString type = request.value(QStringLiteral("type")).toString();
    QJsonObject properties = request.value(QStringLiteral("properties")).toObject();
    SourceProperties settings(request);
    int size = static_cast<int>(settings.number(QStringLiteral("size"), 1));
    qint64 timeoutMs = std::min(settings.durationMs(QStringLiteral("timeout"), kDefaultTimeoutMs), kMaxTimeoutMs);
    if (size < 1 || size > kMaxSize)
        settings.fail(QStringLiteral("size must be between 1 and %1").arg(kMaxSize));
    if (auto bad = settings.failure())
        return *bad;
    SourceContext context{QStringLiteral("preview"), request.value(QStringLiteral("stream")).toString(), properties, &m_ws, &m_ws.clock(), true};
    auto made = makeSource(type, context);
    if (!made)
        return made.failure();
    Source &source = **made;
    std::shared_ptr<const ProtobufMessages> protobuf; // decoded into the named stream's columns
    if (sourceIsProtobuf(properties)) {
        auto decoder = ProtobufMessages::make(m_ws, context.stream, properties.value(QStringLiteral("format_schema")).toString());
        if (!decoder)
            return decoder.failure();
        protobuf = *decoder;
    }
    std::optional<Failure> unreachable;
    runOnOwnThread([&] { unreachable = source.probe(SourceRunner::kProbeTimeoutMs); });
    if (unreachable)
        return *unreachable;
    Collector collector(source, static_cast<size_t>(size));
    if (auto *generator = dynamic_cast<StreamGeneratorSource *>(&source)) {
        // Its events are due by the clock; a preview wants them now.
        auto rows = generator->generate(size);
        if (!rows)
            return rows.failure();
        collector.deliver(*rows);
    }
    if (collector.messages().size() < static_cast<size_t>(size)) {
        std::unique_ptr<QThread> thread(QThread::create([&] { source.run(collector); }));
        thread->start();
        collector.wait(timeoutMs);
        source.stop();
        thread->wait();
    }
    SourcePreviewResult result;
    const bool json = sourceIsJson(properties) || type == QLatin1String("stream_generator");
    EventTypeInference inference;
    for (const QByteArray &message : collector.messages()) {
        QString why;
        std::optional<QByteArray> decoded = protobuf ? protobuf->toJson(message, why) : std::nullopt;
        QJsonObject event = !protobuf ? eventOf(message, json) : decoded ? eventOf(*decoded, true) : QJsonObject{{QStringLiteral("raw"), why}};
        inference.add(event);
        result.events.append(event);
    }
    result.columns = inference.columns();
    if (result.events.isEmpty() && !collector.lastError().isEmpty())
        return Failure::badRequest(collector.lastError(), kNetworkErrorCode);
    return result;
}

QJsonObject SourcePreview::infer(const QJsonArray &events)
{
    EventTypeInference inference;
    for (const auto &e : events)
        inference.add(e.toObject());
    QJsonArray columns = inference.columns();
    return QJsonObject{{QStringLiteral("inferred_columns"), columns}, {QStringLiteral("recommeneded_columns"), columns}};
}

} // namespace tideline::workspace
