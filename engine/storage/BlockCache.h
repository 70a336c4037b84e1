#pragma once
// BlockCache: stream-log records recently decoded by some LogReader, shared with every other
// reader of the process. A hundred queries tailing one stream would otherwise each pread,
// checksum and LZ4-decode every record; with the cache the first reader to reach a record decodes
// it and the others copy its Block (the columns are shared: ColumnPtr is a pointer to a const
// column, so nobody can change them under another reader).
//
//   BlockCache::Ticket ticket;
//   if (CachedRecordPtr r = cache.acquire(logId, sn, ticket)) use(*r);      // hit
//   else use(*ticket.publish(decodeItMyself()));                          // miss: we decode
//
// While one reader decodes a record, the others asking for it wait for that decode instead of
// starting their own (it is bounded CPU work, never a wait for a consumer). A ticket dropped
// without publish (the read failed) wakes them, and each then reads the record itself and reports
// its own error.
//
// Memory is bounded: cached records count their column bytes against the capacity and the least
// recently used go first. A record bigger than a quarter of the capacity is not kept (it would
// evict everything else for one reader). Evicted records live on only in the blocks readers still
// hold.
//
// A record is identified by (log id, sn). Sequence numbers never go back and a record is cached
// only once durable and read, so a cached record never goes stale; StreamLog takes a fresh id at
// every open and forgets its records when it is closed.
//
// Threads: any. One mutex guards the index; it is held only for the map and list operations,
// never while reading, decoding or waiting.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/column/Block.h"

namespace tideline::engine {

struct CachedRecord {
    Block block;
    ColumnPtr sequence;     // Int64, the record's sn in every row: the scans' _tp_sn, made once
    std::string annotation; // the writer's annotation, empty for a record without one
    size_t bytes = 0;       // counted against the capacity (set by publish)
};
using CachedRecordPtr = std::shared_ptr<const CachedRecord>;

class BlockCache {
    struct Pending;
    struct Key {
        uint64_t log;
        int64_t sn;
        bool operator==(const Key &) const = default;
    };

public:
    static constexpr size_t kDefaultCapacity = 64u << 20;

    explicit BlockCache(size_t capacityBytes = kDefaultCapacity) : m_capacity(capacityBytes) {}
    BlockCache(const BlockCache &) = delete;
    BlockCache &operator=(const BlockCache &) = delete;

    // The cache of every StreamLog opened without one of its own (LogOptions::blockCache).
    static const std::shared_ptr<BlockCache> &process();
    // A process-unique id for one open log.
    static uint64_t newLogId();

    // The right to fill one missing record: publish() it, or drop the ticket to give up.
    class Ticket {
    public:
        Ticket() = default;
        Ticket(Ticket &&other) noexcept { *this = std::move(other); }
        Ticket &operator=(Ticket &&other) noexcept;
        ~Ticket() { abandon(); }
        // Stores the record (if it fits), wakes the readers waiting for it and returns it. On an
        // empty ticket it just returns the record.
        CachedRecordPtr publish(CachedRecord record);

    private:
        friend class BlockCache;
        void abandon();
        BlockCache *m_cache = nullptr;
        Key m_key{};
        std::shared_ptr<Pending> m_pending;
    };

    // The cached record, or null with `ticket` holding the right to fill it.
    CachedRecordPtr acquire(uint64_t log, int64_t sn, Ticket &ticket);
    // Drops every record of `log` (closed: its id is never used again).
    void forget(uint64_t log);

    size_t capacity() const { return m_capacity; }
    size_t bytes() const;
    size_t entries() const;
    struct Counters {
        uint64_t hits = 0, misses = 0, waits = 0, evictions = 0;
    };
    Counters counters() const
    {
        return {m_hits.load(std::memory_order_relaxed), m_misses.load(std::memory_order_relaxed), m_waits.load(std::memory_order_relaxed),
                m_evictions.load(std::memory_order_relaxed)};
    }

private:
    struct KeyHash {
        size_t operator()(const Key &k) const { return std::hash<uint64_t>()(k.log * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(k.sn)); }
    };
    // A record being decoded: the waiters' rendezvous.
    struct Pending {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        CachedRecordPtr record; // null: the decoder gave up
    };
    struct Entry {
        CachedRecordPtr record;           // null while pending
        std::shared_ptr<Pending> pending; // non-null while being decoded
        std::list<Key>::iterator lru;     // valid once record is set
    };

    void finish(const Key &key, const std::shared_ptr<Pending> &pending, CachedRecordPtr record);
    void evictLocked();

    const size_t m_capacity;
    mutable std::mutex m_mutex;
    std::unordered_map<Key, Entry, KeyHash> m_entries;
    std::list<Key> m_lru; // front: most recently used
    size_t m_bytes = 0;
    std::atomic<uint64_t> m_hits{0}, m_misses{0}, m_waits{0}, m_evictions{0};
};

} // namespace tideline::engine
