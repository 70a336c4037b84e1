#pragma once
// Runs the workspace's sources: each source whose status is "running" has its connector
// (Source) reading on its own thread and writing into its target stream through a SourceWriter
// (the Ingestor, one block per batch, durable before the source commits its position). Follows
// the ResourceStore like SinkRunner: creating, patching, starting, stopping or deleting a source
// takes effect at once; sources that were running start again when the workspace opens, and
// resume from their stored position where the protocol keeps one (JetStream, Kafka).
//
// Also the checks a source document must pass before it is stored (check()) and the preview
// of POST /source/preview (SourcePreview).
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include "workspace/Outcome.h"

class QThread;

namespace tideline::workspace {

class Workspace;
class Source;
class SourceWriter;

class SourceRunner {
public:
    explicit SourceRunner(Workspace &workspace);
    ~SourceRunner();
    void startAll();
    void stopAll();
    // Stats: success_count (rows written), failure_count, errors (the latest), throughput.
    QJsonObject stats(const QString &id) const;
    // A source document before it is stored: a known type, valid properties, an existing target
    // stream, and a peer that answers within a few seconds (400 with Proton's code otherwise).
    std::optional<Failure> check(const QJsonObject &doc);
    bool isRunning(const QString &id) const;

    static constexpr int kProbeTimeoutMs = 3000;

private:
    struct Running;
    void onChange(const QString &id, const std::optional<QJsonObject> &doc);
    void start(const QString &id, const QJsonObject &doc);
    void stop(const QString &id);

    Workspace &m_workspace;
    mutable std::mutex m_mutex;
    std::map<QString, std::shared_ptr<Running>> m_running;
    std::map<QString, QJsonObject> m_lastStats; // of sources no longer running
};

// Runs `work` on a thread of its own and waits for it: probes and previews open sockets with
// event loops that must not run inside the caller's (the HTTP server's) event loop.
void runOnOwnThread(const std::function<void()> &work);

} // namespace tideline::workspace
