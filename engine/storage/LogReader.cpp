#include "engine/storage/LogReader.h"

#include <algorithm>
#include <cstring>

#include "engine/storage/BlockCodec.h"

namespace tideline::engine {

bool LogReader::locate(StreamLog::Location &loc)
{
    m_status = Status::ok();
    for (;;) {
        if (m_position >= m_limit)
            return false;
        std::string damage;
        switch (m_log->locate(m_position, loc, &damage)) {
        case StreamLog::Lookup::End:
            return false;
        case StreamLog::Lookup::Dropped: {
            const int64_t to = std::min(loc.entry.meta.sn, m_limit); // m_position < m_limit here
            m_skipped += to - m_position;
            m_position = to;
            continue;
        }
        case StreamLog::Lookup::Damaged:
            m_status = Status(ErrorCode::CorruptedData, "Record sn " + std::to_string(m_position) + " of stream log '" + m_log->directory() +
                                                            "' is unreadable: " + damage);
            return false;
        case StreamLog::Lookup::Found:
            return true;
        }
    }
}

bool LogReader::nextMeta(RecordMeta &meta)
{
    StreamLog::Location loc;
    if (!locate(loc))
        return false;
    meta = loc.entry.meta;
    ++m_position;
    return true;
}

bool LogReader::next(Block &block, RecordMeta &meta, std::string *annotation)
{
    StreamLog::Location loc;
    if (!locate(loc))
        return false;
    // Readers tailing the same log ask for the same records at about the same time: the first
    // one decodes, the others share its block (BlockCache.h).
    BlockCache::Ticket ticket;
    CachedRecordPtr record = m_log->m_cache->acquire(m_log->m_cacheId, m_position, ticket);
    if (!record) {
        CachedRecord fresh;
        if (!read(loc, fresh))
            return false; // the ticket wakes anyone waiting; they read it themselves
        record = ticket.publish(std::move(fresh));
    }
    block = record->block;
    m_last = std::move(record);
    if (annotation)
        *annotation = m_last->annotation;
    meta = loc.entry.meta;
    ++m_position;
    m_log->m_readRows.fetch_add(meta.rows, std::memory_order_relaxed);
    m_log->m_readBytes.fetch_add(RecordHeader::kSize + loc.entry.payloadLength, std::memory_order_relaxed);
    return true;
}

const ColumnPtr &LogReader::sequenceColumn() const
{
    static const ColumnPtr none;
    return m_last ? m_last->sequence : none;
}

// The record at position() from disk: pread, both checksums, annotation, decode.
bool LogReader::read(const StreamLog::Location &loc, CachedRecord &out)
{
    const auto &e = loc.entry;
    m_buffer.resize(RecordHeader::kSize + e.payloadLength);
    auto where = [&] { return " (sn " + std::to_string(m_position) + ", '" + loc.file->path() + "' offset " + std::to_string(e.offset) + ")"; };
    if (m_status = loc.file->readAt(e.offset, m_buffer.data(), m_buffer.size()); !m_status)
        return false;
    // The header was checked when indexed, but the bytes may have rotted since: check again.
    auto header = RecordHeader::decode(m_buffer.data());
    if (!header || header->sn != m_position || header->payloadLength != e.payloadLength) {
        m_status = Status(ErrorCode::CorruptedData, "Corrupted record header" + where());
        return false;
    }
    std::span<const char> payload(m_buffer.data() + RecordHeader::kSize, e.payloadLength);
    if (payloadHash(payload) != header->payloadHash) {
        m_status = Status(ErrorCode::CorruptedData, "Checksum mismatch of record payload" + where());
        return false;
    }
    if (header->flags & RecordHeader::kHasAnnotation) {
        uint32_t length = 0;
        if (payload.size() >= 4)
            std::memcpy(&length, payload.data(), 4);
        if (payload.size() < 4 || payload.size() - 4 < length) {
            m_status = Status(ErrorCode::CorruptedData, "Record annotation longer than its payload" + where());
            return false;
        }
        out.annotation.assign(payload.data() + 4, length);
        payload = payload.subspan(4 + length);
    }
    auto decoded = BlockCodec::decode(payload);
    if (!decoded) {
        m_status = Status(decoded.status().code(), decoded.status().message() + where());
        return false;
    }
    out.block = std::move(*decoded);
    auto sequence = Column::create(makeType(TypeKind::Int64));
    sequence->fixed.resize(out.block.rows() * sizeof(int64_t));
    std::fill_n(sequence->data<int64_t>(), out.block.rows(), m_position);
    sequence->setSize(out.block.rows());
    out.sequence = std::move(sequence);
    // A tailing reader's buffer would otherwise keep the largest record it ever read.
    if (m_buffer.capacity() > (4u << 20))
        std::vector<char>().swap(m_buffer);
    return true;
}

} // namespace tideline::engine
