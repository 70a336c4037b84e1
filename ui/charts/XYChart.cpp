#include "ui/charts/XYChart.h"
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QJsonDocument>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>
#include "models/ChartData.h"

namespace tideline::ui::charts {

using models::ChartType;

namespace {

bool isXY(ChartType t)
{
    return t == ChartType::Line || t == ChartType::Area;
}

// The latest value per (category, set) from the kept rows, categories and sets in first-seen order.
struct BarTable {
    QStringList categories, sets;
    std::vector<std::vector<double>> values; // [set][category]
};

BarTable barTable(const models::ChartData &data)
{
    BarTable t;
    const auto &config = data.config();
    models::ChartConfig effective = config;
    effective.rebind(data.columns());
    const int x = data.columnIndex(effective.xAxis()), y = data.columnIndex(effective.yAxis());
    const int color = data.columnIndex(effective.color());
    if (x < 0 || y < 0)
        return t;
    QHash<QString, int> catIndex, setIndex;
    for (const auto &row : data.rows()) {
        const QString cat = row.cells[x];
        const QString set = color >= 0 ? row.cells[color] : data.columns()[y].name;
        if (!catIndex.contains(cat)) {
            catIndex.insert(cat, int(t.categories.size()));
            t.categories << cat;
            for (auto &v : t.values)
                v.push_back(0);
        }
        if (!setIndex.contains(set)) {
            setIndex.insert(set, int(t.sets.size()));
            t.sets << set;
            t.values.emplace_back(size_t(t.categories.size()), 0.0);
        }
        const double v = row.cells[y].toDouble();
        t.values[size_t(setIndex[set])][size_t(catIndex[cat])] = std::isfinite(v) ? v : 0;
    }
    return t;
}

} // namespace

// Built with its chart: QChartView(parent) makes a default chart that setChart() would then
// release without deleting (a leak per chart, found under ASan).
XYChart::XYChart(QWidget *parent) : QChartView(new QChart, parent), m_chart(chart())
{
    setObjectName(QStringLiteral("xyChart"));
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    setRenderHint(QPainter::Antialiasing, true);
    // One repaint of the whole view per frame: cheaper than QGraphicsView working out dirty
    // regions for every moved series item.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

QStringList XYChart::seriesNames() const
{
    QStringList names;
    for (QAbstractSeries *s : m_chart->series())
        names << s->name();
    return names;
}

void XYChart::redraw(const models::ChartData &data)
{
    rebuildIfShapeChanged(data);
    if (isXY(m_type))
        redrawXY(data);
    else
        redrawBars(data);
    applyFormat(data.config());
}

void XYChart::setAxes(QAbstractAxis *x, QAbstractAxis *y)
{
    for (QAbstractAxis *a : m_chart->axes()) {
        m_chart->removeAxis(a);
        delete a;
    }
    m_x = x;
    m_y = y;
    const bool horizontal = m_type == ChartType::Bar;
    m_chart->addAxis(x, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    m_chart->addAxis(y, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
}

void XYChart::rebuildIfShapeChanged(const models::ChartData &data)
{
    const ChartType type = data.config().type();
    if (isXY(type)) {
        bool same = type == m_type && m_timeAxis == data.xIsTime() && m_lines.size() == data.series().size();
        for (size_t i = 0; same && i < m_lines.size(); ++i)
            same = m_lines[i]->name() == data.series()[i].name;
        if (same)
            return;
    } else {
        const BarTable t = barTable(data);
        if (type == m_type && t.categories == m_categories && t.sets == m_barSets)
            return;
    }
    m_chart->removeAllSeries(); // deletes the series, and an area's line with it (its QObject child)
    m_lines.clear();
    m_series.clear();
    m_type = type;
    m_timeAxis = data.xIsTime();
    m_formatKey.clear();
    if (!isXY(type)) {
        m_categories.clear();
        m_barSets.clear();
        setAxes(new QBarCategoryAxis, new QValueAxis);
        return; // redrawBars() builds the sets
    }
    QAbstractAxis *x = m_timeAxis ? static_cast<QAbstractAxis *>(new QDateTimeAxis) : new QValueAxis;
    if (auto *t = qobject_cast<QDateTimeAxis *>(x))
        t->setFormat(QStringLiteral("HH:mm:ss"));
    setAxes(x, new QValueAxis);
    for (const auto &s : data.series()) {
        auto *line = new QLineSeries;
        line->setName(s.name);
        QAbstractSeries *series = line;
        if (type == ChartType::Area) {
            auto *area = new QAreaSeries(line);
            line->setParent(area); // freed with the area, whichever of the two Qt deletes first
            area->setName(s.name);
            area->setOpacity(0.75);
            series = area;
        }
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        m_lines.push_back(line);
        m_series.push_back(series);
    }
    connectLegend();
}

void XYChart::redrawXY(const models::ChartData &data)
{
    const int buckets = std::max(50, int(m_chart->plotArea().width()));
    double x0 = data.windowStart(), x1 = data.windowEnd();
    if (x1 <= x0)
        x1 = x0 + 1;
    m_pointsDrawn = 0;
    for (size_t i = 0; i < m_lines.size(); ++i) {
        const QList<QPointF> points = models::ChartData::decimate(data.series()[i].points, x0, x1, buckets);
        m_pointsDrawn += points.size();
        m_lines[i]->replace(points);
    }
    // A dense line (about a point per pixel column or more) is drawn with a thin pen and no
    // antialiasing: on raster that is several times cheaper and looks the same at that density.
    const bool dense = m_pointsDrawn > buckets / 2;
    if (dense != m_dense) {
        m_dense = dense;
        setRenderHint(QPainter::Antialiasing, !dense);
        m_formatKey.clear(); // pens are re-made by applyColors()
    }
    if (auto *t = qobject_cast<QDateTimeAxis *>(m_x))
        t->setRange(QDateTime::fromMSecsSinceEpoch(qint64(x0)), QDateTime::fromMSecsSinceEpoch(qint64(x1)));
    else if (auto *v = qobject_cast<QValueAxis *>(m_x))
        v->setRange(x0, x1);
    const auto &config = data.config();
    double lo = data.yMin(), hi = data.yMax();
    const double pad = hi > lo ? (hi - lo) * 0.05 : 1;
    lo = config.yMin().value_or(m_type == ChartType::Area ? std::min(0.0, lo - pad) : lo - pad);
    hi = config.yMax().value_or(hi + pad);
    static_cast<QValueAxis *>(m_y)->setRange(lo, hi > lo ? hi : lo + 1);
}

void XYChart::redrawBars(const models::ChartData &data)
{
    const BarTable t = barTable(data);
    QAbstractBarSeries *bars = m_series.empty() ? nullptr : static_cast<QAbstractBarSeries *>(m_series.front());
    if (!bars) {
        bars = m_type == ChartType::Bar ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries) : new QBarSeries;
        for (qsizetype s = 0; s < t.sets.size(); ++s)
            bars->append(new QBarSet(t.sets[s]));
        m_chart->addSeries(bars);
        bars->attachAxis(m_x);
        bars->attachAxis(m_y);
        m_series.push_back(bars);
        m_categories = t.categories;
        m_barSets = t.sets;
        static_cast<QBarCategoryAxis *>(m_x)->append(t.categories);
        connectLegend();
    }
    double hi = 0, lo = 0;
    const auto sets = bars->barSets();
    for (qsizetype s = 0; s < sets.size() && size_t(s) < t.values.size(); ++s) {
        const auto &values = t.values[size_t(s)];
        if (sets[s]->count() != qsizetype(values.size())) {
            sets[s]->remove(0, sets[s]->count());
            for (double v : values)
                sets[s]->append(v);
        } else {
            for (size_t c = 0; c < values.size(); ++c)
                if (sets[s]->at(qsizetype(c)) != values[c])
                    sets[s]->replace(qsizetype(c), values[c]);
        }
        for (double v : values) {
            hi = std::max(hi, v);
            lo = std::min(lo, v);
        }
    }
    m_pointsDrawn = t.categories.size() * t.sets.size();
    const auto &config = data.config();
    static_cast<QValueAxis *>(m_y)->setRange(config.yMin().value_or(lo), config.yMax().value_or(hi > lo ? hi * 1.05 : lo + 1));
}

void XYChart::connectLegend()
{
    for (QLegendMarker *marker : m_chart->legend()->markers()) {
        connect(marker, &QLegendMarker::clicked, this, [marker] {
            QAbstractSeries *series = marker->series();
            series->setVisible(!series->isVisible());
            marker->setVisible(true); // hidden series keep their legend entry, dimmed
            QColor c = marker->labelBrush().color();
            c.setAlphaF(series->isVisible() ? 1.0 : 0.4);
            marker->setLabelBrush(c);
        });
    }
}

void XYChart::applyFormat(const models::ChartConfig &config)
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QString key = QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact)) + (dark ? u'D' : u'L');
    if (key == m_formatKey)
        return;
    m_formatKey = key;
    m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundBrush(palette().color(QPalette::Base));
    m_chart->setTitle(config.title());
    const int seriesCount = isXY(m_type) ? int(m_lines.size()) : int(m_barSets.size());
    m_chart->legend()->setVisible(config.legend() && seriesCount > 1 && seriesCount <= 30);
    if (m_x) {
        m_x->setTitleText(config.xTitle());
        m_x->setGridLineVisible(config.gridlines());
    }
    if (auto *y = qobject_cast<QValueAxis *>(m_y)) {
        y->setGridLineVisible(config.gridlines());
        // QtCharts formats labels printf-style from Latin-1: a unit outside ASCII ("°C") or with
        // a '%' goes into the axis title instead of every label.
        const QString u = config.unit();
        bool plain = !u.contains(QLatin1Char('%'));
        for (QChar ch : u)
            plain = plain && ch.unicode() < 128;
        const QString number = QStringLiteral("%.%1f").arg(config.decimals());
        y->setLabelFormat(u.isEmpty() || !plain ? number : config.unitIsPrefix() ? u + number : number + QLatin1Char(' ') + u);
        const QString title = config.yTitle();
        y->setTitleText(u.isEmpty() || plain ? title : title.isEmpty() ? u : QStringLiteral("%1 (%2)").arg(title, u));
    }
    applyColors(config);
}

void XYChart::applyColors(const models::ChartConfig &config)
{
    const QList<QColor> colors = config.colors();
    if (isXY(m_type)) {
        for (size_t i = 0; i < m_series.size(); ++i) {
            const QColor c = colors[qsizetype(i) % colors.size()];
            if (auto *area = qobject_cast<QAreaSeries *>(m_series[i])) {
                area->setColor(c);
                area->setBorderColor(c.darker(120));
            }
            QPen pen(c, m_dense ? 1 : 2);
            m_lines[i]->setPen(pen);
        }
        return;
    }
    if (!m_series.empty()) {
        const auto sets = static_cast<QAbstractBarSeries *>(m_series.front())->barSets();
        for (qsizetype s = 0; s < sets.size(); ++s)
            sets[s]->setColor(colors[s % colors.size()]);
    }
}

} // namespace tideline::ui::charts
