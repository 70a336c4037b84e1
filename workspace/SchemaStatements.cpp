#include "workspace/SchemaStatements.h"

#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"
#include "workspace/ResourceStore.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

const QString kKind = QStringLiteral("schema");

QString quoted(QString s)
{
    return QLatin1Char('\'') + s.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'")) + QLatin1Char('\'');
}

QString identifier(QString s)
{
    return QLatin1Char('`') + s.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('`'), QLatin1String("\\`")) + QLatin1Char('`');
}

Result run(Workspace &ws, const QString &sql)
{
    engine::Session session(ws.engine());
    auto cursor = session.execute(sql.toStdString());
    if (!cursor)
        return Failure::fromStatus(cursor.status());
    return done();
}

QJsonObject shown(Workspace &ws, const engine::FormatSchemaRegistry::Entry &entry)
{
    QJsonObject doc = ws.resources().get(kKind, QString::fromStdString(entry.name)).value_or(QJsonObject());
    doc.remove(QStringLiteral("id")); // SchemaResp has no id: the name is the key
    doc[QStringLiteral("name")] = QString::fromStdString(entry.name);
    doc[QStringLiteral("type")] = QString::fromStdString(entry.type);
    doc[QStringLiteral("content")] = QString::fromStdString(entry.body);
    return doc;
}

} // namespace

Outcome<QString> SchemaStatements::create(const QJsonObject &doc, bool orReplace)
{
    QString name = doc.value(QStringLiteral("name")).toString();
    QString content = doc.value(QStringLiteral("content")).toString();
    if (name.isEmpty())
        return Failure::badRequest(QStringLiteral("name is required"));
    if (content.trimmed().isEmpty())
        return Failure::badRequest(QStringLiteral("content is required: the text of a .proto file"));
    // The type is spliced in as a word; ResourceCatalog's check allowed only known names.
    QString type = doc.value(QStringLiteral("type")).toString().toLower() == QLatin1String("avro") ? QStringLiteral("Avro") : QStringLiteral("Protobuf");
    return QStringLiteral("CREATE ") + (orReplace ? QStringLiteral("OR REPLACE ") : QString()) + QStringLiteral("FORMAT SCHEMA ") + identifier(name)
           + QStringLiteral(" AS ") + quoted(content) + QStringLiteral(" TYPE ") + type;
}

Result SchemaStatements::define(Workspace &ws, const QJsonObject &doc, bool orReplace)
{
    auto sql = create(doc, orReplace);
    if (!sql)
        return sql.failure();
    return run(ws, *sql);
}

Result SchemaStatements::drop(Workspace &ws, const QString &name)
{
    if (!exists(ws, name))
        return Failure::notFound(QStringLiteral("schema '%1' not found").arg(name), engine::kUnknownFormatSchema);
    return run(ws, QStringLiteral("DROP FORMAT SCHEMA IF EXISTS ") + identifier(name));
}

bool SchemaStatements::exists(Workspace &ws, const QString &name)
{
    return ws.engine().formatSchemas().find(name.toStdString()) != nullptr;
}

QJsonArray SchemaStatements::list(Workspace &ws)
{
    QJsonArray out;
    for (const auto &entry : ws.engine().formatSchemas().all())
        out.append(shown(ws, *entry));
    return out;
}

Outcome<QJsonObject> SchemaStatements::get(Workspace &ws, const QString &name)
{
    auto entry = ws.engine().formatSchemas().find(name.toStdString());
    if (!entry)
        return Failure::notFound(QStringLiteral("schema '%1' not found").arg(name), engine::kUnknownFormatSchema);
    return shown(ws, *entry);
}

} // namespace tideline::workspace
