#pragma once
// The completion popup's model. request() computes SqlCompletion on a worker thread
// (QtConcurrent) over a snapshot of the catalog, so a keystroke never waits for it; each
// request supersedes the previous one, whose answer is dropped (and which is told to stop).
// ready() says the rows now match that request. Two columns: the word and its detail (type,
// alias target or the function's one-line doc). The catalog follows an ObjectTreeModel
// (streams, views and their columns), refreshed whenever it reloads. GUI thread only.
#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QPointer>
#include <memory>
#include "models/SqlCompletion.h"

namespace tideline::models {

class ObjectTreeModel;

class CompletionModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, DetailRole };

    explicit CompletionModel(QObject *parent = nullptr);
    ~CompletionModel() override;

    void setObjectModel(ObjectTreeModel *objects);
    void setCatalog(CompletionCatalog catalog);
    const CompletionCatalog &catalog() const { return *m_catalog; }

    quint64 request(const QString &text, int cursor);
    quint64 latestRequest() const { return m_latest; }
    // Of the request the rows belong to: where the word being completed starts, and that word.
    int prefixStart() const { return m_result.start; }
    QString prefix() const { return m_result.prefix; }
    const CompletionItem &item(int row) const { return m_result.items[row]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void ready(quint64 request);

private:
    void rebuildCatalog();

    std::shared_ptr<const CompletionCatalog> m_catalog;
    QPointer<ObjectTreeModel> m_objects;
    CompletionResult m_result;
    quint64 m_latest = 0;
    QFutureWatcher<CompletionResult> *m_watcher = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace tideline::models
