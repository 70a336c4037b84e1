#pragma once
// Runs one materialized view: its streaming SELECT on a thread of its own, every emitted block
// appended to the view's target (its inner stream, or the INTO stream). After each append the
// source log position is stored in the catalog (property "source_sn"), and a restart resumes
// from there. The append and the position are two writes, so a crash between them can repeat
// the last block once: at-least-once, not yet exactly-once.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/common/Status.h"

namespace tideline::engine {

class Engine;
class QueryCursor;
class Session;
class StreamingScanOperator;
struct StreamInfo;

class MaterializedViewRunner {
public:
    MaterializedViewRunner(Engine &engine, std::shared_ptr<StreamInfo> view, std::shared_ptr<StreamInfo> target);
    ~MaterializedViewRunner();

    // Plans the SELECT (from the stored position, or from the end of the sources for a new view)
    // and starts the thread. Planning errors come back here.
    Status start();
    void stop();
    // Waits until the view has processed everything its sources held when called (or timeout).
    bool waitUntilCaughtUp(int64_t timeoutMs);
    Status lastError() const;
    const StreamInfo &target() const { return *m_target; }
    // Where the view reads its (first) source: after a stop, where a resume continues.
    int64_t sourcePosition() const;

private:
    void run();

    Engine &m_engine;
    std::shared_ptr<StreamInfo> m_view;
    std::shared_ptr<StreamInfo> m_target;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QueryCursor> m_cursor;
    std::vector<StreamingScanOperator *> m_sources;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_progress;
    int64_t m_idleAt = -1; // source position at the last time the view had nothing to do
    Status m_error;
};

} // namespace tideline::engine
