#include "ui/ExplorerPanel.h"
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>
#include "models/ObjectDetails.h"
#include "models/ObjectTreeModel.h"

namespace tideline::ui {

using client::Resource;
using models::ObjectDetails;
using models::ObjectTreeModel;
using NodeKind = ObjectTreeModel::NodeKind;

ExplorerPanel::ExplorerPanel(client::WorkspaceClient *client, ObjectTreeModel *model, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(model), m_search(new QLineEdit(this)), m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("explorerPanel"));
    m_search->setObjectName(QStringLiteral("explorerSearch"));
    m_search->setPlaceholderText(tr("Filter objects and columns (Ctrl+Shift+E)"));
    m_search->setClearButtonEnabled(true);
    m_tree->setObjectName(QStringLiteral("explorerTree"));
    m_tree->setModel(model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_tree);

    connect(m_search, &QLineEdit::textChanged, model, &ObjectTreeModel::setFilter);
    connect(model, &QAbstractItemModel::modelReset, this, &ExplorerPanel::expandTree);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_tree->indexAt(pos);
        if (QMenu *menu = contextMenu(index))
            menu->popup(m_tree->viewport()->mapToGlobal(pos));
    });
}

// The tree is rebuilt on reload and on filter: open databases and groups down to the objects,
// but leave objects folded (their columns are one click away, not a wall of rows).
void ExplorerPanel::expandTree()
{
    const bool filtering = !m_search->text().isEmpty();
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex top = m_model->index(r, 0);
        const bool database = top.data(ObjectTreeModel::KindRole).toInt() == int(NodeKind::Database);
        if (!database && !filtering && top.data(ObjectTreeModel::ResourceRole).toInt() != int(Resource::SavedQuery))
            continue;
        m_tree->expand(top);
        for (int g = 0; database && g < m_model->rowCount(top); ++g)
            m_tree->expand(m_model->index(g, 0, top));
    }
}

bool ExplorerPanel::hasForm(Resource resource)
{
    return resource == Resource::Stream || resource == Resource::View || resource == Resource::MaterializedView
           || resource == Resource::Sink || resource == Resource::Udf || resource == Resource::Source
           || resource == Resource::ExternalStream || resource == Resource::Schema;
}

