#include "models/ObjectTreeModel.h"
#include <QJsonArray>
#include <QMap>

namespace tideline::models {

using client::Resource;

namespace {

// Display order: catalog objects inside each database, then the workspace-wide kinds.
const Resource kDatabaseKinds[] = {Resource::Stream, Resource::View, Resource::MaterializedView,
                                   Resource::ExternalStream, Resource::ExternalTable};
const Resource kWorkspaceKinds[] = {Resource::SavedQuery, Resource::Dashboard, Resource::Udf,
                                    Resource::Alert, Resource::Sink, Resource::Source};

QString displayName(const QJsonObject &object, Resource resource)
{
    const QString name = object.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? object.value(client::resourceKeyField(resource)).toString() : name;
}

} // namespace

ObjectTreeModel::ObjectTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

QString ObjectTreeModel::groupTitle(Resource resource)
{
    switch (resource) {
    case Resource::Stream: return tr("Streams");
    case Resource::View: return tr("Views");
    case Resource::MaterializedView: return tr("Materialized views");
    case Resource::ExternalStream: return tr("External streams");
    case Resource::ExternalTable: return tr("External tables");
    case Resource::Udf: return tr("Functions (UDFs)");
    case Resource::SavedQuery: return tr("Saved queries");
    case Resource::Dashboard: return tr("Dashboards");
    case Resource::Alert: return tr("Alerts");
    case Resource::Sink: return tr("Sinks");
    case Resource::Source: return tr("Sources");
    default: return client::resourcePath(resource);
    }
}

bool ObjectTreeModel::inDatabase(Resource resource)
{
    return std::find(std::begin(kDatabaseKinds), std::end(kDatabaseKinds), resource) != std::end(kDatabaseKinds);
}

void ObjectTreeModel::setClient(client::WorkspaceClient *client)
{
    m_client = client;
    m_objects.clear();
    rebuild();
}

void ObjectTreeModel::reload()
{
    if (!m_client)
        return;
    const quint64 generation = ++m_generation;
    m_outstanding = 0;
    auto request = [this, generation](Resource resource) {
        ++m_outstanding;
        QPointer<ObjectTreeModel> self(this); // the answer may come after the model is gone
        m_client->list(resource, [self, generation, resource](const client::Reply &reply) {
            if (self)
                self->received(generation, resource, reply);
        });
    };
    for (Resource r : kDatabaseKinds)
        request(r);
    for (Resource r : kWorkspaceKinds)
        request(r);
}

void ObjectTreeModel::received(quint64 generation, Resource resource, const client::Reply &reply)
{
    if (generation != m_generation) // an answer to a superseded reload
        return;
    QList<QJsonObject> objects;
    if (reply.ok) {
        for (const QJsonValue &v : reply.value.toArray())
            objects.append(v.toObject());
    }
    m_objects.insert(int(resource), objects);
    if (--m_outstanding > 0)
        return;
    rebuild();
    if (!reply.ok && m_objects.isEmpty())
        Q_EMIT loadFailed(reply.error.message);
    Q_EMIT loaded();
}

void ObjectTreeModel::setFilter(const QString &text)
{
    if (text.trimmed() == m_filter)
        return;
    m_filter = text.trimmed();
    rebuild();
}

void ObjectTreeModel::setIcon(Resource resource, const QIcon &icon)
{
    m_icons.insert(int(resource), icon);
}

ObjectTreeModel::Node *ObjectTreeModel::addChild(Node *parent, NodeKind kind, Resource resource, const QString &name)
{
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->resource = resource;
    node->name = name;
    node->parent = parent;
    node->row = int(parent->children.size());
    parent->children.push_back(std::move(node));
    return parent->children.back().get();
}

void ObjectTreeModel::rebuild()
{
    beginResetModel();
    m_root.children.clear();
    auto keep = [this](const QString &name) { return m_filter.isEmpty() || name.contains(m_filter, Qt::CaseInsensitive); };
    // database -> kind -> objects, sorted by name
    QMap<QString, QMap<int, QMap<QString, QJsonObject>>> databases;
    databases[QStringLiteral("default")];
    for (Resource r : kDatabaseKinds) {
        for (const QJsonObject &o : m_objects.value(int(r))) {
            QString db = o.value(QStringLiteral("database")).toString();
            if (db.isEmpty())
                db = QStringLiteral("default");
            const QString name = displayName(o, r);
            if (keep(name))
                databases[db][int(r)].insert(name, o);
        }
    }
    for (auto db = databases.cbegin(); db != databases.cend(); ++db) {
        if (!m_filter.isEmpty() && db->isEmpty())
            continue;
        Node *dbNode = addChild(&m_root, NodeKind::Database, Resource::Stream, db.key());
        for (Resource r : kDatabaseKinds) {
            const auto objects = db->value(int(r));
            if (objects.isEmpty() && (!m_filter.isEmpty() || r == Resource::ExternalTable))
                continue;
            Node *group = addChild(dbNode, NodeKind::Group, r, groupTitle(r));
            group->database = db.key();
            for (auto o = objects.cbegin(); o != objects.cend(); ++o) {
                Node *n = addChild(group, NodeKind::Object, r, o.key());
                n->database = db.key();
                n->object = o.value();
            }
        }
    }
    for (Resource r : kWorkspaceKinds) {
        QMap<QString, QJsonObject> objects;
        for (const QJsonObject &o : m_objects.value(int(r)))
            if (keep(displayName(o, r)))
                objects.insert(displayName(o, r), o);
        if (objects.isEmpty() && !m_filter.isEmpty())
            continue;
        Node *group = addChild(&m_root, NodeKind::Group, r, groupTitle(r));
        for (auto o = objects.cbegin(); o != objects.cend(); ++o)
            addChild(group, NodeKind::Object, r, o.key())->object = o.value();
    }
    endResetModel();
}

int ObjectTreeModel::objectCount() const
{
    int n = 0;
    for (const auto &list : m_objects)
        n += int(list.size());
    return n;
}

ObjectTreeModel::Node *ObjectTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : const_cast<Node *>(&m_root);
}

QModelIndex ObjectTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    Node *p = nodeOf(parent);
    if (size_t(row) >= p->children.size())
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex ObjectTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    if (!p || p == &m_root)
        return {};
    return createIndex(p->row, 0, p);
}

int ObjectTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ObjectTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ObjectTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        if (n->kind == NodeKind::Group)
            return QStringLiteral("%1 (%2)").arg(n->name).arg(n->children.size());
        return n->name;
    case Qt::DecorationRole:
        return n->kind == NodeKind::Database ? m_databaseIcon : m_icons.value(int(n->resource));
    case Qt::ToolTipRole:
        if (n->kind == NodeKind::Object) {
            const QString description = n->object.value(QStringLiteral("description")).toString();
            return description.isEmpty() ? n->name : n->name + QLatin1Char('\n') + description;
        }
        return {};
    case KindRole: return int(n->kind);
    case ResourceRole: return int(n->resource);
    case NameRole: return n->name;
    case DatabaseRole: return n->database;
    case ObjectRole: return n->object;
    default: return {};
    }
}

} // namespace tideline::models
