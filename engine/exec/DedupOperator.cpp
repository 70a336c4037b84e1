#include "engine/exec/DedupOperator.h"

namespace tideline::engine {

Pull DedupOperator::pull(Block &out)
{
    for (;;) {
        Block block;
        Pull p = m_input->next(block);
        if (p != Pull::Block)
            return p;
        if (block.rows() == 0)
            continue;
        std::vector<const Column *> keys;
        std::vector<DataTypePtr> types;
        for (size_t k : m_keys) {
            keys.push_back(block.at(k).column.get());
            types.push_back(block.at(k).type());
        }
        if (!m_seen)
            m_seen = std::make_unique<RowKeyTable>(types);
        std::vector<uint64_t> hashes;
        RowKeyTable::hashRows(keys, block.rows(), hashes);
        std::vector<uint8_t> mask(block.rows(), 0);
        size_t kept = 0;
        for (size_t r = 0; r < block.rows(); ++r) {
            bool inserted = false;
            m_seen->findOrInsert(keys, r, hashes[r], &inserted);
            if (inserted)
                mask[r] = 1, ++kept;
        }
        if (kept == 0)
            continue;
        out = kept == block.rows() ? std::move(block) : block.filter(mask.data(), kept);
        return Pull::Block;
    }
}

} // namespace tideline::engine
