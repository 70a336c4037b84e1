#pragma once
// LIMIT n [OFFSET m] BY keys: per distinct key value, skips the first m rows and keeps the next
// n, in input order. Per block, so it also runs over unbounded input (streaming LIMIT BY).

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class LimitByOperator final : public Operator {
public:
    LimitByOperator(OperatorPtr input, uint64_t limit, uint64_t offset, std::vector<size_t> keyColumns)
        : m_input(std::move(input)), m_limit(limit), m_offset(offset), m_keyColumns(std::move(keyColumns)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "LimitBy"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    OperatorPtr m_input;
    uint64_t m_limit;
    uint64_t m_offset;
    std::vector<size_t> m_keyColumns;
    std::unique_ptr<RowKeyTable> m_keys;
    std::vector<uint64_t> m_counts; // rows seen per key id
};

} // namespace tideline::engine
