#pragma once
// Slows down credential guessing: a client address that presented wrong credentials
// `maxFailures` times within `windowMs` gets 429 for every request, even with a good key,
// until the window since its last failure has passed. Missing credentials do not count (a
// client that forgot them is not guessing). Time comes from the injected clock.
#include <QHash>
#include <QHostAddress>
#include <deque>
#include "engine/common/Clock.h"

namespace tideline::server {

class LoginThrottle {
public:
    LoginThrottle(int maxFailures, qint64 windowMs, const engine::Clock &clock)
        : m_maxFailures(maxFailures), m_windowMs(windowMs), m_clock(clock) {}

    // Milliseconds until the address may try again; 0 = not blocked.
    qint64 blockedFor(const QHostAddress &address);
    void failed(const QHostAddress &address);
    void succeeded(const QHostAddress &address) { m_failures.remove(address.toString()); }

private:
    void expire(std::deque<qint64> &times, qint64 now) const;

    int m_maxFailures;
    qint64 m_windowMs;
    const engine::Clock &m_clock;
    QHash<QString, std::deque<qint64>> m_failures; // failure times per address, oldest first
};

} // namespace tideline::server
