#pragma once
// WorkspaceClient over an in-process workspace::Workspace on a data folder. open() opens the
// workspace on a worker thread (Connecting, then Connected or Failed with the reason). Every
// request runs on the client's thread pool and its callback is delivered queued on the thread
// that made the request, never inside the call. Resources map to the same workspace calls the
// server's routes make (StreamCatalog, ResourceCatalog, Credentials), so both modes shape and
// refuse things the same way.
#include <QPointer>
#include <QThreadPool>
#include <memory>
#include "client/WorkspaceClient.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::client {

class LocalClient final : public WorkspaceClient {
    Q_OBJECT
public:
    explicit LocalClient(const QString &dataDir, QObject *parent = nullptr);
    ~LocalClient() override;

    QString description() const override;
    ConnectionState state() const override { return m_state; }
    void open() override;
    void close() override;
    // The open workspace (null unless Connected): for the composition root (demo data, keys).
    std::shared_ptr<workspace::Workspace> workspace() const { return m_workspace; }

    RequestId list(Resource resource, Callback done) override;
    RequestId get(Resource resource, const QString &key, Callback done) override;
    RequestId create(Resource resource, const QJsonObject &body, Callback done) override;
    RequestId update(Resource resource, const QString &key, const QJsonObject &body, Callback done) override;
    RequestId remove(Resource resource, const QString &key, Callback done) override;
    RequestId action(Resource resource, const QString &key, const QString &action, Callback done) override;
    RequestId stats(Resource resource, const QString &key, Callback done, int historyDays = 0) override;

    RequestId analyze(const QString &sql, Callback done) override;
    RequestId format(const QString &sql, Callback done) override;
    RequestId ingest(const QString &stream, IngestFormat format, const QByteArray &body, Callback done) override;
    RequestId topology(Callback done) override;
    RequestId pipeline(const QString &queryId, Callback done) override;
    RequestId workspaceInfo(Callback done) override;
    RequestId preview(Resource resource, const QJsonObject &body, Callback done) override;
    RequestId inferColumns(const QJsonArray &events, Callback done) override;

    QueryHandle *runQuery(const QString &sql, const QueryOptions &options = {}, QObject *parent = nullptr) override;

private:
    using Work = std::function<Reply(workspace::Workspace &)>;
    RequestId submit(Work work, Callback done);
    void setState(ConnectionState state, const QString &message = {});
    void cancelQueries();

    QString m_dataDir;
    ConnectionState m_state = ConnectionState::Disconnected;
    std::shared_ptr<workspace::Workspace> m_workspace; // shared with requests in flight and handles
    QThreadPool m_pool;
    RequestId m_nextId = 0;
    QList<QPointer<QueryHandle>> m_handles; // cancelled on close(): a query waiting for its GUI must not stall the shutdown
    quint64 m_generation = 0; // open()/close() count: the result of a superseded open is dropped
};

} // namespace tideline::client
