#include "workspace/KafkaConnector.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QJsonArray>
#include <QUuid>
#include "engine/exec/QueryAnalyzer.h"
#include "engine/exec/Session.h"
#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"
#include "workspace/AlertRunner.h"
#include "workspace/Credentials.h"
#include "workspace/HttpDelivery.h"
#include "workspace/Ingestor.h"
#include "workspace/JavaScriptRuntime.h"
#include "workspace/RemoteFunctionRuntime.h"
#include "workspace/ResourceStore.h"
#include "workspace/SinkRunner.h"
#include "workspace/SourceRunner.h"
#include "workspace/StreamCatalog.h"
#include "workspace/StreamMetrics.h"

namespace tideline::workspace {

namespace {

QJsonArray columnsToJson(const std::vector<engine::AnalyzeColumn> &columns)
{
    QJsonArray out;
    for (const auto &c : columns)
        out.append(QJsonObject{{QStringLiteral("database"), QString::fromStdString(c.database)},
                               {QStringLiteral("table"), QString::fromStdString(c.table)},
                               {QStringLiteral("is_view"), c.isView},
                               {QStringLiteral("column"), QString::fromStdString(c.column)},
                               {QStringLiteral("column_type"), QString::fromStdString(c.columnType)}});
    return out;
}

} // namespace

Failure Failure::fromStatus(const engine::Status &status, bool missingIs404)
{
    int code = static_cast<int>(status.code());
    bool missing = code == static_cast<int>(engine::ErrorCode::UnknownStream) || code == static_cast<int>(engine::ErrorCode::UnknownDatabase);
    int http = missing && missingIs404 ? 404 : 400;
    using engine::ErrorCode;
    // A full disk is the server's condition, not the request's: 507 Insufficient Storage, as
    // ClickHouse's HTTP interface answers NOT_ENOUGH_SPACE, so clients retry later rather than
    // "fix" a valid request. Other storage failures are server errors too.
    switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::NotEnoughSpace: http = 507; break;
    case ErrorCode::UnknownException:
    case ErrorCode::CannotOpenFile:
    case ErrorCode::CannotWriteToFile:
    case ErrorCode::CannotReadFromFile:
    case ErrorCode::CannotFsync:
    case ErrorCode::CorruptedData: http = 500; break;
    default: break;
    }
    return {http, code, QString::fromStdString(status.message()), status.position()};
}

QJsonObject analysisToJson(const engine::AnalyzeResult &r)
{
    QJsonArray groupBy;
    for (const auto &g : r.groupByColumns)
        groupBy.append(QString::fromStdString(g));
    return QJsonObject{{QStringLiteral("original_query"), QString::fromStdString(r.originalQuery)},
                       {QStringLiteral("rewritten_query"), QString::fromStdString(r.rewrittenQuery)},
                       {QStringLiteral("query_type"), QString::fromStdString(r.queryType)},
                       {QStringLiteral("is_streaming"), r.isStreaming},
                       {QStringLiteral("has_aggr"), r.hasAggr},
                       {QStringLiteral("has_table_join"), r.hasTableJoin},
                       {QStringLiteral("has_union"), r.hasUnion},
                       {QStringLiteral("has_subquery"), r.hasSubquery},
                       {QStringLiteral("group_by_columns"), groupBy},
                       {QStringLiteral("required_columns"), columnsToJson(r.requiredColumns)},
                       {QStringLiteral("result_columns"), columnsToJson(r.resultColumns)}};
}

Workspace::Workspace(WorkspaceOptions options) : m_options(std::move(options)) {}

Workspace::~Workspace()
{
    shutdown();
}

