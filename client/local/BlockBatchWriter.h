#pragma once
// Engine blocks to client::ResultBatch text cells, column at a time: each column goes through
// the engine's typed writer (writeColumn, TextFormat::Plain: what clickhouse-client prints) into
// a reused cell buffer, then the cells are interleaved row-major. NULL is a null flag with empty
// text (a Nullable column writes its nested column and takes the flags from its null map).
// No per-cell QVariant or allocation. One writer per query thread; not thread-safe.
#include <vector>
#include "client/ResultBatch.h"
#include "engine/column/Block.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::client {

class BlockBatchWriter {
public:
    // Appends rows [from, from + count) of `block` to `out` (whose column count must match).
    void append(const engine::Block &block, size_t from, size_t count, ResultBatch &out);

private:
    std::vector<engine::CellBuffer> m_cells;
    std::vector<const uint8_t *> m_nulls; // per column: its null map at `from`, or null
};

} // namespace tideline::client
