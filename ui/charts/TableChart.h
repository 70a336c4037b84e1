#pragma once
// The table chart: the kept rows (newest `rowCount`, the latest frame, or the latest row per key)
// with the Console's `tableStyles` per column: display name, hidden columns, decimals,
// conditional colours (gt/lt/eq/gte/lte/contains/!contains, for the cell or its whole row) and,
// in key mode, trend arrows against the key's previous value. Refreshed once per frame.
#include <QTableView>

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class TableChartModel;

class TableChart : public QTableView {
    Q_OBJECT
public:
    explicit TableChart(QWidget *parent = nullptr);
    void redraw(const models::ChartData &data);
    TableChartModel *tableModel() const { return m_model; }

private:
    TableChartModel *m_model;
};

} // namespace tideline::ui::charts
