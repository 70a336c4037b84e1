#include "ui/ResultCellDelegate.h"
#include <QApplication>
#include <QPainter>
#include "models/ResultModel.h"

namespace tideline::ui {

void ResultCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const bool selected = option.state & QStyle::State_Selected;
    if (selected || (option.state & (QStyle::State_MouseOver | QStyle::State_HasFocus))) {
        QStyleOptionViewItem panel(option);
        panel.index = index;
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &panel, painter, widget);
    }
    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty())
        return;
    const bool null = index.data(models::ResultModel::IsNullRole).toBool();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect rect = option.rect.adjusted(margin, 0, -margin, 0);
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (option.state & QStyle::State_Active)                                ? QPalette::Active
                                                                               : QPalette::Inactive;
    const QPalette::ColorRole role = selected ? QPalette::HighlightedText : null ? QPalette::PlaceholderText : QPalette::Text;
    const bool right = index.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight;
    painter->save();
    painter->setPen(option.palette.color(group, role));
    if (m_glyphs.layout(option.font, text, rect.width(), m_run)) {
        const QFontMetrics &metrics = option.fontMetrics;
        const qreal baseline = rect.top() + (rect.height() - metrics.ascent() - metrics.descent()) / 2.0 + metrics.ascent();
        const qreal x = right ? rect.right() + 1 - m_run.width : rect.left();
        painter->drawGlyphRun(QPointF(x, baseline), m_run.glyphs);
    } else {
        painter->setFont(option.font);
        const QString shown = option.fontMetrics.elidedText(text, Qt::ElideRight, rect.width());
        painter->drawText(rect, int(Qt::AlignVCenter | (right ? Qt::AlignRight : Qt::AlignLeft)), shown);
    }
    painter->restore();
}

} // namespace tideline::ui
