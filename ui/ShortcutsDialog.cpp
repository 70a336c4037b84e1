#include "ui/ShortcutsDialog.h"
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tideline::ui {

ShortcutsDialog::ShortcutsDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    const QList<QPair<QString, QString>> rows = {
        {tr("Run the statement at the cursor, or the selection"), QStringLiteral("Ctrl+Enter")},
        {tr("Run the whole script"), QStringLiteral("Ctrl+Shift+Enter")},
        {tr("Cancel the running query"), QStringLiteral("Esc")},
        {tr("Format SQL"), QStringLiteral("Ctrl+Shift+F")},
        {tr("Pause / resume the result grid"), QStringLiteral("Ctrl+P")},
        {tr("New query tab"), QStringLiteral("Ctrl+T")},
        {tr("Close query tab (cancels its query)"), QStringLiteral("Ctrl+W")},
        {tr("Command palette: open any object, run any action"), QStringLiteral("Ctrl+K")},
        {tr("Filter the explorer"), QStringLiteral("Ctrl+Shift+E")},
        {tr("Refresh the explorer"), QStringLiteral("F5")},
        {tr("Show the running query's pipeline (operators, rows, time)"), QStringLiteral("Ctrl+Shift+P")},
        {tr("Lineage: sources, streams, views, sinks"), QStringLiteral("Ctrl+Shift+G")},
        {tr("Show this help"), QStringLiteral("F1")},
    };
    auto *table = new QTableWidget(int(rows.size()), 2, this);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(QKeySequence(rows[r].second).toString(QKeySequence::NativeText)));
    }
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(520, 400);
}

} // namespace tideline::ui
