#include "engine/exec/DistinctOperator.h"

#include <algorithm>

namespace tideline::engine {

Pull DistinctOperator::pull(Block &out)
{
    for (;;) {
        Block input;
        Pull p = m_input->next(input);
        if (p != Pull::Block)
            return p;
        size_t rows = input.rows();
        if (rows == 0)
            continue;
        size_t keys = std::min(m_keyColumns, input.columnCount());
        std::vector<const Column *> cols;
        std::vector<DataTypePtr> types;
        for (size_t k = 0; k < keys; ++k) {
            cols.push_back(input.at(k).column.get());
            types.push_back(input.at(k).type());
        }
        if (!m_seen)
            m_seen = std::make_unique<RowKeyTable>(types);
        RowKeyTable::hashRows(cols, rows, m_hashes);
        std::vector<uint8_t> keep(rows, 0);
        size_t kept = 0;
        bool inserted = false;
        for (size_t r = 0; r < rows; ++r) {
            m_seen->findOrInsert(cols, r, m_hashes[r], &inserted);
            keep[r] = inserted;
            kept += inserted;
        }
        if (kept == 0)
            continue;
        if (kept == rows) {
            out = std::move(input);
            return Pull::Block;
        }
        out = input.filter(keep.data(), kept);
        return Pull::Block;
    }
}

} // namespace tideline::engine
