#include "engine/exec/DistinctOperator.h"

#include <algorithm>
#include <numeric>

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
        std::vector<size_t> positions(std::min(m_keyColumns, input.columnCount()));
        std::iota(positions.begin(), positions.end(), size_t(0));
        const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(input, positions, m_seen);
        std::vector<uint8_t> keep(rows, 0);
        size_t kept = 0;
        bool inserted = false;
        for (size_t r = 0; r < rows; ++r) {
            m_seen->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
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
