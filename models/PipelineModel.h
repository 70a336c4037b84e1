#pragma once
// The operators of a running query with their counters, for the query tab's Pipeline view:
// one row per QueryPipelineNode (operator, status, rows, bytes, time, rows/s since the last
// answer), indented by its distance from the root (edges go from a child to the operator that
// reads it). Polls WorkspaceClient::pipeline(queryId) on a timer while active; an answer to a
// superseded request (another query, or a newer poll) is dropped. When the operator set is the
// same as before, only the counters change (dataChanged), so selection and scrolling stay.
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include "client/WorkspaceClient.h"

namespace tideline::models {

class PipelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Operator, Status, Rows, Bytes, Time, RowsPerSecond, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, DepthRole };
    struct Node {
        int id = 0;
        QString name, status;
        qint64 rows = -1; // -1: the server does not count rows (the spec has only bytes and time)
        qint64 bytes = 0;
        qint64 nanos = 0;
        double rowsPerSecond = 0;
        int depth = 0;
    };

    explicit PipelineModel(client::WorkspaceClient *client, QObject *parent = nullptr);

    // A new query (empty: none): the rows are cleared and polling starts over.
    void setQueryId(const QString &id);
    QString queryId() const { return m_queryId; }
    // Polls only while active (the view is shown and the query runs); refresh() asks once more.
    void setActive(bool active);
    bool isActive() const { return m_timer.isActive(); }
    void setInterval(int msecs) { m_timer.setInterval(msecs); }
    void refresh();
    int answers() const { return m_answers; }
    QString lastError() const { return m_error; }
    const QList<Node> &nodes() const { return m_nodes; }
    // Builds the rows from a QueryPipeline answer (public for tests).
    void apply(const QJsonObject &pipeline);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void updated();
    void failed(const QString &message);

private:
    QPointer<client::WorkspaceClient> m_client;
    QString m_queryId;
    QTimer m_timer;
    quint64 m_request = 0;
    QList<Node> m_nodes;
    QElapsedTimer m_sinceLast;
    int m_answers = 0;
    QString m_error;
};

} // namespace tideline::models
