#pragma once
// Line, area, bar and column charts on QtCharts. redraw() is called once per frame by ChartView:
// line/area series get the decimated window (two points per pixel column) through one replace()
// each, never point-by-point appends; bars are rebuilt from the latest row per category.
// Clicking a legend entry hides or shows its series.
#include <QChartView>
#include <vector>
#include "models/ChartConfig.h"

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QXYSeries;
QT_END_NAMESPACE

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class XYChart : public QChartView {
    Q_OBJECT
public:
    explicit XYChart(QWidget *parent = nullptr);

    void redraw(const models::ChartData &data);
    // Points handed to QtCharts at the last redraw, all series together (benchmark, tests).
    qsizetype pointsDrawn() const { return m_pointsDrawn; }
    QStringList seriesNames() const;
    QChart *qchart() const { return m_chart; }

private:
    void rebuildIfShapeChanged(const models::ChartData &data);
    void redrawXY(const models::ChartData &data);
    void redrawBars(const models::ChartData &data);
    void applyFormat(const models::ChartConfig &config);
    void applyColors(const models::ChartConfig &config);
    void connectLegend();
    void setAxes(QAbstractAxis *x, QAbstractAxis *y);

    QChart *m_chart;
    models::ChartType m_type = models::ChartType::Table; // what the chart is built for
    bool m_timeAxis = false;
    std::vector<QXYSeries *> m_lines; // upper lines of areas too
    std::vector<QAbstractSeries *> m_series;
    QStringList m_categories;
    QStringList m_barSets;
    QAbstractAxis *m_x = nullptr;
    QAbstractAxis *m_y = nullptr;
    qsizetype m_pointsDrawn = 0;
    bool m_dense = false;
    QString m_formatKey; // the format last applied (a cheap check to skip re-applying)
};

} // namespace tideline::ui::charts
