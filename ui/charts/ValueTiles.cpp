#include "ui/charts/ValueTiles.h"
#include <QPainter>
#include <QPainterPath>
#include <cmath>
#include "models/ChartData.h"

namespace tideline::ui::charts {

ValueTiles::ValueTiles(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("valueTiles"));
    setMinimumSize(160, 90);
}

void ValueTiles::redraw(const models::ChartData &data)
{
    const models::ChartConfig &config = data.config();
    const QJsonObject c = config.config();
    m_title = config.title();
    m_increase = QColor(c.value(QStringLiteral("increaseColor")).toString(QStringLiteral("#38A169")));
    m_decrease = QColor(c.value(QStringLiteral("decreaseColor")).toString(QStringLiteral("#E53E3E")));
    m_spark = QColor(c.value(QStringLiteral("sparklineColor")).toString());
    if (!m_spark.isValid())
        m_spark = config.colors().value(0);
    m_showSpark = config.sparkline();
    m_showDelta = config.delta();
    models::ChartConfig effective = config;
    effective.rebind(data.columns());
    const QString valueColumn = effective.valueColumn();
    auto makeTile = [&](const QString &label, double value, double previous, std::vector<double> spark) {
        Tile t{label, config.formatValue(value), value - previous, {}, std::move(spark)};
        if (std::isfinite(t.delta))
            t.deltaText = QString::fromUtf8(t.delta > 0 ? "▲ " : t.delta < 0 ? "▼ " : "= ") + config.formatValue(std::fabs(t.delta));
        return t;
    };
    m_tiles.clear();
    if (config.type() == models::ChartType::SingleValue) {
        std::vector<double> recent = data.recentValues(valueColumn, 60);
        if (!recent.empty()) {
            const double last = recent.back();
            const double before = recent.size() > 1 ? recent[recent.size() - 2] : std::nan("");
            m_tiles << makeTile(valueColumn, last, before, std::move(recent));
        }
    } else {
        for (const auto &k : data.latestByKey(effective.keyColumn(), valueColumn))
            m_tiles << makeTile(k.key, k.value, k.previous, {});
    }
    update();
}

void ValueTiles::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QRectF area = rect().adjusted(6, 6, -6, -6);
    if (!m_title.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(area, Qt::AlignTop | Qt::AlignHCenter, m_title);
        area.adjust(0, p.fontMetrics().height() + 4, 0, 0);
    }
    if (m_tiles.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, tr("Waiting for data…"));
        return;
    }
    if (m_tiles.size() == 1) {
        paintTile(p, area, m_tiles.front(), true);
        return;
    }
    // Tiles of at least 150 x 80 px, as many per row as fit.
    const int perRow = std::max(1, int(area.width() / 150));
    const int rows = int((m_tiles.size() + perRow - 1) / perRow);
    const double w = area.width() / perRow, h = std::max(70.0, area.height() / rows);
    for (qsizetype i = 0; i < m_tiles.size(); ++i) {
        const QRectF r(area.left() + (i % perRow) * w, area.top() + (i / perRow) * h, w, h);
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(palette().color(QPalette::AlternateBase));
        p.drawRoundedRect(r.adjusted(3, 3, -3, -3), 6, 6);
        paintTile(p, r.adjusted(8, 6, -8, -6), m_tiles[i], false);
    }
}

void ValueTiles::paintTile(QPainter &p, const QRectF &r, const Tile &tile, bool big) const
{
    QFont label = font();
    p.setFont(label);
    p.setPen(palette().color(QPalette::PlaceholderText));
    const double lineH = p.fontMetrics().height();
    p.drawText(QRectF(r.left(), r.top(), r.width(), lineH), Qt::AlignHCenter, tile.label);
    QFont value = font();
    value.setPointSizeF(value.pointSizeF() * (big ? 2.6 : 1.6));
    value.setBold(true);
    p.setFont(value);
    p.setPen(palette().color(QPalette::Text));
    const double valueH = QFontMetricsF(value).height();
    const double sparkH = big && m_showSpark && tile.spark.size() > 1 ? std::min(60.0, r.height() * 0.3) : 0;
    const double top = r.top() + lineH + std::max(0.0, (r.height() - lineH * 2 - valueH - sparkH) / 2);
    p.drawText(QRectF(r.left(), top, r.width(), valueH), Qt::AlignHCenter | Qt::AlignVCenter, tile.value);
    if (m_showDelta && !tile.deltaText.isEmpty()) {
        p.setFont(label);
        p.setPen(tile.delta > 0 ? m_increase : tile.delta < 0 ? m_decrease : palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(r.left(), top + valueH, r.width(), lineH), Qt::AlignHCenter, tile.deltaText);
    }
    if (sparkH <= 0)
        return;
    const QRectF s(r.left() + r.width() * 0.1, r.bottom() - sparkH, r.width() * 0.8, sparkH);
    const auto [lo, hi] = std::minmax_element(tile.spark.begin(), tile.spark.end());
    const double span = *hi > *lo ? *hi - *lo : 1;
    QPainterPath path;
    for (size_t i = 0; i < tile.spark.size(); ++i) {
        const QPointF pt(s.left() + s.width() * double(i) / double(tile.spark.size() - 1),
                         s.bottom() - (tile.spark[i] - *lo) / span * s.height());
        i == 0 ? path.moveTo(pt) : path.lineTo(pt);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(m_spark, 2));
    p.drawPath(path);
}

} // namespace tideline::ui::charts
