#pragma once
// A streaming join whose output is a changelog (streaming-sql.md §8.6, §8.8): versioned_kv and
// changelog_kv streams joined with each other (INNER, LEFT), and LATEST JOIN of two append
// streams. Each side keeps only its current row per key: its primary key, or for LATEST the
// join key. A new row of a key replaces the key's row (a changelog_kv -1 row deletes it), and
// every joined row the change invalidates is retracted before the new ones are added. Output:
// the left columns, the right columns, then _tp_delta (-1 retracts a row emitted before, +1
// adds one), so an aggregation over the join retracts correctly.
//
// LEFT: a left row without right rows of its join key is output with right defaults; that row
// is retracted once a right row of the key arrives, and added again when the last one goes. A
// default row added and retracted by the same input block is not output at all.
// Within one block of a versioned side the last row of a key wins, and the retractions of the
// block come before its additions (Proton turns such a block into a -1 block and a +1 block).
// A block of a changelog_kv side applies row by row: -1 deletes its key, +1 inserts or
// replaces it. The right side is read first, so its changes apply before the left rows after
// them. State: one row per key and side (plus garbage up to as much again, see JoinRowStore).

#include <memory>
#include <unordered_map>

#include "engine/exec/JoinRowStore.h"
#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class ChangelogJoinOperator final : public Operator {
public:
    struct SideSpec {
        OperatorPtr input;
        std::vector<std::string> names; // the side's columns as its blocks carry them
        std::vector<DataTypePtr> types;
        std::vector<size_t> primaryKey; // the key whose current row the side keeps
        std::vector<size_t> joinKeys;   // equality keys; both sides' key types are equal
        int delta = -1;                 // changelog_kv: _tp_delta; -1: every row is its key's new version
    };

    // `outputNames`: the left then the right columns; `residual` (INNER only) filters joined
    // rows, evaluated over the left and right columns.
    ChangelogJoinOperator(SideSpec left, SideSpec right, bool leftOuter, ExpressionPtr residual, std::vector<std::string> outputNames);
    Pull pull(Block &out) override;
    std::string name() const override { return "ChangelogJoin"; }
    std::vector<Operator *> children() const override { return {m_sides[0].spec.input.get(), m_sides[1].spec.input.get()}; }
    // Rows kept as state (both sides, live ones only) and the bytes they take.
    size_t keptRows() const { return m_sides[0].store.liveRows() + m_sides[1].store.liveRows(); }
    size_t keptBytes() const { return m_sides[0].store.byteSize() + m_sides[1].store.byteSize(); }
    void setMaxBufferedBytes(size_t bytes) { m_maxBytes = bytes; }

private:
    struct Side {
        explicit Side(SideSpec s);
        SideSpec spec;
        JoinRowStore store;
        std::unique_ptr<RowKeyTable> pkTable;
        std::vector<uint32_t> rowOfPk;                // primary key id -> store row, or kNone
        std::vector<std::vector<uint32_t>> rowsOfKey; // join key id -> live store rows
        std::vector<uint32_t> keyOfRow;               // store row -> join key id
        bool ended = false;
    };
    // The joined rows one input block changes, in output order (store rows of each side).
    struct Changes {
        std::vector<uint32_t> left, right;
        std::vector<int8_t> delta;                   // 0: cancelled within the block
        std::unordered_map<uint32_t, size_t> unmatched; // left row -> its (row, defaults, +1) change
        void add(uint32_t l, uint32_t r, int8_t d);
    };
    // A step of applying a block: remove the current row of the key of block row `row`, or
    // insert block row `row` (as store row `stored`).
    struct Step {
        uint32_t row;
        bool insert;
    };

    Block process(size_t s, const Block &block);
    std::vector<Step> steps(const Side &side, const Block &block, const std::vector<uint32_t> &pks) const;
    void ids(Side &side, const Block &block, std::vector<uint32_t> &pks, std::vector<uint32_t> &keys);
    void remove(size_t s, uint32_t pk, Changes &changes);
    void insert(size_t s, uint32_t row, uint32_t pk, uint32_t key, Changes &changes);
    Block assemble(const Changes &changes) const;
    static void compact(Side &side);

    Side m_sides[2];
    bool m_leftOuter;
    ExpressionPtr m_residual;
    std::vector<std::string> m_names;
    std::unique_ptr<RowKeyTable> m_keyTable; // join keys, shared: equal keys get one id
    size_t m_maxBytes = kDefaultJoinMaxBufferedBytes;
};

} // namespace tideline::engine
