#include "workspace/ResourceStore.h"

#include <QJsonDocument>
#include <QUuid>
#include "workspace/QueryRun.h"

namespace tideline::workspace {

namespace {

QJsonObject parseDocument(const std::string &json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

} // namespace

QJsonArray ResourceStore::list(const QString &kind) const
{
    QJsonArray out;
    for (const auto &[id, json] : m_catalog.resources(kind.toStdString()))
        out.append(parseDocument(json));
    return out;
}

std::optional<QJsonObject> ResourceStore::get(const QString &kind, const QString &id) const
{
    auto json = m_catalog.resource(kind.toStdString(), id.toStdString());
    if (!json)
        return std::nullopt;
    return parseDocument(*json);
}

Result ResourceStore::write(const QString &kind, const QString &id, const QJsonObject &document)
{
    auto json = QJsonDocument(document).toJson(QJsonDocument::Compact).toStdString();
    auto status = m_catalog.putResource(kind.toStdString(), id.toStdString(), json);
    if (!status) // not status.ok(), the static Status::ok()
        return Failure::internal(QString::fromStdString(status.message()), static_cast<int>(status.code()));
    return done();
}

Outcome<QJsonObject> ResourceStore::create(const QString &kind, QJsonObject document, const QString &id)
{
    QString key = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    {
        std::lock_guard lock(m_writeMutex);
        if (get(kind, key))
            return Failure::conflict(QStringLiteral("%1 '%2' already exists").arg(kind, key));
        QString now = auditTimestamp(wallClockMs());
        if (!document.contains(QStringLiteral("id")) || id.isEmpty())
            document[QStringLiteral("id")] = key;
        document[QStringLiteral("created_at")] = now;
        document[QStringLiteral("last_updated_at")] = now;
        auto written = write(kind, key, document);
        if (!written)
            return written.failure();
    }
    notify(kind, key, document);
    return document;
}

Outcome<QJsonObject> ResourceStore::update(const QString &kind, const QString &id, QJsonObject document)
{
    {
        std::lock_guard lock(m_writeMutex);
        auto old = get(kind, id);
        if (!old)
            return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(kind, id));
        document[QStringLiteral("id")] = old->value(QStringLiteral("id"));
        document[QStringLiteral("created_at")] = old->value(QStringLiteral("created_at"));
        document[QStringLiteral("last_updated_at")] = auditTimestamp(wallClockMs());
        auto written = write(kind, id, document);
        if (!written)
            return written.failure();
    }
    notify(kind, id, document);
    return document;
}

Outcome<QJsonObject> ResourceStore::patch(const QString &kind, const QString &id, const QJsonObject &patch)
{
    QJsonObject merged;
    {
        std::lock_guard lock(m_writeMutex);
        auto old = get(kind, id);
        if (!old)
            return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(kind, id));
        merged = *old;
        for (auto it = patch.begin(); it != patch.end(); ++it)
            merged[it.key()] = it.value();
        merged[QStringLiteral("id")] = old->value(QStringLiteral("id"));
        merged[QStringLiteral("last_updated_at")] = auditTimestamp(wallClockMs());
        auto written = write(kind, id, merged);
        if (!written)
            return written.failure();
    }
    notify(kind, id, merged);
    return merged;
}

Result ResourceStore::remove(const QString &kind, const QString &id)
{
    {
        std::lock_guard lock(m_writeMutex);
        if (!get(kind, id))
            return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(kind, id));
        auto status = m_catalog.deleteResource(kind.toStdString(), id.toStdString());
        if (!status) // not status.ok(), the static Status::ok()
            return Failure::internal(QString::fromStdString(status.message()));
    }
    notify(kind, id, std::nullopt);
    return done();
}

void ResourceStore::addListener(Listener listener)
{
    std::lock_guard lock(m_listenersMutex);
    m_listeners.push_back(std::move(listener));
}

void ResourceStore::notify(const QString &kind, const QString &id, const std::optional<QJsonObject> &document)
{
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(m_listenersMutex);
        listeners = m_listeners;
    }
    for (const auto &listener : listeners)
        listener(kind, id, document);
}

} // namespace tideline::workspace
