#include "engine/exec/ExternalStreamSource.h"

#include "engine/exec/StreamInfo.h"

namespace tideline::engine {

namespace {
// A bounded read waits this long per call for the next messages: the reader returns earlier
// when it has some, and ends by itself at the partition ends it fixed when it opened.
constexpr int kBoundedWaitMs = 200;
} // namespace

ExternalStreamSource::ExternalStreamSource(std::shared_ptr<StreamInfo> stream, std::unique_ptr<ExternalStreamReader> reader, bool bounded)
    : m_stream(std::move(stream)), m_reader(std::move(reader)), m_bounded(bounded)
{
}

Recovery ExternalStreamSource::recovery(std::string &why) const
{
    if (m_bounded || m_reader->resumable())
        return Recovery::PerBlock;
    why = "the read position of external stream " + m_stream->name() + " cannot be recorded";
    return Recovery::Inexact;
}

Pull ExternalStreamSource::pull(Block &out)
{
    while (!m_ended) {
        m_messages.clear();
        auto more = m_reader->read(m_messages, kBatch, m_bounded ? kBoundedWaitMs : 0);
        if (!more)
            throw EngineError(more.status());
        m_ended = !*more;
        if (!m_messages.empty()) {
            size_t bytes = 0;
            for (const auto &m : m_messages)
                bytes += m.value.size();
            stats.scannedRows += m_messages.size();
            stats.scannedBytes += bytes;
            out = m_stream->external->decode(m_messages);
            return Pull::Block;
        }
        if (!m_bounded)
            return Pull::Pending;
    }
    return Pull::End;
}

} // namespace tideline::engine
