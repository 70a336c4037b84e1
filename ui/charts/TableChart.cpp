#include "ui/charts/TableChart.h"
#include <QHeaderView>
#include "ui/charts/TableChartModel.h"

namespace tideline::ui::charts {

TableChart::TableChart(QWidget *parent) : QTableView(parent), m_model(new TableChartModel(this))
{
    setObjectName(QStringLiteral("tableChart"));
    setModel(m_model);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
}

void TableChart::redraw(const models::ChartData &data)
{
    const int before = m_model->columnCount();
    m_model->refresh(data);
    if (before != m_model->columnCount()) // a few columns share the width; many keep their own
        horizontalHeader()->setSectionResizeMode(m_model->columnCount() <= 6 ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
}

} // namespace tideline::ui::charts
