#include "workspace/StreamCatalog.h"

#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"
#include "workspace/ResourceStore.h"
#include "workspace/StreamMetrics.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

using engine::CatalogObjectKind;

namespace {

const QStringList kModes{QStringLiteral("append"), QStringLiteral("changelog"), QStringLiteral("changelog_kv"), QStringLiteral("versioned_kv")};

QString modeName(engine::StreamMode mode)
{
    switch (mode) {
    case engine::StreamMode::Append: return QStringLiteral("append");
    case engine::StreamMode::VersionedKv: return QStringLiteral("versioned_kv");
    case engine::StreamMode::ChangelogKv: return QStringLiteral("changelog_kv");
    case engine::StreamMode::Changelog: return QStringLiteral("changelog");
    }
    return {};
}

QString exprList(const std::vector<engine::sql::ExprPtr> &exprs)
{
    QStringList parts;
    for (const auto &e : exprs)
        parts << QString::fromStdString(engine::sql::formatExpr(*e));
    return parts.join(QStringLiteral(", "));
}

// A JSON integer field, or a failure naming it when it is present with another type.
std::optional<Failure> integerField(const QJsonObject &def, const QString &field, std::optional<qint64> &out)
{
    if (!def.contains(field) || def.value(field).isNull())
        return std::nullopt;
    QJsonValue v = def.value(field);
    if (!v.isDouble() || v.toDouble() != static_cast<double>(v.toInteger()))
        return Failure::badRequest(QStringLiteral("%1 must be an integer").arg(field));
    out = v.toInteger();
    return std::nullopt;
}

// SETTINGS k=v pairs shared by streams and materialized views.
std::optional<Failure> retentionSettings(const QJsonObject &def, QStringList &settings)
{
    for (const QString &field : {QStringLiteral("logstore_retention_bytes"), QStringLiteral("logstore_retention_ms")}) {
        std::optional<qint64> value;
        if (auto failure = integerField(def, field, value))
            return failure;
        if (value) // non-positive means unlimited, which the log spells -1
            settings << QStringLiteral("%1=%2").arg(field).arg(*value > 0 ? *value : qint64(-1));
    }
    return std::nullopt;
}

} // namespace

StreamCatalog::StreamCatalog(Workspace &workspace) : m_workspace(workspace), m_descriptions(workspace.resources()) {}

std::shared_ptr<engine::StreamInfo> StreamCatalog::find(const QString &database, const QString &name, CatalogObjectKind kind) const
{
    auto info = m_workspace.engine().find(database.toStdString(), name.toStdString());
    return info && info->kind() == kind ? info : nullptr;
}

// Exactly one statement: request fields are spliced into the DDL, so one that smuggles in a
// "; DROP ..." must fail as a whole rather than run its second half (Proton's 62).
Result StreamCatalog::run(const QString &sql, const QString &database)
{
    std::string text = sql.toStdString();
    if (engine::sql::splitStatements(text).size() > 1)
        return Failure::badRequest(QStringLiteral("Multi-statements are not allowed"), 62);
    return m_workspace.execute(sql, database);
}

QJsonObject StreamCatalog::streamJson(const engine::StreamInfo &info) const
{
    QString ttl = info.create && info.create->ttl ? QString::fromStdString(engine::sql::formatExpr(*info.create->ttl)) : QString();
    QJsonObject out{{QStringLiteral("name"), QString::fromStdString(info.name())},
                    {QStringLiteral("engine"), QStringLiteral("Stream")},
                    {QStringLiteral("mode"), modeName(info.mode)},
                    {QStringLiteral("columns"), columnsJson(info)},
                    {QStringLiteral("description"), m_descriptions.get(info)},
                    {QStringLiteral("logstore_retention_bytes"), settingOr(info, "logstore_retention_bytes", QStringLiteral("-1")).toLongLong()},
                    {QStringLiteral("logstore_retention_ms"), settingOr(info, "logstore_retention_ms", QStringLiteral("-1")).toLongLong()},
                    {QStringLiteral("ttl"), ttl},
                    {QStringLiteral("ttl_expression"), ttl},
                    {QStringLiteral("is_external"), false},
                    {QStringLiteral("created_at"), createdAt(info)},
                    {QStringLiteral("last_updated_at"), createdAt(info)}};
    if (info.create && !info.create->primaryKey.empty())
        out[QStringLiteral("primary_key")] = exprList(info.create->primaryKey);
    return out;
}

