#include "ui/CommandPalette.h"
#include <QApplication>
#include <QGraphicsDropShadowEffect>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace tideline::ui {

using models::CommandPaletteModel;

namespace {

// One line per entry: icon and title on the left, the kind or menu and the shortcut on the right
// in the muted text colour.
class PaletteDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString right = [&] {
            const QString detail = index.data(CommandPaletteModel::DetailRole).toString();
            const QString shortcut = index.data(CommandPaletteModel::ShortcutRole).toString();
            return shortcut.isEmpty() ? detail : detail + QStringLiteral("   ") + shortcut;
        }();
        const int rightWidth = opt.fontMetrics.horizontalAdvance(right) + 12;
        opt.rect.setRight(opt.rect.right() - rightWidth); // the title is elided before the detail
        QStyleOptionViewItem background = option;
        background.text.clear();
        background.icon = QIcon();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, opt.widget);
        opt.state &= ~QStyle::State_Selected; // the background is drawn once, full width
        opt.backgroundBrush = Qt::NoBrush;
        if (option.state & QStyle::State_Selected)
            opt.palette.setColor(QPalette::Text, option.palette.color(QPalette::HighlightedText));
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        painter->save();
        painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                              : option.palette.color(QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(0, 0, -8, 0), Qt::AlignRight | Qt::AlignVCenter, right);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(std::max(s.height(), option.fontMetrics.height() + 10));
        return s;
    }
};

} // namespace

CommandPalette::CommandPalette(QWidget *window)
    : QFrame(window), m_model(new CommandPaletteModel(this)), m_input(new QLineEdit(this)), m_list(new QListView(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    auto *shadow = new QGraphicsDropShadowEffect(this);
    shadow->setBlurRadius(24);
    shadow->setOffset(0, 4);
    shadow->setColor(QColor(0, 0, 0, 110));
    setGraphicsEffect(shadow);
    m_input->setObjectName(QStringLiteral("commandPaletteInput"));
    m_input->setPlaceholderText(tr("Search objects and actions…"));
    m_input->setClearButtonEnabled(true);
    QFont f = m_input->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_input->setFont(f);
    m_list->setObjectName(QStringLiteral("commandPaletteList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new PaletteDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus); // typing stays in the box; arrows are forwarded
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    hide();

    m_input->installEventFilter(this);
    window->installEventFilter(this); // follow the window's size
    connect(m_input, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_model->setFilter(text);
        selectRow(0);
        place();
    });
    connect(m_list, &QListView::clicked, this, &CommandPalette::choose);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (isVisible() && now && !isAncestorOf(now))
            hide();
    });
}

void CommandPalette::setEntries(const QList<CommandPaletteModel::Entry> &entries)
{
    m_model->setEntries(entries);
    selectRow(0);
}

void CommandPalette::popup()
{
    m_input->clear();
    m_model->setFilter(QString());
    selectRow(0);
    place();
    show();
    raise();
    m_input->setFocus(Qt::PopupFocusReason);
}

void CommandPalette::place()
{
    QWidget *w = parentWidget();
    const int width = std::min(640, w->width() - 40);
    // As tall as its rows (up to 12), so a narrow search does not leave a large empty box.
    const int rows = std::clamp(m_model->rowCount(), 1, 12);
    const int rowHeight = m_model->rowCount() > 0 ? m_list->sizeHintForRow(0) : fontMetrics().height() + 10;
    const QMargins margins = layout()->contentsMargins();
    const int height = std::min(margins.top() + margins.bottom() + layout()->spacing() + m_input->sizeHint().height()
                                    + rows * rowHeight + 2 * m_list->frameWidth() + 2,
                                w->height() - 80);
    setGeometry((w->width() - width) / 2, 48, width, height);
}

void CommandPalette::selectRow(int row)
{
    if (m_model->rowCount() == 0)
        return;
    row = std::clamp(row, 0, m_model->rowCount() - 1);
    const QModelIndex index = m_model->index(row, 0);
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
}

void CommandPalette::choose(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QVariant payload = index.data(CommandPaletteModel::PayloadRole);
    hide();
    Q_EMIT chosen(payload);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget()) {
        if (event->type() == QEvent::Resize && isVisible())
            place();
        return false;
    }
    if (watched != m_input || event->type() != QEvent::KeyPress)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    const int row = m_list->currentIndex().row();
    switch (key->key()) {
    case Qt::Key_Down: selectRow(row + 1); return true;
    case Qt::Key_Up: selectRow(row - 1); return true;
    case Qt::Key_PageDown: selectRow(row + 8); return true;
    case Qt::Key_PageUp: selectRow(row - 8); return true;
    case Qt::Key_Return: case Qt::Key_Enter: choose(m_list->currentIndex()); return true;
    case Qt::Key_Escape: hide(); return true;
    default: return false;
    }
}

} // namespace tideline::ui
