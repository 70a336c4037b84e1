#include "ui/MainWindow.h"
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <tuple>
#include "client/WorkspaceClient.h"
#include "models/ConnectionManager.h"
#include "models/HistoryModel.h"
#include "models/ObjectDetails.h"
#include "models/ObjectTreeModel.h"
#include "models/ResultModel.h"
#include "ui/CommandPalette.h"
#include "ui/ConnectionSwitcher.h"
#include "ui/ExplorerPanel.h"
#include "ui/ObjectPage.h"
#include "ui/QueryTab.h"
#include "ui/ShortcutsDialog.h"
#include "ui/Theme.h"
#include "ui/alerts/AlertsTab.h"
#include "ui/dashboard/DashboardTab.h"
#include "ui/forms/FormLauncher.h"
#include "ui/lineage/LineageView.h"

namespace tideline::ui {

using client::Resource;
using models::ObjectTreeModel;

MainWindow::MainWindow(client::WorkspaceClient *client, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_objects(new ObjectTreeModel(this)),
      m_history(new models::HistoryModel(this)), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Tideline — %1").arg(client->description()));
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto *plus = new QToolButton(m_tabs);
    plus->setObjectName(QStringLiteral("newTabButton"));
    plus->setText(QStringLiteral("+"));
    plus->setToolTip(tr("New query tab (Ctrl+T)"));
    plus->setAutoRaise(true);
    m_tabs->setCornerWidget(plus, Qt::TopRightCorner);
    connect(plus, &QToolButton::clicked, this, [this] { newQueryTab(); });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setCentralWidget(m_tabs);

    m_forms = new forms::FormLauncher(client, m_objects, this);
    connect(m_forms, &forms::FormLauncher::saved, this, [this](Resource resource, const QString &name) {
        statusBar()->showMessage(tr("Saved %1 %2").arg(ObjectTreeModel::kindName(resource), name), 8000);
        refreshExplorer();
    });
    createExplorer();
    createHistory();
    createMenus();
    createStatusBar();
    m_palette = new CommandPalette(this);
    connect(m_palette, &CommandPalette::chosen, this, &MainWindow::paletteChosen);
    m_objects->setClient(client); // before the state: a client that is already connected reloads the tree now
    connect(client, &client::WorkspaceClient::stateChanged, this, &MainWindow::connectionChanged);
    connectionChanged(client->state(), {});
    resize(1280, 800);
}

void MainWindow::createExplorer()
{
    QStyle *s = style();
    m_objects->setDatabaseIcon(s->standardIcon(QStyle::SP_DriveHDIcon));
    m_objects->setIcon(Resource::Stream, s->standardIcon(QStyle::SP_FileDialogListView));
    m_objects->setIcon(Resource::View, s->standardIcon(QStyle::SP_FileDialogContentsView));
    m_objects->setIcon(Resource::MaterializedView, s->standardIcon(QStyle::SP_FileDialogDetailedView));
    m_objects->setIcon(Resource::ExternalStream, s->standardIcon(QStyle::SP_DriveNetIcon));
    m_objects->setIcon(Resource::ExternalTable, s->standardIcon(QStyle::SP_DriveNetIcon));
    m_objects->setIcon(Resource::SavedQuery, s->standardIcon(QStyle::SP_FileIcon));
    m_objects->setIcon(Resource::Dashboard, s->standardIcon(QStyle::SP_DesktopIcon));
    m_objects->setIcon(Resource::Udf, s->standardIcon(QStyle::SP_CommandLink));
    m_objects->setIcon(Resource::Alert, s->standardIcon(QStyle::SP_MessageBoxWarning));
    m_objects->setIcon(Resource::Sink, s->standardIcon(QStyle::SP_ArrowRight));
    m_objects->setIcon(Resource::Source, s->standardIcon(QStyle::SP_ArrowLeft));
    m_objects->setIcon(Resource::Schema, s->standardIcon(QStyle::SP_FileDialogInfoView));

    m_explorer = new ExplorerPanel(m_client, m_objects, this);
    m_search = m_explorer->filterBox();
    m_tree = m_explorer->tree();
    auto *dock = new QDockWidget(tr("Explorer"), this);
    dock->setObjectName(QStringLiteral("explorerDock"));
    dock->setWidget(m_explorer);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {280}, Qt::Horizontal);
    connect(m_explorer, &ExplorerPanel::queryRequested, this, [this](const QString &sql, const QString &title) { newQueryTab(sql, title); });
    connect(m_explorer, &ExplorerPanel::detailsRequested, this, &MainWindow::openObjectPage);
    connect(m_explorer, &ExplorerPanel::statusMessage, this, [this](const QString &t) { statusBar()->showMessage(t, 5000); });
    connect(m_explorer, &ExplorerPanel::formRequested, this, [this](Resource r, const QJsonObject &o) { openForm(r, o); });
    connect(m_tree, &QTreeView::activated, this, &MainWindow::openObject);
}

