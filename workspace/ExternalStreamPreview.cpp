#include "workspace/ExternalStreamPreview.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include "engine/exec/Engine.h"
#include "engine/exec/ExternalStream.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

constexpr int kMaxCount = 1000;

QJsonObject eventOf(const engine::ExternalMessage &m, bool json)
{
    QJsonObject event;
    if (json) {
        QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(m.value));
        if (doc.isObject())
            event = doc.object();
    }
    if (event.isEmpty())
        event[QStringLiteral("raw")] = QString::fromUtf8(m.value.data(), static_cast<qsizetype>(m.value.size()));
    event[QStringLiteral("_tp_message_key")] = QString::fromUtf8(m.key.data(), static_cast<qsizetype>(m.key.size()));
    event[QStringLiteral("_tp_shard")] = m.partition;
    event[QStringLiteral("_tp_sn")] = static_cast<qint64>(m.offset);
    return event;
}

} // namespace

Outcome<QJsonArray> ExternalStreamPreview::run(const QJsonObject &request)
{
    const QJsonValue list = request.value(QStringLiteral("settings"));
    if (!list.isArray())
        return Failure::badRequest(QStringLiteral("settings is required: a list of {key, value}"), 36);
    // The settings are checked as a stream with one string column would be (the data format is
    // only named here: messages are shown, not decoded into columns).
    engine::StreamInfo info;
    info.object.name = "preview";
    info.object.kind = engine::CatalogObjectKind::ExternalStream;
    info.columns.push_back({"raw", engine::makeType(engine::TypeKind::String), nullptr, nullptr, {}, {}});
    for (const QJsonValue &s : list.toArray())
        info.settings[s.toObject().value(QStringLiteral("key")).toString().toStdString()] = s.toObject().value(QStringLiteral("value")).toString().toStdString();
    const std::string format = info.settings.count("data_format") ? info.settings["data_format"] : std::string();
    if (!format.empty() && !engine::ExternalStream::isDataFormat(format))
        return Failure::badRequest(QStringLiteral("Unknown data_format '%1' for kafka external stream").arg(QString::fromStdString(format)), 73);
    info.settings.erase("data_format");
    info.settings.erase("format_schema");
    const int count = request.contains(QStringLiteral("count")) ? request.value(QStringLiteral("count")).toInt() : 1;
    if (count < 1 || count > kMaxCount)
        return Failure::badRequest(QStringLiteral("count must be between 1 and %1").arg(kMaxCount), 36);
    const QString offset = request.value(QStringLiteral("offset")).toString(QStringLiteral("latest"));
    if (offset != QLatin1String("earliest") && offset != QLatin1String("latest"))
        return Failure::badRequest(QStringLiteral("offset must be earliest or latest, not '%1'").arg(offset), 36);
    const qint64 timeoutMs = std::min<qint64>(request.value(QStringLiteral("timeout")).toInteger(60) * 1000, kMaxWaitMs);
    if (timeoutMs <= 0)
        return Failure::badRequest(QStringLiteral("timeout must be a positive number of seconds"), 36);

    if (!info.settings.count("metadata_timeout_ms")) // an unreachable broker fails within the preview's time
        info.settings["metadata_timeout_ms"] = std::to_string(std::min<qint64>(5000, timeoutMs));
    std::unique_ptr<engine::ExternalStreamReader> reader;
    try {
        engine::ExternalStream stream(info, m_ws.engine().options().externalConnectors, m_ws.engine().formatSchemas());
        engine::ExternalReadOptions options;
        options.start = offset == QLatin1String("earliest") ? engine::ExternalReadOptions::Start::Earliest : engine::ExternalReadOptions::Start::Latest;
        auto opened = stream.openReader(options);
        if (!opened)
            return Failure::fromStatus(opened.status());
        reader = std::move(*opened);
    } catch (const engine::EngineError &e) {
        return Failure::fromStatus(e.status());
    }
    const bool json = format.empty() || QString::fromStdString(format).compare(QLatin1String("JSONEachRow"), Qt::CaseInsensitive) == 0;
    std::vector<engine::ExternalMessage> messages;
    QElapsedTimer timer;
    timer.start();
    while (messages.size() < static_cast<size_t>(count) && timer.elapsed() < timeoutMs) {
        auto more = reader->read(messages, static_cast<size_t>(count) - messages.size(), static_cast<int>(std::min<qint64>(200, timeoutMs - timer.elapsed())));
        if (!more)
            return Failure::fromStatus(more.status());
    }
    QJsonArray events;
    for (const auto &m : messages)
        events.append(eventOf(m, json));
    return events;
}

} // namespace tideline::workspace
