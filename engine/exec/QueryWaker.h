#pragma once
// Wakes a streaming query when something it waits for happens: a durable append to a log it
// reads, a cancel, or a clock tick. The query's thread sleeps in wait() while every source is
// Pending, so an idle streaming query uses no CPU.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace tideline::engine {

class QueryWaker {
public:
    void notify()
    {
        {
            std::lock_guard lock(m_mutex);
            ++m_generation;
        }
        m_cv.notify_all();
    }
    uint64_t generation() const
    {
        std::lock_guard lock(m_mutex);
        return m_generation;
    }
    // Sleeps until notify() moves the generation past `seen`, or `timeout` passes.
    void wait(uint64_t seen, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, timeout, [&] { return m_generation != seen; });
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    uint64_t m_generation = 0;
};

} // namespace tideline::engine
