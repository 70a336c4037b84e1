#pragma once
// The rows behind a TableChart, copied from ChartData once per frame (at most a few hundred):
// text, colours and trend arrows are worked out then, so data() only looks them up.
#include <QAbstractTableModel>
#include <QColor>
#include <QJsonObject>
#include <vector>

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class TableChartModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void refresh(const models::ChartData &data);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Does `cell` meet a Console condition {operator, value}?
    static bool matches(const QJsonObject &condition, const QString &cell);

private:
    struct Cell {
        QString text;
        QColor color; // invalid: the palette's
        bool numeric = false;
    };
    struct Row {
        std::vector<Cell> cells;
        QColor background;
    };
    std::vector<int> m_shown; // data column of each table column
    QStringList m_headers;
    std::vector<Row> m_rows;
};

} // namespace tideline::ui::charts
