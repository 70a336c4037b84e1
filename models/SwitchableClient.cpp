#include "models/SwitchableClient.h"
#include <QTimer>

namespace tideline::models {

using client::Callback;
using client::RequestId;

namespace {

client::ErrorInfo notConnected()
{
    return client::ErrorInfo{0, 0, QObject::tr("No connection is selected."), -1};
}

// The handle of a query asked for while no backend is set: fails on the next turn.
class NoBackendHandle final : public client::QueryHandle {
public:
    NoBackendHandle(const QString &sql, QObject *parent) : client::QueryHandle(parent), m_sql(sql)
    {
        QTimer::singleShot(0, this, [this] { Q_EMIT failed(notConnected()); });
    }
    QString id() const override { return {}; }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return false; }
    bool isStreaming() const override { return false; }
    QList<client::ColumnInfo> columns() const override { return {}; }
    void cancel() override {}

private:
    QString m_sql;
};

} // namespace

SwitchableClient::SwitchableClient(QObject *parent) : client::WorkspaceClient(parent) {}

SwitchableClient::~SwitchableClient()
{
    // Children (the backends) go with us; their pending callbacks are dropped by Qt, as when
    // any client is destroyed.
    m_outstanding.clear();
}

void SwitchableClient::setBackend(std::unique_ptr<client::WorkspaceClient> backend)
{
    ++m_generation;
    if (client::WorkspaceClient *old = m_current) {
        disconnect(old, nullptr, this, nullptr);
        old->close();
        m_current = nullptr;
        if (m_outstanding.value(old) == 0)
            release(old);
    }
    m_current = backend.release();
    if (m_current) {
        m_current->setParent(this);
        m_outstanding.insert(m_current, 0);
        connect(m_current, &client::WorkspaceClient::stateChanged, this, &client::WorkspaceClient::stateChanged);
    }
    Q_EMIT stateChanged(state(), {});
}

void SwitchableClient::release(client::WorkspaceClient *backend)
{
    m_outstanding.remove(backend);
    backend->deleteLater();
}

QString SwitchableClient::description() const
{
    return m_current ? m_current->description() : tr("no connection");
}

client::ConnectionState SwitchableClient::state() const
{
    return m_current ? m_current->state() : client::ConnectionState::Disconnected;
}

void SwitchableClient::open()
{
    if (m_current)
        m_current->open();
}

void SwitchableClient::close()
{
    if (m_current)
        m_current->close();
}

RequestId SwitchableClient::forward(Callback done, const std::function<RequestId(Callback)> &call)
{
    if (!m_current) {
        QTimer::singleShot(0, this, [done = std::move(done)] { if (done) done(client::Reply{false, {}, notConnected()}); });
        return m_nextLocalId++;
    }
    client::WorkspaceClient *backend = m_current;
    ++m_outstanding[backend];
    QPointer<SwitchableClient> self(this);
    return call([self, backend, generation = m_generation, done = std::move(done)](const client::Reply &reply) {
        const bool current = self && self->m_generation == generation;
        if (self && --self->m_outstanding[backend] == 0 && backend != self->m_current)
            self->release(backend);
        if (!done)
            return;
        if (current)
            done(reply);
        else
            done(client::Reply{false, {}, client::ErrorInfo{0, 0, tr("The connection changed before the answer came."), -1}});
    });
}

client::QueryHandle *SwitchableClient::runQuery(const QString &sql, const client::QueryOptions &options, QObject *parent)
{
    if (!m_current)
        return new NoBackendHandle(sql, parent);
    client::WorkspaceClient *backend = m_current;
    client::QueryHandle *handle = backend->runQuery(sql, options, parent);
    ++m_outstanding[backend];
    connect(handle, &QObject::destroyed, this, [this, backend] {
        if (--m_outstanding[backend] == 0 && backend != m_current)
            release(backend);
    });
    return handle;
}

RequestId SwitchableClient::list(client::Resource r, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->list(r, std::move(cb)); });
}

RequestId SwitchableClient::get(client::Resource r, const QString &key, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->get(r, key, std::move(cb)); });
}

RequestId SwitchableClient::create(client::Resource r, const QJsonObject &body, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->create(r, body, std::move(cb)); });
}

RequestId SwitchableClient::update(client::Resource r, const QString &key, const QJsonObject &body, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->update(r, key, body, std::move(cb)); });
}

RequestId SwitchableClient::remove(client::Resource r, const QString &key, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->remove(r, key, std::move(cb)); });
}

RequestId SwitchableClient::action(client::Resource r, const QString &key, const QString &action, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->action(r, key, action, std::move(cb)); });
}

RequestId SwitchableClient::stats(client::Resource r, const QString &key, Callback done, int historyDays)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->stats(r, key, std::move(cb), historyDays); });
}

RequestId SwitchableClient::analyze(const QString &sql, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->analyze(sql, std::move(cb)); });
}

RequestId SwitchableClient::format(const QString &sql, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->format(sql, std::move(cb)); });
}

RequestId SwitchableClient::ingest(const QString &stream, client::IngestFormat f, const QByteArray &body, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->ingest(stream, f, body, std::move(cb)); });
}

RequestId SwitchableClient::pipeline(const QString &queryId, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->pipeline(queryId, std::move(cb)); });
}

RequestId SwitchableClient::topology(Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->topology(std::move(cb)); });
}

RequestId SwitchableClient::preview(client::Resource resource, const QJsonObject &body, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->preview(resource, body, std::move(cb)); });
}

RequestId SwitchableClient::inferColumns(const QJsonArray &events, Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->inferColumns(events, std::move(cb)); });
}

RequestId SwitchableClient::workspaceInfo(Callback done)
{
    return forward(std::move(done), [&](Callback cb) { return m_current->workspaceInfo(std::move(cb)); });
}

} // namespace tideline::models
