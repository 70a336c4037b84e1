#pragma once
// dedup(src, key... [, ttl] [, limit]) (streaming-sql.md §10.3): passes only the first row of
// each distinct key; later rows with a seen key are dropped, in one block or across blocks.
// Keys are remembered for the life of the query (ttl and limit are accepted; see the planner).

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class DedupOperator final : public Operator {
public:
    DedupOperator(OperatorPtr input, std::vector<size_t> keyColumns) : m_input(std::move(input)), m_keys(std::move(keyColumns)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Dedup"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    OperatorPtr m_input;
    std::vector<size_t> m_keys;
    std::unique_ptr<RowKeyTable> m_seen;
};

} // namespace tideline::engine
