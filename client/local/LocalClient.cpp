#include "client/local/LocalClient.h"

#include <QDir>
#include <QThread>
#include "client/local/LocalQueryChannel.h"
#include "client/local/LocalQueryHandle.h"
#include "client/local/LocalResources.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/SourcePreview.h"
#include "workspace/Workspace.h"

namespace tideline::client {

namespace {

// Calls `done(reply)` later on the thread of the caller: `context` when the caller is its
// thread, else a QObject made on the caller's thread for this one delivery.
void deliver(QObject *context, QObject *callerContext, Callback done, Reply reply)
{
    QObject *target = callerContext ? callerContext : context;
    QMetaObject::invokeMethod(target, [done = std::move(done), reply = std::move(reply), callerContext] {
        if (done)
            done(reply);
        if (callerContext)
            callerContext->deleteLater();
    }, Qt::QueuedConnection);
}

Reply notConnected(ConnectionState state)
{
    return LocalResources::failure(503, 0, QStringLiteral("the local workspace is not open (%1)").arg(connectionStateName(state)));
}

} // namespace

LocalClient::LocalClient(const QString &dataDir, QObject *parent) : WorkspaceClient(parent), m_dataDir(dataDir)
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount() / 2));
}

LocalClient::~LocalClient()
{
    cancelQueries();
    m_pool.waitForDone();
    if (m_workspace)
        m_workspace->shutdown();
}

QString LocalClient::description() const
{
    return QStringLiteral("Local: %1").arg(QDir::toNativeSeparators(m_dataDir));
}

void LocalClient::setState(ConnectionState state, const QString &message)
{
    if (m_state == state && message.isEmpty())
        return;
    m_state = state;
    Q_EMIT stateChanged(state, message);
}

void LocalClient::open()
{
    if (m_state == ConnectionState::Connected || m_state == ConnectionState::Connecting)
        return;
    const quint64 generation = ++m_generation;
    setState(ConnectionState::Connecting);
    QString dir = m_dataDir;
    m_pool.start([this, dir, generation] {
        auto opened = workspace::Workspace::open({.dataDir = dir});
        std::shared_ptr<workspace::Workspace> ws;
        QString error;
        if (opened)
            ws = std::move(*opened);
        else
            error = opened.failure().message;
        // The client waits for its pool in its destructor, so `this` is alive here.
        QMetaObject::invokeMethod(this, [this, ws, error, generation] {
            if (generation != m_generation) { // closed (or reopened) meanwhile
                if (ws)
                    ws->shutdown();
                return;
            }
            m_workspace = ws;
            ws ? setState(ConnectionState::Connected) : setState(ConnectionState::Failed, error);
        }, Qt::QueuedConnection);
    });
}

void LocalClient::cancelQueries()
{
    for (const QPointer<QueryHandle> &handle : std::as_const(m_handles))
        if (handle)
            handle->cancel();
    m_handles.clear();
}

void LocalClient::close()
{
    ++m_generation;
    cancelQueries();
    if (auto ws = std::move(m_workspace)) // stops its queries off the caller's thread
        m_pool.start([ws] { ws->shutdown(); });
    m_workspace.reset();
    setState(ConnectionState::Disconnected);
}

RequestId LocalClient::submit(Work work, Callback done)
{
    const RequestId id = ++m_nextId;
    QObject *callerContext = QThread::currentThread() == thread() ? nullptr : new QObject;
    if (!m_workspace) {
        deliver(this, callerContext, std::move(done), notConnected(m_state));
        return id;
    }
    m_pool.start([ws = m_workspace, work = std::move(work), done = std::move(done), callerContext, this]() mutable {
        Reply reply = work(*ws);
        deliver(this, callerContext, std::move(done), std::move(reply));
    });
    return id;
}

RequestId LocalClient::list(Resource resource, Callback done)
{
    return submit([resource](workspace::Workspace &ws) { return LocalResources::list(ws, resource); }, std::move(done));
}

RequestId LocalClient::get(Resource resource, const QString &key, Callback done)
{
    return submit([resource, key](workspace::Workspace &ws) { return LocalResources::get(ws, resource, key); }, std::move(done));
}

