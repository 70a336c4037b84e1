#pragma once
// INNER JOIN of two streams (streaming-sql.md §8.2-8.3): a symmetric hash join. Each side keeps
// every row it has seen, indexed by its equality keys; a new block of one side is probed against
// the other side's rows and then added to its own. So every matching pair is emitted exactly
// once, when the later of its two rows arrives. The residual condition (a range predicate such
// as date_diff_within, rewritten by the planner) filters the pairs. Output: left columns then
// right columns, as HashJoinOperator.
//
// Rows are kept for the query's life (up to join_max_buffered_bytes, then the query fails), except in
// a range join (setRange): a kept block whose newest row is older than the other side's newest
// row minus the range can match no later row (later rows are not earlier, as with a watermark),
// so it is dropped, which bounds the state by the range.
//
// Enrichment mode (append stream JOIN versioned_kv stream, §8.4): the right side keeps only the
// latest row per key and is never probed; each left row joins with the right row current when
// it arrives and is not kept. LEFT fills the right columns of an unmatched row with defaults.
// With a changelog_kv right side, a row with _tp_delta = -1 deletes its key.
// The right side is read first, so its updates are applied before the left rows after them.

#include <deque>
#include <memory>

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class StreamJoinOperator final : public Operator {
public:
    StreamJoinOperator(OperatorPtr left, OperatorPtr right, std::vector<size_t> leftKeys, std::vector<size_t> rightKeys, ExpressionPtr residual,
                       std::vector<std::string> outputNames);
    // Switches to enrichment mode; `leftOuter` for LEFT JOIN, whose unmatched rows need the
    // right side's column types.
    void setEnrichment(bool leftOuter, std::vector<DataTypePtr> rightTypes, int rightDeltaColumn = -1);
    // A range join: the time columns of each side (datetime or datetime64) and the range.
    void setRange(size_t leftTime, size_t rightTime, int64_t rangeNanos);
    size_t keptRows() const { return m_sides[0].keptRows + m_sides[1].keptRows; }
    // SETTINGS join_max_buffered_bytes: the kept rows may not outgrow it (191, see JoinRowStore.h).
    void setMaxBufferedBytes(size_t bytes) { m_maxBytes = bytes; }
    Pull pull(Block &out) override;
    std::string name() const override { return "StreamJoin"; }
    std::vector<Operator *> children() const override { return {m_sides[0].input.get(), m_sides[1].input.get()}; }

private:
    struct Side {
        OperatorPtr input;
        std::vector<size_t> keys;
        std::unique_ptr<RowKeyTable> table;
        std::deque<Block> blocks;                                        // kept rows; blocks[0] has index `base`
        std::deque<int64_t> blockMaxMs;                                  // range joins: newest row per kept block
        uint32_t base = 0;
        std::vector<std::vector<std::pair<uint32_t, uint32_t>>> rowsOf; // key id -> (block index, row)
        size_t keptRows = 0;
        size_t keptBytes = 0;
        size_t staleEntries = 0; // rowsOf entries of dropped blocks or replaced rows
        int timeColumn = -1;
        int64_t maxMs = INT64_MIN;
        bool ended = false;
    };
    void evict(Side &side, int64_t thresholdMs);
    void reindex(Side &side);
    void compactLatest(Side &side);
    // Joins a new block of side `s` with what the other side holds, then keeps it.
    Block process(size_t s, Block block);
    Block probe(size_t s, const Block &block, const std::vector<const Column *> &keys, const std::vector<uint64_t> &hashes);
    void keep(size_t s, Block block, const std::vector<const Column *> &keys, const std::vector<uint64_t> &hashes);
    Block joined(size_t s, const Block &block, const std::vector<uint32_t> &rows, const Block &other, const std::vector<uint32_t> &otherRows) const;
    Block unmatched(const Block &left, const std::vector<uint8_t> &matched) const;

    Side m_sides[2];
    ExpressionPtr m_residual;
    std::vector<std::string> m_names;
    size_t m_next = 0; // the side pulled first, alternating
    bool m_enrich = false;
    bool m_leftOuter = false;
    std::vector<DataTypePtr> m_rightTypes;
    int64_t m_rangeMs = -1;
    int m_rightDelta = -1;
    size_t m_maxBytes = SIZE_MAX;
};

} // namespace tideline::engine
