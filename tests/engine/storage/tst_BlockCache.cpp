// BlockCache on its own (hits, LRU eviction by bytes, the oversized rule, waiting for a decode in
// progress, a decoder giving up, forget) and under StreamLog: readers share one decode, every
// tailing reader sees every record exactly once and in order while appenders run, a small cache
// that evicts all the time changes nothing a reader sees, and corruption written while a log was
// closed is still reported after it reopens.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "StorageTestUtil.h"
#include "engine/storage/BlockCache.h"
#include "engine/storage/LogReader.h"
#include "engine/storage/StreamLog.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;

namespace {

CachedRecord recordOf(int64_t id, size_t rows)
{
    CachedRecord r;
    r.block = makeBatch(id, rows, 0);
    return r;
}

// Blocks until `cache` has seen `n` waits, without sleeping.
void awaitWaiters(const BlockCache &cache, uint64_t n)
{
    while (cache.counters().waits < n)
        std::this_thread::yield();
}

std::unique_ptr<StreamLog> openLog(const std::string &dir, std::shared_ptr<BlockCache> cache)
{
    LogOptions o;
    o.fsync = false;
    o.segmentBytes = 128 * 1024;
    o.blockCache = std::move(cache);
    auto log = StreamLog::open(dir, o, nullptr);
    EXPECT_TRUE(log.isOk()) << log.status().message();
    return log.isOk() ? std::move(*log) : nullptr;
}

} // namespace

TEST(BlockCache, MissGivesATicketAndPublishMakesAHit)
{
    BlockCache cache(1 << 20);
    BlockCache::Ticket ticket;
    EXPECT_EQ(cache.acquire(1, 0, ticket), nullptr);
    CachedRecordPtr published = ticket.publish(recordOf(7, 10));
    ASSERT_NE(published, nullptr);
    EXPECT_GT(published->bytes, 0u);
    BlockCache::Ticket second;
    CachedRecordPtr hit = cache.acquire(1, 0, second);
    EXPECT_EQ(hit, published); // the same object, not a copy
    EXPECT_EQ(batchId(hit->block), 7);
    BlockCache::Ticket otherLog;
    EXPECT_EQ(cache.acquire(2, 0, otherLog), nullptr) << "records of another log are not this log's";
    EXPECT_EQ(cache.counters().hits, 1u);
    EXPECT_EQ(cache.counters().misses, 2u);
}

TEST(BlockCache, EvictsTheLeastRecentlyUsedPastItsCapacity)
{
    const size_t one = recordOf(0, 100).block.byteSize() + sizeof(CachedRecord);
    BlockCache cache(one * 4); // four records fit
    for (int64_t sn = 0; sn < 4; ++sn) {
        BlockCache::Ticket t;
        ASSERT_EQ(cache.acquire(1, sn, t), nullptr);
        t.publish(recordOf(sn, 100));
    }
    EXPECT_EQ(cache.entries(), 4u);
    BlockCache::Ticket t;
    ASSERT_NE(cache.acquire(1, 0, t), nullptr); // sn 0 becomes the most recently used
    ASSERT_EQ(cache.acquire(1, 4, t), nullptr);
    t.publish(recordOf(4, 100)); // evicts sn 1, the least recently used
    EXPECT_LE(cache.bytes(), cache.capacity());
    EXPECT_EQ(cache.counters().evictions, 1u);
    BlockCache::Ticket probe;
    EXPECT_NE(cache.acquire(1, 0, probe), nullptr);
    EXPECT_EQ(cache.acquire(1, 1, probe), nullptr) << "sn 1 should have been evicted";
    probe = BlockCache::Ticket(); // give up on sn 1
    for (int64_t sn : {2, 3, 4})
        EXPECT_NE(cache.acquire(1, sn, probe), nullptr) << sn;
}

