#pragma once
// One live chart of any type over a ChartData: picks the renderer for the config's type (XYChart
// for line/area/bar/column, ValueTiles, TableChart, MarkdownChart) and redraws it when the data
// says changed(), which ChartData coalesces to at most once per frame. Shows why a type cannot
// draw the result's columns instead of an empty chart.
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class MarkdownChart;
class TableChart;
class ValueTiles;
class XYChart;

class ChartView : public QWidget {
    Q_OBJECT
public:
    explicit ChartView(models::ChartData *data, QWidget *parent = nullptr);

    models::ChartData *data() const { return m_data; }
    QWidget *currentRenderer() const;
    XYChart *xyChart() const { return m_xy; }
    ValueTiles *valueTiles() const { return m_tiles; }
    TableChart *tableChart() const { return m_table; }
    MarkdownChart *markdownChart() const { return m_markdown; }
    qint64 redraws() const { return m_redraws; }
    void redraw();

private:
    models::ChartData *m_data;
    QStackedWidget *m_stack;
    XYChart *m_xy;
    ValueTiles *m_tiles;
    TableChart *m_table;
    MarkdownChart *m_markdown;
    QLabel *m_notice;
    qint64 m_redraws = 0;
};

} // namespace tideline::ui::charts
