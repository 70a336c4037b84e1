#include "client/local/LocalQueryHandle.h"

#include <QPointer>
#include "client/local/LocalQueryChannel.h"
#include "workspace/Workspace.h"

namespace tideline::client {

LocalQueryHandle::LocalQueryHandle(std::shared_ptr<workspace::Workspace> workspace, const QString &sql, const QueryOptions &options, QObject *parent)
    : QueryHandle(parent), m_workspace(std::move(workspace)), m_sql(sql), m_options(options)
{
    // Called by the channel under its mutex; detach() takes the same mutex before this object
    // goes, so `this` is alive whenever the call is posted.
    m_channel = std::make_shared<LocalQueryChannel>([this] { QMetaObject::invokeMethod(this, [this] { m_pacer.request(); }, Qt::QueuedConnection); });
}

LocalQueryHandle::~LocalQueryHandle()
{
    m_channel->detach();
}

void LocalQueryHandle::start(QThreadPool &pool)
{
    workspace::QueryRequest request;
    request.sql = m_sql;
    request.tags = m_options.tags;
    request.batchCount = m_options.batchCount;
    request.batchTimeMs = m_options.batchTimeMs;
    pool.start([ws = m_workspace, channel = m_channel, request] {
        auto run = ws->runQuery(request);
        if (!run) {
            channel->fail(toErrorInfo(run.failure()));
            return;
        }
        channel->setRun(*run);
        (*run)->start(channel);
    });
}

void LocalQueryHandle::failLater(const ErrorInfo &error)
{
    m_channel->fail(error);
}

void LocalQueryHandle::cancel()
{
    m_channel->cancel();
}

void LocalQueryHandle::drain()
{
    QPointer<LocalQueryHandle> self(this); // a slot may delete the handle while we emit
    for (LocalQueryEvent &event : m_channel->take()) {
        if (!self || !m_running)
            return;
        switch (event.kind) {
        case LocalQueryEvent::Kind::Started:
            m_id = event.query.value(QStringLiteral("id")).toString();
            m_columns = event.columns;
            m_streaming = event.streaming;
            Q_EMIT started(event.query);
            break;
        case LocalQueryEvent::Kind::Rows:
            Q_EMIT rows(event.batch);
            break;
        case LocalQueryEvent::Kind::Metrics:
            Q_EMIT metricsUpdated(event.metrics);
            break;
        case LocalQueryEvent::Kind::Finished:
            m_running = false;
            Q_EMIT finished(event.query);
            break;
        case LocalQueryEvent::Kind::Failed:
            m_running = false;
            Q_EMIT failed(event.error);
            break;
        }
    }
}

} // namespace tideline::client
