#pragma once
// Bounded scan of a stream's log: every record from the first kept one up to the end as it was
// when the query started (a snapshot by sequence number), as blocks with the stream's stored
// columns in schema order, plus `_tp_sn`. Records written before a column existed get defaults.
// An optional time bound skips records whose max _tp_time is below it (pruning by record
// metadata; rows are still filtered by the WHERE clause).

#include <memory>

#include "engine/exec/Operator.h"
#include "engine/exec/StreamInfo.h"
#include "engine/storage/LogReader.h"

namespace tideline::engine {

class ScanOperator final : public Operator {
public:
    ScanOperator(std::shared_ptr<StreamInfo> stream, int64_t endSn);
    Pull pull(Block &out) override;
    std::string name() const override { return "Scan(" + m_stream->name() + ")"; }

    // Stored columns in output order (then _tp_sn).
    static std::vector<const StreamColumn *> storedColumns(const StreamInfo &stream);
    // A stored record as a block of `columns` (defaults for missing ones) plus `_tp_sn`, which is
    // `sequence` (LogReader::sequenceColumn(), shared by every reader of the record) when given.
    static Block shape(const Block &record, const RecordMeta &meta, const std::vector<const StreamColumn *> &columns,
                       const ColumnPtr &sequence = nullptr);

private:
    std::shared_ptr<StreamInfo> m_stream;
    LogReader m_reader;
    int64_t m_endSn;
    std::vector<const StreamColumn *> m_columns;
};

} // namespace tideline::engine
