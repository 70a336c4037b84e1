#pragma once
// Bounded hash join. The right side is read completely on the first pull and built into a hash
// table of its equality keys (rows grouped per key, in insertion order; sorted by the ASOF column
// for ASOF). Left blocks then stream through: per block the matching (left row, right row) pairs
// are collected as two index vectors and every output column is produced by one gather().
// Output: all left columns, then all right columns. An unmatched side is filled with default
// values (ClickHouse join_use_nulls = 0), or NULLs with spec.useNulls, in which case the filled
// side's columns become nullable. NULL keys never match. RIGHT/FULL emit the right rows that
// never matched after the left input ends.

#include <deque>

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

struct JoinSpec {
    // Mirrors sql::JoinKind / sql::JoinStrictness; the planner maps Default to All, LATEST to Any.
    enum class Kind : uint8_t { Inner, Left, Right, Full, Cross };
    enum class Strictness : uint8_t { All, Any, Asof, Semi, Anti };
    // ASOF inequality, read as `left.asof <op> right.asof`: `>=` picks the greatest right value
    // not above the left one, `<` the smallest right value above it, and so on.
    enum class AsofOp : uint8_t { Less, LessOrEquals, Greater, GreaterOrEquals };

    Kind kind = Kind::Inner;
    Strictness strictness = Strictness::All;
    std::vector<size_t> leftKeys;  // equality keys, positions in the left blocks
    std::vector<size_t> rightKeys; // same count, positions in the right blocks; types equal up to nullability
    size_t leftAsof = 0;           // ASOF only
    size_t rightAsof = 0;
    AsofOp asofOp = AsofOp::GreaterOrEquals;
    // Evaluated over the joined output block (left columns then right columns); may be null.
    // INNER: filters pairs. LEFT/RIGHT/FULL: a row whose pairs all fail counts as unmatched.
    ExpressionPtr residual;
    std::vector<std::string> outputNames; // empty: the input names
    bool useNulls = false;
    // Column types of each side; only needed when that side may produce no block at all (an
    // empty table) and its columns still have to appear in the output.
    std::vector<DataTypePtr> leftTypes;
    std::vector<DataTypePtr> rightTypes;

    // The AST spellings: a comma join is CROSS, the default strictness ALL, LATEST is ANY.
    static Kind kindOf(sql::JoinKind kind)
    {
        switch (kind) {
        case sql::JoinKind::Inner: return Kind::Inner;
        case sql::JoinKind::Left: return Kind::Left;
        case sql::JoinKind::Right: return Kind::Right;
        case sql::JoinKind::Full: return Kind::Full;
        case sql::JoinKind::Cross: case sql::JoinKind::Comma: return Kind::Cross;
        }
        return Kind::Inner;
    }
    static Strictness strictnessOf(sql::JoinStrictness strictness)
    {
        switch (strictness) {
        case sql::JoinStrictness::Default: case sql::JoinStrictness::All: return Strictness::All;
        case sql::JoinStrictness::Any: case sql::JoinStrictness::Latest: return Strictness::Any;
        case sql::JoinStrictness::Asof: return Strictness::Asof;
        case sql::JoinStrictness::Semi: return Strictness::Semi;
        case sql::JoinStrictness::Anti: return Strictness::Anti;
        }
        return Strictness::All;
    }
};

class HashJoinOperator final : public Operator {
public:
    // Throws 48 NOT_IMPLEMENTED for unsupported combinations (ANY FULL, SEMI/ANTI other than
    // LEFT/RIGHT, ASOF other than INNER/LEFT).
    HashJoinOperator(OperatorPtr left, OperatorPtr right, JoinSpec spec);
    ~HashJoinOperator() override;
    Pull pull(Block &out) override;
    std::string name() const override { return "HashJoin"; }
    std::vector<Operator *> children() const override { return {m_left.get(), m_right.get()}; }

private:
    struct Pairs {
        std::vector<uint32_t> left;
        std::vector<uint32_t> right; // m_rightRows = no match (the default row)
    };

    Pull build();
    void buildTable();
    void sortGroupsByAsof();
    void prepareLeftSchema(const Block &left);
    void candidates(const Block &left, size_t from, size_t count, Pairs &pairs) const;
    uint32_t asofMatch(uint32_t group, const Column &leftAsof, size_t row) const;
    std::vector<uint8_t> residualMask(const Block &left, const Pairs &pairs) const;
    Pairs reduce(Pairs passing, size_t from, size_t count);
    Block assemble(const Block &left, const Pairs &pairs) const;
    Block unmatchedRight() const;
    bool processNext(Block &out);

    OperatorPtr m_left;
    OperatorPtr m_right;
    JoinSpec m_spec;

    bool m_built = false;
    std::vector<Block> m_rightBlocks;
    Block m_rightBlock;
    uint32_t m_rightRows = 0;
    std::vector<ColumnPtr> m_rightPadded; // right columns plus one default row at m_rightRows
    std::vector<std::string> m_rightNames;
    std::unique_ptr<RowKeyTable> m_table;
    std::vector<uint32_t> m_groupStart; // CSR: rows of group g are m_groupRows[start[g], start[g+1])
    std::vector<uint32_t> m_groupRows;
    std::vector<uint8_t> m_rightUsed;

    std::vector<DataTypePtr> m_leftTypes;
    std::vector<std::string> m_leftNames;
    bool m_leftDone = false;
    bool m_tailEmitted = false;
    Block m_current; // left block being processed (CROSS works through it in slices)
    size_t m_currentOffset = 0;
};

} // namespace tideline::engine
