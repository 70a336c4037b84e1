#include "models/SchemaModel.h"
#include <QJsonObject>

namespace tideline::models {

void SchemaModel::setColumns(const QJsonArray &columns)
{
    beginResetModel();
    m_columns = columns;
    endResetModel();
}

int SchemaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int SchemaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const QJsonObject c = m_columns.at(index.row()).toObject();
    switch (index.column()) {
    case Name: return c.value(QStringLiteral("name")).toString();
    case Type: return c.value(QStringLiteral("type")).toString();
    case Default: return c.value(QStringLiteral("default")).toString();
    case Codec: return c.value(QStringLiteral("codec")).toString();
    default: return {};
    }
}

QVariant SchemaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Column");
    case Type: return tr("Type");
    case Default: return tr("Default");
    case Codec: return tr("Codec");
    default: return {};
    }
}

} // namespace tideline::models