QJsonArray StreamCatalog::streams(const QString &database) const
{
    QJsonArray out;
    for (const auto &info : m_workspace.engine().objects(database.toStdString()))
        if (info->kind() == CatalogObjectKind::Stream || info->kind() == CatalogObjectKind::RandomStream)
            out.append(streamJson(*info));
    return out;
}

Outcome<QJsonObject> StreamCatalog::stream(const QString &name, const QString &database) const
{
    auto info = find(database, name, CatalogObjectKind::Stream);
    if (!info)
        info = find(database, name, CatalogObjectKind::RandomStream);
    if (!info)
        return Failure::notFound(QStringLiteral("stream '%1' not found").arg(name), 60);
    return streamJson(*info);
}

Outcome<QJsonObject> StreamCatalog::createStream(const QJsonObject &def, const QString &database)
{
    QString name = def.value(QStringLiteral("name")).toString();
    if (auto failure = validateName(name, QStringLiteral("stream")))
        return *failure;
    if (!def.value(QStringLiteral("columns")).isArray() || def.value(QStringLiteral("columns")).toArray().isEmpty())
        return Failure::badRequest(QStringLiteral("columns: a stream needs at least one column"));
    auto columns = columnsDdl(def.value(QStringLiteral("columns")).toArray());
    if (!columns)
        return columns.failure();
    QString mode = def.value(QStringLiteral("mode")).toString(QStringLiteral("append"));
    if (!kModes.contains(mode))
        return Failure::badRequest(QStringLiteral("mode: '%1' is not one of append, changelog, changelog_kv, versioned_kv").arg(mode));
    if (def.value(QStringLiteral("engine")).toString() == QLatin1String("MutableStream") || !def.value(QStringLiteral("column_families")).toArray().isEmpty()
        || !def.value(QStringLiteral("secondary_indexes")).toArray().isEmpty())
        return Failure::badRequest(QStringLiteral("mutable streams (engine, column_families, secondary_indexes) are not supported"), 48);
    QString ttl = def.value(QStringLiteral("ttl_expression")).toString(def.value(QStringLiteral("ttl")).toString());
    for (auto [field, text] : {std::pair{QStringLiteral("primary_key"), QStringLiteral("(%1)")}, {QStringLiteral("order_by_expression"), QStringLiteral("(%1)")}})
        if (QString v = def.value(field).toString(); !v.isEmpty())
            if (auto failure = checkExpression(field, text.arg(v))) // a list in parentheses is one tuple expression
                return *failure;
    if (!ttl.isEmpty())
        if (auto failure = checkExpression(QStringLiteral("ttl_expression"), ttl))
            return *failure;
    QString sql = QStringLiteral("CREATE STREAM %1 %2").arg(quoteIdentifier(name), *columns);
    if (QString pk = def.value(QStringLiteral("primary_key")).toString(); !pk.isEmpty())
        sql += QStringLiteral(" PRIMARY KEY (%1)").arg(pk);
    else if (mode.endsWith(QLatin1String("_kv")))
        return Failure::badRequest(QStringLiteral("primary_key is required in %1 mode").arg(mode));
    if (QString orderBy = def.value(QStringLiteral("order_by_expression")).toString(); !orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY (%1)").arg(orderBy);
    if (!ttl.isEmpty())
        sql += QStringLiteral(" TTL ") + ttl;
    QStringList settings{QStringLiteral("mode=") + quoteString(mode)};
    for (const QString &field : {QStringLiteral("event_time_column"), QStringLiteral("event_time_timezone")})
        if (QString v = def.value(field).toString(); !v.isEmpty())
            settings << field + QLatin1Char('=') + quoteString(v);
    if (auto failure = retentionSettings(def, settings))
        return *failure;
    for (const QString &field : {QStringLiteral("shards"), QStringLiteral("replication_factor")}) {
        std::optional<qint64> value;
        if (auto failure = integerField(def, field, value))
            return *failure;
        if (value && *value > 0)
            settings << QStringLiteral("%1=%2").arg(field).arg(*value);
    }
    for (const QString &field : {QStringLiteral("order_by_granularity"), QStringLiteral("partition_by_granularity")})
        if (QString v = def.value(field).toString(); !v.isEmpty())
            settings << field + QLatin1Char('=') + quoteString(v);
    sql += QStringLiteral(" SETTINGS ") + settings.join(QStringLiteral(", "));
    if (auto created = run(sql, database); !created)
        return created.failure();
    m_descriptions.set(database, name, def.value(QStringLiteral("description")).toString());
    return stream(name, database);
}

// Retention settings and TTL of an update request, as ALTER STREAM statements. The settings
// are checked first and the TTL (the one that can still fail on its expression) runs first, so
// a failure leaves everything as it was.
Result StreamCatalog::alterStorage(const QString &name, const QJsonObject &update, const QString &database)
{
    QStringList settings;
    if (auto failure = retentionSettings(update, settings))
        return *failure;
    QString ttl = update.value(QStringLiteral("ttl_expression")).toString();
    if (!ttl.isEmpty())
        if (auto failure = checkExpression(QStringLiteral("ttl_expression"), ttl))
            return *failure;
    if (!ttl.isEmpty())
        if (auto r = run(QStringLiteral("ALTER STREAM %1 MODIFY TTL %2").arg(quoteIdentifier(name), ttl), database); !r)
            return r;
    if (!settings.isEmpty())
        if (auto r = run(QStringLiteral("ALTER STREAM %1 MODIFY SETTING %2").arg(quoteIdentifier(name), settings.join(QStringLiteral(", "))), database); !r)
            return r;
    return done();
}

Result StreamCatalog::updateStream(const QString &name, const QJsonObject &update, const QString &database)
{
    if (!find(database, name, CatalogObjectKind::Stream))
        return Failure::notFound(QStringLiteral("stream '%1' not found").arg(name), 60);
    if (auto r = alterStorage(name, update, database); !r)
        return r;
    if (update.contains(QStringLiteral("description")))
        m_descriptions.set(database, name, update.value(QStringLiteral("description")).toString());
    return done();
}

Result StreamCatalog::dropStream(const QString &name, const QString &database)
{
    if (!find(database, name, CatalogObjectKind::Stream) && !find(database, name, CatalogObjectKind::RandomStream))
        return Failure::notFound(QStringLiteral("stream '%1' not found").arg(name), 60);
    if (auto r = run(QStringLiteral("DROP STREAM %1").arg(quoteIdentifier(name)), database); !r)
        return r;
    m_descriptions.remove(database, name);
    return done();
}

Outcome<QJsonObject> StreamCatalog::stats(const QString &kind, const QString &name, int historyDays, const QString &database) const
{
    auto info = m_workspace.engine().find(database.toStdString(), name.toStdString());
    bool matches = info && ((kind == QLatin1String("stream") && (info->kind() == CatalogObjectKind::Stream || info->kind() == CatalogObjectKind::RandomStream))
                            || (kind == QLatin1String("materialized_view") && info->kind() == CatalogObjectKind::MaterializedView)
                            || (kind == QLatin1String("view") && info->kind() == CatalogObjectKind::View)
                            || (kind == QLatin1String("external_stream") && info->kind() == CatalogObjectKind::ExternalStream));
    if (!matches)
        return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(kind, name), 60);
    if (historyDays < 0 || historyDays > StreamMetrics::kHistoryDaysMax)
        return Failure::badRequest(QStringLiteral("historyDays must be between 1 and 7, not %1").arg(historyDays));
    // A materialized view that writes INTO a stream stores nothing of its own: its rows and
    // times are what it has written there (with other writers of the same target included).
    std::shared_ptr<engine::StreamInfo> storage = info;
    if (info->kind() == CatalogObjectKind::MaterializedView && info->create && !info->create->intoName.empty())
        if (auto target = m_workspace.engine().find(database.toStdString(), info->create->intoName))
            storage = target;
    QJsonObject stats = statsJson(*storage);
    m_workspace.metrics().describe(info->object.uuid, historyDays, stats);
    if (info->kind() == CatalogObjectKind::MaterializedView) {
        // proton.MVStatus in the spec's enum: Paused after SYSTEM PAUSE, Fatal with the reason
        // when the view stopped or could not recover, else ExecutingPipeline.
        const auto paused = info->object.properties.find("paused");
        const engine::Status error = m_workspace.engine().viewError(info->database(), info->name());
        QJsonObject node{{QStringLiteral("node_id"), 1}, {QStringLiteral("status"), QStringLiteral("ExecutingPipeline")}};
        if (paused != info->object.properties.end() && paused->second == "true")
            node[QStringLiteral("status")] = QStringLiteral("Paused");
        else if (!error) {
            node[QStringLiteral("status")] = QStringLiteral("Fatal");
            node[QStringLiteral("last_error_message")] = QString::fromStdString(error.message());
        }
        stats[QStringLiteral("nodes")] = QJsonArray{node};
    }
    return stats;
}

} // namespace tideline::workspace
