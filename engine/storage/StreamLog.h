#pragma once
// StreamLog: the durable append log of one stream (ARCHITECTURE §2.3), in one directory of
// segment files (Segment.h, README.md).
//
//   auto log = StreamLog::open(dir, LogOptions{}, &SystemClock::instance());
//   auto r = (*log)->append(block);          // durable when it returns; r->sn is the block's _tp_sn
//   LogReader reader(**log, /*startSn*/ 0);   // LogReader.h: own position, reads with pread
//   int id = (*log)->addListener([](int64_t lastSn) { wake the query task });
//
// Sequence numbers: one per record (= one appended block), contiguous, the first ever is 0. They
// never go back, not even across truncate() or retention: the segment names carry them.
//
// Durability and visibility: append() writes the record and fdatasyncs it before it returns
// (LogOptions::fsync = false skips the sync, for tests and scratch streams). Concurrent appenders
// share one write + one fdatasync (group commit: the first waiting appender leads and writes the
// records queued by the others). A record becomes visible to readers, counters and listeners only
// once it is durable. A failed append leaves no trace: the partial write is truncated away and its
// sn is handed to the next append.
//
// Threads: append, readers, retention, truncate and the getters may run on any threads at once.
// Listeners are called on the appending thread that led the group commit, after the commit, with
// the sn of the last visible record; calls are serialised and lastSn never decreases. A listener
// must be quick (wake a task, do not read the log); after removeListener() returns it is not
// being called and will not be called again.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/column/Block.h"
#include "engine/common/Clock.h"
#include "engine/common/Status.h"
#include "engine/storage/BlockCache.h"
#include "engine/storage/Segment.h"

namespace tideline::engine {

struct LogOptions {
    int64_t segmentBytes = 64LL << 20; // a segment is rolled when the next record would pass this
    int64_t retentionBytes = -1;       // -1: keep everything
    int64_t retentionMs = -1;          // -1: keep everything; else by the segment's last append time
    bool fsync = true;
    // open() refuses (246) a last segment whose damaged part is followed by valid records, since
    // truncating would drop data that may have been acknowledged; true truncates anyway.
    bool forceRecovery = false;
    // Decoded records shared by the log's readers (BlockCache.h); null: BlockCache::process().
    std::shared_ptr<BlockCache> blockCache;
};

// What a record carries besides its block.
struct RecordMeta {
    int64_t sn = -1;
    uint64_t rows = 0;
    int64_t minTime = 0; // millis of _tp_time (or of the append when the block has no _tp_time)
    int64_t maxTime = 0;
    int64_t appendTimeMs = 0;
    bool hasEventTime = false;
    uint32_t writer = 0; // tag of the writer that annotated the record (RecordAnnotation), 0 if none
};

// Bytes a writer stores with one block, under the record's checksum: they become durable in the
// same write as the block, or not at all. A materialized view keeps its progress there, so its
// output and its input position commit together (MaterializedViewRunner.h). The tag is indexed
// in memory (lastSnOf), the bytes are read back with the record (LogReader::next).
struct RecordAnnotation {
    uint32_t writer = 0; // non-zero
    std::string bytes;
};

struct AppendResult {
    int64_t sn = -1;
    RecordMeta meta;
    uint64_t bytes = 0; // on disk, header included
};

// What open() found and repaired.
struct RecoveryInfo {
    uint64_t truncatedBytes = 0; // torn tail cut from the last segment
    std::string reason;          // why, empty when nothing was cut
    std::vector<std::string> damagedSegments; // older segments with unreadable parts (reads give 246)
};

class LogReader;

class StreamLog {
public:
    static Result<std::unique_ptr<StreamLog>> open(const std::string &dir, LogOptions options, const Clock *clock);
    ~StreamLog();
    StreamLog(const StreamLog &) = delete;
    StreamLog &operator=(const StreamLog &) = delete;

    Result<AppendResult> append(const Block &block, const RecordAnnotation *annotation = nullptr);

    int addListener(std::function<void(int64_t lastSn)> listener);
    void removeListener(int id);

    // Drops whole old segments (never the active one) past retentionBytes / retentionMs. Also run
    // after each segment roll.
    Status applyRetention();
    // Replaces retentionBytes / retentionMs (ALTER STREAM ... MODIFY SETTING) and applies them at
    // once, so a tightened limit frees disk without waiting for the next segment roll.
    Status setRetention(int64_t retentionBytes, int64_t retentionMs);
    // Drops every record (TRUNCATE STREAM); nextSn() stays where it was.
    Status truncate();

