#pragma once
// The explorer dock's content: a filter box over the object tree and the tree's context menu
// (Open details, Query, Query stored rows, Show DDL, Copy name, Drop…). It does not open tabs
// itself: it asks the window through signals. Drop asks once in a window-modal box that names
// the object and what depends on it, then removes it and reloads the tree. Menus and the box
// are opened with popup()/open(): no nested event loop on the GUI thread.
#include <QPointer>
#include <QWidget>
#include "client/WorkspaceClient.h"

class QLineEdit;
class QMenu;
class QMessageBox;
class QTreeView;

namespace tideline::models {
class ObjectTreeModel;
}

namespace tideline::ui {

class ExplorerPanel : public QWidget {
    Q_OBJECT
public:
    ExplorerPanel(client::WorkspaceClient *client, models::ObjectTreeModel *model, QWidget *parent = nullptr);

    QLineEdit *filterBox() const { return m_search; }
    QTreeView *tree() const { return m_tree; }
    // Kinds that have a form (New … / Edit… in the menus).
    static bool hasForm(client::Resource resource);
    // Builds the context menu of a tree index: for a kind's group "New <kind>…", for an object
    // its actions (Edit… where there is a form), for empty space every "New …"; null for a
    // database or a column-less spot without actions.
    QMenu *contextMenu(const QModelIndex &index);
    // Asks to drop the object at `index`; the returned box is open (window-modal) until answered.
    QMessageBox *confirmDrop(const QModelIndex &index);

Q_SIGNALS:
    void queryRequested(const QString &sql, const QString &title);
    void detailsRequested(client::Resource resource, const QString &name, const QString &database,
                          const QJsonObject &object, bool showDdl);
    void statusMessage(const QString &text);
    // "New stream…", "Edit…": open the resource's form; an empty `object` makes a new one.
    void formRequested(client::Resource resource, const QJsonObject &object);

private:
    void expandTree();
    void sourceAction(const QString &id, const QString &name, const QString &action);
    void drop(client::Resource resource, const QString &key, const QString &name);

    client::WorkspaceClient *m_client;
    models::ObjectTreeModel *m_model;
    QLineEdit *m_search;
    QTreeView *m_tree;
    QPointer<QMenu> m_menu;
};

} // namespace tideline::ui
