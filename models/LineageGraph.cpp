#include "models/LineageGraph.h"
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <tuple>

namespace tideline::models {

using client::Resource;

namespace {

Resource resourceOf(const QString &kind)
{
    if (kind == QLatin1String("view"))
        return Resource::View;
    if (kind == QLatin1String("materialized_view"))
        return Resource::MaterializedView;
    if (kind == QLatin1String("external_stream"))
        return Resource::ExternalStream;
    if (kind == QLatin1String("external_table"))
        return Resource::ExternalTable;
    if (kind == QLatin1String("sink"))
        return Resource::Sink;
    if (kind == QLatin1String("source"))
        return Resource::Source;
    if (kind == QLatin1String("dashboard"))
        return Resource::Dashboard;
    return Resource::Stream; // stream, random_stream, and kinds a newer server may add
}

bool hasStats(Resource r)
{
    return r == Resource::Stream || r == Resource::MaterializedView || r == Resource::Sink || r == Resource::ExternalStream;
}

// The identifiers of a SQL text (back-quoted ones unquoted), lower-cased, for matching a sink's
// query against the objects it reads. Over-matching a column that shares an object's name only
// adds an edge the user can see is odd; missing one would hide a dependency.
QSet<QString> identifiers(const QString &sql)
{
    static const QRegularExpression word(QStringLiteral("`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)"));
    QSet<QString> out;
    for (auto it = word.globalMatch(sql); it.hasNext();) {
        const auto m = it.next();
        out.insert((m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)).toLower());
    }
    return out;
}

} // namespace

LineageGraph::LineageGraph(client::WorkspaceClient *client, QObject *parent) : QAbstractListModel(parent), m_client(client)
{
    m_clock.start();
}

void LineageGraph::reload()
{
    if (!m_client)
        return;
    const quint64 generation = ++m_generation;
    m_pending = 3;
    QPointer<LineageGraph> self(this);
    auto answered = [self, generation](int which, const client::Reply &reply) {
        if (!self || generation != self->m_generation)
            return;
        if (!reply.ok)
            Q_EMIT self->failed(reply.error.message); // what did arrive is still shown
        else if (which == 0)
            self->m_topology = reply.value.toObject();
        else if (which == 1)
            self->m_sources = reply.value.toArray();
        else
            self->m_sinks = reply.value.toArray();
        if (--self->m_pending == 0)
            self->finishLoad();
    };
    m_topology = {};
    m_sources = m_sinks = {};
    m_client->topology([answered](const client::Reply &r) { answered(0, r); });
    m_client->list(Resource::Source, [answered](const client::Reply &r) { answered(1, r); });
    m_client->list(Resource::Sink, [answered](const client::Reply &r) { answered(2, r); });
}

void LineageGraph::finishLoad()
{
    build(m_topology, m_sources, m_sinks);
    m_loaded = true;
    Q_EMIT loaded();
    refreshThroughput();
}

void LineageGraph::build(const QJsonObject &topology, const QJsonArray &sources, const QJsonArray &sinks)
{
    beginResetModel();
    m_nodes.clear();
    m_edges.clear();
    m_index.clear();
    m_lastAt.clear();
    for (const QJsonValue &v : topology.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        const QString kind = n.value(QStringLiteral("type")).toString();
        if (kind == QLatin1String("sink") || kind == QLatin1String("source") || kind == QLatin1String("dashboard"))
            continue; // added below from their own lists, which carry their stream and query
        addNode(n.value(QStringLiteral("id")).toString(), n.value(QStringLiteral("name")).toString(), kind, n);
    }
    for (const QJsonValue &v : topology.value(QStringLiteral("edges")).toArray())
        addEdge(indexOf(v[QStringLiteral("source")].toString()), indexOf(v[QStringLiteral("target")].toString()));
    QHash<QString, int> byName; // catalog objects by lower-case name, for sources and sinks
    for (int i = 0; i < m_nodes.size(); ++i)
        byName.insert(m_nodes[i].name.toLower(), i);
    for (const QJsonValue &v : sources) {
        const QJsonObject s = v.toObject();
        const int row = addNode(QStringLiteral("source:") + s.value(QStringLiteral("id")).toString(), s.value(QStringLiteral("name")).toString(),
                                QStringLiteral("source"), s);
        addEdge(row, byName.value(s.value(QStringLiteral("stream")).toString().toLower(), -1));
    }
    for (const QJsonValue &v : sinks) {
        const QJsonObject s = v.toObject();
        const int row = addNode(QStringLiteral("sink:") + s.value(QStringLiteral("id")).toString(), s.value(QStringLiteral("name")).toString(),
                                QStringLiteral("sink"), s);
        for (const QString &word : identifiers(s.value(QStringLiteral("query")).toString()))
            addEdge(byName.value(word, -1), row);
    }
    layout();
    endResetModel();
}

