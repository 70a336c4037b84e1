// StreamCatalog: views, materialized views, external streams and tables, topology.
#include "engine/sql/Formatter.h"
#include "workspace/ResourceStore.h"
#include "workspace/StreamCatalog.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

using engine::CatalogObjectKind;

namespace {

CatalogObjectKind viewKind(bool materialized)
{
    return materialized ? CatalogObjectKind::MaterializedView : CatalogObjectKind::View;
}

CatalogObjectKind externalKind(bool table)
{
    return table ? CatalogObjectKind::ExternalTable : CatalogObjectKind::ExternalStream;
}

QString what(CatalogObjectKind kind)
{
    return QString::fromLatin1(engine::catalogObjectKindName(kind)).replace(QLatin1Char(' '), QLatin1Char('_'));
}

} // namespace

QJsonObject StreamCatalog::viewJson(const engine::StreamInfo &info) const
{
    bool materialized = info.kind() == CatalogObjectKind::MaterializedView;
    QString query = info.select() ? QString::fromStdString(engine::sql::formatSelect(*info.select(), {.pretty = false})) : QString();
    QJsonArray columns = columnsJson(info);
    if (columns.isEmpty() && !query.isEmpty()) { // a plain view stores no columns: describe its SELECT
        if (auto analysis = m_workspace.analyze(query)) {
            for (const auto &c : analysis->value(QStringLiteral("result_columns")).toArray())
                columns.append(QJsonObject{{QStringLiteral("name"), c.toObject().value(QStringLiteral("column"))},
                                           {QStringLiteral("type"), c.toObject().value(QStringLiteral("column_type"))}});
        }
    }
    QString target = info.create ? QString::fromStdString(info.create->intoName) : QString();
    QJsonObject out{{QStringLiteral("name"), QString::fromStdString(info.name())},
                    {QStringLiteral("query"), query},
                    {QStringLiteral("columns"), columns},
                    {QStringLiteral("description"), m_descriptions.get(info)},
                    {QStringLiteral("target_stream"), target},
                    {QStringLiteral("logstore_retention_bytes"), settingOr(info, "logstore_retention_bytes", QStringLiteral("-1")).toLongLong()},
                    {QStringLiteral("logstore_retention_ms"), settingOr(info, "logstore_retention_ms", QStringLiteral("-1")).toLongLong()},
                    {QStringLiteral("ttl_expression"), QString()},
                    {QStringLiteral("created_at"), createdAt(info)},
                    {QStringLiteral("last_updated_at"), createdAt(info)}};
    if (!materialized) {
        out[QStringLiteral("materialized")] = false;
        out[QStringLiteral("ttl")] = QString();
    }
    return out;
}

QJsonArray StreamCatalog::views(bool materialized, const QString &database) const
{
    QJsonArray out;
    for (const auto &info : m_workspace.engine().objects(database.toStdString()))
        if (info->kind() == viewKind(materialized))
            out.append(viewJson(*info));
    return out;
}

Outcome<QJsonObject> StreamCatalog::view(const QString &name, bool materialized, const QString &database) const
{
    auto info = find(database, name, viewKind(materialized));
    if (!info)
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(what(viewKind(materialized)), name), 60);
    return viewJson(*info);
}

