#pragma once
// Single value (a KPI: the latest value, its delta to the one before with an up/down arrow in
// the increase/decrease colours, and a sparkline of recent values) and multiple values (one
// such tile per key), painted with QPainter from ChartData once per frame.
#include <QWidget>
#include <vector>

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class ValueTiles : public QWidget {
    Q_OBJECT
public:
    explicit ValueTiles(QWidget *parent = nullptr);

    struct Tile {
        QString label;
        QString value;      // formatted with the chart's decimals and unit
        double delta = 0;   // NaN when there is no previous value
        QString deltaText;
        std::vector<double> spark;
    };
    void redraw(const models::ChartData &data);
    const QList<Tile> &tiles() const { return m_tiles; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintTile(QPainter &p, const QRectF &r, const Tile &tile, bool big) const;

    QList<Tile> m_tiles;
    QString m_title;
    QColor m_increase, m_decrease, m_spark;
    bool m_showSpark = true, m_showDelta = true;
};

} // namespace tideline::ui::charts
