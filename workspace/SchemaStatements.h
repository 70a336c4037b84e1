#pragma once
// /schemas over the engine's format schemas (engine/exec/FormatSchemaRegistry.h): create,
// replace and delete run the same CREATE [OR REPLACE] FORMAT SCHEMA / DROP FORMAT SCHEMA
// statements a user would type, and list/get read the engine's schemas, so REST and SQL see
// the same set. The stored document only adds the audit fields (created_at, ...) of schemas
// made through REST. A .proto that does not parse is a 400 carrying the engine's code (434)
// and message, and creates nothing.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

class SchemaStatements {
public:
    // The statement for a CreateSchemaRequest, or a 400 naming the missing field.
    static Outcome<QString> create(const QJsonObject &doc, bool orReplace);
    static Result define(Workspace &ws, const QJsonObject &doc, bool orReplace);
    // 404 when the engine has no such schema.
    static Result drop(Workspace &ws, const QString &name);
    static bool exists(Workspace &ws, const QString &name);
    // SchemaResp objects: {name, type, content} from the engine, plus the stored audit fields.
    static QJsonArray list(Workspace &ws);
    static Outcome<QJsonObject> get(Workspace &ws, const QString &name);
};

} // namespace tideline::workspace
