#pragma once
// The result grid's vertical header: row numbers, measured once per number of digits.
//
// QHeaderView::sizeHint measures the labels of up to a thousand sections, and the table asks for
// it after every insert; a live grid inserts 40 times a second. The width only changes when the
// widest label (the last row's number) gains a digit, so the hint is kept until it does.
#include <QHeaderView>

namespace tideline::ui {

class RowNumberHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit RowNumberHeader(QWidget *parent = nullptr) : QHeaderView(Qt::Vertical, parent)
    {
        setSectionsClickable(true); // as QTableView's own: a click selects the row
        setHighlightSections(true);
    }
    QSize sizeHint() const override;
    // Also repaints when the model's data changes: a full ring of models::ResultModel moves its
    // rows' content, and their numbers with it, under one dataChanged.
    void setModel(QAbstractItemModel *model) override;

private:
    mutable QSize m_hint;
    mutable qsizetype m_digits = -1;
    mutable QFont m_font;
};

} // namespace tideline::ui
