#pragma once
// Unbounded read of a stream's log from a position (by default the end at query start, i.e.
// only rows inserted after the query registered). It is a subscriber with its own LogReader:
// it never makes the writer buffer, and a slow query simply falls behind on disk. When it has
// read everything durable it returns Pending; the log's listener wakes the query.

#include <cstdint>
#include <memory>

#include "engine/exec/Operator.h"
#include "engine/exec/QueryWaker.h"
#include "engine/exec/StreamInfo.h"
#include "engine/storage/LogReader.h"

namespace tideline::engine {

class StreamingScanOperator final : public Operator {
public:
    StreamingScanOperator(std::shared_ptr<StreamInfo> stream, int64_t startSn, std::shared_ptr<QueryWaker> waker);
    ~StreamingScanOperator() override;
    Pull pull(Block &out) override;
    std::string name() const override { return "StreamingScan(" + m_stream->name() + ")"; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }
    int64_t position() const { return m_reader.position(); }
    const StreamLog &log() const { return *m_log; }
    int64_t skippedByRetention() const { return m_reader.skippedByRetention(); }
    // A materialized view's recovery: where to read next, and a position the scan stops at
    // (Pending) until the limit is lifted (INT64_MAX).
    void seek(int64_t sn) { m_reader.seek(sn); }
    void setLimit(int64_t sn) { m_reader.setLimit(sn); }

    // Where a streaming read starts for a seek_to setting: "", "latest", "earliest", a sequence
    // number, an ISO timestamp or a relative time like "-2h" (the latter two by record time).
    static int64_t startPosition(const StreamLog &log, const std::string &seekTo, int64_t nowMs);

private:
    std::shared_ptr<StreamInfo> m_stream;
    std::shared_ptr<StreamLog> m_log;
    LogReader m_reader;
    std::shared_ptr<QueryWaker> m_waker;
    int m_listener = -1;
    std::vector<const StreamColumn *> m_columns;
};

} // namespace tideline::engine
