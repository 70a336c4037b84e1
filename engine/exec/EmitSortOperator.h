#pragma once
// ORDER BY on a streaming query (streaming-sql.md §5.6): sorts the rows within each block the
// query emits (one emit of an aggregation, one input block of a tail); nothing is sorted
// across blocks.

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

class EmitSortOperator final : public Operator {
public:
    EmitSortOperator(OperatorPtr input, std::vector<SortKey> keys) : m_input(std::move(input)), m_keys(std::move(keys)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "EmitSort"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }

private:
    OperatorPtr m_input;
    std::vector<SortKey> m_keys;
};

} // namespace tideline::engine
