#include "engine/exec/LimitByOperator.h"

namespace tideline::engine {

Pull LimitByOperator::pull(Block &out)
{
    for (;;) {
        Block input;
        Pull p = m_input->next(input);
        if (p != Pull::Block)
            return p;
        size_t rows = input.rows();
        if (rows == 0)
            continue;
        const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(input, m_keyColumns, m_keys);
        std::vector<uint8_t> keep(rows, 0);
        size_t kept = 0;
        bool inserted = false;
        for (size_t r = 0; r < rows; ++r) {
            uint32_t id = m_keys->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
            if (inserted)
                m_counts.push_back(0);
            uint64_t n = m_counts[id]++;
            keep[r] = n >= m_offset && n - m_offset < m_limit;
            kept += keep[r];
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