Outcome<QJsonObject> StreamCatalog::createView(const QJsonObject &def, bool materialized, const QString &database)
{
    QString name = def.value(QStringLiteral("name")).toString();
    if (auto failure = validateName(name, QStringLiteral("view")))
        return *failure;
    QString query = def.value(QStringLiteral("query")).toString();
    if (query.trimmed().isEmpty())
        return Failure::badRequest(QStringLiteral("query is required"));
    materialized = materialized || def.value(QStringLiteral("materialized")).toBool();
    QString sql = materialized ? QStringLiteral("CREATE MATERIALIZED VIEW %1").arg(quoteIdentifier(name))
                               : QStringLiteral("CREATE VIEW %1").arg(quoteIdentifier(name));
    if (QString target = def.value(QStringLiteral("target_stream")).toString(); materialized && !target.isEmpty())
        sql += QStringLiteral(" INTO ") + quoteIdentifier(target);
    sql += QStringLiteral(" AS ") + query;
    if (materialized) {
        for (const QString &field : {QStringLiteral("logstore_retention_bytes"), QStringLiteral("logstore_retention_ms")}) {
            QJsonValue v = def.value(field);
            if (!v.isUndefined() && !v.isNull() && !v.isDouble())
                return Failure::badRequest(QStringLiteral("%1 must be an integer").arg(field));
        }
    }
    if (auto created = run(sql, database); !created)
        return created.failure();
    if (materialized) { // the inner stream's retention: the CREATE has no clause for it
        QJsonObject storage{{QStringLiteral("logstore_retention_bytes"), def.value(QStringLiteral("logstore_retention_bytes"))},
                            {QStringLiteral("logstore_retention_ms"), def.value(QStringLiteral("logstore_retention_ms"))}};
        bool innerStream = def.value(QStringLiteral("target_stream")).toString().isEmpty();
        if (auto r = innerStream ? alterStorage(name, storage, database) : done(); !r) {
            run(QStringLiteral("DROP VIEW %1").arg(quoteIdentifier(name)), database);
            return r.failure();
        }
    }
    m_descriptions.set(database, name, def.value(QStringLiteral("description")).toString());
    return view(name, materialized, database);
}

Result StreamCatalog::updateView(const QString &name, const QJsonObject &update, bool materialized, const QString &database)
{
    auto info = find(database, name, viewKind(materialized));
    if (!info)
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(what(viewKind(materialized)), name), 60);
    if (update.contains(QStringLiteral("query"))) {
        QString current = info->select() ? QString::fromStdString(engine::sql::formatSelect(*info->select(), {.pretty = false})) : QString();
        auto formatted = m_workspace.format(update.value(QStringLiteral("query")).toString());
        if (!formatted)
            return formatted.failure();
        auto currentFormatted = m_workspace.format(current);
        if (!currentFormatted || *currentFormatted != *formatted)
            return Failure::badRequest(QStringLiteral("the query of a %1 cannot change; drop it and create it again").arg(what(viewKind(materialized))), 48);
    }
    if (auto r = alterStorage(name, update, database); !r) // a plain view has none: 48
        return r;
    if (update.contains(QStringLiteral("description")))
        m_descriptions.set(database, name, update.value(QStringLiteral("description")).toString());
    return done();
}

Result StreamCatalog::dropView(const QString &name, bool materialized, const QString &database)
{
    if (!find(database, name, viewKind(materialized)))
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(what(viewKind(materialized)), name), 60);
    if (auto r = run(QStringLiteral("DROP VIEW %1").arg(quoteIdentifier(name)), database); !r)
        return r;
    m_descriptions.remove(database, name);
    return done();
}

QJsonObject StreamCatalog::externalJson(const engine::StreamInfo &info) const
{
    QJsonArray settings;
    for (const auto &[key, value] : info.settings)
        settings.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(key)}, {QStringLiteral("value"), QString::fromStdString(value)}});
    QJsonObject out{{QStringLiteral("name"), QString::fromStdString(info.name())},
                    {QStringLiteral("description"), m_descriptions.get(info)},
                    {QStringLiteral("settings"), settings},
                    {QStringLiteral("created_at"), createdAt(info)},
                    {QStringLiteral("last_updated_at"), createdAt(info)}};
    if (info.kind() == CatalogObjectKind::ExternalStream)
        out[QStringLiteral("columns")] = columnsJson(info);
    return out;
}

QJsonArray StreamCatalog::externals(bool table, const QString &database) const
{
    QJsonArray out;
    for (const auto &info : m_workspace.engine().objects(database.toStdString()))
        if (info->kind() == externalKind(table))
            out.append(externalJson(*info));
    return out;
}

Outcome<QJsonObject> StreamCatalog::external(const QString &name, bool table, const QString &database) const
{
    auto info = find(database, name, externalKind(table));
    if (!info)
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(what(externalKind(table)), name), 60);
    return externalJson(*info);
}

