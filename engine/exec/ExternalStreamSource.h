#pragma once
// Reading an external stream as a query source (ExternalStream.h): a streaming read tails the
// topic from `seek_to` (default latest) and returns Pending while nothing came, the connector
// waking the query when messages arrive; table(x) reads up to the ends the partitions had when
// it started, then ends. Each pull decodes one batch of messages into one block.

#include <memory>

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
    Result<ExternalOffsets> positions() { return m_reader->positions(); }
    void resumeAt(const ExternalOffsets &offsets) { m_reader->resumeAt(offsets); }

private:
    std::shared_ptr<StreamInfo> m_stream;
    std::unique_ptr<ExternalStreamReader> m_reader;
    bool m_bounded;
    bool m_ended = false;
    std::vector<ExternalMessage> m_messages;
};

} // namespace tideline::engine
