#pragma once
// ASOF JOIN of a stream with an append or a versioned_kv stream (streaming-sql.md §8.7): the
// right side keeps, per equality key, its last `keepVersions` rows (versions, in arrival
// order; a new one evicts the oldest); each left row joins with the closest version that
// satisfies the inequality (`left.asof <op> right.asof`, the same closeness as the bounded
// ASOF join: among equal right values `>=`/`>` take the latest version, `<=`/`<` the earliest).
// Left rows are not kept, so a right row joins only the left rows that arrive after it, and
// the output is append-only. LEFT outputs an unmatched left row with right defaults. The right
// side is read first, so its versions are in place before the left rows after them.
// State: at most keepVersions rows per right key (plus garbage up to as much, JoinRowStore).
// An integer, date or time ASOF column is compared as int64 values read a column at a time;
// other types (strings, floats, nullable) through Column::compareAt.

#include <memory>

#include "engine/exec/HashJoinOperator.h"
#include "engine/exec/JoinRowStore.h"
#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class AsofStreamJoinOperator final : public Operator {
public:
    struct Spec {
        std::vector<size_t> leftKeys, rightKeys; // equality keys, equal types on both sides
        size_t leftAsof = 0, rightAsof = 0;      // the inequality's columns, equal types
        JoinSpec::AsofOp op = JoinSpec::AsofOp::GreaterOrEquals;
        bool leftOuter = false;
        size_t keepVersions = 3;
        size_t maxBufferedBytes = kDefaultJoinMaxBufferedBytes;
        ExpressionPtr residual;                  // INNER only: filters joined rows
        std::vector<std::string> outputNames;    // left then right columns
        std::vector<std::string> rightNames;     // the right side's columns as its blocks carry them
        std::vector<DataTypePtr> rightTypes;
    };

    AsofStreamJoinOperator(OperatorPtr left, OperatorPtr right, Spec spec);
    Pull pull(Block &out) override;
    std::string name() const override { return "AsofStreamJoin"; }
    std::vector<Operator *> children() const override { return {m_left.get(), m_right.get()}; }
    size_t keptRows() const { return m_store.liveRows(); }

private:
    struct Version {
        uint32_t row;  // in m_store
        int64_t value; // the ASOF value, when it reads as int64
    };
    void keep(const Block &block);
    Block probe(const Block &block);
    // The version closest to the left row that satisfies the inequality, or kNone.
    uint32_t closest(const std::vector<Version> &versions, const Column &leftAsof, size_t row, const std::vector<int64_t> &leftValues) const;
    void compact();

    OperatorPtr m_left, m_right;
    Spec m_spec;
    JoinRowStore m_store;
    std::unique_ptr<RowKeyTable> m_keys;
    std::vector<std::vector<Version>> m_versions; // key id -> versions, oldest first
    bool m_leftEnded = false, m_rightEnded = false;
};

} // namespace tideline::engine
