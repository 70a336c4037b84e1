#pragma once
// The editable column list of the stream form: one row per ColumnDef (name, type, default
// expression, codec, TTL expression, skipping index expression). New rows start as
// `new_column` / `string`. `columnDefs()` gives the StreamDef's `columns`; `rowError()` says
// what is wrong with a row (name rules, a known type, duplicates) so the form can show it next
// to the table before anything is sent.
#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace tideline::models {

class ColumnListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Default, Codec, Ttl, SkippingIndex, ColumnCount };
    struct ColumnDef {
        QString name, type, defaultExpr, codec, ttl, skippingIndex;
    };

    explicit ColumnListModel(QObject *parent = nullptr);

    void setColumns(const QJsonArray &columns); // ColumnDef[] or ColumnsResp[]
    QJsonArray columnDefs() const;
    QStringList names() const;
    int addColumn(const QString &name = {}, const QString &type = QStringLiteral("string"));
    void removeColumnAt(int row);
    void moveColumn(int row, int delta);
    void setReadOnly(bool readOnly);
    // The first problem of a row ("" when fine), and the first bad row (-1 when all are fine).
    QString rowError(int row) const;
    int firstBadRow() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QString &field(ColumnDef &c, int column) const;
    QList<ColumnDef> m_columns;
    bool m_readOnly = false;
};

} // namespace tideline::models
