#include "engine/exec/SubstreamSplitter.h"

namespace tideline::engine {

std::vector<std::pair<uint32_t, Block>> SubstreamSplitter::split(const Block &block)
{
    std::vector<std::pair<uint32_t, Block>> out;
    if (m_keys.empty()) {
        out.emplace_back(0, block);
        return out;
    }
    std::vector<const Column *> keys;
    std::vector<DataTypePtr> types;
    for (size_t k : m_keys) {
        keys.push_back(block.at(k).column.get());
        types.push_back(block.at(k).type());
    }
    if (!m_table)
        m_table = std::make_unique<RowKeyTable>(types);
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys, block.rows(), hashes);
    // Row indices per substream, in the order substreams first appear in this block.
    std::vector<std::vector<uint32_t>> rows;
    std::vector<uint32_t> slotOf; // substream id -> index in `rows`
    for (size_t r = 0; r < block.rows(); ++r) {
        bool inserted = false;
        uint32_t id = m_table->findOrInsert(keys, r, hashes[r], &inserted);
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
