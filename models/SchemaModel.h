#pragma once
// The columns of a stream, view or external object as a table: name, type, default, codec.
// Filled from the object's v1beta2 `columns` array (the list/get answer); GUI thread only.
#include <QAbstractTableModel>
#include <QJsonArray>

namespace tideline::models {

class SchemaModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Default, Codec, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setColumns(const QJsonArray &columns);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QJsonArray m_columns;
};

} // namespace tideline::models
