#include "ui/alerts/AlertsTab.h"
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include "client/WorkspaceClient.h"
#include "models/AlertListModel.h"
#include "ui/alerts/AlertEditor.h"

namespace tideline::ui::alerts {

using models::AlertListModel;

AlertsTab::AlertsTab(client::WorkspaceClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new AlertListModel(client, this)), m_table(new QTableView(this)),
      m_timeline(new QListWidget(this)), m_timelineTitle(new QLabel(tr("Timeline"), this))
{
    setObjectName(QStringLiteral("alertsTab"));
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_timeline->setObjectName(QStringLiteral("alertTimeline"));
    m_timeline->setWordWrap(true); // entries carry the row that fired: wrap rather than cut
    m_timeline->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    QToolButton *add = button("newAlertButton", tr("+ New alert"), tr("Create an alert"));
    m_edit = button("editAlertButton", tr("Edit"), tr("Edit the selected alert"));
    m_start = button("startAlertButton", tr("Start"), tr("Start watching with the trigger SQL"));
    m_stop = button("stopAlertButton", tr("Stop"), tr("Stop the alert's queries"));
    m_resolve = button("resolveAlertButton", tr("Resolve"), tr("Resolve the triggered alert by hand"));
    m_delete = button("deleteAlertButton", tr("Delete"), tr("Delete the selected alert"));
    QToolButton *refresh = button("refreshAlertsButton", tr("Refresh"), tr("Reload the list"));
    for (QToolButton *b : {add, m_edit, m_start, m_stop, m_resolve, m_delete})
        bar->addWidget(b);
    bar->addStretch(1);
    bar->addWidget(refresh);
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_timelineTitle);
    sideLayout->addWidget(m_timeline, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({760, 420});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(add, &QToolButton::clicked, this, &AlertsTab::newAlert);
    connect(m_edit, &QToolButton::clicked, this, &AlertsTab::editSelected);
    connect(m_start, &QToolButton::clicked, this, [this] { act(QStringLiteral("start")); });
    connect(m_stop, &QToolButton::clicked, this, [this] { act(QStringLiteral("stop")); });
    connect(m_resolve, &QToolButton::clicked, this, [this] { act(QStringLiteral("resolve")); });
    connect(m_delete, &QToolButton::clicked, this, &AlertsTab::confirmRemove);
    connect(refresh, &QToolButton::clicked, m_model, &AlertListModel::refresh);
    connect(m_table, &QTableView::doubleClicked, this, &AlertsTab::editSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        m_selected = rows.isEmpty() ? QString() : rows.first().data(AlertListModel::IdRole).toString();
        updateTimeline();
        updateButtons();
    });
    connect(m_model, &AlertListModel::refreshed, this, [this] {
        if (!m_selected.isEmpty() && m_table->selectionModel()->selectedRows().isEmpty())
            select(m_selected); // a reset lost the selection: restore it by id
        m_table->resizeColumnsToContents();
        updateTimeline();
        updateButtons();
    });
    connect(m_model, &AlertListModel::failed, this, &AlertsTab::message);
    m_model->refresh();
    updateButtons();
}

