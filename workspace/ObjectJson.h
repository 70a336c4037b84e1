#pragma once
// Shared pieces of the JSON <-> DDL mapping of catalog objects (streams, views, external
// streams): identifier quoting, name validation, column lists, stats, descriptions.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include "engine/exec/StreamInfo.h"
#include "workspace/Outcome.h"

namespace tideline::workspace {

class ResourceStore;

// `name` with backticks (and inner backticks doubled), safe inside generated DDL.
QString quoteIdentifier(const QString &name);
// '...' with quotes and backslashes escaped.
QString quoteString(const QString &text);
// "at most 64 letters, numbers, or _, and start with a letter" (the spec); a failure names the field.
std::optional<Failure> validateName(const QString &name, const QString &what);
// ColumnsResp[] of an object's visible columns (no _tp_sn, _tp_delta kept for changelog_kv).
QJsonArray columnsJson(const engine::StreamInfo &info);
// "(a int64 DEFAULT 1, ...)" from ColumnDef[]; a failure says which column is wrong.
Outcome<QString> columnsDdl(const QJsonArray &columns);
// StreamStats / MaterializedViewStats from the object's log (empty log: zero counts).
// A field that is spliced into DDL as an expression must parse as exactly one expression
// (the parser refuses trailing text such as "; DROP STREAM s"); else 400 with the parser's code.
std::optional<Failure> checkExpression(const QString &field, const QString &text);
// row_count, sizes and event times; StreamMetrics adds the rates and history.
QJsonObject statsJson(const engine::StreamInfo &info);
QString rfc3339(int64_t ms); // 2023-02-01T01:02:03.456Z
QString createdAt(const engine::StreamInfo &info);
QString settingOr(const engine::StreamInfo &info, const std::string &name, const QString &fallback = {});

// Object descriptions live beside the catalog as workspace resources of kind "description".
class Descriptions {
public:
    explicit Descriptions(ResourceStore &store) : m_store(store) {}
    QString get(const engine::StreamInfo &info) const;
    void set(const QString &database, const QString &name, const QString &description);
    void remove(const QString &database, const QString &name);

private:
    ResourceStore &m_store;
};

} // namespace tideline::workspace
