#pragma once
// Streams, views, materialized views, external streams and external tables as v1beta2
// resources. Creates map every field of the request to one DDL statement run by the engine, so
// a request either creates the whole object or fails and changes nothing; reads describe the
// engine's catalog. Descriptions are kept beside the catalog (ObjectJson's Descriptions).
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include "workspace/ObjectJson.h"
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

class StreamCatalog {
public:
    explicit StreamCatalog(Workspace &workspace);

    // Streams (StreamDef in, Stream out).
    QJsonArray streams(const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> stream(const QString &name, const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> createStream(const QJsonObject &def, const QString &database = QStringLiteral("default"));
    Result updateStream(const QString &name, const QJsonObject &update, const QString &database = QStringLiteral("default"));
    Result dropStream(const QString &name, const QString &database = QStringLiteral("default"));
    Outcome<QJsonObject> stats(const QString &kind, const QString &name, int historyDays, const QString &database = QStringLiteral("default")) const;

    // Views and materialized views (CreateViewRequest / CreateMaterializedViewRequest in).
    QJsonArray views(bool materialized, const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> view(const QString &name, bool materialized, const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> createView(const QJsonObject &def, bool materialized, const QString &database = QStringLiteral("default"));
    // UpdateViewRequest / UpdateMaterializedViewRequest: the description changes; a different query is refused.
    Result updateView(const QString &name, const QJsonObject &update, bool materialized, const QString &database = QStringLiteral("default"));
    Result updateMaterializedView(const QString &name, const QJsonObject &update, const QString &database = QStringLiteral("default"))
    {
        return updateView(name, update, true, database);
    }
    Result dropView(const QString &name, bool materialized, const QString &database = QStringLiteral("default"));

    // External streams and tables (definitions validated and stored; {name, settings[], columns}).
    QJsonArray externals(bool table, const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> external(const QString &name, bool table, const QString &database = QStringLiteral("default")) const;
    Outcome<QJsonObject> createExternal(const QJsonObject &def, bool table, const QString &database = QStringLiteral("default"));
    Result dropExternal(const QString &name, bool table, const QString &database = QStringLiteral("default"));

    // Topology: nodes and edges (sources -> streams -> views/MVs -> sinks).
    QJsonObject topology(const QString &database = QStringLiteral("default")) const;

private:
    Result alterStorage(const QString &name, const QJsonObject &update, const QString &database);
    std::shared_ptr<engine::StreamInfo> find(const QString &database, const QString &name, engine::CatalogObjectKind kind) const;
    QJsonObject streamJson(const engine::StreamInfo &info) const;
    QJsonObject viewJson(const engine::StreamInfo &info) const;
    QJsonObject externalJson(const engine::StreamInfo &info) const;
    Result run(const QString &sql, const QString &database);

    Workspace &m_workspace;
    Descriptions m_descriptions;
};

} // namespace tideline::workspace
