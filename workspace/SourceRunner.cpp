#include "workspace/SourceRunner.h"

#include <QThread>
#include "engine/common/Status.h"
#include "workspace/ResourceStore.h"
#include "workspace/SinkRunner.h"
#include "workspace/Source.h"
#include "workspace/ProtobufMessages.h"
#include "workspace/SourceWriter.h"
#include "workspace/ThreadHandOver.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

const QString kSource = QStringLiteral("source");
const QStringList kConfigFields{QStringLiteral("type"), QStringLiteral("properties"), QStringLiteral("stream"), QStringLiteral("status")};

SourceContext contextOf(Workspace &ws, const QString &id, const QJsonObject &doc)
{
    return SourceContext{id, doc.value(QStringLiteral("stream")).toString(), doc.value(QStringLiteral("properties")).toObject(), &ws, &ws.clock(), false};
}

} // namespace

void runOnOwnThread(const std::function<void()> &work)
{
    std::unique_ptr<QThread> thread(QThread::create([&] {
        handOverAcquire(&work);
        work();
        handOverRelease(&work);
    }));
    handOverRelease(&work);
    thread->start();
    thread->wait();
    handOverAcquire(&work);
}

struct SourceRunner::Running {
    QJsonObject config;
    std::unique_ptr<Source> source;
    std::unique_ptr<SourceWriter> writer;
    std::unique_ptr<QThread> thread;
};

SourceRunner::SourceRunner(Workspace &workspace) : m_workspace(workspace)
{
    workspace.resources().addListener([this](const QString &kind, const QString &id, const std::optional<QJsonObject> &doc) {
        if (kind == kSource)
            onChange(id, doc);
    });
}

SourceRunner::~SourceRunner()
{
    stopAll();
}

void SourceRunner::startAll()
{
    for (const auto &value : m_workspace.resources().list(kSource)) {
        QJsonObject doc = value.toObject();
        if (doc.value(QStringLiteral("status")).toString() == QLatin1String("running"))
            start(doc.value(QStringLiteral("id")).toString(), doc);
    }
}

void SourceRunner::stopAll()
{
    std::vector<QString> ids;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[id, running] : m_running)
            ids.push_back(id);
    }
    for (const QString &id : ids)
        stop(id);
}

bool SourceRunner::isRunning(const QString &id) const
{
    std::lock_guard lock(m_mutex);
    return m_running.count(id) > 0;
}

std::optional<Failure> SourceRunner::check(const QJsonObject &doc)
{
    QString stream = doc.value(QStringLiteral("stream")).toString();
    if (!m_workspace.engine().find("default", stream.toStdString()))
        return Failure::badRequest(QStringLiteral("stream: '%1' does not exist").arg(stream), static_cast<int>(engine::ErrorCode::UnknownStream));
    auto made = makeSource(doc.value(QStringLiteral("type")).toString(), contextOf(m_workspace, doc.value(QStringLiteral("id")).toString(), doc));
    if (!made)
        return made.failure();
    const QJsonObject properties = doc.value(QStringLiteral("properties")).toObject();
    if (sourceIsProtobuf(properties))
        if (auto protobuf = ProtobufMessages::make(m_workspace, stream, properties.value(QStringLiteral("format_schema")).toString()); !protobuf)
            return protobuf.failure();
    std::optional<Failure> failure;
    runOnOwnThread([&] { failure = (*made)->probe(kProbeTimeoutMs); });
    return failure;
}

void SourceRunner::onChange(const QString &id, const std::optional<QJsonObject> &doc)
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (doc && it != m_running.end() && sameConfig(it->second->config, *doc, kConfigFields))
            return; // a runtime field changed (description, start_time), nothing to restart
    }
    stop(id);
    if (doc && doc->value(QStringLiteral("status")).toString() == QLatin1String("running"))
        start(id, *doc);
}

void SourceRunner::start(const QString &id, const QJsonObject &doc)
{
    auto running = std::make_shared<Running>();
    running->config = doc;
    const QJsonObject properties = doc.value(QStringLiteral("properties")).toObject();
    running->writer = std::make_unique<SourceWriter>(m_workspace.ingestor(), doc.value(QStringLiteral("stream")).toString(),
                                                     sourceIsJson(properties) || doc.value(QStringLiteral("type")) == QLatin1String("stream_generator"),
                                                     m_workspace.clock());
    {
        std::lock_guard lock(m_mutex);
        if (auto last = m_lastStats.find(id); last != m_lastStats.end())
            running->writer->continueFrom(last->second);
    }
    auto made = makeSource(doc.value(QStringLiteral("type")).toString(), contextOf(m_workspace, id, doc));
    if (made && sourceIsProtobuf(properties)) {
        auto protobuf = ProtobufMessages::make(m_workspace, doc.value(QStringLiteral("stream")).toString(),
                                               properties.value(QStringLiteral("format_schema")).toString());
        if (protobuf)
            running->writer->setProtobuf(*protobuf);
        else
            made = protobuf.failure();
    }
    if (!made) { // valid when stored; the stream, its schema or the engine may have changed since
        running->writer->error(made.failure().message);
        std::lock_guard lock(m_mutex);
        m_lastStats[id] = running->writer->stats();
        return;
    }
    running->source = std::move(*made);
    Source *source = running->source.get();
    SourceWriter *writer = running->writer.get();
    const Running *token = running.get();
    running->thread.reset(QThread::create([source, writer, token] {
        handOverAcquire(token);
        source->run(*writer);
        handOverRelease(token);
    }));
    running->thread->setObjectName(QStringLiteral("source ") + id);
    {
        std::lock_guard lock(m_mutex);
        m_running[id] = running;
    }
    handOverRelease(running.get());
    running->thread->start();
}

void SourceRunner::stop(const QString &id)
{
    std::shared_ptr<Running> running;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        running = it->second;
        m_running.erase(it);
    }
    running->source->stop();
    running->thread->wait(); // the batch in hand is written and committed first
    handOverAcquire(running.get());
    std::lock_guard lock(m_mutex);
    m_lastStats[id] = running->writer->stats();
}

QJsonObject SourceRunner::stats(const QString &id) const
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_running.find(id); it != m_running.end())
        return it->second->writer->stats();
    if (auto last = m_lastStats.find(id); last != m_lastStats.end())
        return last->second;
    return QJsonObject{{QStringLiteral("success_count"), 0.0}, {QStringLiteral("failure_count"), 0.0},
                       {QStringLiteral("errors"), QJsonArray()}, {QStringLiteral("throughput"), QJsonArray()}};
}

} // namespace tideline::workspace
