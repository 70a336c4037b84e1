#pragma once
// Hash aggregation over a bounded input: consumes it whole, then emits one row per group (the
// key columns, then one column per aggregate). The state is a GroupedAggregation.

#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

class AggregateOperator final : public Operator {
public:
    AggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames, std::vector<AggregateSpec> aggregates)
        : m_input(std::move(input)), m_state(std::move(keyIndices), std::move(keyNames), std::move(aggregates)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Aggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    OperatorPtr m_input;
    GroupedAggregation m_state;
    bool m_consumed = false;
    size_t m_emitted = 0;
};

} // namespace tideline::engine
