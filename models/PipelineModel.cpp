#include "models/PipelineModel.h"
#include <QHash>
#include <QJsonArray>
#include <QLocale>

namespace tideline::models {

namespace {

QString humanBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString humanNanos(qint64 nanos)
{
    if (nanos < 1000000)
        return QStringLiteral("%1 µs").arg(QLocale().toString(nanos / 1000));
    if (nanos < 10000000000LL)
        return QStringLiteral("%1 ms").arg(QLocale().toString(double(nanos) / 1e6, 'f', 1));
    return QStringLiteral("%1 s").arg(QLocale().toString(double(nanos) / 1e9, 'f', 1));
}

// Distance of every node from the root(s): a node that feeds no other is a root.
QHash<int, int> depths(const QList<PipelineModel::Node> &nodes, const QJsonArray &edges)
{
    QHash<int, int> parentOf;
    for (const QJsonValue &e : edges)
        parentOf.insert(e[QStringLiteral("from")].toInt(), e[QStringLiteral("to")].toInt());
    QHash<int, int> depth;
    for (const auto &n : nodes) {
        int d = 0;
        for (int at = n.id; parentOf.contains(at) && d < nodes.size(); at = parentOf.value(at))
            ++d; // bounded by the node count: a malformed cycle cannot spin
        depth.insert(n.id, d);
    }
    return depth;
}

} // namespace

PipelineModel::PipelineModel(client::WorkspaceClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client)
{
    m_timer.setInterval(1000); // the workspace refreshes the counters about once a second
    connect(&m_timer, &QTimer::timeout, this, &PipelineModel::refresh);
}

void PipelineModel::setQueryId(const QString &id)
{
    if (id == m_queryId)
        return;
    m_queryId = id;
    ++m_request; // answers about the previous query are dropped
    m_answers = 0;
    m_error.clear();
    beginResetModel();
    m_nodes.clear();
    endResetModel();
    if (isActive())
        refresh();
}

void PipelineModel::setActive(bool active)
{
    if (active == isActive())
        return;
    if (active) {
        m_timer.start();
        refresh();
    } else {
        m_timer.stop();
    }
}

void PipelineModel::refresh()
{
    if (!m_client || m_queryId.isEmpty())
        return;
    const quint64 request = ++m_request;
    QPointer<PipelineModel> self(this);
    m_client->pipeline(m_queryId, [self, request](const client::Reply &reply) {
        if (!self || request != self->m_request)
            return;
        if (!reply.ok) {
            self->m_error = reply.error.message;
            Q_EMIT self->failed(reply.error.message);
            return;
        }
        self->m_error.clear();
        self->apply(reply.value.toObject());
    });
}

void PipelineModel::apply(const QJsonObject &pipeline)
{
    const double seconds = m_sinceLast.isValid() ? double(m_sinceLast.restart()) / 1000.0 : 0;
    if (!m_sinceLast.isValid())
        m_sinceLast.start();
    QList<Node> nodes;
    for (const QJsonValue &v : pipeline.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonObject metric = o.value(QStringLiteral("metric")).toObject();
        Node n;
        n.id = o.value(QStringLiteral("id")).toInt();
        n.name = o.value(QStringLiteral("name")).toString();
        n.status = o.value(QStringLiteral("status")).toString();
        n.rows = metric.contains(QStringLiteral("processed_rows")) ? metric.value(QStringLiteral("processed_rows")).toInteger() : -1;
        n.bytes = metric.value(QStringLiteral("processed_bytes")).toInteger();
        n.nanos = metric.value(QStringLiteral("processing_time_ns")).toInteger();
        nodes.append(n);
    }
    const QHash<int, int> depth = depths(nodes, pipeline.value(QStringLiteral("edges")).toArray());
    bool sameShape = nodes.size() == m_nodes.size();
    for (int i = 0; i < nodes.size(); ++i) {
        Node &n = nodes[i];
        n.depth = depth.value(n.id);
        sameShape = sameShape && m_nodes[i].id == n.id && m_nodes[i].name == n.name;
        if (sameShape && seconds > 0 && n.rows >= 0 && m_nodes[i].rows >= 0)
            n.rowsPerSecond = double(n.rows - m_nodes[i].rows) / seconds;
    }
    ++m_answers;
    if (sameShape && !nodes.isEmpty()) {
        m_nodes = nodes;
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_nodes = nodes;
        endResetModel();
    }
    Q_EMIT updated();
}

int PipelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int PipelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PipelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &n = m_nodes.at(index.row());
    if (role == DepthRole)
        return n.depth;
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Rows ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role == SortRole) {
        switch (index.column()) {
        case Rows: return n.rows;
        case Bytes: return n.bytes;
        case Time: return n.nanos;
        case RowsPerSecond: return n.rowsPerSecond;
        default: return n.name;
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Operator: return QString(n.depth * 3, QLatin1Char(' ')) + (n.depth ? QStringLiteral("└ ") : QString()) + n.name;
    case Status: return n.status;
    case Rows: return n.rows < 0 ? tr("–") : QLocale().toString(n.rows);
    case Bytes: return role == Qt::ToolTipRole ? QLocale().toString(n.bytes) : humanBytes(n.bytes);
    case Time: return humanNanos(n.nanos);
    case RowsPerSecond: return n.rows < 0 ? tr("–") : QLocale().toString(n.rowsPerSecond, 'f', 0);
    default: return {};
    }
}

QVariant PipelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *titles[] = {QT_TR_NOOP("Operator"), QT_TR_NOOP("Status"), QT_TR_NOOP("Rows"), QT_TR_NOOP("Bytes"),
                                   QT_TR_NOOP("Time"), QT_TR_NOOP("Rows/s")};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

} // namespace tideline::models
