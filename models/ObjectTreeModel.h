#pragma once
// The explorer's tree: databases -> kinds (streams, views, MVs, external streams/tables) ->
// objects -> their columns, then the workspace-wide kinds (UDFs, dashboards, saved queries, alerts, sinks,
// sources, format schemas). Filled by WorkspaceClient::list for every kind; reload() supersedes an earlier
// reload (its late answers are dropped). The filter keeps objects whose name contains the text
// and the groups above them. The tree is small, so it is rebuilt (one reset) on every change.
// GUI thread only.
#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QJsonObject>
#include <QPointer>
#include <memory>
#include <vector>
#include "client/WorkspaceClient.h"

namespace tideline::models {

class ObjectTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind { Database, Group, Object, Column };
    // Column nodes: NameRole is the column, TypeRole its type, ObjectRole the column's JSON.
    enum Role { KindRole = Qt::UserRole + 1, ResourceRole, NameRole, DatabaseRole, ObjectRole, TypeRole, QualifiedNameRole };

    // One object of the workspace, whatever the filter (for the command palette and lookups).
    struct ObjectRef {
        client::Resource resource = client::Resource::Stream;
        QString name;
        QString database; // empty for workspace-wide kinds
        QJsonObject object;
        QString key() const; // what WorkspaceClient::get/remove take: the name, or the id of documents
    };

    explicit ObjectTreeModel(QObject *parent = nullptr);

    void setClient(client::WorkspaceClient *client);
    void reload();
    void setFilter(const QString &text);
    QString filter() const { return m_filter; }
    // The icon shown for a kind's group and its objects (ui/ owns icons; models has no style).
    void setIcon(client::Resource resource, const QIcon &icon);
    QIcon icon(client::Resource resource) const { return m_icons.value(int(resource)); }
    void setDatabaseIcon(const QIcon &icon) { m_databaseIcon = icon; }
    int objectCount() const;
    // Every loaded object of a kind, unfiltered (completion needs them all, whatever the search).
    QList<QJsonObject> objects(client::Resource resource) const { return m_objects.value(int(resource)); }
    QList<ObjectRef> allObjects() const;
    // The index of an object in the (filtered) tree, invalid when hidden or unknown.
    QModelIndex findObject(client::Resource resource, const QString &name) const;
    // Views and materialized views that read `name` or write into it: what a drop would break.
    QStringList dependents(const QString &name) const;
    static QString groupTitle(client::Resource resource);
    // One object kind in the singular, lower case ("stream", "materialized view", ...).
    static QString kindName(client::Resource resource);
    // `name` or `db.name`, back-quoted where it is not a plain identifier.
    static QString qualifiedName(const QString &database, const QString &name);
    static bool isCatalogKind(client::Resource resource) { return inDatabase(resource); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    struct Node {
        NodeKind kind = NodeKind::Object;
        client::Resource resource = client::Resource::Stream;
        QString name;
        QString database;
        QJsonObject object;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        int row = 0;
    };

    void received(quint64 generation, client::Resource resource, const client::Reply &reply);
    void rebuild();
    Node *addChild(Node *parent, NodeKind kind, client::Resource resource, const QString &name);
    void addObject(Node *group, const QString &name, const QJsonObject &object);
    Node *nodeOf(const QModelIndex &index) const;
    static bool inDatabase(client::Resource resource);

    QPointer<client::WorkspaceClient> m_client;
    QHash<int, QList<QJsonObject>> m_objects; // by Resource
    QHash<int, QIcon> m_icons;
    QIcon m_databaseIcon;
    QString m_filter;
    quint64 m_generation = 0;
    int m_outstanding = 0;
    Node m_root;
};

} // namespace tideline::models
