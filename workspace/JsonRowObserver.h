#pragma once
// A QueryObserver for the workspace's own background queries (sinks, alerts): each batch of
// result rows arrives as JSON objects keyed by column name, on the query's thread.
#include <QJsonArray>
#include <functional>
#include "workspace/BlockJsonEncoder.h"
#include "workspace/QueryRun.h"

namespace tideline::workspace {

class JsonRowObserver final : public QueryObserver {
public:
    using Rows = std::function<bool(const QJsonArray &rows)>; // false stops the query
    using Ended = std::function<void(const QueryRun &run)>;
    JsonRowObserver(Rows rows, Ended ended) : m_rowsFn(std::move(rows)), m_ended(std::move(ended)) {}

    void started(const QueryRun &run) override;
    bool rows(const engine::Block &block, size_t from, size_t count) override;
    void metrics(const QueryRun &, const QueryMetrics &) override {}
    void finished(const QueryRun &run) override;

private:
    Rows m_rowsFn;
    Ended m_ended;
    QStringList m_names;
    BlockJsonEncoder m_encoder;
    std::string m_json;
};

} // namespace tideline::workspace
