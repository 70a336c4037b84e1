#include "workspace/QueryRegistry.h"

#include <algorithm>

namespace tideline::workspace {

QueryRegistry::~QueryRegistry()
{
    cancelAll();
}

void QueryRegistry::add(const std::shared_ptr<QueryRun> &run)
{
    std::lock_guard lock(m_mutex);
    m_runs[run->id()] = run;
    m_order.push_back(run->id());
    prune();
}

void QueryRegistry::prune()
{
    size_t finished = 0;
    for (const auto &[id, run] : m_runs)
        finished += run->isRunning() ? 0 : 1;
    for (auto it = m_order.begin(); finished > kKeepFinished && it != m_order.end();) {
        auto found = m_runs.find(*it);
        if (found != m_runs.end() && !found->second->isRunning()) {
            m_runs.erase(found);
            it = m_order.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}

std::shared_ptr<QueryRun> QueryRegistry::find(const QString &id) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_runs.find(id);
    return it == m_runs.end() ? nullptr : it->second;
}

QJsonArray QueryRegistry::list(const QString &tag) const
{
    std::lock_guard lock(m_mutex);
    QJsonArray out;
    for (const QString &id : m_order) {
        auto it = m_runs.find(id);
        if (it == m_runs.end())
            continue;
        if (!tag.isEmpty() && !it->second->request().tags.contains(tag))
            continue;
        out.append(it->second->toJson());
    }
    return out;
}

bool QueryRegistry::cancel(const QString &id)
{
    auto run = find(id);
    if (!run)
        return false;
    run->cancel();
    return true;
}

bool QueryRegistry::remove(const QString &id)
{
    std::shared_ptr<QueryRun> run;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_runs.find(id);
        if (it == m_runs.end())
            return false;
        run = it->second;
        m_runs.erase(it);
        m_order.erase(std::remove(m_order.begin(), m_order.end(), id), m_order.end());
    }
    run->cancel(); // the observer still holds the run; its thread ends on its own
    return true;
}

void QueryRegistry::cancelAll()
{
    std::map<QString, std::shared_ptr<QueryRun>> runs;
    {
        std::lock_guard lock(m_mutex);
        runs = m_runs;
    }
    for (auto &[id, run] : runs)
        run->cancel();
    for (auto &[id, run] : runs)
        run->join();
}

} // namespace tideline::workspace
