#include "workspace/SinkRunner.h"

#include <QDateTime>
#include <QJsonDocument>
#include <atomic>
#include <condition_variable>
#include "workspace/HttpDelivery.h"
#include "workspace/JsonRowObserver.h"
#include "workspace/ResourceStore.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

const QString kSink = QStringLiteral("sink");
const QStringList kConfigFields{QStringLiteral("query"), QStringLiteral("type"), QStringLiteral("properties"), QStringLiteral("status")};
constexpr int kMaxInFlight = 64; // batches posted but not yet delivered; more makes the query wait

QString rowText(const QJsonObject &row)
{
    return QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact));
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull())
        return QStringLiteral("null");
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact) : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QString renderRow(const QString &text, const QJsonObject &row, const QJsonObject &extra = {})
{
    return renderTemplate(text, [&](const QString &name) -> std::optional<QString> {
        if (name == QLatin1String("row"))
            return rowText(row);
        if (row.contains(name))
            return valueText(row.value(name));
        if (extra.contains(name))
            return valueText(extra.value(name));
        return std::nullopt;
    });
}

// The request a batch of rows becomes for a sink of `type` with `properties`.
std::optional<HttpRequestSpec> buildRequest(const QString &type, const QJsonObject &properties, const QJsonArray &rows)
{
    HttpRequestSpec spec;
    spec.url = QUrl(properties.value(QStringLiteral("url")).toString());
    if (!spec.url.isValid() || spec.url.scheme().isEmpty())
        return std::nullopt;
    QString tmpl = properties.value(QStringLiteral("payload_template")).toString(properties.value(QStringLiteral("message")).toString());
    if (type == QLatin1String("slack")) {
        QStringList lines;
        for (const auto &row : rows)
            lines << (tmpl.isEmpty() ? rowText(row.toObject()) : renderRow(tmpl, row.toObject()));
        spec.body = QJsonDocument(QJsonObject{{QStringLiteral("text"), lines.join(QLatin1Char('\n'))}}).toJson(QJsonDocument::Compact);
        return spec;
    }
    spec.method = properties.value(QStringLiteral("http_method")).toString(QStringLiteral("POST")).toUpper().toLatin1();
    if (QString ct = properties.value(QStringLiteral("content_type")).toString(); !ct.isEmpty())
        spec.contentType = ct.toLatin1();
    const QJsonObject headers = properties.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        spec.headers.append({it.key().toLatin1(), it.value().toString().toUtf8()});
    if (tmpl.isEmpty()) {
        spec.body = QJsonDocument(rows).toJson(QJsonDocument::Compact);
    } else {
        QStringList lines;
        for (const auto &row : rows)
            lines << renderRow(tmpl, row.toObject());
        spec.body = lines.join(QLatin1Char('\n')).toUtf8();
    }
    return spec;
}

} // namespace

bool sameConfig(const QJsonObject &a, const QJsonObject &b, const QStringList &fields)
{
    for (const QString &f : fields)
        if (a.value(f) != b.value(f))
            return false;
    return true;
}

struct SinkRunner::Running {
    QString id;
    QJsonObject config;
    std::shared_ptr<QueryRun> run;
    std::atomic<qint64> success{0}, failure{0}, rows{0};
    std::atomic<int> inFlight{0};
    std::mutex mutex; // errors, the in-flight wait
    std::condition_variable drained;
    QJsonArray errors;
    std::atomic<bool> stopping{false};
};

SinkRunner::SinkRunner(Workspace &workspace, HttpDelivery &delivery) : m_workspace(workspace), m_delivery(delivery)
{
    workspace.resources().addListener([this](const QString &kind, const QString &id, const std::optional<QJsonObject> &doc) {
        if (kind == kSink)
            onChange(kind, id, doc);
    });
}

SinkRunner::~SinkRunner()
{
    stopAll();
}

void SinkRunner::startAll()
{
    for (const auto &value : m_workspace.resources().list(kSink)) {
        QJsonObject doc = value.toObject();
        if (doc.value(QStringLiteral("status")).toString() == QLatin1String("running"))
            start(doc.value(QStringLiteral("id")).toString(), doc);
    }
}

void SinkRunner::stopAll()
{
    std::map<QString, std::shared_ptr<Running>> running;
    {
        std::lock_guard lock(m_mutex);
        running.swap(m_running);
    }
    for (auto &[id, sink] : running) {
        sink->stopping = true;
        sink->drained.notify_all();
        sink->run->cancel();
        sink->run->join();
    }
}

