#pragma once
// Where JavaScript UDFs run: one thread that owns every QJSEngine of a runtime (QJSEngine is
// bound to the thread that made it) and a watchdog that stops a call that runs past its time
// limit or grows the process past its memory budget, through QJSEngine::setInterrupted, the
// one QJSEngine call that is safe from another thread. An interrupted engine is re-enabled
// afterwards, so the function (and the engine) stay usable.
//
// The memory budget is measured as the growth of the process's resident size during the call:
// QJSEngine exposes no heap statistics, and calls are serialised on this thread, so the growth
// is the script's allocation plus whatever other threads did meanwhile (a coarse but safe bound).
//
// Callers (query threads) block in run() until their task has run: one hop per block of rows.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <mutex>
#include <thread>
#include "engine/common/Status.h"

class QJSEngine;

namespace tideline::workspace {

struct JsLimits {
    int64_t timeoutMs = 10000;                      // per call, unless the function sets EXECUTION_TIMEOUT
    int64_t maxMemoryBytes = int64_t(512) << 20;    // javascript_max_memory_bytes
};

class JsSandbox {
public:
    explicit JsSandbox(JsLimits limits = {});
    ~JsSandbox();
    JsSandbox(const JsSandbox &) = delete;
    JsSandbox &operator=(const JsSandbox &) = delete;

    const JsLimits &limits() const { return m_limits; }

    // Runs `task` on the sandbox thread under the limits, for `engine` (which the watchdog
    // interrupts). `timeoutMs` <= 0 takes the default. Returns the task's status, or 159
    // TIMEOUT_EXCEEDED / 241 MEMORY_LIMIT_EXCEEDED when the watchdog stopped it.
    engine::Status run(QJSEngine *engine, int64_t timeoutMs, const std::string &what, const std::function<engine::Status()> &task);
    // Runs `task` on the sandbox thread without limits and without waiting (releasing values).
    void post(std::function<void()> task);
    // Runs `task` on the sandbox thread and waits (creating engines).
    void call(const std::function<void()> &task);

private:
    void workerLoop();
    void watchdogLoop();
    static int64_t residentBytes();

    JsLimits m_limits;
    std::mutex m_mutex;
    std::condition_variable m_wake;      // worker: a task arrived or stop
    std::condition_variable m_watch;     // watchdog: a call started, ended, or stop
    std::deque<std::function<void()>> m_tasks;
    bool m_stop = false;
    // The call being watched (guarded by m_mutex).
    QJSEngine *m_active = nullptr;
    std::chrono::steady_clock::time_point m_deadline;
    int64_t m_memoryCeiling = 0;
    int m_stopReason = 0; // 0, 159 or 241 once the watchdog interrupted the active call
    std::thread m_worker;
    std::thread m_watchdog;
};

} // namespace tideline::workspace