Outcome<std::unique_ptr<Workspace>> Workspace::open(const WorkspaceOptions &options)
{
    if (options.dataDir.isEmpty())
        return Failure::internal(QStringLiteral("no data folder given"));
    if (!QDir().mkpath(options.dataDir))
        return Failure::internal(QStringLiteral("cannot create the data folder %1").arg(options.dataDir));
    std::unique_ptr<Workspace> ws(new Workspace(options));
    engine::EngineOptions engineOptions{.dataDir = options.dataDir.toStdString(), .clock = options.clock};
    engineOptions.functionRuntimes = {{"javascript", std::make_shared<JavaScriptRuntime>(options.javascriptLimits)},
                                      {"remote", std::make_shared<RemoteFunctionRuntime>()}};
    engineOptions.externalConnectors = {{"kafka", std::make_shared<KafkaConnector>()}};
    auto engine = engine::Engine::open(std::move(engineOptions));
    if (!engine)
        return Failure::internal(QString::fromStdString(engine.status().message()), static_cast<int>(engine.status().code()));
    ws->m_engine = std::move(*engine);
    ws->m_resources = std::make_unique<ResourceStore>(ws->m_engine->catalog()); // before the catalog that keeps descriptions in it
    ws->m_metrics = std::make_unique<StreamMetrics>(*ws->m_engine, *ws->m_resources);
    ws->m_metrics->startSampling(std::chrono::seconds(5));
    ws->m_streams = std::make_unique<StreamCatalog>(*ws);
    ws->m_ingestor = std::make_unique<Ingestor>(*ws->m_engine);
    ws->m_credentials = std::make_unique<Credentials>(*ws->m_resources);
    ws->m_delivery = std::make_unique<HttpDelivery>();
    ws->m_sinks = std::make_unique<SinkRunner>(*ws, *ws->m_delivery);
    ws->m_alerts = std::make_unique<AlertRunner>(*ws, *ws->m_delivery);
    ws->m_sinks->startAll(); // what was running before the restart runs again
    ws->m_alerts->startAll();
    ws->m_sources = std::make_unique<SourceRunner>(*ws);
    ws->m_sources->startAll();
    return ws;
}

void Workspace::shutdown()
{
    if (m_sources)
        m_sources->stopAll();
    if (m_alerts)
        m_alerts->stopAll();
    if (m_sinks)
        m_sinks->stopAll();
    m_queries.cancelAll();
    if (m_metrics)
        m_metrics->stop(); // stores the last minutes' traffic
}

Outcome<std::shared_ptr<QueryRun>> Workspace::runQuery(const QueryRequest &request)
{
    auto session = m_engine->createSession();
    session->setCurrentDatabase(request.database.toStdString());
    std::string sql = request.sql.toStdString();
    auto parsed = engine::sql::parseStatement(sql);
    if (!parsed)
        return Failure::fromStatus(parsed.status());
    QJsonObject analysis;
    bool isSelect = engine::analyzeQueryType(**parsed) == "SELECT";
    if (isSelect) {
        auto analyzed = engine::analyzeQuery(*session, sql);
        if (!analyzed)
            return Failure::fromStatus(analyzed.status());
        analysis = analysisToJson(*analyzed);
    }
    auto cursor = session->execute(**parsed);
    if (!cursor)
        return Failure::fromStatus(cursor.status());
    QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto run = std::make_shared<QueryRun>(id, request, std::move(session), std::move(*cursor), analysis);
    if (run->hasResult())
        m_queries.add(run);
    return run;
}

Result Workspace::execute(const QString &sql, const QString &database)
{
    auto session = m_engine->createSession();
    session->setCurrentDatabase(database.toStdString());
    std::string text = sql.toStdString();
    for (std::string_view statement : engine::sql::splitStatements(text)) {
        auto cursor = session->execute(statement);
        if (!cursor)
            return Failure::fromStatus(cursor.status());
        engine::Block block;
        while ((*cursor)->hasResult()) { // drain a stray SELECT (bounded only: execute() is for scripts)
            auto more = (*cursor)->next(block);
            if (!more)
                return Failure::fromStatus(more.status());
            if (!*more)
                break;
        }
    }
    return done();
}

Outcome<QJsonObject> Workspace::analyze(const QString &sql)
{
    auto session = m_engine->createSession();
    auto result = engine::analyzeQuery(*session, sql.toStdString());
    if (!result)
        return Failure::fromStatus(result.status());
    return analysisToJson(*result);
}

Outcome<QString> Workspace::format(const QString &sql)
{
    std::string text = sql.toStdString();
    auto statements = engine::sql::splitStatements(text);
    QStringList formatted;
    for (std::string_view statement : statements) {
        auto parsed = engine::sql::parseStatement(statement);
        if (!parsed)
            return Failure::fromStatus(parsed.status());
        formatted << QString::fromStdString(engine::sql::formatStatement(**parsed));
    }
    return formatted.join(QStringLiteral(";\n\n"));
}

} // namespace tideline::workspace
