#pragma once
// Runs the workspace's alerts. A running alert has its `trigger_sql` running as a streaming
// query: a result row moves it to triggered (a new incident with a timeline entry) and fires
// its action through HttpDelivery (webhook/http: a JSON event; slack: {"text": message} with
// `properties.message` rendered, {{name}} {{severity}} {{status}} {{row}} and result columns
// as placeholders). A `resolve_sql` row, or resolve(), moves it back to resolved. Alerts that
// were running start again when the workspace opens; start/stop/patch take effect at once.
#include <QJsonObject>
#include <QString>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace tideline::workspace {

class Workspace;
class HttpDelivery;
class QueryRun;

class AlertRunner {
public:
    AlertRunner(Workspace &workspace, HttpDelivery &delivery);
    ~AlertRunner();
    void startAll();
    void stopAll();
    // POST /alerts/{id}/resolve. False when the alert does not exist.
    bool resolve(const QString &id, const QString &reason = QStringLiteral("resolved manually"));

private:
    struct Running;
    void onChange(const QString &id, const std::optional<QJsonObject> &doc);
    void start(const QString &id, const QJsonObject &doc);
    void stop(const QString &id);
    void transition(const QString &id, const QString &status, const QJsonObject &row, const QString &reason);
    void fire(const QJsonObject &alert, const QString &status, const QJsonObject &row);

    Workspace &m_workspace;
    HttpDelivery &m_delivery;
    std::mutex m_mutex;
    std::mutex m_transitionMutex; // one state change of an alert at a time
    std::map<QString, std::shared_ptr<Running>> m_running;
};

} // namespace tideline::workspace