void SinkRunner::onChange(const QString &, const QString &id, const std::optional<QJsonObject> &doc)
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (doc && it != m_running.end() && sameConfig(it->second->config, *doc, kConfigFields))
            return; // a runtime field changed, nothing to restart
    }
    stop(id);
    if (doc && doc->value(QStringLiteral("status")).toString() == QLatin1String("running"))
        start(id, *doc);
}

void SinkRunner::start(const QString &id, const QJsonObject &doc)
{
    auto sink = std::make_shared<Running>();
    sink->id = id;
    sink->config = doc;
    QueryRequest request;
    request.sql = doc.value(QStringLiteral("query")).toString();
    request.tags = {QStringLiteral("sink:") + id};
    request.batchCount = 1000;
    request.batchTimeMs = 500;
    auto run = m_workspace.runQuery(request);
    if (!run) {
        std::lock_guard lock(sink->mutex);
        sink->errors.append(QJsonObject{{QStringLiteral("time"), auditTimestamp(wallClockMs())}, {QStringLiteral("message"), run.failure().message}});
        std::lock_guard runnerLock(m_mutex);
        m_lastStats[id] = QJsonObject{{QStringLiteral("errors"), sink->errors}};
        return;
    }
    sink->run = *run;
    {
        std::lock_guard lock(m_mutex);
        m_running[id] = sink;
    }
    std::weak_ptr<Running> weak = sink;
    sink->run->start(std::make_shared<JsonRowObserver>([this, weak](const QJsonArray &rows) {
        auto s = weak.lock();
        return s && deliver(s, rows);
    }, nullptr));
}

void SinkRunner::stop(const QString &id)
{
    std::shared_ptr<Running> sink;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        sink = it->second;
        m_running.erase(it);
    }
    sink->stopping = true;
    sink->drained.notify_all();
    sink->run->cancel();
    sink->run->join();
    std::lock_guard lock(m_mutex);
    m_lastStats[id] = QJsonObject{{QStringLiteral("success_count"), static_cast<double>(sink->success)},
                                  {QStringLiteral("failure_count"), static_cast<double>(sink->failure)}};
}

bool SinkRunner::deliver(const std::shared_ptr<Running> &sink, const QJsonArray &rows)
{
    auto request = buildRequest(sink->config.value(QStringLiteral("type")).toString(), sink->config.value(QStringLiteral("properties")).toObject(), rows);
    if (!request) {
        std::lock_guard lock(sink->mutex);
        sink->failure += rows.size();
        if (sink->errors.size() < 100)
            sink->errors.append(QJsonObject{{QStringLiteral("time"), auditTimestamp(wallClockMs())}, {QStringLiteral("message"), QStringLiteral("properties.url is not a valid URL")}});
        return true;
    }
    {
        // Back-pressure: a slow target makes this sink's query wait, nothing else.
        std::unique_lock lock(sink->mutex);
        sink->drained.wait(lock, [&] { return sink->inFlight < kMaxInFlight || sink->stopping; });
        if (sink->stopping)
            return false;
        ++sink->inFlight;
    }
    qint64 count = rows.size();
    m_delivery.post(std::move(*request), [sink, count](bool ok, int, const QString &error) {
        std::lock_guard lock(sink->mutex);
        --sink->inFlight;
        (ok ? sink->success : sink->failure) += count;
        if (!ok && sink->errors.size() < 100)
            sink->errors.append(QJsonObject{{QStringLiteral("time"), auditTimestamp(wallClockMs())}, {QStringLiteral("message"), error}});
        sink->drained.notify_all();
    });
    return true;
}

QJsonObject SinkRunner::stats(const QString &id) const
{
    std::lock_guard lock(m_mutex);
    QJsonObject out{{QStringLiteral("success_count"), 0.0}, {QStringLiteral("failure_count"), 0.0}, {QStringLiteral("errors"), QJsonArray()}, {QStringLiteral("throughput"), QJsonArray()}};
    if (auto last = m_lastStats.find(id); last != m_lastStats.end())
        for (auto it = last->second.begin(); it != last->second.end(); ++it)
            out[it.key()] = it.value();
    if (auto it = m_running.find(id); it != m_running.end()) {
        const auto &sink = it->second;
        std::lock_guard sinkLock(sink->mutex);
        out[QStringLiteral("success_count")] = static_cast<double>(sink->success);
        out[QStringLiteral("failure_count")] = static_cast<double>(sink->failure);
        out[QStringLiteral("errors")] = sink->errors;
    }
    return out;
}

} // namespace tideline::workspace
