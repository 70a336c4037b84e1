#pragma once
// The WorkspaceClient the workbench holds for its whole life, forwarding to the backend of the
// connection in use. Switching connections replaces the backend here, so the window, its tabs
// and models keep one pointer and never learn which backend they talk to (WORKBENCH.md
// principle 5).
//
// A replaced backend is closed but kept alive until its last query handle is gone and its last
// request has answered: callbacks still run exactly once, and a handle never outlives its
// client. Answers that arrive after a switch belong to the old connection; they are delivered
// as failures ("the connection changed") so no model shows objects of the wrong workspace.
#include <QHash>
#include <QPointer>
#include <memory>
#include "client/WorkspaceClient.h"

namespace tideline::models {

class SwitchableClient final : public client::WorkspaceClient {
    Q_OBJECT
public:
    explicit SwitchableClient(QObject *parent = nullptr);
    ~SwitchableClient() override;

    // Takes ownership; the previous backend is closed and retired. Does not open the new one.
    void setBackend(std::unique_ptr<client::WorkspaceClient> backend);
    client::WorkspaceClient *backend() const { return m_current; }
    // Backends replaced but still finishing requests or queries (for tests).
    int retiredBackends() const { return int(m_outstanding.size()) - (m_current ? 1 : 0); }

    QString description() const override;
    client::ConnectionState state() const override;
    void open() override;
    void close() override;

    client::RequestId list(client::Resource resource, client::Callback done) override;
    client::RequestId get(client::Resource resource, const QString &key, client::Callback done) override;
    client::RequestId create(client::Resource resource, const QJsonObject &body, client::Callback done) override;
    client::RequestId update(client::Resource resource, const QString &key, const QJsonObject &body, client::Callback done) override;
    client::RequestId remove(client::Resource resource, const QString &key, client::Callback done) override;
    client::RequestId action(client::Resource resource, const QString &key, const QString &action, client::Callback done) override;
    client::RequestId stats(client::Resource resource, const QString &key, client::Callback done, int historyDays = 0) override;
    client::RequestId analyze(const QString &sql, client::Callback done) override;
    client::RequestId format(const QString &sql, client::Callback done) override;
    client::RequestId ingest(const QString &stream, client::IngestFormat format, const QByteArray &body, client::Callback done) override;
    client::RequestId topology(client::Callback done) override;
    client::RequestId pipeline(const QString &queryId, client::Callback done) override;
    client::RequestId workspaceInfo(client::Callback done) override;
    client::RequestId preview(client::Resource resource, const QJsonObject &body, client::Callback done) override;
    client::RequestId inferColumns(const QJsonArray &events, client::Callback done) override;
    client::QueryHandle *runQuery(const QString &sql, const client::QueryOptions &options = {}, QObject *parent = nullptr) override;

private:
    // Runs `call` on the current backend with a callback that counts as outstanding work and
    // turns answers from a replaced backend into failures.
    client::RequestId forward(client::Callback done, const std::function<client::RequestId(client::Callback)> &call);
    void release(client::WorkspaceClient *backend);

    QPointer<client::WorkspaceClient> m_current;
    QHash<client::WorkspaceClient *, int> m_outstanding; // requests + live handles per backend
    quint64 m_generation = 0;
    client::RequestId m_nextLocalId = 1ull << 62; // ids of requests failed here (no backend)
};

} // namespace tideline::models
