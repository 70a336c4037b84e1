#include "engine/exec/SubstreamSplitter.h"

namespace tideline::engine {

std::vector<std::pair<uint32_t, Block>> SubstreamSplitter::split(const Block &block)
{
    std::vector<std::pair<uint32_t, Block>> out;
    if (m_keys.empty()) {
        out.emplace_back(0, block);
        return out;
    }
    const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(block, m_keys, m_table);
    // Row indices per substream, in the order substreams first appear in this block.
    std::vector<std::vector<uint32_t>> rows;
    std::vector<uint32_t> slotOf; // substream id -> index in `rows`
    for (size_t r = 0; r < block.rows(); ++r) {
        bool inserted = false;
        uint32_t id = m_table->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
        if (id >= slotOf.size())
            slotOf.resize(id + 1, UINT32_MAX);
        if (slotOf[id] == UINT32_MAX) {
            slotOf[id] = static_cast<uint32_t>(rows.size());
            rows.emplace_back();
            out.emplace_back(id, Block());
        }
        rows[slotOf[id]].push_back(static_cast<uint32_t>(r));
    }
    for (size_t s = 0; s < out.size(); ++s) {
        if (out.size() == 1) {
            out[s].second = block;
            break;
        }
        for (const auto &c : block.columns())
            out[s].second.add(c.name, c.column->gather(rows[s]));
        out[s].second.setRowsWithoutColumns(rows[s].size());
    }
    return out;
}

} // namespace tideline::engine
