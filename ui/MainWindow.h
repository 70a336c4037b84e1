#pragma once
// The workbench window: the explorer dock (searchable object tree) on the left, the history
// dock below it, query tabs in the centre (each an editor over its results), and a status bar
// with the connection, its state and the number of running queries. Owns the models; the
// WorkspaceClient is the composition root's (app/gui/main.cpp).
#include <QJsonObject>
#include <QMainWindow>

class QDialog;

class QLabel;
class QMenu;
class QLineEdit;
class QTabWidget;
class QTreeView;

namespace tideline::client {
class WorkspaceClient;
enum class ConnectionState;
enum class Resource;
}
namespace tideline::models {
class ConnectionManager;
class HistoryModel;
class ObjectTreeModel;
}

namespace tideline::ui {

class ConnectionSwitcher;
class CommandPalette;
class ExplorerPanel;
class ObjectPage;
class QueryTab;
namespace dashboard {
class DashboardTab;
}
namespace alerts {
class AlertsTab;
}
namespace forms {
class FormLauncher;
}
namespace lineage {
class LineageView;
}

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(client::WorkspaceClient *client, QWidget *parent = nullptr);

    // Persists the run history in this SQLite file (memory only without one).
    void openHistory(const QString &path);
    QueryTab *newQueryTab(const QString &sql = {}, const QString &title = {});
    QueryTab *currentQueryTab() const;
    QTabWidget *tabs() const { return m_tabs; }
    models::ObjectTreeModel *objectModel() const { return m_objects; }
    models::HistoryModel *historyModel() const { return m_history; }
    void refreshExplorer();
    int runningQueries() const;
    // Adds the connection switcher (toolbar) and Connections… (Ctrl+Shift+O); switching
    // cancels the running queries of every tab first. `client` above must be manager->client().
    void setConnectionManager(models::ConnectionManager *manager);
    ConnectionSwitcher *connectionSwitcher() const { return m_switcher; }
    // The detail page of an object: the open one is brought forward, else a new tab.
    ObjectPage *openObjectPage(client::Resource resource, const QString &name, const QString &database,
                               const QJsonObject &object, bool showDdl = false);
    // A dashboard tab (the open one for that id is brought forward); a new one starts in edit mode.
    dashboard::DashboardTab *openDashboard(const QJsonObject &dashboard);
    dashboard::DashboardTab *newDashboard(const QString &name = {});
    // The alert list (one tab; Ctrl+Shift+L), brought forward if open.
    alerts::AlertsTab *openAlerts();
    // The lineage tab (one; Ctrl+Shift+G), brought forward if open.
    lineage::LineageView *openLineage();
    // The form of a stream, view, MV, sink or UDF (an empty object: a new one); Workspace ▸ New …,
    // the explorer's menus and object pages' Edit… come here. A save reloads the explorer.
    QDialog *openForm(client::Resource resource, const QJsonObject &object = {});
    forms::FormLauncher *forms() const { return m_forms; }
    ExplorerPanel *explorer() const { return m_explorer; }
    CommandPalette *commandPalette() const { return m_palette; }
    void showCommandPalette(); // Ctrl+K: every object and every menu action

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createExplorer();
    void createHistory();
    void createMenus();
    void createStatusBar();
    void createWorkspaceMenu(QMenu *workspace);
    void openObject(const QModelIndex &index);
    void paletteChosen(const QVariant &payload);
    void closeTab(int index);
    void updateStatus();
    void connectionChanged(client::ConnectionState state, const QString &message);

    client::WorkspaceClient *m_client;
    models::ObjectTreeModel *m_objects;
    models::HistoryModel *m_history;
    QTabWidget *m_tabs;
    ExplorerPanel *m_explorer = nullptr;
    CommandPalette *m_palette = nullptr;
    QTreeView *m_tree = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_running = nullptr;
    ConnectionSwitcher *m_switcher = nullptr;
    forms::FormLauncher *m_forms = nullptr;
    int m_tabCounter = 0;
};

} // namespace tideline::ui
