#pragma once
// Toolbar icons drawn in the palette's button-text colour: Fusion's media icons are dark
// glyphs that vanish on the dark theme.
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QStyle>
#include <QWidget>

namespace tideline::ui {

inline QIcon tintedIcon(QWidget *widget, QStyle::StandardPixmap which)
{
    if (which < QStyle::SP_MediaPlay || which > QStyle::SP_MediaSeekBackward) // only the glyph-like media icons
        return widget->style()->standardIcon(which);
    const QColor color = widget->palette().color(QPalette::ButtonText);
    QPixmap pixmap = widget->style()->standardIcon(which).pixmap(32, 32);
    QPainter painter(&pixmap);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
    painter.fillRect(pixmap.rect(), color);
    return QIcon(pixmap);
}

} // namespace tideline::ui
