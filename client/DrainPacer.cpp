#include "client/DrainPacer.h"

namespace tideline::client {

DrainPacer::DrainPacer(QObject *owner, std::function<void()> drain, int intervalMs)
    : m_drain(std::move(drain)), m_intervalMs(intervalMs), m_timer(owner)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, owner, [this] { drainNow(); });
}

void DrainPacer::request()
{
    if (m_timer.isActive())
        return;
    const qint64 since = m_last.isValid() ? m_last.elapsed() : m_intervalMs;
    if (since >= m_intervalMs)
        drainNow();
    else
        m_timer.start(int(m_intervalMs - since));
}

void DrainPacer::drainNow()
{
    m_last.start();
    m_drain();
}

} // namespace tideline::client
