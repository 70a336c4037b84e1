#include "ui/SqlCompleter.h"
#include <QAbstractItemView>
#include <QCompleter>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTreeView>
#include "models/CompletionModel.h"
#include "ui/SqlEditor.h"

namespace tideline::ui {

namespace {

// A coloured letter per kind (K, S, V, C, A, F): the kind is readable at a glance without a
// column of its own, and the colours match the highlighter's families.
QIcon kindIcon(models::CompletionKind kind, int size)
{
    static QHash<int, QIcon> cache;
    const int key = int(kind) * 1000 + size;
    if (auto it = cache.constFind(key); it != cache.cend())
        return *it;
    static const struct { char letter; QRgb color; } styles[] = {
        {'K', 0x1a4fc4}, {'S', 0x2e7d32}, {'V', 0x00838f}, {'C', 0xb35400}, {'A', 0x6d4c41}, {'F', 0x8b2da8}};
    const auto &s = styles[int(kind)];
    QPixmap pixmap(size * 2, size * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(s.color));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3);
    QFont font;
    font.setPixelSize(size * 2 / 3);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, QString(QLatin1Char(s.letter)));
    p.end();
    return cache[key] = QIcon(pixmap);
}

class CompletionDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == 0) {
            const int size = option->fontMetrics.height();
            option->icon = kindIcon(models::CompletionKind(index.data(models::CompletionModel::KindRole).toInt()), size);
            option->decorationSize = QSize(size, size);
            option->features |= QStyleOptionViewItem::HasDecoration;
        } else { // the detail is secondary: muted, and elided rather than widening the popup
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
            option->textElideMode = Qt::ElideRight;
        }
    }
};

} // namespace

SqlCompleter::SqlCompleter(SqlEditor *editor, models::CompletionModel *model)
    : QObject(editor), m_editor(editor), m_model(model), m_completer(new QCompleter(this)), m_popup(new QTreeView)
{
    m_popup->setObjectName(QStringLiteral("completionPopup"));
    m_popup->setHeaderHidden(true);
    m_popup->setRootIsDecorated(false);
    m_popup->setUniformRowHeights(true);
    m_popup->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_popup->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_popup->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_completer->setWidget(editor);
    m_completer->setModel(model);
    m_completer->setPopup(m_popup); // takes ownership, and installs its own delegate...
    m_popup->setItemDelegate(new CompletionDelegate(m_popup)); // ...so ours goes in after
    // The model has already chosen and ordered the rows for the prefix: show them as they are.
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCompletionRole(Qt::EditRole);
    m_completer->setMaxVisibleItems(10);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &SqlCompleter::insert);
    connect(model, &models::CompletionModel::ready, this, &SqlCompleter::answered);
}

bool SqlCompleter::isPopupVisible() const
{
    return m_popup->isVisible();
}

bool SqlCompleter::popupOwnsKey(const QKeyEvent *event) const
{
    if (!isPopupVisible())
        return false;
    switch (event->key()) {
    case Qt::Key_Enter:
    case Qt::Key_Return:
    case Qt::Key_Escape:
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return !(event->modifiers() & Qt::ControlModifier); // Ctrl+Enter still runs
    default:
        return false;
    }
}

void SqlCompleter::keyHandled(const QKeyEvent *event)
{
    const QString text = event->text();
    const bool wordChar = text.size() == 1 && (text[0].isLetterOrNumber() || text[0] == QLatin1Char('_'));
    const bool dot = text == QLatin1String(".");
    const bool erase = event->key() == Qt::Key_Backspace && isPopupVisible();
    if ((wordChar || dot || erase) && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier)))
        requestNow();
    else if (isPopupVisible() && !text.isEmpty() && !event->modifiers().testFlag(Qt::ControlModifier))
        m_popup->hide(); // a space, bracket or operator ends the word
}

void SqlCompleter::requestNow()
{
    m_requestCursor = m_editor->textCursor().position();
    m_model->request(m_editor->toPlainText(), m_requestCursor);
}

void SqlCompleter::answered(quint64 request)
{
    // Only the latest request, and only while the cursor is where it was asked.
    if (request != m_model->latestRequest() || m_editor->textCursor().position() != m_requestCursor || !m_editor->hasFocus())
        return;
    if (m_model->rowCount() == 0 || (m_model->prefix().isEmpty() && m_model->rowCount() > 150)) {
        m_popup->hide();
        return;
    }
    m_popup->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_popup->header()->setStretchLastSection(true);
    m_popup->setCurrentIndex(m_model->index(0, 0));
    QRect rect = m_editor->cursorRect();
    rect.translate(m_editor->viewport()->pos()); // cursorRect() is in viewport coordinates
    int word = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        word = std::max(word, m_popup->fontMetrics().horizontalAdvance(m_model->item(r).text));
    word += m_popup->fontMetrics().height() + 24; // the kind badge and margins
    rect.setWidth(std::clamp(word + 360, 320, 640) + m_popup->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
}

void SqlCompleter::insert(const QString &word)
{
    QTextCursor cursor = m_editor->textCursor();
    cursor.setPosition(m_model->prefixStart());
    cursor.setPosition(m_editor->textCursor().position(), QTextCursor::KeepAnchor);
    cursor.insertText(word);
    m_editor->setTextCursor(cursor);
    m_popup->hide();
}

} // namespace tideline::ui
