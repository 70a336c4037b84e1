#pragma once
// The alert list: one row per alert (name, severity, state, last trigger, action) from
// WorkspaceClient::list(Alert), refreshed on demand and, while polling is on, every few seconds
// (the API has no push for alert state). A refresh answer older than the latest request is
// dropped. Rows are updated in place (dataChanged) when the set of alerts is the same, so the
// selection survives a refresh. GUI thread only.
#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

namespace tideline::client {
class WorkspaceClient;
}

namespace tideline::models {

class AlertListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Severity, State, LastTrigger, Action, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StateRole };

    explicit AlertListModel(client::WorkspaceClient *client, QObject *parent = nullptr);

    void refresh();
    void setPolling(bool on, int intervalMs = 2000);
    QJsonObject alert(int row) const { return row >= 0 && row < m_alerts.size() ? m_alerts.at(row).toObject() : QJsonObject(); }
    int rowOf(const QString &id) const;
    bool isLoaded() const { return m_loaded; }

    // "running · triggered", "stopped", ...
    static QString stateText(const QJsonObject &alert);
    // The time of the open (or last) incident's first "triggered" entry, empty if none.
    static QString lastTrigger(const QJsonObject &alert);
    static QString timeText(qint64 epoch); // local "yyyy-MM-dd HH:mm:ss" of epoch s or ms
    // The incident's entries, oldest first: {time, status, message}.
    static QJsonArray timeline(const QJsonObject &alert);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void refreshed();
    void failed(const QString &message);

private:
    void apply(const QJsonArray &alerts);

    QPointer<client::WorkspaceClient> m_client;
    QJsonArray m_alerts;
    QTimer m_poll;
    quint64 m_request = 0;
    bool m_loaded = false;
};

} // namespace tideline::models