Outcome<QJsonObject> StreamCatalog::createExternal(const QJsonObject &def, bool table, const QString &database)
{
    QString name = def.value(QStringLiteral("name")).toString();
    if (auto failure = validateName(name, table ? QStringLiteral("external table") : QStringLiteral("external stream")))
        return *failure;
    QStringList settings;
    const QJsonArray given = def.value(QStringLiteral("settings")).toArray();
    for (qsizetype i = 0; i < given.size(); ++i) {
        QJsonObject kv = given[i].toObject();
        QString key = kv.value(QStringLiteral("key")).toString();
        if (key.isEmpty() || !kv.value(QStringLiteral("value")).isString())
            return Failure::badRequest(QStringLiteral("settings[%1]: key and value (strings) are required").arg(i));
        settings << quoteIdentifier(key) + QLatin1Char('=') + quoteString(kv.value(QStringLiteral("value")).toString());
    }
    if (settings.isEmpty())
        return Failure::badRequest(QStringLiteral("settings: at least `type` is required"));
    QString sql = QStringLiteral("CREATE EXTERNAL %1 %2").arg(table ? QStringLiteral("TABLE") : QStringLiteral("STREAM"), quoteIdentifier(name));
    if (!table) {
        QJsonArray columns = def.value(QStringLiteral("columns")).toArray();
        auto ddl = columnsDdl(columns.isEmpty() ? QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("raw")}, {QStringLiteral("type"), QStringLiteral("string")}}} : columns);
        if (!ddl)
            return ddl.failure();
        sql += QLatin1Char(' ') + *ddl;
    }
    sql += QStringLiteral(" SETTINGS ") + settings.join(QStringLiteral(", "));
    if (auto created = run(sql, database); !created)
        return created.failure();
    m_descriptions.set(database, name, def.value(QStringLiteral("description")).toString());
    QJsonObject echo = def; // the spec answers the definition as created
    return echo;
}

Result StreamCatalog::dropExternal(const QString &name, bool table, const QString &database)
{
    if (!find(database, name, externalKind(table)))
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(what(externalKind(table)), name), 60);
    QString sql = table ? QStringLiteral("DROP EXTERNAL TABLE %1") : QStringLiteral("DROP STREAM %1");
    if (auto r = run(sql.arg(quoteIdentifier(name)), database); !r)
        return r;
    m_descriptions.remove(database, name);
    return done();
}

QJsonObject StreamCatalog::topology(const QString &database) const
{
    QJsonArray nodes, edges, dependencies;
    const std::string db = database.toStdString();
    for (const auto &info : m_workspace.engine().objects(db)) {
        QString id = what(info->kind()) + QLatin1Char(':') + QString::fromStdString(info->name());
        nodes.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("name"), QString::fromStdString(info->name())},
                                 {QStringLiteral("type"), what(info->kind())}, {QStringLiteral("properties"), QJsonObject()}});
        for (const auto &dependant : m_workspace.engine().dependants(db, info->name())) {
            // dependants() answers "db.name"; the object is found (and named) by its name.
            std::string name = dependant;
            if (name.size() > db.size() && name.compare(0, db.size(), db) == 0 && name[db.size()] == '.')
                name = name.substr(db.size() + 1);
            auto other = m_workspace.engine().find(db, name);
            if (!other)
                continue;
            QString otherId = what(other->kind()) + QLatin1Char(':') + QString::fromStdString(name);
            dependencies.append(QJsonObject{{QStringLiteral("source"), otherId}, {QStringLiteral("target"), id}});
            // A view that writes INTO this stream is a dependant too, but data flows from it to
            // the stream (that edge is added with the view itself, below), not the other way.
            const bool writesInto = other->create && other->create->intoName == info->name();
            if (!writesInto)
                edges.append(QJsonObject{{QStringLiteral("source"), id}, {QStringLiteral("target"), otherId}});
        }
        if (info->kind() == CatalogObjectKind::MaterializedView && info->create && !info->create->intoName.empty()) {
            // INTO a stream or an external stream (Kafka): the edge names the node as it is listed.
            auto into = m_workspace.engine().find(db, info->create->intoName);
            const QString kind = into ? what(into->kind()) : QStringLiteral("stream");
            edges.append(QJsonObject{{QStringLiteral("source"), id}, {QStringLiteral("target"), kind + QLatin1Char(':') + QString::fromStdString(info->create->intoName)}});
        }
    }
    return QJsonObject{{QStringLiteral("nodes"), nodes}, {QStringLiteral("edges"), edges}, {QStringLiteral("dependencies"), dependencies}};
}

} // namespace tideline::workspace
