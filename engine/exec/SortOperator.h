#pragma once
// ORDER BY over a bounded input: gathers every block, sorts a permutation, and emits the rows in
// order (the first `limit` only, when a LIMIT follows: partial sort). NULLs and NaNs go last
// unless NULLS FIRST, in either direction, as in ClickHouse.

#include <vector>

#include "engine/exec/Operator.h"

namespace tideline::engine {

struct SortKey {
    size_t column = 0;
    bool descending = false;
    bool nullsFirst = false;
};

class SortOperator final : public Operator {
public:
    SortOperator(OperatorPtr input, std::vector<SortKey> keys, int64_t limit = -1)
        : m_input(std::move(input)), m_keys(std::move(keys)), m_limit(limit) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Sort"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

    // Sorts the rows of `block`; returns the permutation (the first `limit` when >= 0).
    static std::vector<uint32_t> sortPermutation(const Block &block, const std::vector<SortKey> &keys, int64_t limit);
    // Concatenates blocks with identical structure into one.
    static Block concatenate(std::vector<Block> &blocks);

private:
    OperatorPtr m_input;
    std::vector<SortKey> m_keys;
    int64_t m_limit;
    bool m_sorted = false;
    Block m_all;
    std::vector<uint32_t> m_order;
    size_t m_emitted = 0;
};

} // namespace tideline::engine