QMenu *ExplorerPanel::contextMenu(const QModelIndex &index)
{
    const auto kind = NodeKind(index.data(ObjectTreeModel::KindRole).toInt());
    const auto groupResource = Resource(index.data(ObjectTreeModel::ResourceRole).toInt());
    if (index.isValid() && (kind == NodeKind::Database || (kind == NodeKind::Group && !hasForm(groupResource))))
        return nullptr;
    delete m_menu; // one menu at a time
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("explorerContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_menu = menu;
    auto addNew = [this, menu](Resource r) {
        static const QHash<int, const char *> names = {{int(Resource::Stream), "newStreamAction"}, {int(Resource::View), "newViewAction"},
                                                       {int(Resource::MaterializedView), "newMaterializedViewAction"},
                                                       {int(Resource::Sink), "newSinkAction"}, {int(Resource::Udf), "newUdfAction"},
                                                       {int(Resource::Source), "newSourceAction"},
                                                       {int(Resource::ExternalStream), "newExternalStreamAction"},
                                                       {int(Resource::Schema), "newSchemaAction"}};
        QAction *a = menu->addAction(tr("New %1…").arg(ObjectTreeModel::kindName(r)));
        a->setObjectName(QString::fromLatin1(names.value(int(r))));
        connect(a, &QAction::triggered, this, [this, r] { Q_EMIT formRequested(r, {}); });
    };
    if (!index.isValid()) { // empty space under the tree
        for (Resource r : {Resource::Stream, Resource::View, Resource::MaterializedView, Resource::Sink, Resource::Udf,
                           Resource::Source, Resource::ExternalStream, Resource::Schema})
            addNew(r);
        return menu;
    }
    if (kind == NodeKind::Group) {
        addNew(groupResource);
        return menu;
    }
    const QString qualified = index.data(ObjectTreeModel::QualifiedNameRole).toString();
    if (kind == NodeKind::Column) {
        menu->addAction(tr("Copy column name"), this, [qualified] { QGuiApplication::clipboard()->setText(qualified); })
            ->setObjectName(QStringLiteral("copyNameAction"));
        return menu;
    }
    const auto resource = Resource(index.data(ObjectTreeModel::ResourceRole).toInt());
    const QString name = index.data(ObjectTreeModel::NameRole).toString();
    const QString database = index.data(ObjectTreeModel::DatabaseRole).toString();
    const QJsonObject object = index.data(ObjectTreeModel::ObjectRole).toJsonObject();
    auto add = [menu](const QString &text, const char *name, auto slot) {
        QAction *a = menu->addAction(text);
        a->setObjectName(QString::fromLatin1(name));
        connect(a, &QAction::triggered, menu, slot);
        return a;
    };
    QFont bold = menu->font();
    bold.setBold(true);
    add(tr("Open details"), "openDetailsAction", [=, this] { Q_EMIT detailsRequested(resource, name, database, object, false); })->setFont(bold);
    if (ObjectTreeModel::isCatalogKind(resource)) {
        add(tr("Query (live)"), "queryAction", [=, this] { Q_EMIT queryRequested(ObjectDetails::querySql(resource, qualified), name); });
        if (resource != Resource::ExternalTable)
            add(tr("Query stored rows: table(%1)").arg(name), "queryTableAction",
                [=, this] { Q_EMIT queryRequested(ObjectDetails::querySql(resource, qualified, true), name); });
    } else if (resource == Resource::SavedQuery) {
        add(tr("Open in editor"), "queryAction", [=, this] { Q_EMIT queryRequested(object.value(QStringLiteral("sql")).toString(), name); });
    }
    if (hasForm(resource))
        add(resource == Resource::ExternalStream ? tr("Settings…") : resource == Resource::Source ? tr("Edit, preview and stats…") : tr("Edit…"),
            "editAction", [=, this] { Q_EMIT formRequested(resource, object); });
    if (resource == Resource::Source) {
        const QString id = object.value(QStringLiteral("id")).toString();
        const bool running = object.value(QStringLiteral("status")).toString() == QLatin1String("running");
        add(running ? tr("Stop source") : tr("Start source"), running ? "stopSourceAction" : "startSourceAction",
            [=, this] { sourceAction(id, name, running ? QStringLiteral("stop") : QStringLiteral("start")); });
    }
    add(ObjectTreeModel::isCatalogKind(resource) ? tr("Show DDL") : tr("Show definition"), "showDdlAction",
        [=, this] { Q_EMIT detailsRequested(resource, name, database, object, true); });
    add(tr("Copy name"), "copyNameAction", [=] { QGuiApplication::clipboard()->setText(qualified); });
    if (hasForm(resource)) {
        menu->addSeparator();
        addNew(resource);
    }
    menu->addSeparator();
    const QPersistentModelIndex persistent(index);
    add(tr("Drop %1…").arg(ObjectTreeModel::kindName(resource)), "dropAction", [this, persistent] {
        if (persistent.isValid())
            confirmDrop(persistent);
    });
    return menu;
}

QMessageBox *ExplorerPanel::confirmDrop(const QModelIndex &index)
{
    const auto resource = Resource(index.data(ObjectTreeModel::ResourceRole).toInt());
    const QString name = index.data(ObjectTreeModel::NameRole).toString();
    const QString key = ObjectTreeModel::ObjectRef{resource, name, index.data(ObjectTreeModel::DatabaseRole).toString(),
                                                   index.data(ObjectTreeModel::ObjectRole).toJsonObject()}.key();
    const QString kind = ObjectTreeModel::kindName(resource);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Drop %1").arg(kind),
                                tr("Drop the %1 <b>%2</b>?").arg(kind, name.toHtmlEscaped()), QMessageBox::NoButton, window());
    box->setObjectName(QStringLiteral("dropConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const QStringList dependents = ObjectTreeModel::isCatalogKind(resource) ? m_model->dependents(name) : QStringList();
    QString info = ObjectTreeModel::isCatalogKind(resource) ? tr("Its stored data is deleted. This cannot be undone.")
                                                            : tr("This cannot be undone.");
    if (!dependents.isEmpty()) { // WORKBENCH.md principle 6: name what depends on it
        QStringList items;
        for (const QString &d : dependents)
            items << d.toHtmlEscaped();
        info = tr("These read from it or write into it and will stop working:<br>• %1<br><br>%2").arg(items.join(QStringLiteral("<br>• ")), info);
    }
    box->setInformativeText(info);
    QPushButton *dropButton = box->addButton(tr("Drop %1").arg(name), QMessageBox::DestructiveRole);
    dropButton->setObjectName(QStringLiteral("confirmDropButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelDropButton"));
    box->setDefaultButton(cancel); // Enter must not destroy data
    connect(dropButton, &QPushButton::clicked, this, [this, resource, key, name] { drop(resource, key, name); });
    box->open();
    return box;
}

void ExplorerPanel::sourceAction(const QString &id, const QString &name, const QString &action)
{
    QPointer<ExplorerPanel> self(this);
    m_client->action(Resource::Source, id, action, [self, name, action](const client::Reply &reply) {
        if (!self)
            return;
        Q_EMIT self->statusMessage(reply.ok ? (action == QLatin1String("start") ? tr("Started source %1").arg(name) : tr("Stopped source %1").arg(name))
                                            : tr("Could not %1 source %2: %3").arg(action, name, reply.error.message));
        self->m_model->reload();
    });
}

void ExplorerPanel::drop(Resource resource, const QString &key, const QString &name)
{
    const QString kind = ObjectTreeModel::kindName(resource);
    Q_EMIT statusMessage(tr("Dropping %1 %2…").arg(kind, name));
    QPointer<ExplorerPanel> self(this);
    m_client->remove(resource, key, [self, kind, name](const client::Reply &reply) {
        if (!self)
            return;
        if (reply.ok)
            Q_EMIT self->statusMessage(tr("Dropped %1 %2").arg(kind, name));
        else
            Q_EMIT self->statusMessage(tr("Could not drop %1 %2: %3").arg(kind, name, reply.error.message));
        self->m_model->reload();
    });
}

} // namespace tideline::ui
