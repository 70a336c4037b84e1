#include "models/AlertListModel.h"
#include <QColor>
#include <QDateTime>
#include <QPointer>
#include "client/WorkspaceClient.h"

namespace tideline::models {

AlertListModel::AlertListModel(client::WorkspaceClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client)
{
    connect(&m_poll, &QTimer::timeout, this, &AlertListModel::refresh);
}

void AlertListModel::setPolling(bool on, int intervalMs)
{
    m_poll.setInterval(intervalMs);
    on ? m_poll.start() : m_poll.stop();
}

void AlertListModel::refresh()
{
    if (!m_client)
        return;
    const quint64 request = ++m_request;
    QPointer<AlertListModel> self(this); // the answer may come after the model is gone
    m_client->list(client::Resource::Alert, [self, request](const client::Reply &reply) {
        if (!self || request != self->m_request)
            return;
        if (!reply.ok)
            Q_EMIT self->failed(reply.error.message);
        else
            self->apply(reply.value.toArray());
    });
}

void AlertListModel::apply(const QJsonArray &alerts)
{
    bool sameIds = alerts.size() == m_alerts.size();
    for (qsizetype i = 0; sameIds && i < alerts.size(); ++i)
        sameIds = alerts[i].toObject().value(QStringLiteral("id")) == m_alerts[i].toObject().value(QStringLiteral("id"));
    if (sameIds) {
        m_alerts = alerts;
        if (!alerts.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(alerts.size()) - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_alerts = alerts;
        endResetModel();
    }
    m_loaded = true;
    Q_EMIT refreshed();
}

int AlertListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_alerts.size(); ++i)
        if (m_alerts[i].toObject().value(QStringLiteral("id")).toString() == id)
            return i;
    return -1;
}

QString AlertListModel::stateText(const QJsonObject &alert)
{
    const QString status = alert.value(QStringLiteral("status")).toString();
    const QString incident = alert.value(QStringLiteral("instance")).toObject().value(QStringLiteral("status")).toString();
    if (status != QLatin1String("running") || incident.isEmpty())
        return status;
    return status + QString::fromUtf8(" · ") + incident;
}

QString AlertListModel::timeText(qint64 epoch)
{
    // The spec's alert.Timeline timestamp: seconds (or milliseconds, from some servers).
    const QDateTime t = epoch > 100'000'000'000LL ? QDateTime::fromMSecsSinceEpoch(epoch) : QDateTime::fromSecsSinceEpoch(epoch);
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QJsonArray AlertListModel::timeline(const QJsonObject &alert)
{
    return alert.value(QStringLiteral("instance")).toObject().value(QStringLiteral("timeline")).toArray();
}

QString AlertListModel::lastTrigger(const QJsonObject &alert)
{
    const QJsonArray entries = timeline(alert);
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QJsonObject e = entries[i].toObject();
        // tidelined writes {time, status}; the spec's alert.Timeline is {timestamp, type}.
        const QString kind = e.value(QStringLiteral("status")).toString(e.value(QStringLiteral("type")).toString());
        if (kind == QLatin1String("triggered"))
            return e.contains(QStringLiteral("time")) ? e.value(QStringLiteral("time")).toString()
                                                       : timeText(e.value(QStringLiteral("timestamp")).toInteger());
    }
    return {};
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QJsonObject a = alert(index.row());
    const bool triggered = a.value(QStringLiteral("status")).toString() == QLatin1String("running")
        && a.value(QStringLiteral("instance")).toObject().value(QStringLiteral("status")).toString() == QLatin1String("triggered");
    switch (role) {
    case IdRole:
        return a.value(QStringLiteral("id")).toString();
    case StateRole:
        return stateText(a);
    case Qt::ForegroundRole:
        return index.column() == State && triggered ? QVariant(QColor(0xE5, 0x3E, 0x3E)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Severity ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Name: return a.value(QStringLiteral("name")).toString();
        case Severity: return a.value(QStringLiteral("severity")).toInt();
        case State: return stateText(a);
        case LastTrigger: return lastTrigger(a);
        case Action: return a.value(QStringLiteral("action")).toString();
        case ColumnCount: break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name: return tr("Name");
    case Severity: return tr("Severity");
    case State: return tr("State");
    case LastTrigger: return tr("Last trigger");
    case Action: return tr("Action");
    case ColumnCount: break;
    }
    return {};
}

} // namespace tideline::models
