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
    if (annotation)
        annotation->clear();
    if (header->flags & RecordHeader::kHasAnnotation) {
        uint32_t length = 0;
        if (payload.size() >= 4)
            std::memcpy(&length, payload.data(), 4);
        if (payload.size() < 4 || payload.size() - 4 < length) {
            m_status = Status(ErrorCode::CorruptedData, "Record annotation longer than its payload" + where());
            return false;
        }
        if (annotation)
            annotation->assign(payload.data() + 4, length);
        payload = payload.subspan(4 + length);
    }
    auto decoded = BlockCodec::decode(payload);
    if (!decoded) {
        m_status = Status(decoded.status().code(), decoded.status().message() + where());
        return false;
    }
    block = std::move(*decoded);
    meta = e.meta;
    ++m_position;
    m_log->m_readRows.fetch_add(meta.rows, std::memory_order_relaxed);
    m_log->m_readBytes.fetch_add(m_buffer.size(), std::memory_order_relaxed);
    return true;
}

} // namespace tideline::engine
