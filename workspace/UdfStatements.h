#pragma once
// The SQL behind /udfs: a CreateUDFRequest (type javascript or remote) becomes the same
// CREATE [OR REPLACE] [AGGREGATE|REMOTE] FUNCTION statement a user would type, so REST and SQL
// create identical functions (validated, compiled and kept in the catalog by the engine).
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

class UdfStatements {
public:
    // The statement for `doc`, or a 400 naming the field that is missing or wrong.
    static Outcome<QString> create(const QJsonObject &doc, bool orReplace);
    static QString drop(const QString &name);
    // Runs one statement on the workspace's engine (a $$ body may hold semicolons, so it is
    // not split like a script).
    static Result run(Workspace &ws, const QString &sql);

    // The engine's JavaScript and remote functions as UDF documents, whether /udfs or SQL made
    // them (a stored document only adds its audit fields); SQL lambdas are not UDF resources.
    static QJsonArray list(Workspace &ws);
    static Outcome<QJsonObject> get(Workspace &ws, const QString &name);
};

} // namespace tideline::workspace
