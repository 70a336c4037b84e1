#include "ui/Sparkline.h"
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace tideline::ui {

namespace {

QString compact(double v)
{
    // Rates span 0.01 to millions: two significant decimals below 10, thousands separators above.
    return v < 10 ? QLocale().toString(v, 'f', v < 1 && v > 0 ? 2 : 1) : QLocale().toString(qRound64(v));
}

} // namespace

Sparkline::Sparkline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setValues(const QList<double> &values)
{
    m_values = values;
    update();
}

void Sparkline::setCaption(const QString &caption)
{
    m_caption = caption;
    update();
}

QSize Sparkline::sizeHint() const
{
    return {240, fontMetrics().height() * 2 + 44};
}

QSize Sparkline::minimumSizeHint() const
{
    return {120, fontMetrics().height() * 2 + 44};
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm = fontMetrics();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(frame, 4, 4);

    // Caption on the left, the latest value (large) on the right of the top line.
    const QRect text = rect().adjusted(8, 4, -8, -4);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(text, Qt::AlignLeft | Qt::AlignTop, m_caption);
    const double latest = m_values.isEmpty() ? 0 : m_values.last();
    const double peak = m_values.isEmpty() ? 0 : *std::max_element(m_values.cbegin(), m_values.cend());
    p.setPen(pal.color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(text, Qt::AlignRight | Qt::AlignTop, m_values.isEmpty() ? QStringLiteral("–") : compact(latest) + m_unit);
    p.setFont(font());

    const QRectF plot = QRectF(text).adjusted(0, fm.height() + 6, 0, -fm.height() - 2);
    p.setPen(pal.color(QPalette::PlaceholderText));
    if (m_values.size() < 2) {
        p.drawText(plot, Qt::AlignCenter, m_placeholder.isEmpty() ? tr("waiting for samples…") : m_placeholder);
        return;
    }
    p.drawText(text, Qt::AlignLeft | Qt::AlignBottom, tr("max %1").arg(compact(peak) + m_unit));
    p.drawText(text, Qt::AlignRight | Qt::AlignBottom, tr("%n samples", nullptr, int(m_values.size())));

    const double top = peak > 0 ? peak * 1.1 : 1; // a flat zero line sits on the floor
    const double step = plot.width() / double(m_values.size() - 1);
    QPainterPath line;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        const QPointF pt(plot.left() + step * double(i), plot.bottom() - plot.height() * std::max(0.0, m_values[i]) / top);
        i == 0 ? line.moveTo(pt) : line.lineTo(pt);
    }
    QPainterPath area = line;
    area.lineTo(plot.right(), plot.bottom());
    area.lineTo(plot.left(), plot.bottom());
    area.closeSubpath();
    QColor accent = pal.color(QPalette::Highlight);
    QColor fill = accent;
    fill.setAlpha(60);
    p.fillPath(area, fill);
    p.setPen(QPen(accent, 1.8));
    p.setBrush(Qt::NoBrush);
    p.drawPath(line);
    p.setBrush(accent);
    p.drawEllipse(line.currentPosition(), 2.5, 2.5); // the newest sample
}

} // namespace tideline::ui
