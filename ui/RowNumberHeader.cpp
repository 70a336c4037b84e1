#include "ui/RowNumberHeader.h"

namespace tideline::ui {

QSize RowNumberHeader::sizeHint() const
{
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    const qsizetype digits = rows > 0 ? model()->headerData(rows - 1, Qt::Vertical).toString().size() : 0;
    if (digits != m_digits || font() != m_font || !m_hint.isValid()) {
        m_digits = digits;
        m_font = font();
        m_hint = QHeaderView::sizeHint();
    }
    return m_hint;
}

void RowNumberHeader::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model())
        disconnect(old, &QAbstractItemModel::dataChanged, this, nullptr);
    QHeaderView::setModel(model);
    if (model)
        connect(model, &QAbstractItemModel::dataChanged, this, [this] { viewport()->update(); });
}

} // namespace tideline::ui
