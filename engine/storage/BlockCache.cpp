#include "engine/storage/BlockCache.h"

#include <cstdlib>

namespace tideline::engine {

const std::shared_ptr<BlockCache> &BlockCache::process()
{
    // TIDELINE_BLOCK_CACHE_MB overrides the capacity (0 turns sharing off), for measurements.
    static const std::shared_ptr<BlockCache> cache = [] {
        size_t capacity = kDefaultCapacity;
        if (const char *mb = std::getenv("TIDELINE_BLOCK_CACHE_MB"); mb && *mb)
            capacity = static_cast<size_t>(std::strtoull(mb, nullptr, 10)) << 20;
        return std::make_shared<BlockCache>(capacity);
    }();
    return cache;
}

uint64_t BlockCache::newLogId()
{
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

BlockCache::Ticket &BlockCache::Ticket::operator=(Ticket &&other) noexcept
{
    if (this != &other) {
        abandon();
        m_cache = other.m_cache;
        m_key = other.m_key;
        m_pending = std::move(other.m_pending);
        other.m_cache = nullptr;
    }
    return *this;
}

CachedRecordPtr BlockCache::Ticket::publish(CachedRecord record)
{
    record.bytes = record.block.byteSize() + (record.sequence ? record.sequence->byteSize() : 0) + record.annotation.size() + sizeof(CachedRecord);
    auto shared = std::make_shared<const CachedRecord>(std::move(record));
    if (m_cache) {
        m_cache->finish(m_key, m_pending, shared);
        m_cache = nullptr;
        m_pending.reset();
    }
    return shared;
}

void BlockCache::Ticket::abandon()
{
    if (!m_cache)
        return;
    m_cache->finish(m_key, m_pending, nullptr);
    m_cache = nullptr;
    m_pending.reset();
}

CachedRecordPtr BlockCache::acquire(uint64_t log, int64_t sn, Ticket &ticket)
{
    ticket.abandon();
    const Key key{log, sn};
    for (;;) {
        std::shared_ptr<Pending> pending;
        {
            std::lock_guard lk(m_mutex);
            auto it = m_entries.find(key);
            if (it == m_entries.end()) {
                m_misses.fetch_add(1, std::memory_order_relaxed);
                if (m_capacity == 0)
                    return nullptr; // sharing is off: the caller decodes for itself, the ticket stays empty
                auto fresh = std::make_shared<Pending>();
                m_entries.emplace(key, Entry{nullptr, fresh, {}});
                ticket.m_cache = this;
                ticket.m_key = key;
                ticket.m_pending = std::move(fresh);
                return nullptr;
            }
            if (it->second.record) {
                m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
                m_hits.fetch_add(1, std::memory_order_relaxed);
                return it->second.record;
            }
            pending = it->second.pending;
        }
        // Another reader is decoding this record right now: waiting for it costs less than a
        // second decode, and it is CPU work that always ends.
        m_waits.fetch_add(1, std::memory_order_relaxed);
        std::unique_lock pl(pending->mutex);
        pending->cv.wait(pl, [&] { return pending->done; });
        if (pending->record)
            return pending->record;
        // That reader gave up (its read failed): look again, most likely reading it ourselves so
        // that we report our own error.
    }
}

void BlockCache::finish(const Key &key, const std::shared_ptr<Pending> &pending, CachedRecordPtr record)
{
    {
        std::lock_guard lk(m_mutex);
        auto it = m_entries.find(key);
        if (it != m_entries.end() && it->second.pending == pending) {
            if (record && record->bytes <= m_capacity / 4) {
                it->second.pending.reset();
                it->second.record = record;
                m_lru.push_front(key);
                it->second.lru = m_lru.begin();
                m_bytes += record->bytes;
                evictLocked();
            } else {
                m_entries.erase(it);
            }
        }
    }
    {
        std::lock_guard pl(pending->mutex);
        pending->done = true;
        pending->record = std::move(record);
    }
    pending->cv.notify_all();
}

void BlockCache::evictLocked()
{
    while (m_bytes > m_capacity && !m_lru.empty()) {
        auto it = m_entries.find(m_lru.back());
        m_bytes -= it->second.record->bytes;
        m_entries.erase(it);
        m_lru.pop_back();
        m_evictions.fetch_add(1, std::memory_order_relaxed);
    }
}

void BlockCache::forget(uint64_t log)
{
    std::lock_guard lk(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->first.log != log) {
            ++it;
            continue;
        }
        if (it->second.record) {
            m_bytes -= it->second.record->bytes;
            m_lru.erase(it->second.lru);
        }
        // A pending one is simply dropped: its decoder's finish() finds nothing to fill, and the
        // waiters still get the record from the Pending they hold.
        it = m_entries.erase(it);
    }
}

size_t BlockCache::bytes() const
{
    std::lock_guard lk(m_mutex);
    return m_bytes;
}

size_t BlockCache::entries() const
{
    std::lock_guard lk(m_mutex);
    return m_entries.size();
}

} // namespace tideline::engine