TEST(BlockCache, RecordsOverAQuarterOfTheCapacityAreReturnedButNotKept)
{
    BlockCache cache(recordOf(0, 100).block.byteSize() * 2);
    BlockCache::Ticket t;
    ASSERT_EQ(cache.acquire(1, 0, t), nullptr);
    CachedRecordPtr r = t.publish(recordOf(0, 100));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(batchId(r->block), 0);
    EXPECT_EQ(cache.entries(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
}

TEST(BlockCache, ZeroCapacityNeverCachesAndNeverMakesAnyoneWait)
{
    BlockCache cache(0);
    BlockCache::Ticket a, b;
    EXPECT_EQ(cache.acquire(1, 0, a), nullptr);
    EXPECT_EQ(cache.acquire(1, 0, b), nullptr); // no pending entry: b decodes too, at once
    EXPECT_NE(a.publish(recordOf(1, 5)), nullptr);
    EXPECT_EQ(cache.entries(), 0u);
}

TEST(BlockCache, AReaderWaitsForTheDecodeInProgressAndSharesIt)
{
    BlockCache cache(1 << 20);
    BlockCache::Ticket decoder;
    ASSERT_EQ(cache.acquire(1, 5, decoder), nullptr);
    CachedRecordPtr seen;
    std::thread waiter([&] {
        BlockCache::Ticket t;
        seen = cache.acquire(1, 5, t); // blocks until the decoder publishes
    });
    awaitWaiters(cache, 1);
    CachedRecordPtr published = decoder.publish(recordOf(5, 10));
    waiter.join();
    EXPECT_EQ(seen, published);
    EXPECT_EQ(cache.counters().misses, 1u) << "the record was decoded once";
}

TEST(BlockCache, WhenTheDecoderGivesUpAWaiterGetsTheTicket)
{
    BlockCache cache(1 << 20);
    auto decoder = std::make_unique<BlockCache::Ticket>();
    ASSERT_EQ(cache.acquire(1, 5, *decoder), nullptr);
    CachedRecordPtr seen = std::make_shared<CachedRecord>();
    BlockCache::Ticket waiterTicket;
    std::thread waiter([&] { seen = cache.acquire(1, 5, waiterTicket); });
    awaitWaiters(cache, 1);
    decoder.reset(); // the decoder's read failed
    waiter.join();
    EXPECT_EQ(seen, nullptr) << "the waiter must read the record itself";
    waiterTicket.publish(recordOf(5, 10));
    BlockCache::Ticket t;
    EXPECT_NE(cache.acquire(1, 5, t), nullptr);
}

TEST(BlockCache, ForgetDropsOneLogsRecordsOnly)
{
    BlockCache cache(1 << 20);
    for (uint64_t log : {1, 2}) {
        BlockCache::Ticket t;
        ASSERT_EQ(cache.acquire(log, 0, t), nullptr);
        t.publish(recordOf(0, 10));
    }
    BlockCache::Ticket pending; // forget() also drops a decode in progress
    ASSERT_EQ(cache.acquire(1, 1, pending), nullptr);
    cache.forget(1);
    EXPECT_NE(pending.publish(recordOf(1, 10)), nullptr);
    EXPECT_EQ(cache.entries(), 1u);
    BlockCache::Ticket t;
    EXPECT_NE(cache.acquire(2, 0, t), nullptr);
    EXPECT_EQ(cache.acquire(1, 0, t), nullptr);
}

TEST(BlockCache, ReadersOfOneLogShareOneDecode)
{
    TempDir tmp;
    auto cache = std::make_shared<BlockCache>(8 << 20);
    auto log = openLog(tmp.path(), cache);
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(log->append(makeBatch(i, 100, i)).isOk());
    LogReader a(*log), b(*log);
    Block ba, bb;
    RecordMeta ma, mb;
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(a.next(ba, ma));
        ASSERT_TRUE(b.next(bb, mb));
        EXPECT_EQ(ma.sn, mb.sn);
        EXPECT_EQ(batchId(ba), i);
        EXPECT_EQ(ba.at(0).column.get(), bb.at(0).column.get()) << "the second reader should share the first one's columns";
    }
    EXPECT_EQ(cache->counters().misses, 20u);
    EXPECT_EQ(cache->counters().hits, 20u);
    log.reset();
    EXPECT_EQ(cache->entries(), 0u) << "a closed log's records are forgotten";
}

// Eight readers tail the log while four appenders write; a cache that holds only a few records
// evicts constantly. Every reader must still see every record once, in sn order, with its rows.
TEST(BlockCache, TailingReadersSeeEveryRecordOnceInOrderUnderEviction)
{
    for (size_t capacity : {size_t(0), size_t(64) << 10, size_t(16) << 20}) {
        TempDir tmp;
        auto cache = std::make_shared<BlockCache>(capacity);
        auto log = openLog(tmp.path(), cache);
        constexpr int kWriters = 4, kPerWriter = 60, kTotal = kWriters * kPerWriter, kReaders = 8;
        std::vector<std::vector<int64_t>> ids(kReaders);
        std::vector<std::string> errors(kReaders);
        std::vector<std::thread> threads;
        for (int r = 0; r < kReaders; ++r)
            threads.emplace_back([&, r] {
                LogReader reader(*log);
                Block b;
                RecordMeta m;
                while (ids[r].size() < kTotal && errors[r].empty()) {
                    if (reader.next(b, m)) {
                        if (m.sn != static_cast<int64_t>(ids[r].size()) || b.rows() != m.rows)
                            errors[r] = "unexpected record sn " + std::to_string(m.sn);
                        ids[r].push_back(batchId(b));
                    } else if (!reader.status().isOk()) {
                        errors[r] = reader.status().message();
                    } else {
                        std::this_thread::yield();
                    }
                }
            });
        for (int w = 0; w < kWriters; ++w)
            threads.emplace_back([&, w] {
                for (int i = 0; i < kPerWriter; ++i)
                    EXPECT_TRUE(log->append(makeBatch(w * 1000 + i, 20 + i % 7, i, 16)).isOk());
            });
        for (auto &t : threads)
            t.join();
        std::vector<int64_t> stored;
        LogReader check(*log);
        Block b;
        RecordMeta m;
        while (check.next(b, m))
            stored.push_back(batchId(b));
        ASSERT_EQ(stored.size(), static_cast<size_t>(kTotal));
        for (int r = 0; r < kReaders; ++r) {
            EXPECT_TRUE(errors[r].empty()) << errors[r];
            EXPECT_EQ(ids[r], stored) << "reader " << r << ", capacity " << capacity;
        }
        EXPECT_LE(cache->bytes(), cache->capacity());
        auto c = cache->counters();
        std::cout << "capacity " << capacity << ": " << c.misses << " decodes, " << c.hits << " hits, " << c.waits << " waits, "
                  << c.evictions << " evictions for " << kReaders + 1 << " readers of " << kTotal << " records\n";
    }
}

TEST(BlockCache, CorruptionWhileClosedIsReportedAfterReopen)
{
    TempDir tmp;
    auto cache = std::make_shared<BlockCache>(8 << 20);
    {
        auto log = openLog(tmp.path(), cache);
        ASSERT_TRUE(log->append(makeBatch(1, 50, 0)).isOk());
        ASSERT_TRUE(log->append(makeBatch(2, 50, 0)).isOk());
        LogReader r(*log);
        Block b;
        RecordMeta m;
        ASSERT_TRUE(r.next(b, m)); // sn 0 is cached now
    }
    std::string segment = tmp.path() + "/00000000000000000000.log";
    {
        std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(100); // inside the payload of sn 0
        f.put('\x7f');
    }
    auto log = openLog(tmp.path(), cache);
    LogReader r(*log);
    Block b;
    RecordMeta m;
    EXPECT_FALSE(r.next(b, m));
    EXPECT_EQ(r.status().code(), 246) << r.status().message();
}
