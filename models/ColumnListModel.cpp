#include "models/ColumnListModel.h"
#include <QBrush>
#include <QColor>
#include <QJsonObject>
#include <QSet>
#include "models/FormValidation.h"

namespace tideline::models {

ColumnListModel::ColumnListModel(QObject *parent) : QAbstractTableModel(parent) {}

void ColumnListModel::setColumns(const QJsonArray &columns)
{
    beginResetModel();
    m_columns.clear();
    for (const QJsonValue &v : columns) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        if (name.startsWith(QLatin1String("_tp_")))
            continue; // the engine's own columns are not the user's to define
        m_columns.append({name, o.value(QStringLiteral("type")).toString(), o.value(QStringLiteral("default")).toString(),
                          o.value(QStringLiteral("codec")).toString(), o.value(QStringLiteral("ttl_expression")).toString(),
                          o.value(QStringLiteral("skipping_index_expression")).toString()});
    }
    endResetModel();
}

QJsonArray ColumnListModel::columnDefs() const
{
    QJsonArray out;
    for (const ColumnDef &c : m_columns) {
        QJsonObject o{{QStringLiteral("name"), c.name.trimmed()}, {QStringLiteral("type"), c.type.trimmed()}};
        // Optional fields are left out when empty: the API reads "" as an expression.
        const QList<QPair<QString, QString>> optional = {{QStringLiteral("default"), c.defaultExpr}, {QStringLiteral("codec"), c.codec},
                                                         {QStringLiteral("ttl_expression"), c.ttl},
                                                         {QStringLiteral("skipping_index_expression"), c.skippingIndex}};
        for (const auto &[key, value] : optional)
            if (!value.trimmed().isEmpty())
                o.insert(key, value.trimmed());
        out.append(o);
    }
    return out;
}

QStringList ColumnListModel::names() const
{
    QStringList out;
    for (const ColumnDef &c : m_columns)
        out << c.name.trimmed();
    return out;
}

int ColumnListModel::addColumn(const QString &name, const QString &type)
{
    QString n = name;
    for (int i = 1; n.isEmpty() || names().contains(n); ++i)
        n = i == 1 && name.isEmpty() ? QStringLiteral("new_column") : QStringLiteral("%1_%2").arg(name.isEmpty() ? QStringLiteral("new_column") : name).arg(i);
    const int row = int(m_columns.size());
    beginInsertRows({}, row, row);
    m_columns.append({n, type, {}, {}, {}, {}});
    endInsertRows();
    return row;
}

void ColumnListModel::removeColumnAt(int row)
{
    if (row < 0 || row >= m_columns.size())
        return;
    beginRemoveRows({}, row, row);
    m_columns.removeAt(row);
    endRemoveRows();
}

void ColumnListModel::moveColumn(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= m_columns.size() || to < 0 || to >= m_columns.size() || delta == 0)
        return;
    // beginMoveRows wants the destination before which the row lands.
    if (!beginMoveRows({}, row, row, {}, delta > 0 ? to + 1 : to))
        return;
    m_columns.move(row, to);
    endMoveRows();
}

void ColumnListModel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (!m_columns.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString ColumnListModel::rowError(int row) const
{
    if (row < 0 || row >= m_columns.size())
        return {};
    const ColumnDef &c = m_columns.at(row);
    if (QString e = FormValidation::nameError(c.name.trimmed(), tr("column")); !e.isEmpty())
        return tr("Column %1: %2").arg(row + 1).arg(e);
    if (c.name.trimmed().startsWith(QLatin1String("_tp_")))
        return tr("Column %1: names starting with _tp_ are reserved.").arg(row + 1);
    if (names().count(c.name.trimmed()) > 1)
        return tr("Column %1: \"%2\" is used twice.").arg(row + 1).arg(c.name.trimmed());
    if (QString e = FormValidation::typeError(c.type); !e.isEmpty())
        return tr("Column %1 (%2): %3").arg(row + 1).arg(c.name.trimmed(), e);
    return {};
}

int ColumnListModel::firstBadRow() const
{
    for (int r = 0; r < m_columns.size(); ++r)
        if (!rowError(r).isEmpty())
            return r;
    return -1;
}

int ColumnListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int ColumnListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString &ColumnListModel::field(ColumnDef &c, int column) const
{
    switch (column) {
    case Type: return c.type;
    case Default: return c.defaultExpr;
    case Codec: return c.codec;
    case Ttl: return c.ttl;
    case SkippingIndex: return c.skippingIndex;
    default: return c.name;
    }
}

QVariant ColumnListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    ColumnDef c = m_columns.at(index.row());
    const QString value = field(c, index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        return rowError(index.row());
    case Qt::ForegroundRole: {
        const bool badName = index.column() == Name && !FormValidation::nameError(value.trimmed(), {}).isEmpty();
        const bool badType = index.column() == Type && !FormValidation::isType(value);
        return badName || badType ? QVariant(QBrush(QColor(0xe5, 0x39, 0x35))) : QVariant();
    }
    default:
        return {};
    }
}

bool ColumnListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || m_readOnly || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    QString &f = field(m_columns[index.row()], index.column());
    if (f == value.toString())
        return false;
    f = value.toString();
    // A rename can make another row a duplicate or clear it: the whole name column may change colour.
    Q_EMIT dataChanged(this->index(0, 0), this->index(rowCount() - 1, ColumnCount - 1));
    return true;
}

QVariant ColumnListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    static const char *titles[] = {QT_TR_NOOP("Name"), QT_TR_NOOP("Type"), QT_TR_NOOP("Default"), QT_TR_NOOP("Codec"),
                                   QT_TR_NOOP("TTL"), QT_TR_NOOP("Skipping index")};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

Qt::ItemFlags ColumnListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    return m_readOnly ? f : f | Qt::ItemIsEditable;
}

} // namespace tideline::models
