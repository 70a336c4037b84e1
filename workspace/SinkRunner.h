#pragma once
// Runs the workspace's sinks: each sink whose status is "running" has its `query` running as a
// streaming query, and every batch of result rows is delivered to its target (http/webhook: a
// JSON array of row objects, or a rendered `payload_template` per row; slack: {"text": ...} to
// the webhook URL), retried with back-off and counted in the sink's stats. Follows the
// ResourceStore: creating, patching, starting, stopping or deleting a sink takes effect at once;
// sinks that were running start again when the workspace opens.
#include <QJsonArray>
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

class SinkRunner {
public:
    SinkRunner(Workspace &workspace, HttpDelivery &delivery);
    ~SinkRunner();
    void startAll();
    void stopAll();
    // SinkStats: success_count, failure_count, errors[{time, message}], throughput[].
    QJsonObject stats(const QString &id) const;

private:
    struct Running;
    void onChange(const QString &kind, const QString &id, const std::optional<QJsonObject> &doc);
    void start(const QString &id, const QJsonObject &doc);
    void stop(const QString &id);
    bool deliver(const std::shared_ptr<Running> &sink, const QJsonArray &rows);

    Workspace &m_workspace;
    HttpDelivery &m_delivery;
    mutable std::mutex m_mutex;
    std::map<QString, std::shared_ptr<Running>> m_running;
    std::map<QString, QJsonObject> m_lastStats; // of sinks no longer running
};

// The config fields whose change restarts a sink or an alert (runtime fields like status
// details, stats or an alert's instance do not).
bool sameConfig(const QJsonObject &a, const QJsonObject &b, const QStringList &fields);

} // namespace tideline::workspace
