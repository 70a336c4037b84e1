#include "server/LoginThrottle.h"

namespace tideline::server {

void LoginThrottle::expire(std::deque<qint64> &times, qint64 now) const
{
    while (!times.empty() && times.front() <= now - m_windowMs)
        times.pop_front();
}

qint64 LoginThrottle::blockedFor(const QHostAddress &address)
{
    if (m_maxFailures <= 0)
        return 0;
    auto it = m_failures.find(address.toString());
    if (it == m_failures.end())
        return 0;
    qint64 now = m_clock.nowMillis();
    expire(*it, now);
    if (it->empty()) {
        m_failures.erase(it);
        return 0;
    }
    if (static_cast<int>(it->size()) < m_maxFailures)
        return 0;
    return it->back() + m_windowMs - now;
}

void LoginThrottle::failed(const QHostAddress &address)
{
    if (m_maxFailures <= 0)
        return;
    auto &times = m_failures[address.toString()];
    qint64 now = m_clock.nowMillis();
    expire(times, now);
    times.push_back(now);
    while (static_cast<int>(times.size()) > m_maxFailures) // bounded memory per address
        times.pop_front();
}

} // namespace tideline::server