    int64_t nextSn() const { return m_visibleNext.load(std::memory_order_acquire); }
    int64_t firstSn() const;
    uint64_t rowCount() const;
    uint64_t byteSize() const;
    size_t segmentCount() const;
    // The newest kept record below `beforeSn` annotated by `writer` (from the index, no I/O); -1
    // when there is none.
    int64_t lastSnOf(uint32_t writer, int64_t beforeSn = INT64_MAX) const;
    // Min/max _tp_time over the kept records; nullopt when there are none.
    std::optional<int64_t> earliestTime() const;
    std::optional<int64_t> latestTime() const;
    const std::string &directory() const { return m_dir; }
    const LogOptions &options() const { return m_options; }
    const RecoveryInfo &recovery() const { return m_recovery; }
    // Since open: records appended, and the group commits (one write + one fdatasync each) that
    // carried them; appends / commits is the group-commit batching factor.
    uint64_t appendCount() const { return m_appendCount.load(std::memory_order_relaxed); }
    uint64_t commitCount() const { return m_commitCount.load(std::memory_order_relaxed); }
    // Since open: rows and stored bytes appended, and read by every reader together (the
    // workspace samples these for the stream stats' rates and history).
    struct Traffic {
        uint64_t writtenRows = 0, writtenBytes = 0, readRows = 0, readBytes = 0;
    };
    Traffic traffic() const
    {
        return {m_writtenRows.load(std::memory_order_relaxed), m_writtenBytes.load(std::memory_order_relaxed),
                m_readRows.load(std::memory_order_relaxed), m_readBytes.load(std::memory_order_relaxed)};
    }

private:
    friend class LogReader;
    struct RecordEntry {
        uint64_t offset;
        uint32_t payloadLength;
        RecordMeta meta;
    };
    struct Segment {
        std::shared_ptr<SegmentFile> file;
        std::vector<RecordEntry> records;
        uint64_t bytes = 0;
        uint64_t rows = 0;
        int64_t minTime = INT64_MAX;
        int64_t maxTime = INT64_MIN;
        int64_t maxAppendMs = INT64_MIN;
        std::string damage; // non-empty: sns after the records up to the next segment are unreadable
        void add(const RecordEntry &e, uint64_t recordBytes);
    };
    struct Request; // one appender's record, queued for the group commit
    struct Location {
        std::shared_ptr<SegmentFile> file;
        RecordEntry entry;
    };
    enum class Lookup { Found, End, Dropped, Damaged };

    StreamLog(std::string dir, LogOptions options, const Clock *clock, int lockFd);
    Status load();
    Status loadSegment(int64_t baseSn, bool last);
    Status recoverTail(Segment &seg, SegmentScan &scan);

    void writeBatch(std::vector<Request *> &batch);
    Status writeRun(Segment &seg, std::vector<Request *> &batch, size_t from, size_t to, int64_t nowMs);
    Status roll();
    void acquireWriter();
    void releaseWriter();
    Status dropOldSegments();
    Status dropFront();
    void notifyListeners();

    // For LogReader: where record `sn` is. Dropped sets entry.meta.sn to the first kept sn.
    Lookup locate(int64_t sn, Location &out, std::string *damage) const;
    int64_t findByTime(int64_t ms) const;

    std::string m_dir;
    LogOptions m_options;
    const Clock *m_clock;
    int m_lockFd;
    std::shared_ptr<BlockCache> m_cache; // never null
    uint64_t m_cacheId;                  // this open log's records in m_cache
    RecoveryInfo m_recovery;

    // Group commit: m_writing is the writer token (held by the batch leader, retention, truncate).
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Request *> m_queue;
    bool m_writing = false;
    Status m_broken; // set when a failed write could not be undone; appends fail until reopen

    // The index; written only by the writer-token holder under the unique lock.
    mutable std::shared_mutex m_indexMutex;
    std::deque<Segment> m_segments;
    uint64_t m_totalBytes = 0;
    uint64_t m_totalRows = 0;
    std::atomic<int64_t> m_visibleNext{0};
    std::atomic<uint64_t> m_appendCount{0};
    std::atomic<uint64_t> m_writtenRows{0}, m_writtenBytes{0};
    mutable std::atomic<uint64_t> m_readRows{0}, m_readBytes{0}; // counted by const readers
    std::atomic<uint64_t> m_commitCount{0};

    std::recursive_mutex m_listenerMutex;
    std::map<int, std::shared_ptr<std::function<void(int64_t)>>> m_listeners;
    int m_nextListenerId = 1;
    int64_t m_lastNotified = -1;
};

} // namespace tideline::engine
