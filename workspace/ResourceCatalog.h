#pragma once
// The document resources of v1beta2 (saved queries, dashboards, schemas, UDFs, sources, sinks,
// alerts) with their shaping and validation: the defaults a new document gets, how it is keyed
// (a generated id or the client's name), the checks of its body (a sink's query must plan, an
// alert's action must be known, ...), what PUT keeps of the stored document, and the
// start/stop/resolve/stats actions. The server's routes and the desktop app's local client both
// go through it, so a document is shaped and refused the same way in both modes.
//
// Stateless over a Workspace: construct one where needed, `ResourceCatalog(ws).create(...)`.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <vector>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

struct ResourceSpec {
    QString collection;    // the v1beta2 collection: "dashboards" (path /v1beta2/dashboards)
    QString kind;          // the ResourceStore kind: "dashboard"
    QString keyField;      // "id" (generated) or "name" (the client's)
    QJsonObject defaults;  // fields a new document gets when the request leaves them out
    bool put = true;       // PUT replaces the document
    bool patch = false;    // PATCH merges into it
    bool lifecycle = false; // start/stop (sources, sinks, alerts)
    std::function<std::optional<Failure>(Workspace &, QJsonObject &)> check;
};

class ResourceCatalog {
public:
    explicit ResourceCatalog(Workspace &workspace) : m_ws(workspace) {}

    static const std::vector<ResourceSpec> &specs();
    // By ResourceStore kind ("dashboard"); null when it is not a document resource.
    static const ResourceSpec *spec(const QString &kind);

    QJsonArray list(const QString &kind) const;
    Outcome<QJsonObject> get(const QString &kind, const QString &key) const;
    // POST: defaults, name and body checks, then stored (a taken name is 400 with code 57).
    Outcome<QJsonObject> create(const QString &kind, const QJsonObject &body);
    // PUT: the key does not move; status, instance and start_time are kept unless given.
    Outcome<QJsonObject> replace(const QString &kind, const QString &key, const QJsonObject &body);
    Outcome<QJsonObject> patch(const QString &kind, const QString &key, const QJsonObject &body);
    Result remove(const QString &kind, const QString &key);

    // "start" / "stop" (sources, sinks, alerts: the status their runners follow), "resolve" (alerts).
    Result action(const QString &kind, const QString &key, const QString &action);
    // Stats of a source or sink, with the fields the API always has.
    Outcome<QJsonObject> stats(const QString &kind, const QString &key) const;

    // The Graph of GET /topology: the catalog's objects plus sinks and sources (and dashboards
    // when `extra` names them).
    QJsonObject topology(const QString &database, const QStringList &extra) const;
    // The Workspace object of GET /workspace.
    QJsonObject workspaceInfo(const QString &id) const;

private:
    Outcome<QJsonObject> prepared(const ResourceSpec &spec, const QJsonObject &body);
    // /udfs documents are engine functions too (UdfStatements): created, replaced and dropped with them.
    Result defineFunction(const QJsonObject &doc, bool orReplace);
    Outcome<QJsonObject> replaceSchema(const ResourceSpec &spec, const QString &key, const QJsonObject &body);
    Workspace &m_ws;
};

} // namespace tideline::workspace
