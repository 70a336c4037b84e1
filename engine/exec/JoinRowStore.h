#pragma once
// The rows one side of a stateful streaming join keeps (the current row per key of a changelog
// join, the versions per key of an ASOF join): one set of growing columns whose rows are
// addressed by a dense index, so an output column is built with one gather() per column, never
// row by row. Row 0 is a row of defaults, the stand-in for "no match" of a LEFT join.
//
// A released row stays in the columns as garbage until compact() copies the live rows into new
// columns; the owner then remaps the indexes it holds. Compaction runs once the garbage
// outgrows the live rows, so the memory of a side stays proportional to its live state.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/column/Block.h"

namespace tideline::engine {

// SETTINGS join_max_buffered_bytes (streaming-sql.md §8.10, default 500 MB): the state a
// streaming join keeps may not outgrow it; beyond it the query fails with
// SET_SIZE_LIMIT_EXCEEDED (191), as Proton's does, instead of taking all memory.
constexpr size_t kDefaultJoinMaxBufferedBytes = 524288000;
void checkJoinBufferedBytes(size_t bytes, size_t limit);

class JoinRowStore {
public:
    static constexpr uint32_t kDefaultRow = 0;
    static constexpr uint32_t kNone = UINT32_MAX;

    // The side's column names and types (the planner's scope): the store exists, with its row of
    // defaults, before the side's first block.
    JoinRowStore(std::vector<std::string> names, std::vector<DataTypePtr> types);

    // Appends rows `rows` of `block` (same columns as the store); returns the index of the first.
    uint32_t append(const Block &block, std::span<const uint32_t> rows);
    void release(uint32_t row);
    bool live(uint32_t row) const { return m_live[row] != 0; }
    size_t liveRows() const { return m_liveRows; }
    size_t byteSize() const;

    bool wantsCompaction() const { return m_live.size() - m_liveRows > m_liveRows + 1024; }
    // Copies the live rows into new columns, in order; returns old index -> new index (kNone for
    // released rows).
    std::vector<uint32_t> compact();

    // Column `c` at the given rows.
    ColumnPtr gather(size_t c, std::span<const uint32_t> rows) const { return m_columns[c]->gather(rows); }
    const Column &column(size_t c) const { return *m_columns[c]; }
    size_t columnCount() const { return m_columns.size(); }
    const std::string &name(size_t c) const { return m_names[c]; }

private:
    std::vector<std::string> m_names;
    std::vector<MutableColumnPtr> m_columns;
    std::vector<uint8_t> m_live; // per row
    size_t m_liveRows = 0;       // the default row not counted
};

} // namespace tideline::engine
