#pragma once
// changelog(src, key... [, version] [, drop_late_rows]) over an append stream (streaming-sql.md
// §10.1): every row is the new value of its key; a key seen before first retracts the row it
// had (_tp_delta -1), then the new row follows (+1). Within one block the last row of a key
// wins. With drop_late_rows, a row whose version is below the key's current one is dropped.
// Output: the input columns and _tp_delta (int8).

#include <memory>

#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"
#include "engine/exec/StreamingEmit.h"

namespace tideline::engine {

class ChangelogOperator final : public Operator {
public:
    ChangelogOperator(OperatorPtr input, std::vector<size_t> keyColumns, int versionColumn, bool dropLateRows)
        : m_input(std::move(input)), m_keys(std::move(keyColumns)), m_version(versionColumn), m_dropLate(dropLateRows) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Changelog"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    bool isLate(const Block &block, size_t row, uint32_t key, const std::vector<int64_t> &pendingRow) const;

    OperatorPtr m_input;
    std::vector<size_t> m_keys;
    int m_version;
    bool m_dropLate;
    std::unique_ptr<RowKeyTable> m_table;
    ChangelogTracker m_last;
};

} // namespace tideline::engine
