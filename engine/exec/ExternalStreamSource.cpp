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

Result<ExternalOffsets> ExternalStreamSource::positions()
{
    if (m_positions)
        return *m_positions;
    return m_reader->positions(); // nothing held back: what was read was delivered (or skipped by the reader)
}

void ExternalStreamSource::resumeAt(const ExternalOffsets &offsets)
{
    m_reader->resumeAt(offsets);
}

void ExternalStreamSource::clearLimit()
{
    m_limit.reset();
    if (m_held.empty()) {
        m_positions.reset();
        m_reader->fetchAll();
    }
}

void ExternalStreamSource::setLimit(const ExternalOffsets &limit)
{
    auto at = m_reader->positions(); // where delivery counts from while messages are held back
    if (!at)
        throw EngineError(at.status());
    m_positions = std::move(*at);
    m_limit = limit;
}

bool ExternalStreamSource::reached(const ExternalOffsets &limit)
{
    auto at = positions();
    if (!at)
        throw EngineError(at.status());
    for (const auto &[partition, offset] : limit) {
        auto it = at->find(partition);
        if (it == at->end() || it->second < offset)
            return false;
    }
    return true;
}

Pull ExternalStreamSource::pull(Block &out)
{
    if (!m_held.empty() && !m_limit) { // what a replay held back comes first, in order
        std::vector<ExternalMessage> held = std::move(m_held);
        m_held.clear();
        m_heldPartitions.clear();
        m_reader->fetchAll();
        out = deliver(held);
        m_positions.reset(); // the held messages were the last the reader fetched
        return Pull::Block;
    }
    while (!m_ended) {
        m_messages.clear();
        auto more = m_reader->read(m_messages, kBatch, m_bounded ? kBoundedWaitMs : 0);
        if (!more)
            throw EngineError(more.status());
        m_ended = !*more;
        if (take(m_messages)) {
            out = deliver(m_messages);
            return Pull::Block;
        }
        if (!m_bounded)
            return Pull::Pending;
    }
    return Pull::End;
}

// Keeps in `messages` what may be delivered now, moving what is at or past the limit to m_held
// (and everything once something of its partition is held, so each partition stays in order).
bool ExternalStreamSource::take(std::vector<ExternalMessage> &messages)
{
    if (m_limit) {
        size_t kept = 0;
        std::vector<int32_t> reached;
        for (size_t i = 0; i < messages.size(); ++i) {
            ExternalMessage &m = messages[i];
            auto it = m_limit->find(m.partition);
            if (it != m_limit->end() && m.offset < it->second && !m_heldPartitions.count(m.partition)) {
                if (kept != i)
                    messages[kept] = std::move(m);
                ++kept;
            } else {
                if (m_heldPartitions.insert(m.partition).second)
                    reached.push_back(m.partition);
                m_held.push_back(std::move(m));
            }
        }
        messages.resize(kept);
        if (!reached.empty())
            m_reader->pause(reached); // their next messages wait in the peer, not in m_held
    }
    return !messages.empty();
}

Block ExternalStreamSource::deliver(const std::vector<ExternalMessage> &messages)
{
    size_t bytes = 0;
    for (const auto &m : messages) {
        bytes += m.value.size();
        if (m_positions)
            (*m_positions)[m.partition] = m.offset + 1;
    }
    stats.scannedRows += messages.size();
    stats.scannedBytes += bytes;
    return m_stream->external->decode(messages);
}

} // namespace tideline::engine
