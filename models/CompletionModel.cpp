#include "models/CompletionModel.h"
#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>
#include "models/ObjectTreeModel.h"

namespace tideline::models {

CompletionModel::CompletionModel(QObject *parent)
    : QAbstractListModel(parent), m_catalog(std::make_shared<CompletionCatalog>())
{
}

CompletionModel::~CompletionModel()
{
    // A computation still running finishes on its own; its watcher (our child) is gone, so the
    // answer goes nowhere. It only reads its own catalog snapshot.
    if (m_cancel)
        m_cancel->store(true);
}

void CompletionModel::setObjectModel(ObjectTreeModel *objects)
{
    if (m_objects)
        disconnect(m_objects, nullptr, this, nullptr);
    m_objects = objects;
    if (objects)
        connect(objects, &ObjectTreeModel::loaded, this, &CompletionModel::rebuildCatalog);
    rebuildCatalog();
}

void CompletionModel::rebuildCatalog()
{
    CompletionCatalog catalog;
    if (!m_objects)
        return setCatalog(catalog);
    const std::pair<client::Resource, CompletionKind> kinds[] = {
        {client::Resource::Stream, CompletionKind::Stream},
        {client::Resource::ExternalStream, CompletionKind::Stream},
        {client::Resource::View, CompletionKind::View},
        {client::Resource::MaterializedView, CompletionKind::View},
    };
    for (const auto &[resource, kind] : kinds) {
        for (const QJsonObject &o : m_objects->objects(resource)) {
            CompletionCatalog::Object object{o.value(QStringLiteral("name")).toString(), kind, {}};
            for (const QJsonValue &c : o.value(QStringLiteral("columns")).toArray()) {
                const QJsonObject col = c.toObject();
                object.columns.append({col.value(QStringLiteral("name")).toString(), col.value(QStringLiteral("type")).toString()});
            }
            if (!object.name.isEmpty())
                catalog.objects.append(std::move(object));
        }
    }
    setCatalog(std::move(catalog));
}

void CompletionModel::setCatalog(CompletionCatalog catalog)
{
    // Running requests keep the snapshot they started with; the next one sees this.
    m_catalog = std::make_shared<const CompletionCatalog>(std::move(catalog));
}

quint64 CompletionModel::request(const QString &text, int cursor)
{
    const quint64 id = ++m_latest;
    if (m_cancel)
        m_cancel->store(true);
    if (m_watcher) {
        m_watcher->disconnect(this);
        connect(m_watcher, &QFutureWatcherBase::finished, m_watcher, &QObject::deleteLater);
        if (m_watcher->isFinished())
            m_watcher->deleteLater();
    }
    m_cancel = std::make_shared<std::atomic_bool>(false);
    std::shared_ptr<const CompletionCatalog> catalog = m_catalog;
    std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    m_watcher = new QFutureWatcher<CompletionResult>(this);
    QFutureWatcher<CompletionResult> *watcher = m_watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        if (watcher == m_watcher)
            m_watcher = nullptr;
        if (id != m_latest)
            return; // superseded while it ran
        beginResetModel();
        m_result = watcher->result();
        endResetModel();
        Q_EMIT ready(id);
    });
    watcher->setFuture(QtConcurrent::run([catalog, cancel, text, cursor] {
        return SqlCompletion::complete(*catalog, text, cursor, cancel.get());
    }));
    return id;
}

int CompletionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.items.size());
}

int CompletionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant CompletionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CompletionItem &it = m_result.items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? it.text : it.detail;
    case Qt::EditRole:
        return it.text; // what QCompleter inserts, whichever column was clicked
    case Qt::ToolTipRole:
        return it.detail;
    case KindRole:
        return int(it.kind);
    case DetailRole:
        return it.detail;
    default:
        return {};
    }
}

} // namespace tideline::models
