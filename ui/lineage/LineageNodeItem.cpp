#include "ui/lineage/LineageNodeItem.h"
#include <QApplication>
#include <QGraphicsSceneMouseEvent>
#include <QLocale>
#include <QPainter>
#include <QPalette>

namespace tideline::ui::lineage {

LineageNodeItem::LineageNodeItem(const QString &id, const QString &name, const QString &kind, QGraphicsItem *parent)
    : QGraphicsObject(parent), m_id(id), m_name(name), m_kind(kind)
{
    setCursor(Qt::PointingHandCursor);
    setAcceptedMouseButtons(Qt::LeftButton);
    setToolTip(QStringLiteral("%1 · %2").arg(kind, name));
    setZValue(1); // above the edges
}

QColor LineageNodeItem::kindColor(const QString &kind)
{
    if (kind == QLatin1String("source"))
        return QColor(0x8e, 0x44, 0xad);
    if (kind == QLatin1String("materialized_view"))
        return QColor(0xe6, 0x7e, 0x22);
    if (kind == QLatin1String("view"))
        return QColor(0x16, 0xa0, 0x85);
    if (kind == QLatin1String("sink"))
        return QColor(0xc0, 0x39, 0x2b);
    if (kind.startsWith(QLatin1String("external")))
        return QColor(0x7f, 0x8c, 0x8d);
    return QColor(0x29, 0x80, 0xb9); // streams
}

void LineageNodeItem::setThroughput(double eventsPerSecond, bool hasStats)
{
    const QString text = !hasStats ? QString()
                         : eventsPerSecond < 0 ? tr("measuring…")
                                               : tr("%1 ev/s").arg(QLocale().toString(eventsPerSecond, 'f', eventsPerSecond < 10 ? 1 : 0));
    if (text == m_throughput)
        return;
    m_throughput = text;
    update();
}

void LineageNodeItem::setHighlighted(bool on)
{
    if (on == m_highlighted)
        return;
    m_highlighted = on;
    update();
}

QRectF LineageNodeItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, kHeight + 4);
}

void LineageNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette pal = QApplication::palette();
    const QColor accent = kindColor(m_kind);
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, kWidth, kHeight);
    painter->setPen(QPen(m_highlighted ? pal.color(QPalette::Highlight) : accent.darker(115), m_highlighted ? 3 : 1.2));
    painter->setBrush(pal.color(QPalette::Base));
    painter->drawRoundedRect(box, 6, 6);
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent);
    painter->drawRoundedRect(QRectF(0, 0, 6, kHeight), 3, 3);
    QFont small = painter->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(small);
    painter->setPen(accent);
    painter->drawText(QRectF(14, 4, kWidth - 20, 16), Qt::AlignLeft | Qt::AlignVCenter, QString(m_kind).replace(QLatin1Char('_'), QLatin1Char(' ')));
    painter->setFont(bold);
    painter->setPen(pal.color(QPalette::Text));
    const QString name = QFontMetrics(bold).elidedText(m_name, Qt::ElideMiddle, int(kWidth - 22));
    painter->drawText(QRectF(14, 19, kWidth - 20, 20), Qt::AlignLeft | Qt::AlignVCenter, name);
    if (!m_throughput.isEmpty()) {
        painter->setFont(small);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(QRectF(14, 38, kWidth - 22, 16), Qt::AlignRight | Qt::AlignVCenter, m_throughput);
    }
}

void LineageNodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    event->accept(); // so the release comes here too
}

void LineageNodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (boundingRect().contains(event->pos()) && clicked)
        clicked(m_id);
}

} // namespace tideline::ui::lineage
