#include "workspace/AlertRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include "workspace/HttpDelivery.h"
#include "workspace/JsonRowObserver.h"
#include "workspace/ResourceStore.h"
#include "workspace/SinkRunner.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

const QString kAlert = QStringLiteral("alert");
const QStringList kConfigFields{QStringLiteral("trigger_sql"), QStringLiteral("resolve_sql"), QStringLiteral("action"),
                                QStringLiteral("properties"), QStringLiteral("status")};

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

} // namespace

struct AlertRunner::Running {
    QJsonObject config;
    std::shared_ptr<QueryRun> trigger;
    std::shared_ptr<QueryRun> resolver;
};

AlertRunner::AlertRunner(Workspace &workspace, HttpDelivery &delivery) : m_workspace(workspace), m_delivery(delivery)
{
    workspace.resources().addListener([this](const QString &kind, const QString &id, const std::optional<QJsonObject> &doc) {
        if (kind == kAlert)
            onChange(id, doc);
    });
}

AlertRunner::~AlertRunner()
{
    stopAll();
}

void AlertRunner::startAll()
{
    for (const auto &value : m_workspace.resources().list(kAlert)) {
        QJsonObject doc = value.toObject();
        if (doc.value(QStringLiteral("status")).toString() == QLatin1String("running"))
            start(doc.value(QStringLiteral("id")).toString(), doc);
    }
}

void AlertRunner::stopAll()
{
    std::map<QString, std::shared_ptr<Running>> running;
    {
        std::lock_guard lock(m_mutex);
        running.swap(m_running);
    }
    for (auto &[id, alert] : running)
        for (auto &run : {alert->trigger, alert->resolver})
            if (run) {
                run->cancel();
                run->join();
            }
}

void AlertRunner::onChange(const QString &id, const std::optional<QJsonObject> &doc)
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (doc && it != m_running.end() && sameConfig(it->second->config, *doc, kConfigFields))
            return; // an incident update, not a new configuration
        if (doc && it == m_running.end() && doc->value(QStringLiteral("status")).toString() != QLatin1String("running"))
            return;
    }
    stop(id);
    if (doc && doc->value(QStringLiteral("status")).toString() == QLatin1String("running"))
        start(id, *doc);
}

void AlertRunner::start(const QString &id, const QJsonObject &doc)
{
    auto alert = std::make_shared<Running>();
    alert->config = doc;
    auto launch = [&](const QString &field, const QString &status) -> std::shared_ptr<QueryRun> {
        QString sql = doc.value(field).toString();
        if (sql.trimmed().isEmpty())
            return nullptr;
        auto run = m_workspace.runQuery({.sql = sql, .tags = {QStringLiteral("alert:") + id}, .batchCount = 100, .batchTimeMs = 100});
        if (!run) {
            m_workspace.resources().patch(kAlert, id, {{QStringLiteral("message"), field + QStringLiteral(": ") + run.failure().message}});
            return nullptr;
        }
        (*run)->start(std::make_shared<JsonRowObserver>([this, id, status](const QJsonArray &rows) {
            transition(id, status, rows.first().toObject(), {});
            return true;
        }, nullptr));
        return *run;
    };
    {
        std::lock_guard lock(m_mutex);
        m_running[id] = alert;
    }
    alert->trigger = launch(QStringLiteral("trigger_sql"), QStringLiteral("triggered"));
    alert->resolver = launch(QStringLiteral("resolve_sql"), QStringLiteral("resolved"));
}

void AlertRunner::stop(const QString &id)
{
    std::shared_ptr<Running> alert;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        alert = it->second;
        m_running.erase(it);
    }
    for (auto &run : {alert->trigger, alert->resolver})
        if (run) {
            run->cancel();
            run->join();
        }
}

bool AlertRunner::resolve(const QString &id, const QString &reason)
{
    if (!m_workspace.resources().get(kAlert, id))
        return false;
    transition(id, QStringLiteral("resolved"), {}, reason);
    return true;
}

// triggered -> a new incident when none is open; resolved -> closes the open one. Repeated rows
// while already in the state add nothing (one notification per incident, not per row).
void AlertRunner::transition(const QString &id, const QString &status, const QJsonObject &row, const QString &reason)
{
    std::lock_guard lock(m_transitionMutex);
    auto doc = m_workspace.resources().get(kAlert, id);
    if (!doc)
        return;
    QJsonObject instance = doc->value(QStringLiteral("instance")).toObject();
    QString current = instance.value(QStringLiteral("status")).toString(QStringLiteral("resolved"));
    if (current == status)
        return;
    if (status == QLatin1String("triggered")) {
        instance[QStringLiteral("id")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
        instance[QStringLiteral("timeline")] = QJsonArray();
    }
    QJsonArray timeline = instance.value(QStringLiteral("timeline")).toArray();
    timeline.append(QJsonObject{{QStringLiteral("time"), auditTimestamp(wallClockMs())}, {QStringLiteral("status"), status},
                                {QStringLiteral("event"), row}, {QStringLiteral("message"), reason}});
    instance[QStringLiteral("status")] = status;
    instance[QStringLiteral("timeline")] = timeline;
    m_workspace.resources().patch(kAlert, id, {{QStringLiteral("instance"), instance}});
    fire(*doc, status, row);
}

void AlertRunner::fire(const QJsonObject &alert, const QString &status, const QJsonObject &row)
{
    QJsonObject properties = alert.value(QStringLiteral("properties")).toObject();
    QUrl url(properties.value(QStringLiteral("url")).toString());
    if (!url.isValid() || url.scheme().isEmpty())
        return;
    QString defaultMessage = QStringLiteral("[{{status}}] {{name}} (severity {{severity}}): {{row}}");
    QString message = renderTemplate(properties.value(QStringLiteral("message")).toString(defaultMessage), [&](const QString &name) -> std::optional<QString> {
        if (name == QLatin1String("status"))
            return status;
        if (name == QLatin1String("row"))
            return jsonText(row);
        if (row.contains(name))
            return jsonText(row.value(name));
        if (alert.contains(name))
            return jsonText(alert.value(name));
        return std::nullopt;
    });
    HttpRequestSpec spec;
    spec.url = url;
    if (alert.value(QStringLiteral("action")).toString() == QLatin1String("slack"))
        spec.body = QJsonDocument(QJsonObject{{QStringLiteral("text"), message}}).toJson(QJsonDocument::Compact);
    else
        spec.body = QJsonDocument(QJsonObject{{QStringLiteral("alert"), alert.value(QStringLiteral("name"))}, {QStringLiteral("id"), alert.value(QStringLiteral("id"))},
                                              {QStringLiteral("severity"), alert.value(QStringLiteral("severity"))}, {QStringLiteral("status"), status},
                                              {QStringLiteral("message"), message}, {QStringLiteral("event"), row}})
                        .toJson(QJsonDocument::Compact);
    m_delivery.post(std::move(spec), [](bool, int, const QString &) {});
}

} // namespace tideline::workspace
