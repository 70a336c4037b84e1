#pragma once
// LogReader: one subscriber's own position in a StreamLog (ARCHITECTURE §2.4). It reads records
// with pread straight from the segment files, so a slow reader simply falls behind on disk; the
// writer never buffers for it. Any number of readers may run beside appends; a reader itself is
// used by one thread at a time. The StreamLog must outlive its readers.
//
//   LogReader reader(log, log.firstSn());
//   Block block; RecordMeta meta;
//   while (reader.next(block, meta)) { ... }       // false at the current end, or on an error
//   if (!reader.status()) { report reader.status() } // 246 for a corrupt record
//
// Readers share decoded records through the log's BlockCache, so N readers at the same position
// cost one decode; what next() returns is the same either way.
//
// A reader sees only durable records. When retention has dropped its position it moves on to the
// first kept record and counts the skipped ones (skippedByRetention()).

#include <cstdint>
#include <vector>

#include "engine/column/Block.h"
#include "engine/common/Status.h"
#include "engine/storage/StreamLog.h"

namespace tideline::engine {

class LogReader {
public:
    explicit LogReader(const StreamLog &log, int64_t startSn = 0) : m_log(&log), m_position(startSn) {}

    // The sn next() reads next.
    int64_t position() const { return m_position; }
    void seek(int64_t sn) { m_position = sn; }
    void seekToEnd() { m_position = m_log->nextSn(); }
    // To the first record that may hold rows with _tp_time >= ms (its max time >= ms), using the
    // per-segment and per-record min/max; rows are not filtered, and later records may be older.
    void seekToTime(int64_t ms) { m_position = m_log->findByTime(ms); }
    bool atEnd() const { return m_position >= m_log->nextSn(); }
    // next() reads nothing at or past `sn` (INT64_MAX: no limit), also when skipping records
    // retention dropped: a replay must stop where the live run stood.
    void setLimit(int64_t sn) { m_limit = sn; }

    // Reads the record at position() and advances. Returns false at the end of what is durable
    // (status() ok) or on an error (status() says why; the position stays on the bad record, seek
    // past it to skip it deliberately). `annotation`, when given, receives the writer's
    // annotation (empty for a record without one).
    bool next(Block &block, RecordMeta &meta, std::string *annotation = nullptr);
    // `_tp_sn` of the record next() returned last: an Int64 column with its sn in every row,
    // made once per record and shared like the block (null before the first record).
    const ColumnPtr &sequenceColumn() const;
    // Only the metadata (no payload read), e.g. to count rows or find times quickly.
    bool nextMeta(RecordMeta &meta);
    const Status &status() const { return m_status; }
    int64_t skippedByRetention() const { return m_skipped; }

private:
    bool locate(StreamLog::Location &loc);
    bool read(const StreamLog::Location &loc, CachedRecord &out);

    const StreamLog *m_log;
    int64_t m_position;
    int64_t m_skipped = 0;
    int64_t m_limit = INT64_MAX;
    Status m_status;
    std::vector<char> m_buffer;
    CachedRecordPtr m_last; // what next() returned last
};

} // namespace tideline::engine
