#include "models/ObjectTreeModel.h"
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>

namespace tideline::models {

using client::Resource;

namespace {

// Display order: catalog objects inside each database, then the workspace-wide kinds.
const Resource kDatabaseKinds[] = {Resource::Stream, Resource::View, Resource::MaterializedView,
                                   Resource::ExternalStream, Resource::ExternalTable};
const Resource kWorkspaceKinds[] = {Resource::SavedQuery, Resource::Dashboard, Resource::Udf,
                                    Resource::Alert, Resource::Sink, Resource::Source, Resource::Schema};

QString displayName(const QJsonObject &object, Resource resource)
{
    const QString name = object.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? object.value(client::resourceKeyField(resource)).toString() : name;
}

const QString kName = QStringLiteral("name");
const QString kColumns = QStringLiteral("columns");

// Objects match the filter by their name or by one of their columns (as the Console's catalog
// search does), so "temp" finds the streams that carry a temperature.
bool matches(const QString &filter, const QString &name, const QJsonObject &object)
{
    if (filter.isEmpty() || name.contains(filter, Qt::CaseInsensitive))
        return true;
    for (const QJsonValue &c : object.value(kColumns).toArray())
        if (c.toObject().value(kName).toString().contains(filter, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

QString ObjectTreeModel::ObjectRef::key() const
{
    const QString field = client::resourceKeyField(resource);
    const QString value = object.value(field).toString();
    return value.isEmpty() ? name : value;
}

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
    case Resource::Schema: return tr("Format schemas");
    default: return client::resourcePath(resource);
    }
}

QString ObjectTreeModel::kindName(Resource resource)
{
    switch (resource) {
    case Resource::Stream: return tr("stream");
    case Resource::View: return tr("view");
    case Resource::MaterializedView: return tr("materialized view");
    case Resource::ExternalStream: return tr("external stream");
    case Resource::ExternalTable: return tr("external table");
    case Resource::Udf: return tr("function");
    case Resource::SavedQuery: return tr("saved query");
    case Resource::Dashboard: return tr("dashboard");
    case Resource::Alert: return tr("alert");
    case Resource::Sink: return tr("sink");
    case Resource::Source: return tr("source");
    case Resource::Schema: return tr("format schema");
    default: return client::resourcePath(resource);
    }
}

QString ObjectTreeModel::qualifiedName(const QString &database, const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    auto quote = [](const QString &part) {
        if (plain.match(part).hasMatch())
            return part;
        QString escaped = part;
        return QLatin1Char('`') + escaped.replace(QLatin1Char('`'), QStringLiteral("``")) + QLatin1Char('`');
    };
    if (database.isEmpty() || database == QLatin1String("default"))
        return quote(name);
    return quote(database) + QLatin1Char('.') + quote(name);
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
    auto keep = [this](const QString &name, const QJsonObject &o = {}) { return matches(m_filter, name, o); };
    // database -> kind -> objects, sorted by name
    QMap<QString, QMap<int, QMap<QString, QJsonObject>>> databases;
    databases[QStringLiteral("default")];
    for (Resource r : kDatabaseKinds) {
        for (const QJsonObject &o : m_objects.value(int(r))) {
            QString db = o.value(QStringLiteral("database")).toString();
            if (db.isEmpty())
                db = QStringLiteral("default");
            const QString name = displayName(o, r);
            if (keep(name, o))
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
            for (auto o = objects.cbegin(); o != objects.cend(); ++o)
                addObject(group, o.key(), o.value());
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

void ObjectTreeModel::addObject(Node *group, const QString &name, const QJsonObject &object)
{
    Node *n = addChild(group, NodeKind::Object, group->resource, name);
    n->database = group->database;
    n->object = object;
    for (const QJsonValue &v : object.value(kColumns).toArray()) {
        const QJsonObject column = v.toObject();
        Node *c = addChild(n, NodeKind::Column, group->resource, column.value(kName).toString());
        c->database = group->database;
        c->object = column;
    }
}

QList<ObjectTreeModel::ObjectRef> ObjectTreeModel::allObjects() const
{
    QList<ObjectRef> out;
    auto add = [&](Resource r) {
        for (const QJsonObject &o : m_objects.value(int(r))) {
            QString db = inDatabase(r) ? o.value(QStringLiteral("database")).toString() : QString();
            if (inDatabase(r) && db.isEmpty())
                db = QStringLiteral("default");
            out.append(ObjectRef{r, displayName(o, r), db, o});
        }
    };
    for (Resource r : kDatabaseKinds)
        add(r);
    for (Resource r : kWorkspaceKinds)
        add(r);
    return out;
}

QModelIndex ObjectTreeModel::findObject(Resource resource, const QString &name) const
{
    // Depth-first over databases and groups; objects sit at depth 2 (catalog) or 1 (workspace).
    std::function<QModelIndex(const Node *)> walk = [&](const Node *parent) -> QModelIndex {
        for (const auto &child : parent->children) {
            if (child->kind == NodeKind::Object) {
                if (child->resource == resource && child->name == name)
                    return createIndex(child->row, 0, child.get());
            } else if (child->kind != NodeKind::Column) {
                if (QModelIndex found = walk(child.get()); found.isValid())
                    return found;
            }
        }
        return {};
    };
    return walk(&m_root);
}

QStringList ObjectTreeModel::dependents(const QString &name) const
{
    const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(name)));
    QStringList out;
    for (Resource r : {Resource::MaterializedView, Resource::View}) {
        for (const QJsonObject &o : m_objects.value(int(r))) {
            const QString other = displayName(o, r);
            if (other == name)
                continue;
            if (o.value(QStringLiteral("target_stream")).toString() == name || word.match(o.value(QStringLiteral("query")).toString()).hasMatch())
                out << QStringLiteral("%1 %2").arg(kindName(r), other);
        }
    }
    return out;
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
        if (n->kind == NodeKind::Column)
            return QStringLiteral("%1 · %2").arg(n->name, n->object.value(QStringLiteral("type")).toString());
        return n->name;
    case Qt::DecorationRole:
        if (n->kind == NodeKind::Column)
            return {};
        return n->kind == NodeKind::Database ? m_databaseIcon : m_icons.value(int(n->resource));
    case Qt::ToolTipRole:
        if (n->kind == NodeKind::Column)
            return QStringLiteral("%1 %2").arg(n->name, n->object.value(QStringLiteral("type")).toString());
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
    case TypeRole: return n->kind == NodeKind::Column ? n->object.value(QStringLiteral("type")).toString() : QString();
    case QualifiedNameRole:
        if (n->kind == NodeKind::Object && inDatabase(n->resource))
            return qualifiedName(n->database, n->name);
        return n->name;
    default: return {};
    }
}

} // namespace tideline::models
