#pragma once
// The topology for the lineage view: sources -> streams -> views and MVs -> sinks, as a list
// model of nodes (one row per node) plus the edges between them. Built from what the client
// knows: GET /topology (a view's or MV's SELECT reads a stream: stream -> view; an MV writes
// its target: MV -> stream), every source's `stream` (source -> stream) and every sink's query
// (the objects it names: object -> sink). Each node gets a column (its longest distance from a
// node nothing feeds) and a place in that column, so the view lays it out left to right.
//
// Throughput: refreshThroughput() asks stats() of every stream, MV and sink at once
// (asynchronous; nothing waits) and sets ThroughputRole to events/s between two answers (row
// count, or a sink's success count). A reload supersedes the answers of an earlier one.
#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include "client/WorkspaceClient.h"

namespace tideline::models {

class LineageGraph : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, KindRole, ResourceRole, LayerRole, SlotRole, ThroughputRole, ObjectRole, HasStatsRole };
    struct Node {
        QString id;    // "stream:devices", "materialized_view:hot", "sink:<id>", "source:<id>"
        QString name;
        QString kind;  // stream, view, materialized_view, external_stream, random_stream, sink, source, ...
        client::Resource resource = client::Resource::Stream;
        QJsonObject object; // the list item (for sinks and sources: what their page needs)
        int layer = 0;
        int slot = 0;
        double throughput = -1; // events/s, -1 until two stats answers have been seen
        qint64 lastCount = -1;
    };
    struct Edge {
        int from = 0;
        int to = 0;
    };

    explicit LineageGraph(client::WorkspaceClient *client, QObject *parent = nullptr);

    void reload();
    bool isLoaded() const { return m_loaded; }
    void refreshThroughput();
    const QList<Node> &nodes() const { return m_nodes; }
    const QList<Edge> &edges() const { return m_edges; }
    int indexOf(const QString &id) const { return m_index.value(id, -1); }
    int layerCount() const;
    // The first node whose name contains `text` (case-insensitive), -1 when none.
    int find(const QString &text) const;
    // Builds the graph from the answers (public for tests).
    void build(const QJsonObject &topology, const QJsonArray &sources, const QJsonArray &sinks);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void loaded();
    void throughputChanged();
    void failed(const QString &message);

private:
    int addNode(const QString &id, const QString &name, const QString &kind, const QJsonObject &object);
    void addEdge(int from, int to);
    void layout();
    void finishLoad();
    void statsAnswered(int row, const client::Reply &reply, quint64 generation);

    QPointer<client::WorkspaceClient> m_client;
    QList<Node> m_nodes;
    QList<Edge> m_edges;
    QHash<QString, int> m_index;
    quint64 m_generation = 0;
    int m_pending = 0;
    QJsonObject m_topology;
    QJsonArray m_sources, m_sinks;
    bool m_loaded = false;
    QElapsedTimer m_clock;
    QHash<int, qint64> m_lastAt; // ms of the clock at a node's last stats answer
};

} // namespace tideline::models
