#pragma once
// The queries of a workspace by id: GET /queries[?tag=], GET/DELETE /queries/{id}, cancel.
// Finished queries stay listed (so a client can read their final status) until deleted or
// until more than `kKeepFinished` have piled up, oldest first.
#include <QJsonArray>
#include <QString>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include "workspace/QueryRun.h"

namespace tideline::workspace {

class QueryRegistry {
public:
    static constexpr size_t kKeepFinished = 1000;

    ~QueryRegistry();
    void add(const std::shared_ptr<QueryRun> &run);
    std::shared_ptr<QueryRun> find(const QString &id) const;
    QJsonArray list(const QString &tag = {}) const;
    // False when unknown. Cancelling a query that is not running does nothing.
    bool cancel(const QString &id);
    // Cancels (if running) and forgets.
    bool remove(const QString &id);
    // Cancels every running query and waits for their threads (shutdown).
    void cancelAll();

private:
    void prune();
    mutable std::mutex m_mutex;
    std::map<QString, std::shared_ptr<QueryRun>> m_runs;
    std::deque<QString> m_order; // ids by submission
};

} // namespace tideline::workspace
