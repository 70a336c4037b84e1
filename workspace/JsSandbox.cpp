#include "workspace/JsSandbox.h"

#include <QJSEngine>
#include <cstdio>
#include <future>
#include <unistd.h>

namespace tideline::workspace {

namespace {
constexpr int kTimeoutExceeded = 159;
constexpr int kMemoryLimitExceeded = 241;
constexpr auto kWatchInterval = std::chrono::milliseconds(2);
} // namespace

JsSandbox::JsSandbox(JsLimits limits) : m_limits(limits)
{
    m_worker = std::thread([this] { workerLoop(); });
    m_watchdog = std::thread([this] { watchdogLoop(); });
}

JsSandbox::~JsSandbox()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_watch.notify_all();
    m_worker.join();
    m_watchdog.join();
}

void JsSandbox::workerLoop()
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
            if (m_tasks.empty())
                return; // stopping, and everything posted (engines to delete) has run
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

void JsSandbox::watchdogLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (!m_active) {
            m_watch.wait(lock, [this] { return m_stop || m_active; });
            continue;
        }
        m_watch.wait_for(lock, kWatchInterval);
        if (!m_active || m_stopReason)
            continue;
        if (std::chrono::steady_clock::now() >= m_deadline)
            m_stopReason = kTimeoutExceeded;
        else if (residentBytes() > m_memoryCeiling)
            m_stopReason = kMemoryLimitExceeded;
        if (m_stopReason)
            m_active->setInterrupted(true);
    }
}

int64_t JsSandbox::residentBytes()
{
    FILE *f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    long size = 0, resident = 0;
    int read = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    return read == 2 ? int64_t(resident) * sysconf(_SC_PAGESIZE) : 0;
}

void JsSandbox::post(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_wake.notify_one();
}

void JsSandbox::call(const std::function<void()> &task)
{
    std::promise<void> done;
    post([&] {
        task();
        done.set_value();
    });
    done.get_future().wait();
}

engine::Status JsSandbox::run(QJSEngine *jsEngine, int64_t timeoutMs, const std::string &what, const std::function<engine::Status()> &task)
{
    const int64_t limitMs = timeoutMs > 0 ? timeoutMs : m_limits.timeoutMs;
    engine::Status status;
    call([&] {
        {
            std::lock_guard lock(m_mutex);
            m_active = jsEngine;
            m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limitMs);
            m_memoryCeiling = residentBytes() + m_limits.maxMemoryBytes;
            m_stopReason = 0;
        }
        m_watch.notify_all();
        status = task();
        int reason = 0;
        {
            std::lock_guard lock(m_mutex);
            m_active = nullptr;
            reason = m_stopReason;
        }
        if (!reason)
            return;
        jsEngine->setInterrupted(false); // the next call runs again
        jsEngine->collectGarbage();      // what the stopped script allocated goes back now
        if (reason == kTimeoutExceeded)
            status = engine::Status(reason, what + " was stopped: it ran longer than its time limit of " + std::to_string(limitMs) + " ms");
        else
            status = engine::Status(reason, what + " was stopped: it used more than its memory limit of " + std::to_string(m_limits.maxMemoryBytes) + " bytes");
    });
    return status;
}

} // namespace tideline::workspace
