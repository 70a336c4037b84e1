#include "workspace/UdfStatements.h"

#include <QJsonArray>
#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"
#include "engine/types/DataType.h"
#include "workspace/ResourceStore.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

QString quoted(QString s)
{
    return QLatin1Char('\'') + s.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'")) + QLatin1Char('\'');
}

QString identifier(QString s)
{
    return QLatin1Char('`') + s.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('`'), QLatin1String("\\`")) + QLatin1Char('`');
}

// A type name is spliced into the statement, so it must be a type and nothing more.
std::optional<Failure> checkType(const QString &type, const QString &field)
{
    auto parsed = engine::parseDataType(type.toStdString());
    if (type.trimmed().isEmpty() || !parsed)
        return Failure::badRequest(QStringLiteral("%1: '%2' is not a data type").arg(field, type), 50);
    return std::nullopt;
}

Outcome<QString> signature(const QJsonObject &doc)
{
    QStringList args;
    for (const QJsonValue &a : doc.value(QStringLiteral("arguments")).toArray()) {
        QString name = a.toObject().value(QStringLiteral("name")).toString();
        QString type = a.toObject().value(QStringLiteral("type")).toString();
        if (name.isEmpty())
            return Failure::badRequest(QStringLiteral("arguments: every argument needs a name"));
        if (auto bad = checkType(type, QStringLiteral("arguments.") + name))
            return *bad;
        args << identifier(name) + QLatin1Char(' ') + type;
    }
    QString returnType = doc.value(QStringLiteral("return_type")).toString();
    if (auto bad = checkType(returnType, QStringLiteral("return_type")))
        return *bad;
    return identifier(doc.value(QStringLiteral("name")).toString()) + QLatin1Char('(') + args.join(QStringLiteral(", "))
           + QStringLiteral(") RETURNS ") + returnType;
}

QString typeName(const engine::DataTypePtr &type)
{
    return type ? QString::fromStdString(type->name()) : QString();
}

// A UDF document of the engine's definition, over the stored document's audit fields.
std::optional<QJsonObject> shown(Workspace &ws, const engine::UserFunctionDefinition &def)
{
    if (def.language == engine::UserFunctionLanguage::Sql)
        return std::nullopt;
    const QString name = QString::fromStdString(def.name);
    QJsonObject doc = ws.resources().get(QStringLiteral("udf"), name).value_or(QJsonObject());
    doc.remove(QStringLiteral("id")); // the name is the key
    doc[QStringLiteral("name")] = name;
    QJsonArray args;
    for (const auto &a : def.arguments)
        args.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(a.name)}, {QStringLiteral("type"), typeName(a.type)}});
    doc[QStringLiteral("arguments")] = args;
    doc[QStringLiteral("return_type")] = typeName(def.returnType);
    if (def.language == engine::UserFunctionLanguage::Remote) {
        doc[QStringLiteral("type")] = QStringLiteral("remote");
        doc[QStringLiteral("url")] = QString::fromStdString(def.url);
        doc[QStringLiteral("auth_method")] = QString::fromStdString(def.authMethod.empty() ? std::string("none") : def.authMethod);
        if (def.authMethod == "auth_header")
            doc[QStringLiteral("auth_context")] = QJsonObject{{QStringLiteral("key_name"), QString::fromStdString(def.authHeader)},
                                                              {QStringLiteral("key_value"), QString::fromStdString(def.authKey)}};
    } else {
        doc[QStringLiteral("type")] = QStringLiteral("javascript");
        doc[QStringLiteral("source")] = QString::fromStdString(def.source);
        doc[QStringLiteral("is_aggregation")] = def.aggregate;
    }
    return doc;
}

} // namespace

QJsonArray UdfStatements::list(Workspace &ws)
{
    QJsonArray out;
    for (const auto &entry : ws.engine().userFunctions().all())
        if (auto doc = shown(ws, entry->definition))
            out.append(*doc);
    return out;
}

Outcome<QJsonObject> UdfStatements::get(Workspace &ws, const QString &name)
{
    auto entry = ws.engine().userFunctions().find(name.toLower().toStdString());
    std::optional<QJsonObject> doc = entry ? shown(ws, entry->definition) : std::nullopt;
    if (!doc)
        return Failure::notFound(QStringLiteral("udf '%1' not found").arg(name), static_cast<int>(engine::ErrorCode::UnknownFunction));
    return *doc;
}

Outcome<QString> UdfStatements::create(const QJsonObject &doc, bool orReplace)
{
    auto sig = signature(doc);
    if (!sig)
        return sig.failure();
    QString head = orReplace ? QStringLiteral("CREATE OR REPLACE ") : QStringLiteral("CREATE ");
    if (doc.value(QStringLiteral("type")).toString() == QLatin1String("remote")) {
        QString url = doc.value(QStringLiteral("url")).toString();
        QString method = doc.value(QStringLiteral("auth_method")).toString(QStringLiteral("none"));
        QString sql = head + QStringLiteral("REMOTE FUNCTION ") + *sig + QStringLiteral(" URL ") + quoted(url) + QStringLiteral(" AUTH_METHOD ") + quoted(method);
        if (method == QLatin1String("auth_header")) {
            QJsonObject auth = doc.value(QStringLiteral("auth_context")).toObject();
            sql += QStringLiteral(" AUTH_HEADER ") + quoted(auth.value(QStringLiteral("key_name")).toString()) + QStringLiteral(" AUTH_KEY ")
                   + quoted(auth.value(QStringLiteral("key_value")).toString());
        }
        return sql;
    }
    QString source = doc.value(QStringLiteral("source")).toString();
    if (source.trimmed().isEmpty())
        return Failure::badRequest(QStringLiteral("source is required for a javascript UDF"));
    if (source.contains(QLatin1String("$$")))
        return Failure::badRequest(QStringLiteral("source must not contain $$"));
    bool aggregate = doc.value(QStringLiteral("is_aggregation")).toBool();
    return head + (aggregate ? QStringLiteral("AGGREGATE ") : QString()) + QStringLiteral("FUNCTION ") + *sig
           + QStringLiteral(" LANGUAGE JAVASCRIPT AS $$") + source + QStringLiteral("$$");
}

QString UdfStatements::drop(const QString &name)
{
    return QStringLiteral("DROP FUNCTION IF EXISTS ") + identifier(name);
}

Result UdfStatements::run(Workspace &ws, const QString &sql)
{
    engine::Session session(ws.engine());
    auto cursor = session.execute(sql.toStdString());
    if (!cursor)
        return Failure::fromStatus(cursor.status());
    return done();
}

} // namespace tideline::workspace
