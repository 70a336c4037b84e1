#pragma once
// Paces how often a handle's thread drains what another thread queued for it.
//
// A query thread may hand rows over thousands of times a second; waking the GUI thread for each
// hand-over costs a syscall pair and an event-loop turn each time, more than the rows themselves.
// The producer posts request() (at most one in flight, as before); the pacer drains at once when
// the last drain is older than the interval, else arms a single-shot timer for the remainder. Rows
// queued meanwhile join the waiting batch, so the thread wakes at most about twice per interval.
// Handle's thread only.
#include <QElapsedTimer>
#include <QTimer>
#include <functional>

namespace tideline::client {

class DrainPacer {
public:
    static constexpr int kIntervalMs = 8; // half a frame: the grid still gets fresh rows every frame

    DrainPacer(QObject *owner, std::function<void()> drain, int intervalMs = kIntervalMs);
    void request();

private:
    void drainNow();

    std::function<void()> m_drain;
    int m_intervalMs;
    QElapsedTimer m_last;
    QTimer m_timer;
};

} // namespace tideline::client