QToolButton *AlertsTab::button(const char *name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton(this);
    b->setObjectName(QLatin1String(name));
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

void AlertsTab::showEvent(QShowEvent *event)
{
    m_model->setPolling(true);
    m_model->refresh();
    QWidget::showEvent(event);
}

void AlertsTab::hideEvent(QHideEvent *event)
{
    m_model->setPolling(false); // no polling for a tab nobody looks at
    QWidget::hideEvent(event);
}

QString AlertsTab::selectedId() const
{
    return m_selected;
}

void AlertsTab::select(const QString &id)
{
    const int row = m_model->rowOf(id);
    m_selected = id;
    if (row >= 0)
        m_table->selectRow(row);
}

void AlertsTab::updateButtons()
{
    const QJsonObject a = m_model->alert(m_model->rowOf(m_selected));
    const bool has = !a.isEmpty();
    const bool running = a.value(QStringLiteral("status")).toString() == QLatin1String("running");
    const bool triggered = a.value(QStringLiteral("instance")).toObject().value(QStringLiteral("status")).toString() == QLatin1String("triggered");
    m_edit->setEnabled(has);
    m_delete->setEnabled(has);
    m_start->setEnabled(has && !running);
    m_stop->setEnabled(has && running);
    m_resolve->setEnabled(has && triggered);
}

void AlertsTab::updateTimeline()
{
    const QJsonObject a = m_model->alert(m_model->rowOf(m_selected));
    m_timelineTitle->setText(a.isEmpty() ? tr("Timeline") : tr("Timeline of %1").arg(a.value(QStringLiteral("name")).toString()));
    const QJsonArray entries = AlertListModel::timeline(a);
    QStringList lines;
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QJsonObject e = entries[i].toObject();
        const QString kind = e.value(QStringLiteral("status")).toString(e.value(QStringLiteral("type")).toString());
        const QString time = e.contains(QStringLiteral("time")) ? e.value(QStringLiteral("time")).toString()
                                                                 : AlertListModel::timeText(e.value(QStringLiteral("timestamp")).toInteger());
        const QString note = e.value(QStringLiteral("message")).toString();
        lines << QStringLiteral("%1  %2%3").arg(time, kind.toUpper(), note.isEmpty() ? QString() : QStringLiteral(" · ") + note);
    }
    if (lines != [&] { QStringList now; for (int i = 0; i < m_timeline->count(); ++i) now << m_timeline->item(i)->text(); return now; }()) {
        m_timeline->clear();
        m_timeline->addItems(lines);
    }
}

AlertEditor *AlertsTab::openEditor(const QJsonObject &alert)
{
    if (m_editor)
        m_editor->close();
    m_editor = new AlertEditor(m_client, alert, this);
    m_editor->setWindowFlag(Qt::Window);
    connect(m_editor, &AlertEditor::saved, this, [this](const QString &id) {
        m_selected = id;
        m_model->refresh();
    });
    m_editor->show();
    return m_editor;
}

AlertEditor *AlertsTab::newAlert()
{
    return openEditor({});
}

AlertEditor *AlertsTab::editSelected()
{
    const QJsonObject a = m_model->alert(m_model->rowOf(m_selected));
    return a.isEmpty() ? nullptr : openEditor(a);
}

void AlertsTab::act(const QString &action)
{
    if (m_selected.isEmpty())
        return;
    const QString id = m_selected;
    QPointer<AlertsTab> self(this); // the answer may come after the tab is closed
    m_client->action(client::Resource::Alert, id, action, [self, this, action](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok)
            Q_EMIT message(tr("Could not %1 the alert: %2").arg(action, reply.error.message));
        m_model->refresh();
    });
}

QMessageBox *AlertsTab::confirmRemove()
{
    if (m_selected.isEmpty())
        return nullptr;
    const QJsonObject alert = m_model->alert(m_model->rowOf(m_selected));
    const QString name = alert.value(QStringLiteral("name")).toString(m_selected);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete alert"), tr("Delete the alert <b>%1</b>?").arg(name.toHtmlEscaped()),
                                QMessageBox::NoButton, window());
    box->setObjectName(QStringLiteral("deleteAlertConfirmation"));
    box->setInformativeText(tr("It stops watching its trigger SQL and its timeline is deleted. This cannot be undone."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    QPushButton *yes = box->addButton(tr("Delete alert"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteAlertButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelDeleteAlertButton"));
    box->setDefaultButton(cancel); // Enter must not delete
    const QString id = m_selected;
    connect(yes, &QPushButton::clicked, this, [this, id] {
        if (m_selected == id) // the selection may have moved while the box was open
            removeSelected();
    });
    box->open();
    return box;
}

void AlertsTab::removeSelected()
{
    if (m_selected.isEmpty())
        return;
    const QString id = m_selected;
    QPointer<AlertsTab> self(this);
    m_client->remove(client::Resource::Alert, id, [self, this](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok)
            Q_EMIT message(tr("Could not delete the alert: %1").arg(reply.error.message));
        m_selected.clear();
        m_model->refresh();
    });
}

} // namespace tideline::ui::alerts
