#pragma once
// Workspace resources kept as JSON documents in the engine's SQLite catalog, one table row per
// (kind, id): saved queries, dashboards, alerts, sinks, sources, schemas, UDF definitions,
// API keys, users, invitations. Documents are stored exactly as given (plus id and audit
// fields), so what a client sends - a Timeplus Console dashboard's panels, say - comes back
// unchanged. Each write is one SQLite transaction: a failed write changes nothing.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>
#include "engine/catalog/Catalog.h"
#include "workspace/Outcome.h"

namespace tideline::workspace {

class ResourceStore {
public:
    explicit ResourceStore(engine::Catalog &catalog) : m_catalog(catalog) {}

    QJsonArray list(const QString &kind) const;
    std::optional<QJsonObject> get(const QString &kind, const QString &id) const;
    // Stores a new document; `id` empty = a fresh UUID. Sets id, created_at, last_updated_at.
    Outcome<QJsonObject> create(const QString &kind, QJsonObject document, const QString &id = {});
    // Replaces the document (created_at kept, last_updated_at set); 404 when unknown.
    Outcome<QJsonObject> update(const QString &kind, const QString &id, QJsonObject document);
    // Merges `patch` into the stored document.
    Outcome<QJsonObject> patch(const QString &kind, const QString &id, const QJsonObject &patch);
    Result remove(const QString &kind, const QString &id);

    // Called after every successful write with (kind, id, document or empty when removed);
    // runners (alerts, sinks) follow their resources this way.
    using Listener = std::function<void(const QString &kind, const QString &id, const std::optional<QJsonObject> &)>;
    void addListener(Listener listener);

private:
    Result write(const QString &kind, const QString &id, const QJsonObject &document);
    void notify(const QString &kind, const QString &id, const std::optional<QJsonObject> &document);

    engine::Catalog &m_catalog;
    std::mutex m_writeMutex; // read-modify-write of one document is atomic
    mutable std::mutex m_listenersMutex;
    std::vector<Listener> m_listeners;
};

} // namespace tideline::workspace