void MainWindow::createHistory()
{
    auto *panel = new QWidget(this);
    auto *search = new QLineEdit(panel);
    search->setObjectName(QStringLiteral("historySearch"));
    search->setPlaceholderText(tr("Search history"));
    search->setClearButtonEnabled(true);
    auto *table = new QTableView(panel);
    table->setObjectName(QStringLiteral("historyTable"));
    table->setModel(m_history);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setColumnWidth(models::HistoryModel::Time, 130);
    table->setColumnWidth(models::HistoryModel::Status, 70);
    table->setColumnHidden(models::HistoryModel::Connection, true);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(search);
    layout->addWidget(table);
    auto *dock = new QDockWidget(tr("History"), this);
    dock->setObjectName(QStringLiteral("historyDock"));
    dock->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(search, &QLineEdit::textChanged, m_history, &models::HistoryModel::setFilter);
    connect(table, &QTableView::activated, this, [this](const QModelIndex &index) {
        newQueryTab(index.data(models::HistoryModel::SqlRole).toString());
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New query tab"), QKeySequence(Qt::CTRL | Qt::Key_T), this, [this] { newQueryTab(); });
    file->addAction(tr("Close tab"), QKeySequence(Qt::CTRL | Qt::Key_W), this, [this] { closeTab(m_tabs->currentIndex()); });
    file->addSeparator();
    file->addAction(tr("Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *query = menuBar()->addMenu(tr("&Query"));
    auto onTab = [this](void (QueryTab::*method)()) {
        return [this, method] { if (QueryTab *t = currentQueryTab()) (t->*method)(); };
    };
    query->addAction(tr("Run statement"), onTab(&QueryTab::runCurrent))->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    query->addAction(tr("Run script"), onTab(&QueryTab::runScript))->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    query->addAction(tr("Cancel"), onTab(&QueryTab::cancel));
    query->addAction(tr("Format SQL"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), this, onTab(&QueryTab::formatSql));

    QMenu *workspace = menuBar()->addMenu(tr("&Workspace"));
    workspace->addAction(tr("New dashboard"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this, [this] { newDashboard(); })
        ->setObjectName(QStringLiteral("newDashboardAction"));
    workspace->addAction(tr("Alerts"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), this, [this] { openAlerts(); })
        ->setObjectName(QStringLiteral("alertsAction"));
    createWorkspaceMenu(workspace);
    query->addAction(tr("Show pipeline"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this, [this] {
        if (QueryTab *t = currentQueryTab())
            t->showPipeline();
    })->setObjectName(QStringLiteral("showPipelineAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Command palette…"), QKeySequence(Qt::CTRL | Qt::Key_K), this, &MainWindow::showCommandPalette)
        ->setObjectName(QStringLiteral("commandPaletteAction"));
    view->addAction(tr("Filter the explorer"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, [this] { m_search->setFocus(); m_search->selectAll(); });
    view->addAction(tr("Refresh explorer"), QKeySequence(Qt::Key_F5), this, &MainWindow::refreshExplorer);
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    QMenu *theme = view->addMenu(tr("Theme"));
    auto *group = new QActionGroup(this);
    const QList<QPair<QString, Theme::Mode>> modes = {{tr("Follow the system"), Theme::Mode::System},
                                                      {tr("Light"), Theme::Mode::Light}, {tr("Dark"), Theme::Mode::Dark}};
    for (const auto &entry : modes) {
        const QString &label = entry.first;
        const Theme::Mode mode = entry.second; // a variable, not a binding: clang 14 cannot capture those
        QAction *a = theme->addAction(label, this, [mode] { Theme::apply(mode); });
        a->setCheckable(true);
        a->setChecked(Theme::current() == mode);
        group->addAction(a);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Keyboard shortcuts"), QKeySequence(Qt::Key_F1), this, [this] {
        auto *dialog = new ShortcutsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    help->addAction(tr("About Tideline"), this, [this] {
        QMessageBox::about(this, tr("About Tideline"), tr("Tideline: a workbench for streaming SQL (Timeplus Proton)."));
    });
}

void MainWindow::createStatusBar()
{
    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    m_running = new QLabel(this);
    m_running->setObjectName(QStringLiteral("runningLabel"));
    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_running);
}

void MainWindow::connectionChanged(client::ConnectionState state, const QString &message)
{
    const bool ok = state == client::ConnectionState::Connected;
    const QString color = ok ? QStringLiteral("#2e9d4f") : state == client::ConnectionState::Failed ? QStringLiteral("#e53935")
                                                                                                   : QStringLiteral("#e0a100");
    QString text = QStringLiteral("<span style='color:%1'>●</span> %2 · %3")
                       .arg(color, client::connectionStateName(state), m_client->description().toHtmlEscaped());
    if (!message.isEmpty())
        text += QStringLiteral(" · ") + message.toHtmlEscaped();
    m_connection->setText(text);
    setWindowTitle(QStringLiteral("Tideline — %1").arg(m_client->description()));
    if (ok)
        refreshExplorer();
}

void MainWindow::setConnectionManager(models::ConnectionManager *manager)
{
    m_switcher = new ConnectionSwitcher(manager, this);
    auto *bar = addToolBar(tr("Connection"));
    bar->setObjectName(QStringLiteral("connectionToolBar"));
    bar->setMovable(false);
    bar->addWidget(m_switcher);
    auto *manage = new QAction(tr("Connections…"), this);
    manage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(manage, &QAction::triggered, m_switcher, &ConnectionSwitcher::openManager);
    addAction(manage);
    // Queries belong to the connection they were started on: stop them before it goes.
    connect(manager, &models::ConnectionManager::aboutToSwitch, this, [this] {
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto *t = qobject_cast<QueryTab *>(m_tabs->widget(i)))
                t->cancel();
        for (int i = m_tabs->count() - 1; i >= 0; --i)
            if (qobject_cast<ObjectPage *>(m_tabs->widget(i)))
                closeTab(i); // an object's page shows the workspace it came from
    });
}

void MainWindow::openHistory(const QString &path)
{
    if (!m_history->open(path))
        statusBar()->showMessage(tr("History not saved: %1").arg(m_history->errorString()), 10000);
}

void MainWindow::refreshExplorer()
{
    m_objects->reload();
}

QueryTab *MainWindow::newQueryTab(const QString &sql, const QString &title)
{
    auto *tab = new QueryTab(m_client, m_history, m_tabs);
    tab->setObjectModel(m_objects); // completion offers the explorer's streams and views
    tab->editor()->setPlainText(sql);
    tab->editor()->moveCursor(QTextCursor::End);
    const int index = m_tabs->addTab(tab, title.isEmpty() ? tr("query %1").arg(++m_tabCounter) : title);
    m_tabs->setCurrentIndex(index);
    connect(tab, &QueryTab::runningChanged, this, [this, tab](bool running) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0) // a running tab shows a play marker, like the Console's running dot
            m_tabs->setTabIcon(i, running ? style()->standardIcon(QStyle::SP_MediaPlay) : QIcon());
        updateStatus();
        const QString sql = tab->editor()->toPlainText().trimmed().toLower();
        if (!running && (sql.startsWith(QLatin1String("create")) || sql.startsWith(QLatin1String("drop"))))
            refreshExplorer(); // DDL changed the catalog
    });
    connect(tab, &QueryTab::message, this, [this](const QString &t) { statusBar()->showMessage(t, 5000); });
    tab->editor()->setFocus();
    return tab;
}

QueryTab *MainWindow::currentQueryTab() const
{
    return qobject_cast<QueryTab *>(m_tabs->currentWidget());
}

void MainWindow::closeTab(int index)
{
    QWidget *w = m_tabs->widget(index);
    if (!w)
        return;
    m_tabs->removeTab(index);
    w->deleteLater(); // deleting the tab deletes its query handle, which cancels the query
    QMetaObject::invokeMethod(this, &MainWindow::updateStatus, Qt::QueuedConnection);
}

int MainWindow::runningQueries() const
{
    int n = 0;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *t = qobject_cast<QueryTab *>(m_tabs->widget(i)); t && t->isRunning())
            ++n;
    return n;
}

void MainWindow::updateStatus()
{
    const int n = runningQueries();
    m_running->setText(n ? tr("▶ %n running", nullptr, n) : tr("no query running"));
}

void MainWindow::openObject(const QModelIndex &index)
{
    if (index.data(ObjectTreeModel::KindRole).toInt() != int(ObjectTreeModel::NodeKind::Object))
        return;
    const auto resource = Resource(index.data(ObjectTreeModel::ResourceRole).toInt());
    const QString name = index.data(ObjectTreeModel::NameRole).toString();
    const QJsonObject object = index.data(ObjectTreeModel::ObjectRole).toJsonObject();
    switch (resource) {
    case Resource::SavedQuery:
        newQueryTab(object.value(QStringLiteral("sql")).toString(), name);
        break;
    case Resource::Stream: case Resource::View: case Resource::MaterializedView:
    case Resource::ExternalStream: case Resource::ExternalTable: {
        const QString db = index.data(ObjectTreeModel::DatabaseRole).toString();
        const QString qualified = db.isEmpty() || db == QLatin1String("default") ? name : db + QLatin1Char('.') + name;
        newQueryTab(QStringLiteral("SELECT * FROM %1").arg(qualified), name);
        break;
    }
    case Resource::Dashboard:
        openDashboard(object);
        break;
    case Resource::Alert:
        openAlerts()->select(object.value(QStringLiteral("id")).toString());
        break;
    default: // sinks, sources, UDFs, ...: their page shows the definition (and stats)
        openObjectPage(resource, name, index.data(ObjectTreeModel::DatabaseRole).toString(), object);
    }
}

ObjectPage *MainWindow::openObjectPage(Resource resource, const QString &name, const QString &database,
                                       const QJsonObject &object, bool showDdl)
{
    const QString key = ObjectPage::pageKey(resource, database, name);
    ObjectPage *page = nullptr;
    for (int i = 0; i < m_tabs->count() && !page; ++i)
        if (auto *p = qobject_cast<ObjectPage *>(m_tabs->widget(i)); p && p->pageKey() == key)
            page = p;
    if (!page) {
        page = new ObjectPage(m_client, resource, name, database, object, m_tabs);
        const int index = m_tabs->addTab(page, m_objects->icon(resource), name);
        m_tabs->setTabToolTip(index, tr("%1 %2").arg(ObjectTreeModel::kindName(resource), name));
        connect(page, &ObjectPage::queryRequested, this, [this](const QString &sql, const QString &title) { newQueryTab(sql, title); });
        connect(page, &ObjectPage::editRequested, this, [this](Resource r, const QJsonObject &o) { openForm(r, o); });
    }
    m_tabs->setCurrentWidget(page);
    if (showDdl)
        page->showDdl();
    return page;
}

void MainWindow::showCommandPalette()
{
    QList<models::CommandPaletteModel::Entry> entries;
    for (const ObjectTreeModel::ObjectRef &o : m_objects->allObjects()) {
        QString detail = ObjectTreeModel::kindName(o.resource);
        if (!o.database.isEmpty() && o.database != QLatin1String("default"))
            detail += QStringLiteral(" · ") + o.database;
        const QVariantMap payload{{QStringLiteral("resource"), int(o.resource)}, {QStringLiteral("name"), o.name},
                                  {QStringLiteral("database"), o.database}, {QStringLiteral("object"), o.object}};
        entries.append({o.name, detail, {}, m_objects->icon(o.resource), payload});
    }
    // Every menu action, named with its menu path ("View › Theme"), except the palette itself.
    std::function<void(QMenu *, const QString &)> collect = [&](QMenu *menu, const QString &path) {
        for (QAction *a : menu->actions()) {
            if (a->isSeparator() || a->objectName() == QLatin1String("commandPaletteAction"))
                continue;
            const QString text = a->text().remove(QLatin1Char('&'));
            if (a->menu())
                collect(a->menu(), path + QStringLiteral(" › ") + text);
            else if (a->isEnabled())
                entries.append({text, path, a->shortcut().toString(QKeySequence::NativeText), a->icon(),
                                QVariant::fromValue(static_cast<QObject *>(a))});
        }
    };
    for (QAction *top : menuBar()->actions())
        if (top->menu())
            collect(top->menu(), top->text().remove(QLatin1Char('&')));
    for (QAction *a : actions()) // window-level actions without a menu (Connections…)
        if (!a->isSeparator() && a->isEnabled() && !a->text().isEmpty())
            entries.append({a->text().remove(QLatin1Char('&')), tr("Window"), a->shortcut().toString(QKeySequence::NativeText), a->icon(),
                            QVariant::fromValue(static_cast<QObject *>(a))});
    m_palette->setEntries(entries);
    m_palette->popup();
}

void MainWindow::paletteChosen(const QVariant &payload)
{
    if (auto *action = qobject_cast<QAction *>(payload.value<QObject *>())) {
        action->trigger();
        return;
    }
    const QVariantMap o = payload.toMap();
    openObjectPage(Resource(o.value(QStringLiteral("resource")).toInt()), o.value(QStringLiteral("name")).toString(),
                   o.value(QStringLiteral("database")).toString(), o.value(QStringLiteral("object")).toJsonObject());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *t = qobject_cast<QueryTab *>(m_tabs->widget(i)))
            t->cancel();
    event->accept();
}

dashboard::DashboardTab *MainWindow::newDashboard(const QString &name)
{
    auto *tab = openDashboard(models::DashboardDocument::newDashboard(name.isEmpty() ? tr("Untitled dashboard") : name).toJson());
    tab->setEditing(true);
    return tab;
}

dashboard::DashboardTab *MainWindow::openDashboard(const QJsonObject &dashboard)
{
    const QString id = dashboard.value(QStringLiteral("id")).toString();
    for (int i = 0; i < m_tabs->count() && !id.isEmpty(); ++i) {
        if (auto *t = qobject_cast<dashboard::DashboardTab *>(m_tabs->widget(i)); t && t->dashboardId() == id) {
            m_tabs->setCurrentWidget(t);
            return t;
        }
    }
    auto *tab = new dashboard::DashboardTab(m_client, dashboard, m_tabs);
    const int index = m_tabs->addTab(tab, m_objects->icon(Resource::Dashboard), tab->document().name());
    connect(tab, &dashboard::DashboardTab::openSqlRequested, this, [this](const QString &sql, const QString &title) { newQueryTab(sql, title); });
    connect(tab, &dashboard::DashboardTab::titleChanged, this, [this, tab](const QString &title) {
        m_tabs->setTabText(m_tabs->indexOf(tab), title + (tab->isDirty() ? QStringLiteral(" *") : QString()));
    });
    connect(tab, &dashboard::DashboardTab::saved, this, &MainWindow::refreshExplorer);
    connect(tab, &dashboard::DashboardTab::message, statusBar(), [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    m_tabs->setCurrentIndex(index);
    return tab;
}

alerts::AlertsTab *MainWindow::openAlerts()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *t = qobject_cast<alerts::AlertsTab *>(m_tabs->widget(i))) {
            m_tabs->setCurrentWidget(t);
            return t;
        }
    }
    auto *tab = new alerts::AlertsTab(m_client, m_tabs);
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, m_objects->icon(Resource::Alert), tr("Alerts")));
    connect(tab, &alerts::AlertsTab::message, statusBar(), [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    return tab;
}

void MainWindow::createWorkspaceMenu(QMenu *workspace)
{
    workspace->addSeparator();
    const QList<std::tuple<Resource, QString, const char *>> kinds = {
        {Resource::Stream, tr("New stream…"), "newStreamMenuAction"},
        {Resource::View, tr("New view…"), "newViewMenuAction"},
        {Resource::MaterializedView, tr("New materialized view…"), "newMaterializedViewMenuAction"},
        {Resource::Sink, tr("New sink…"), "newSinkMenuAction"},
        {Resource::Udf, tr("New function (UDF)…"), "newUdfMenuAction"},
        {Resource::Source, tr("New source…"), "newSourceMenuAction"},
        {Resource::ExternalStream, tr("New external stream (Kafka)…"), "newExternalStreamMenuAction"},
        {Resource::Schema, tr("New format schema…"), "newSchemaMenuAction"}};
    for (const auto &[resource, text, name] : kinds)
        workspace->addAction(text, this, [this, r = resource] { openForm(r); })->setObjectName(QLatin1String(name));
    workspace->addAction(tr("API keys…"), this, [this] { m_forms->openApiKeys(); })->setObjectName(QStringLiteral("apiKeysAction"));
    workspace->addSeparator();
    workspace->addAction(tr("Lineage"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this, [this] { openLineage(); })
        ->setObjectName(QStringLiteral("lineageAction"));
}

QDialog *MainWindow::openForm(Resource resource, const QJsonObject &object)
{
    return m_forms->open(resource, object);
}

lineage::LineageView *MainWindow::openLineage()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *t = qobject_cast<lineage::LineageView *>(m_tabs->widget(i))) {
            m_tabs->setCurrentWidget(t);
            return t;
        }
    }
    auto *tab = new lineage::LineageView(m_client, m_tabs);
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, style()->standardIcon(QStyle::SP_FileDialogListView), tr("Lineage")));
    connect(tab, &lineage::LineageView::openRequested, this, [this](Resource r, const QString &name, const QJsonObject &object) {
        QJsonObject full = object; // the explorer's copy is the full definition (a topology node is not)
        for (const QJsonObject &o : m_objects->objects(r))
            if (o.value(QStringLiteral("name")).toString() == name)
                full = o;
        openObjectPage(r, name, ObjectTreeModel::isCatalogKind(r) ? QStringLiteral("default") : QString(), full);
    });
    return tab;
}

} // namespace tideline::ui
