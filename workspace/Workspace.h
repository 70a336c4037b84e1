#pragma once
// One workspace: an embedded engine on a data folder plus the v1beta2 resources around it.
// The server (tidelined) and the desktop app's local client both drive it, so local and
// remote behave the same. Every method is thread-safe; none touches a GUI or HTTP object.
//
//   auto ws = Workspace::open({.dataDir = "/tmp/ws"});
//   auto run = (*ws)->runQuery({.sql = "SELECT * FROM s"}); (*run)->start(observer);
//   (*ws)->streams().create(json);                                     // POST /streams
#include <QJsonObject>
#include <QString>
#include <memory>
#include "engine/common/Clock.h"
#include "engine/exec/Engine.h"
#include "engine/exec/QueryAnalyzer.h"
#include "workspace/JsSandbox.h"
#include "workspace/Outcome.h"
#include "workspace/QueryRegistry.h"

namespace tideline::workspace {

class StreamCatalog;
class ResourceStore;
class Ingestor;
class Credentials;
class HttpDelivery;
class SinkRunner;
class AlertRunner;
class SourceRunner;
class StreamMetrics;

struct WorkspaceOptions {
    QString dataDir;
    const engine::Clock *clock = nullptr; // null = the system clock
    QString name = QStringLiteral("default");
    JsLimits javascriptLimits; // time and memory limits of JavaScript UDFs
};

class Workspace {
public:
    static Outcome<std::unique_ptr<Workspace>> open(const WorkspaceOptions &options);
    ~Workspace();

    const QString &name() const { return m_options.name; }
    const QString &dataDir() const { return m_options.dataDir; }
    engine::Engine &engine() { return *m_engine; }
    // Processing time of everything the workspace runs (tests give a ManualClock).
    const engine::Clock &clock() const { return m_options.clock ? *m_options.clock : engine::SystemClock::instance(); }

    // Any statement. DDL and INSERT run to completion here and give a finished run without a
    // result; a query is planned, subscribed (it sees every row appended from now on) and
    // registered, and starts pulling on its own thread when the caller calls start(observer).
    Outcome<std::shared_ptr<QueryRun>> runQuery(const QueryRequest &request);
    // Runs statements that return no rows (DDL, INSERT), one after the other; stops at the first error.
    Result execute(const QString &sql, const QString &database = QStringLiteral("default"));
    Outcome<QJsonObject> analyze(const QString &sql);   // SQLAnalyzeResult
    Outcome<QString> format(const QString &sql);        // POST /format
    QueryRegistry &queries() { return m_queries; }

    StreamCatalog &streams() { return *m_streams; }
    ResourceStore &resources() { return *m_resources; }
    Ingestor &ingestor() { return *m_ingestor; }
    Credentials &credentials() { return *m_credentials; }
    SinkRunner &sinks() { return *m_sinks; }
    AlertRunner &alerts() { return *m_alerts; }
    SourceRunner &sources() { return *m_sources; }
    StreamMetrics &metrics() { return *m_metrics; }

    // Stops every query (shutdown); resources stay stored.
    void shutdown();

private:
    explicit Workspace(WorkspaceOptions options);
    WorkspaceOptions m_options;
    std::unique_ptr<engine::Engine> m_engine;
    QueryRegistry m_queries;
    std::unique_ptr<StreamCatalog> m_streams;
    std::unique_ptr<ResourceStore> m_resources;
    std::unique_ptr<StreamMetrics> m_metrics;
    std::unique_ptr<Ingestor> m_ingestor;
    std::unique_ptr<Credentials> m_credentials;
    std::unique_ptr<HttpDelivery> m_delivery;
    std::unique_ptr<SinkRunner> m_sinks;   // after m_delivery: destroyed first
    std::unique_ptr<AlertRunner> m_alerts;
    std::unique_ptr<SourceRunner> m_sources; // after m_ingestor: destroyed first
};

// SQLAnalyzeResult as JSON.
QJsonObject analysisToJson(const engine::AnalyzeResult &result);

} // namespace tideline::workspace