int LineageGraph::addNode(const QString &id, const QString &name, const QString &kind, const QJsonObject &object)
{
    if (int existing = indexOf(id); existing >= 0)
        return existing;
    Node n;
    n.id = id;
    n.name = name.isEmpty() ? id : name;
    n.kind = kind;
    n.resource = resourceOf(kind);
    n.object = object;
    m_nodes.append(n);
    m_index.insert(id, int(m_nodes.size()) - 1);
    return int(m_nodes.size()) - 1;
}

void LineageGraph::addEdge(int from, int to)
{
    if (from < 0 || to < 0 || from == to)
        return;
    for (const Edge &e : m_edges)
        if (e.from == from && e.to == to)
            return;
    m_edges.append({from, to});
}

// Columns by longest path from a node with no input (Bellman-Ford style relaxation, bounded by
// the node count so a cycle cannot loop forever); sources stay in the first column. Within a
// column, nodes are ordered by kind then name so the picture is stable between reloads.
void LineageGraph::layout()
{
    const int n = int(m_nodes.size());
    for (int round = 0; round < n; ++round) {
        bool changed = false;
        for (const Edge &e : m_edges) {
            if (m_nodes[e.to].layer < m_nodes[e.from].layer + 1 && m_nodes[e.from].layer + 1 < n) {
                m_nodes[e.to].layer = m_nodes[e.from].layer + 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    QList<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [this](int a, int b) {
        const Node &x = m_nodes[a], &y = m_nodes[b];
        return std::tie(x.layer, x.kind, x.name) < std::tie(y.layer, y.kind, y.name);
    });
    QHash<int, int> used;
    for (int i : order)
        m_nodes[i].slot = used[m_nodes[i].layer]++;
}

int LineageGraph::layerCount() const
{
    int layers = 0;
    for (const Node &n : m_nodes)
        layers = std::max(layers, n.layer + 1);
    return layers;
}

int LineageGraph::find(const QString &text) const
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return -1;
    for (int i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].name.compare(t, Qt::CaseInsensitive) == 0)
            return i; // an exact name wins over a longer one containing it
    for (int i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].name.contains(t, Qt::CaseInsensitive))
            return i;
    return -1;
}

void LineageGraph::refreshThroughput()
{
    if (!m_client)
        return;
    const quint64 generation = m_generation;
    QPointer<LineageGraph> self(this);
    for (int row = 0; row < m_nodes.size(); ++row) {
        const Node &n = m_nodes[row];
        if (!hasStats(n.resource))
            continue;
        const QString key = n.resource == Resource::Sink ? n.object.value(QStringLiteral("id")).toString() : n.name;
        m_client->stats(n.resource, key, [self, row, generation](const client::Reply &reply) {
            if (self)
                self->statsAnswered(row, reply, generation);
        });
    }
}

void LineageGraph::statsAnswered(int row, const client::Reply &reply, quint64 generation)
{
    if (generation != m_generation || row >= m_nodes.size() || !reply.ok)
        return;
    const QJsonObject stats = reply.value.toObject();
    Node &n = m_nodes[row];
    const qint64 count = n.resource == Resource::Sink ? qint64(stats.value(QStringLiteral("success_count")).toDouble())
                                                      : stats.value(QStringLiteral("row_count")).toInteger();
    const qint64 now = m_clock.elapsed();
    if (n.lastCount >= 0 && now <= m_lastAt.value(row))
        return; // no time has passed since the last sample: keep it, so the rows are counted later
    if (n.lastCount >= 0)
        n.throughput = double(std::max<qint64>(0, count - n.lastCount)) * 1000.0 / double(now - m_lastAt.value(row));
    n.lastCount = count;
    m_lastAt.insert(row, now);
    Q_EMIT dataChanged(index(row), index(row), {ThroughputRole, Qt::ToolTipRole});
    Q_EMIT throughputChanged();
}

int LineageGraph::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

QVariant LineageGraph::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &n = m_nodes.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return n.name;
    case Qt::ToolTipRole: return n.throughput < 0 ? n.kind : tr("%1 · %2 ev/s").arg(n.kind).arg(n.throughput, 0, 'f', 1);
    case IdRole: return n.id;
    case KindRole: return n.kind;
    case ResourceRole: return int(n.resource);
    case LayerRole: return n.layer;
    case SlotRole: return n.slot;
    case ThroughputRole: return n.throughput;
    case ObjectRole: return n.object;
    case HasStatsRole: return hasStats(n.resource);
    default: return {};
    }
}

QHash<int, QByteArray> LineageGraph::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractListModel::roleNames();
    roles.insert(IdRole, "id");
    roles.insert(KindRole, "kind");
    roles.insert(LayerRole, "layer");
    roles.insert(ThroughputRole, "throughput");
    return roles;
}

} // namespace tideline::models
