#pragma once
// Processing time is injected (ARCHITECTURE §2.6): everything that reads "now" asks a Clock.
// SystemClock reads the real clock; ManualClock is advanced by tests and streaming scripts.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace tideline::engine {

class Clock {
public:
    virtual ~Clock() = default;
    // Nanoseconds since the Unix epoch.
    virtual int64_t nowNanos() const = 0;
    int64_t nowMillis() const { return nowNanos() / 1000000; }
};

class SystemClock final : public Clock {
public:
    int64_t nowNanos() const override
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    static SystemClock &instance()
    {
        static SystemClock clock;
        return clock;
    }
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(int64_t startNanos = 0) : m_now(startNanos) {}
    int64_t nowNanos() const override { return m_now.load(std::memory_order_acquire); }
    void set(int64_t nanos) { m_now.store(nanos, std::memory_order_release); }
    void advance(int64_t nanos) { m_now.fetch_add(nanos, std::memory_order_acq_rel); }

private:
    std::atomic<int64_t> m_now;
};

} // namespace tideline::engine
