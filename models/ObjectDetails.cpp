#include "models/ObjectDetails.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include "models/ObjectTreeModel.h"
#include "models/ResultModel.h"
#include "models/SchemaModel.h"

namespace tideline::models {

using client::Resource;

namespace {

QString kindKeyword(Resource resource)
{
    switch (resource) {
    case Resource::View: return QStringLiteral("VIEW");
    case Resource::MaterializedView: return QStringLiteral("MATERIALIZED VIEW");
    case Resource::ExternalStream: return QStringLiteral("EXTERNAL STREAM");
    case Resource::ExternalTable: return QStringLiteral("EXTERNAL TABLE");
    default: return QStringLiteral("STREAM");
    }
}

QDateTime utc(const QJsonValue &value)
{
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

ObjectDetails::ObjectDetails(client::WorkspaceClient *client, Resource resource, const QString &name,
                             const QString &database, const QJsonObject &object, QObject *parent)
    : QObject(parent), m_client(client), m_resource(resource), m_name(name), m_database(database),
      m_schema(new SchemaModel(this)), m_preview(new ResultModel(this))
{
    m_preview->setCapacity(1000);
    setObject(object);
}

QString ObjectDetails::qualifiedName() const
{
    return ObjectTreeModel::qualifiedName(m_database, m_name);
}

bool ObjectDetails::hasData() const
{
    return ObjectTreeModel::isCatalogKind(m_resource);
}

bool ObjectDetails::hasStats() const
{
    switch (m_resource) {
    case Resource::Stream: case Resource::MaterializedView: case Resource::ExternalStream:
    case Resource::Sink: case Resource::Source:
        return true;
    default:
        return false;
    }
}

QString ObjectDetails::querySql(Resource resource, const QString &qualifiedName, bool historical)
{
    // External tables are bounded already and table() does not apply; a view's query decides.
    if (historical && resource != Resource::ExternalTable)
        return QStringLiteral("SELECT * FROM table(%1)").arg(qualifiedName);
    return QStringLiteral("SELECT * FROM %1").arg(qualifiedName);
}

QString ObjectDetails::previewSql(Resource resource, const QString &qualifiedName, int rows)
{
    switch (resource) {
    case Resource::ExternalTable:
        return QStringLiteral("SELECT * FROM %1 LIMIT %2").arg(qualifiedName).arg(rows);
    case Resource::View: // a view has the columns of its SELECT, maybe without _tp_time
        return QStringLiteral("SELECT * FROM table(%1) LIMIT %2").arg(qualifiedName).arg(rows);
    default: // the newest rows: what "is it still flowing?" wants to see
        return QStringLiteral("SELECT * FROM table(%1) ORDER BY _tp_time DESC LIMIT %2").arg(qualifiedName).arg(rows);
    }
}

QString ObjectDetails::showCreateSql(Resource resource, const QString &qualifiedName)
{
    return QStringLiteral("SHOW CREATE %1 %2").arg(kindKeyword(resource), qualifiedName);
}

void ObjectDetails::setObject(const QJsonObject &object)
{
    m_object = object;
    m_schema->setColumns(object.value(QStringLiteral("columns")).toArray());
    if (!hasData()) // documents: their definition is the JSON the API keeps
        m_ddl = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
    Q_EMIT objectChanged();
}

void ObjectDetails::reloadObject()
{
    if (!m_client)
        return;
    const QString key = ObjectTreeModel::ObjectRef{m_resource, m_name, m_database, m_object}.key();
    QPointer<ObjectDetails> self(this);
    m_client->get(m_resource, key, [self](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok) {
            self->m_error = reply.error.message;
            Q_EMIT self->failed(reply.error.message);
            return;
        }
        if (const QJsonObject o = reply.value.toObject(); !o.isEmpty())
            self->setObject(o);
    });
}

void ObjectDetails::loadDdl()
{
    if (!hasData()) {
        Q_EMIT ddlChanged();
        return;
    }
    if (!m_client)
        return;
    delete m_ddlQuery; // a superseded SHOW CREATE is cancelled, its rows never arrive
    m_ddlText.clear();
    client::QueryHandle *handle = m_client->runQuery(showCreateSql(m_resource, qualifiedName()), {}, this);
    m_ddlQuery = handle;
    connect(handle, &client::QueryHandle::rows, this, [this](const client::ResultBatch &batch) {
        for (qsizetype r = 0; r < batch.rowCount(); ++r)
            m_ddlText += batch.toString(r, 0);
    });
    connect(handle, &client::QueryHandle::finished, this, [this, handle] { ddlFinished(handle); });
    connect(handle, &client::QueryHandle::failed, this, [this, handle](const client::ErrorInfo &error) {
        m_error = error.message;
        m_ddl = tr("-- SHOW CREATE failed: %1").arg(error.message);
        handle->deleteLater();
        Q_EMIT ddlChanged();
    });
}

void ObjectDetails::ddlFinished(client::QueryHandle *handle)
{
    m_ddl = m_ddlText;
    handle->deleteLater();
    Q_EMIT ddlChanged();
}

void ObjectDetails::refreshStats()
{
    if (!m_client || !hasStats() || m_statsInFlight) // a slow server is not asked twice at once
        return;
    m_statsInFlight = true;
    const quint64 request = ++m_statsRequest;
    const QString key = ObjectTreeModel::ObjectRef{m_resource, m_name, m_database, m_object}.key();
    QPointer<ObjectDetails> self(this);
    m_client->stats(m_resource, key, [self, request](const client::Reply &reply) {
        if (self)
            self->statsReceived(request, QDateTime::currentMSecsSinceEpoch(), reply);
    }, 1);
}

void ObjectDetails::statsReceived(quint64 request, qint64 msecs, const client::Reply &reply)
{
    m_statsInFlight = false;
    if (request != m_statsRequest)
        return;
    if (!reply.ok) {
        m_error = reply.error.message;
        Q_EMIT failed(m_error);
        return;
    }
    const QJsonObject s = reply.value.toObject();
    m_stats.valid = true;
    m_stats.rowCount = s.value(QStringLiteral("row_count")).toInteger();
    m_stats.bytes = s.value(QStringLiteral("historical_data_bytes")).toInteger();
    m_stats.earliest = utc(s.value(QStringLiteral("earliest_event")));
    m_stats.latest = utc(s.value(QStringLiteral("latest_event")));
    m_stats.writtenEps = s.value(QStringLiteral("written_eps")).toDouble();
    m_stats.readEps = s.value(QStringLiteral("read_eps")).toDouble();
    const QJsonObject node = s.value(QStringLiteral("nodes")).toArray().first().toObject();
    m_stats.status = node.value(QStringLiteral("status")).toString();
    m_stats.statusError = node.value(QStringLiteral("last_error_message")).toString();
    if (m_lastCount >= 0 && msecs > m_lastMsecs) {
        // Retention may shrink the count; a negative rate is not traffic, so it reads as zero.
        const double rate = double(std::max<qint64>(0, m_stats.rowCount - m_lastCount)) * 1000.0 / double(msecs - m_lastMsecs);
        m_rates.push_back(rate);
        while (m_rates.size() > size_t(kMaxSamples))
            m_rates.pop_front();
    }
    m_lastCount = m_stats.rowCount;
    m_lastMsecs = msecs;
    m_hourly.clear();
    for (const QJsonValue &h : s.value(QStringLiteral("history")).toArray())
        m_hourly.append(h.toObject().value(QStringLiteral("written_eps")).toDouble());
    Q_EMIT statsChanged();
}

void ObjectDetails::setPaused(bool paused)
{
    if (!m_client || m_resource != client::Resource::MaterializedView)
        return;
    const QString sql = (paused ? QStringLiteral("SYSTEM PAUSE MATERIALIZED VIEW %1") : QStringLiteral("SYSTEM UNPAUSE MATERIALIZED VIEW %1"))
                            .arg(qualifiedName());
    client::QueryHandle *handle = m_client->runQuery(sql, {}, this);
    connect(handle, &client::QueryHandle::finished, this, [this, handle, paused] {
        handle->deleteLater();
        Q_EMIT pausedChanged(paused);
        m_statsInFlight = false; // the answer in flight predates the change: ask again now
        ++m_statsRequest;
        refreshStats();
    });
    connect(handle, &client::QueryHandle::failed, this, [this, handle](const client::ErrorInfo &e) {
        handle->deleteLater();
        m_error = e.message;
        Q_EMIT failed(e.message);
    });
}

void ObjectDetails::loadPreview(int rows)
{
    if (!m_client || !hasData())
        return;
    delete m_previewQuery; // cancels a preview still running
    client::QueryHandle *handle = m_client->runQuery(previewSql(m_resource, qualifiedName(), rows), {}, this);
    m_previewQuery = handle;
    m_preview->attach(handle);
    connect(handle, &client::QueryHandle::failed, this, [this](const client::ErrorInfo &error) {
        m_error = error.message;
        Q_EMIT failed(error.message);
    });
}

} // namespace tideline::models
