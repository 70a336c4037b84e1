// StreamLog: retention and TRUNCATE, which drop whole segments from the front under the writer
// token (the group-commit leader may not write meanwhile); readers holding a dropped segment's
// file keep reading it after the unlink.
#include <unistd.h>

#include <cerrno>

#include "engine/storage/StreamLog.h"

namespace tideline::engine {

Status StreamLog::applyRetention()
{
    acquireWriter();
    Status s = dropOldSegments();
    releaseWriter();
    return s;
}

Status StreamLog::setRetention(int64_t retentionBytes, int64_t retentionMs)
{
    acquireWriter(); // the writer token guards m_options against the group-commit leader
    m_options.retentionBytes = retentionBytes;
    m_options.retentionMs = retentionMs;
    Status s = dropOldSegments();
    releaseWriter();
    return s;
}

Status StreamLog::dropOldSegments()
{
    int64_t nowMs = m_clock->nowMillis();
    while (m_segments.size() > 1) {
        const Segment &oldest = m_segments.front();
        bool tooBig = m_options.retentionBytes >= 0 && m_totalBytes > static_cast<uint64_t>(m_options.retentionBytes);
        bool tooOld = m_options.retentionMs >= 0 && !oldest.records.empty() && oldest.maxAppendMs < nowMs - m_options.retentionMs;
        if (!tooBig && !tooOld)
            break;
        if (Status s = dropFront(); !s)
            return s;
    }
    return Status::ok();
}

// Readers holding the segment's file keep reading it after the unlink.
Status StreamLog::dropFront()
{
    std::shared_ptr<SegmentFile> file;
    {
        std::unique_lock lk(m_indexMutex);
        Segment &seg = m_segments.front();
        file = seg.file;
        m_totalBytes -= seg.bytes;
        m_totalRows -= seg.rows;
        m_segments.pop_front();
    }
    if (::unlink(file->path().c_str()) != 0 && errno != ENOENT)
        return ioError(ErrorCode::CannotWriteToFile, "delete segment", file->path(), errno);
    return m_options.fsync ? syncDirectory(m_dir) : Status::ok();
}

Status StreamLog::truncate()
{
    acquireWriter();
    Status status;
    int64_t base = m_visibleNext.load(std::memory_order_relaxed);
    // The new empty segment is created (and made durable) before any old one goes, so a crash in
    // between leaves a log whose sns still continue from `base`.
    if (m_segments.back().file->baseSn() != base) {
        auto file = SegmentFile::open(m_dir, base, true);
        if (file && m_options.fsync)
            status = syncDirectory(m_dir);
        if (!file)
            status = file.status();
        if (status) {
            std::unique_lock lk(m_indexMutex);
            m_segments.push_back(Segment{*file});
        }
    }
    while (status && m_segments.size() > 1)
        status = dropFront();
    releaseWriter();
    return status;
}

} // namespace tideline::engine
