#pragma once
// The row inspector beside the result grid: every column of one row, name and type over its
// value, with JSON values (objects and arrays, as streams often carry raw payloads)
// pretty-printed. Previous/next walk the grid; it follows the grid's current row.
#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QTextBrowser;
class QToolButton;

namespace tideline::ui {

class RowInspector : public QWidget {
    Q_OBJECT
public:
    explicit RowInspector(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    void showRow(int row);
    int row() const { return m_row; }
    QString plainText() const;
    static QString prettyJson(const QString &text); // empty when the text is no JSON object/array

Q_SIGNALS:
    void rowRequested(int row); // prev/next: the owner moves the grid's selection
    void closeRequested();

private:
    void refresh();

    QPointer<QAbstractItemModel> m_model;
    int m_row = -1;
    QLabel *m_title;
    QTextBrowser *m_text;
    QToolButton *m_prev;
    QToolButton *m_next;
};

} // namespace tideline::ui
