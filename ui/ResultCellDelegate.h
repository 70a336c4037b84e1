#pragma once
// Paints the cells of the live result grid: the selection panel from the style, then the text,
// right-aligned for numbers, NULL in the muted placeholder colour, elided at the right.
//
// QStyledItemDelegate asks the model for eight roles and lays each cell out through QTextLayout;
// this delegate asks for the text and the null flag and draws ASCII through AsciiGlyphCache
// (anything else through QPainter::drawText). It paints only: editing stays with the base class.
// GUI thread only.
#include <QStyledItemDelegate>
#include "ui/AsciiGlyphCache.h"

namespace tideline::ui {

class ResultCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    mutable AsciiGlyphCache m_glyphs;
    mutable AsciiGlyphCache::Run m_run;
};

} // namespace tideline::ui
