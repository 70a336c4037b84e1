#include "engine/exec/EmitSortOperator.h"

namespace tideline::engine {

Pull EmitSortOperator::pull(Block &out)
{
    Block block;
    Pull p = m_input->next(block);
    if (p != Pull::Block)
        return p;
    std::vector<uint32_t> order = SortOperator::sortPermutation(block, m_keys, -1);
    Block sorted;
    for (const auto &c : block.columns())
        sorted.add(c.name, c.column->gather(order));
    sorted.setRowsWithoutColumns(block.rows());
    out = std::move(sorted);
    return Pull::Block;
}

} // namespace tideline::engine
