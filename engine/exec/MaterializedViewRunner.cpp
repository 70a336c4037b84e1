#include "engine/exec/MaterializedViewRunner.h"

#include "engine/exec/Engine.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/exec/StreamingScanOperator.h"

namespace tideline::engine {

MaterializedViewRunner::MaterializedViewRunner(Engine &engine, std::shared_ptr<StreamInfo> view, std::shared_ptr<StreamInfo> target)
    : m_engine(engine), m_view(std::move(view)), m_target(std::move(target)), m_session(engine.createSession())
{
    m_session->setCurrentDatabase(m_view->database());
}

MaterializedViewRunner::~MaterializedViewRunner()
{
    stop();
}

Status MaterializedViewRunner::start()
{
    try {
        auto stored = m_view->object.properties.find("source_sn");
        std::map<std::string, std::string> settings = m_session->settings();
        if (stored != m_view->object.properties.end())
            settings["seek_to"] = stored->second;
        QueryPlanner planner(*m_session, settings);
        PlannedQuery plan = planner.plan(*m_view->select());
        if (!plan.streaming)
            return Status(ErrorCode::IncorrectQuery, "A materialized view needs a streaming query; its SELECT reads no stream");
        m_sources = plan.streamingScans;
        m_cursor = std::make_unique<QueryCursor>(std::move(plan.root), plan.names, plan.types, true);
        for (auto &k : plan.keepAlive)
            m_cursor->keepAlive(k);
        m_cursor->setWaker(plan.waker);
    } catch (const EngineError &e) {
        return e.status();
    }
    m_thread = std::thread([this] { run(); });
    return {};
}

void MaterializedViewRunner::stop()
{
    m_stop.store(true);
    if (m_cursor)
        m_cursor->cancel();
    if (m_thread.joinable())
        m_thread.join();
}

int64_t MaterializedViewRunner::sourcePosition() const
{
    return m_sources.empty() ? 0 : m_sources.front()->position();
}

void MaterializedViewRunner::run()
{
    while (!m_stop.load()) {
        Block block;
        auto r = m_cursor->poll(block);
        if (!r) {
            std::lock_guard lock(m_mutex);
            if (r.status().code() != static_cast<int>(ErrorCode::QueryWasCancelled))
                m_error = r.status();
            break;
        }
        if (*r == Pull::End)
            break;
        if (*r == Pull::Pending) {
            {
                std::lock_guard lock(m_mutex);
                m_idleAt = sourcePosition();
            }
            m_progress.notify_all();
            m_cursor->waitForData(std::chrono::milliseconds(100));
            continue;
        }
        Status s = appendRows(*m_session, *m_target, block);
        if (s)
            s = m_engine.catalog().setProperty(m_view->database(), m_view->name(), "source_sn", std::to_string(sourcePosition()));
        if (!s) {
            std::lock_guard lock(m_mutex);
            m_error = s;
            break;
        }
    }
    m_progress.notify_all();
}

bool MaterializedViewRunner::waitUntilCaughtUp(int64_t timeoutMs)
{
    // Caught up: idle at a position at or past the end the source had when we were called.
    int64_t end = m_sources.empty() ? 0 : m_sources.front()->log().nextSn();
    std::unique_lock lock(m_mutex);
    return m_progress.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m_idleAt >= end || !m_error.isOk(); });
}

Status MaterializedViewRunner::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

} // namespace tideline::engine
