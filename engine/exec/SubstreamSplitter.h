#pragma once
// PARTITION BY substreams (streaming-sql.md §5.9): splits each block by the partition key
// columns into one block per substream, with dense substream ids in first-seen order. Without
// keys there is one substream (id 0) and blocks pass through untouched.

#include <memory>
#include <utility>
#include <vector>

#include "engine/column/Block.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class SubstreamSplitter {
public:
    explicit SubstreamSplitter(std::vector<size_t> keyColumns) : m_keys(std::move(keyColumns)) {}
    bool partitioned() const { return !m_keys.empty(); }
    // (substream id, its rows of `block`) for every substream present, rows in input order.
    std::vector<std::pair<uint32_t, Block>> split(const Block &block);
    size_t substreamCount() const { return m_table ? m_table->size() : 1; }

private:
    std::vector<size_t> m_keys;
    std::unique_ptr<RowKeyTable> m_table;
};

} // namespace tideline::engine
