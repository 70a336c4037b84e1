#include "engine/exec/ChangelogOperator.h"

namespace tideline::engine {

// Whether `row` has a lower version than its key's current row: the one pending in this block
// (pendingRow[key] >= 0) or the one emitted before.
bool ChangelogOperator::isLate(const Block &block, size_t row, uint32_t key, const std::vector<int64_t> &pendingRow) const
{
    if (!m_dropLate || m_version < 0)
        return false;
    const Column &version = *block.at(static_cast<size_t>(m_version)).column;
    if (key < pendingRow.size() && pendingRow[key] >= 0)
        return version.compareAt(row, version, static_cast<size_t>(pendingRow[key])) < 0;
    size_t lastRow = 0;
    const Block *last = m_last.lastRow(key, lastRow);
    return last && version.compareAt(row, *last->at(static_cast<size_t>(m_version)).column, lastRow) < 0;
}

Pull ChangelogOperator::pull(Block &out)
{
    for (;;) {
        Block block;
        Pull p = m_input->next(block);
        if (p != Pull::Block)
            return p;
        if (block.rows() == 0)
            continue;
        const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(block, m_keys, m_table);
        std::vector<uint32_t> order;      // keys in order of first appearance in the block
        std::vector<int64_t> pendingRow;  // by key id: the block row that wins, or -1
        for (size_t r = 0; r < block.rows(); ++r) {
            bool inserted = false;
            uint32_t key = m_table->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
            if (isLate(block, r, key, pendingRow))
                continue;
            if (key >= pendingRow.size())
                pendingRow.resize(key + 1, -1);
            if (pendingRow[key] < 0)
                order.push_back(key);
            pendingRow[key] = static_cast<int64_t>(r);
        }
        if (order.empty())
            continue;
        std::vector<uint32_t> rows;
        for (uint32_t key : order)
            rows.push_back(static_cast<uint32_t>(pendingRow[key]));
        Block current;
        for (const auto &c : block.columns())
            current.add(c.name, c.column->gather(rows));
        current.setRowsWithoutColumns(rows.size());
        out = m_last.changes(order, current);
        return Pull::Block;
    }
}

} // namespace tideline::engine