RequestId LocalClient::create(Resource resource, const QJsonObject &body, Callback done)
{
    return submit([resource, body](workspace::Workspace &ws) { return LocalResources::create(ws, resource, body); }, std::move(done));
}

RequestId LocalClient::update(Resource resource, const QString &key, const QJsonObject &body, Callback done)
{
    return submit([resource, key, body](workspace::Workspace &ws) { return LocalResources::update(ws, resource, key, body); }, std::move(done));
}

RequestId LocalClient::remove(Resource resource, const QString &key, Callback done)
{
    return submit([resource, key](workspace::Workspace &ws) { return LocalResources::remove(ws, resource, key); }, std::move(done));
}

RequestId LocalClient::action(Resource resource, const QString &key, const QString &action, Callback done)
{
    return submit([resource, key, action](workspace::Workspace &ws) { return LocalResources::action(ws, resource, key, action); }, std::move(done));
}

RequestId LocalClient::stats(Resource resource, const QString &key, Callback done, int historyDays)
{
    return submit([resource, key, historyDays](workspace::Workspace &ws) { return LocalResources::stats(ws, resource, key, historyDays); },
                  std::move(done));
}

RequestId LocalClient::analyze(const QString &sql, Callback done)
{
    return submit([sql](workspace::Workspace &ws) {
        auto analysis = ws.analyze(sql);
        return analysis ? Reply{true, *analysis, {}} : Reply{false, QJsonValue::Null, toErrorInfo(analysis.failure())};
    }, std::move(done));
}

RequestId LocalClient::format(const QString &sql, Callback done)
{
    return submit([sql](workspace::Workspace &ws) {
        auto formatted = ws.format(sql);
        return formatted ? Reply{true, QJsonObject{{QStringLiteral("sql"), *formatted}}, {}}
                         : Reply{false, QJsonValue::Null, toErrorInfo(formatted.failure())};
    }, std::move(done));
}

RequestId LocalClient::ingest(const QString &stream, IngestFormat format, const QByteArray &body, Callback done)
{
    return submit([stream, format, body](workspace::Workspace &ws) { return LocalResources::ingest(ws, stream, format, body); }, std::move(done));
}

RequestId LocalClient::topology(Callback done)
{
    return submit([](workspace::Workspace &ws) {
        return Reply{true, workspace::ResourceCatalog(ws).topology(QStringLiteral("default"), {}), {}};
    }, std::move(done));
}

RequestId LocalClient::pipeline(const QString &queryId, Callback done)
{
    return submit([queryId](workspace::Workspace &ws) {
        auto run = ws.queries().find(queryId);
        return run ? Reply{true, run->pipelineJson(), {}} : LocalResources::failure(404, 0, QStringLiteral("query not found"));
    }, std::move(done));
}

RequestId LocalClient::preview(Resource resource, const QJsonObject &body, Callback done)
{
    return submit([resource, body](workspace::Workspace &ws) { return LocalResources::preview(ws, resource, body); }, std::move(done));
}

RequestId LocalClient::inferColumns(const QJsonArray &events, Callback done)
{
    return submit([events](workspace::Workspace &) { return Reply{true, workspace::SourcePreview::infer(events), {}}; }, std::move(done));
}

RequestId LocalClient::workspaceInfo(Callback done)
{
    return submit([](workspace::Workspace &ws) {
        return Reply{true, workspace::ResourceCatalog(ws).workspaceInfo(ws.name()), {}};
    }, std::move(done));
}

QueryHandle *LocalClient::runQuery(const QString &sql, const QueryOptions &options, QObject *parent)
{
    auto *handle = new LocalQueryHandle(m_workspace, sql, options, parent);
    m_handles.removeIf([](const QPointer<QueryHandle> &h) { return h.isNull(); });
    m_handles.append(handle);
    if (m_workspace)
        handle->start(m_pool);
    else
        handle->failLater(notConnected(m_state).error);
    return handle;
}

} // namespace tideline::client
