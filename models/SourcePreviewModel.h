#pragma once
// The sample events of a source's (or an external stream's) preview as a table: one row per
// event, one column per inferred column (ColumnDef {name, type}), the header saying the name and
// the type. Cells are the event's values as text (nested objects and arrays as compact JSON;
// a value the event lacks is empty). Also the columns a new target stream gets from them.
// Small (a preview is a handful of events), so set() is one reset. GUI thread only.
#include <QAbstractTableModel>
#include <QJsonArray>

namespace tideline::models {

class SourcePreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { TypeRole = Qt::UserRole + 1 }; // a header's (or a cell's column's) inferred type

    explicit SourcePreviewModel(QObject *parent = nullptr);

    // `events`: Event[]; `columns`: ColumnDef[] (empty: the keys of the events, typed "string").
    void set(const QJsonArray &events, const QJsonArray &columns);
    void clear();
    QJsonArray columns() const { return m_columns; }
    QJsonArray events() const { return m_events; }
    QString columnName(int column) const;
    QString columnType(int column) const;
    static QString cellText(const QJsonValue &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QJsonArray m_events;
    QJsonArray m_columns;
};

} // namespace tideline::models
