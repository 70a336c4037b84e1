#pragma once
// SELECT DISTINCT: keeps the first occurrence of each distinct value of the first `keyColumns`
// columns (any trailing columns, e.g. hidden ORDER BY keys, ride along from that first row).
// Works per block, so it also runs over unbounded input; memory grows with the distinct keys.
// NULLs compare equal to each other here, as in ClickHouse's DISTINCT.

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class DistinctOperator final : public Operator {
public:
    DistinctOperator(OperatorPtr input, size_t keyColumns) : m_input(std::move(input)), m_keyColumns(keyColumns) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Distinct"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    OperatorPtr m_input;
    size_t m_keyColumns;
    std::unique_ptr<RowKeyTable> m_seen;
};

} // namespace tideline::engine
