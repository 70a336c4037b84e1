#pragma once
// [LEFT] ARRAY JOIN: each input row is repeated once per array element; the output is every input
// column (replicated) followed by one element column per joined array, named elementNames[i].
// Several arrays are zipped and must have the same size on each row (else 190
// SIZES_OF_ARRAYS_DOESNT_MATCH). A map joins as its (key, value) tuples. Plain ARRAY JOIN drops
// rows whose arrays are empty; LEFT ARRAY JOIN keeps them once with a default element.

#include "engine/exec/Operator.h"

namespace tideline::engine {

class ArrayJoinOperator final : public Operator {
public:
    ArrayJoinOperator(OperatorPtr input, std::vector<size_t> arrayColumns, std::vector<std::string> elementNames, bool left);
    Pull pull(Block &out) override;
    std::string name() const override { return m_left ? "LeftArrayJoin" : "ArrayJoin"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }

    // The element type produced for an array or map column type (43 for anything else).
    static DataTypePtr elementType(const DataTypePtr &arrayType);

private:
    Block join(const Block &input) const;
    std::vector<uint64_t> rowSizes(const Block &input) const;
    ColumnPtr elements(const Column &array, const std::vector<uint64_t> &sizes) const;

    OperatorPtr m_input;
    std::vector<size_t> m_arrayColumns;
    std::vector<std::string> m_elementNames;
    bool m_left;
};

} // namespace tideline::engine
