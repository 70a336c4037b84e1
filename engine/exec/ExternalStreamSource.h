#pragma once
// Reading an external stream as a query source (ExternalStream.h): a streaming read tails the
// topic from `seek_to` (default latest) and returns Pending while nothing came, the connector
// waking the query when messages arrive; table(x) reads up to the ends the partitions had when
// it started, then ends. Each pull decodes one batch of messages into one block.
//
// For a materialized view (MaterializedViewRunner.h) a streaming read of a resumable reader
// (Kafka) is positioned like a log scan: positions() is the next offset of every partition past
// what pull() delivered, resumeAt() starts there, and a limit holds back messages at or past it
// (a replay up to the committed offsets), delivering them once the limit is lifted. A partition
// that reaches its limit is paused at the reader, so what is held is at most what had been
// fetched past the limit by then, not the rest of the partition.

#include <memory>
#include <optional>
#include <set>

#include "engine/exec/ExternalStream.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

struct StreamInfo;

class ExternalStreamSource final : public Operator {
public:
    static constexpr size_t kBatch = 65536;

    // `reader` comes from stream->external->openReader; `stream` is kept alive with it.
    ExternalStreamSource(std::shared_ptr<StreamInfo> stream, std::unique_ptr<ExternalStreamReader> reader, bool bounded);
    Pull pull(Block &out) override;
    std::string name() const override { return "ExternalStream"; }
    // Streaming reads of a resumable reader (Kafka) resume where the view committed; a bounded
    // read is read again at a restart, as other bounded inputs are.
    Recovery recovery(std::string &why) const override;
    bool bounded() const { return m_bounded; }

    // Past the last delivered message of each partition (where the read starts, before any:
    // resolving that may contact the peer).
    Result<ExternalOffsets> positions();
    // Before the first pull: start each listed partition at its offset (ExternalStreamReader).
    void resumeAt(const ExternalOffsets &offsets);
    // Deliver only messages below `limit` in their partition (none of a partition it does not
    // list); the rest waits for clearLimit(). Throws when the start cannot be resolved.
    void setLimit(const ExternalOffsets &limit);
    void clearLimit();
    // Every partition of `limit` delivered up to it.
    bool reached(const ExternalOffsets &limit);

private:
    bool take(std::vector<ExternalMessage> &messages);
    Block deliver(const std::vector<ExternalMessage> &messages);

    std::shared_ptr<StreamInfo> m_stream;
    std::unique_ptr<ExternalStreamReader> m_reader;
    bool m_bounded;
    bool m_ended = false;
    std::vector<ExternalMessage> m_messages;
    std::vector<ExternalMessage> m_held; // read past the limit, in order
    std::set<int32_t> m_heldPartitions;
    std::optional<ExternalOffsets> m_limit;
    std::optional<ExternalOffsets> m_positions; // what was delivered, from setLimit() until the held messages are
};

} // namespace tideline::engine
