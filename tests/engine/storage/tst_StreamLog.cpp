#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <set>
#include <thread>

#include "StorageTestUtil.h"
#include "engine/storage/LogReader.h"
#include "engine/storage/StreamLog.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<StreamLog> openLog(const std::string &dir, LogOptions options = {}, const Clock *clock = nullptr)
{
    auto log = StreamLog::open(dir, options, clock);
    EXPECT_TRUE(log.isOk()) << log.status().message();
    return log.isOk() ? std::move(*log) : nullptr;
}

LogOptions fast(int64_t segmentBytes = 64LL << 20)
{
    LogOptions o;
    o.fsync = false;
    o.segmentBytes = segmentBytes;
    return o;
}

std::vector<int64_t> readIds(const StreamLog &log, int64_t from = 0)
{
    std::vector<int64_t> ids;
    LogReader reader(log, from);
    Block b;
    RecordMeta m;
    while (reader.next(b, m))
        ids.push_back(batchId(b));
    EXPECT_TRUE(reader.status().isOk()) << reader.status().message();
    return ids;
}

std::vector<std::string> segmentFiles(const std::string &dir)
{
    std::vector<std::string> files;
    for (const auto &e : fs::directory_iterator(dir))
        if (e.path().extension() == ".log")
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

void flipByte(const std::string &path, uint64_t offset)
{
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c;
    f.read(&c, 1);
    c ^= 0x5a;
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(&c, 1);
}

void appendBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream f(path, std::ios::app | std::ios::binary);
    f << bytes;
}

// Record offsets of one segment, read back from the index through the readers' metadata.
std::vector<uint64_t> recordOffsets(const std::string &segment)
{
    std::vector<uint64_t> offsets;
    std::ifstream f(segment, std::ios::binary);
    uint64_t at = 0;
    char header[RecordHeader::kSize];
    while (f.read(header, sizeof header)) {
        auto h = RecordHeader::decode(header);
        if (!h)
            break;
        offsets.push_back(at);
        at += h->recordSize();
        f.seekg(static_cast<std::streamoff>(at));
    }
    return offsets;
}

} // namespace

TEST(StreamLog, AppendsAndReadsBackWithSequenceNumbersAndTimes)
{
    TempDir tmp;
    ManualClock clock(5'000'000'000LL);
    auto log = openLog(tmp.path(), LogOptions{}, &clock);
    EXPECT_EQ(log->nextSn(), 0);
    for (int i = 0; i < 5; ++i) {
        auto r = log->append(makeBatch(100 + i, 10, 1000 * i));
        ASSERT_TRUE(r.isOk()) << r.status().message();
        EXPECT_EQ(r->sn, i);
        EXPECT_EQ(r->meta.minTime, 1000 * i);
        EXPECT_EQ(r->meta.maxTime, 1000 * i + 9);
        EXPECT_EQ(r->meta.appendTimeMs, 5000);
    }
    EXPECT_EQ(log->nextSn(), 5);
    EXPECT_EQ(log->firstSn(), 0);
    EXPECT_EQ(log->rowCount(), 50u);
    EXPECT_EQ(log->earliestTime(), 0);
    EXPECT_EQ(log->latestTime(), 4009);
    EXPECT_EQ(log->byteSize(), fs::file_size(segmentFiles(tmp.path())[0]));

    LogReader reader(*log);
    Block b;
    RecordMeta m;
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(reader.next(b, m)) << reader.status().message();
        EXPECT_EQ(m.sn, i);
        EXPECT_EQ(m.rows, 10u);
        EXPECT_TRUE(m.hasEventTime);
        expectSameBlock(b, makeBatch(100 + i, 10, 1000 * i));
    }
    EXPECT_FALSE(reader.next(b, m));
    EXPECT_TRUE(reader.status().isOk());
    log->append(makeBatch(105, 1, 0));
    ASSERT_TRUE(reader.next(b, m)); // a reader at the end sees later appends
    EXPECT_EQ(m.sn, 5);
}

TEST(StreamLog, BlockWithoutEventTimeUsesAppendTime)
{
    TempDir tmp;
    ManualClock clock(7'000'000'000LL);
    auto log = openLog(tmp.path(), fast(), &clock);
    Block b;
    auto c = Column::create(makeType(TypeKind::Int32));
    c->push<int32_t>(1);
    b.add("x", c);
    auto r = log->append(b);
    ASSERT_TRUE(r.isOk());
    EXPECT_FALSE(r->meta.hasEventTime);
    EXPECT_EQ(r->meta.minTime, 7000);
}

TEST(StreamLog, ReopenRebuildsIndexAcrossSegments)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast(4096));
        for (int i = 0; i < 40; ++i)
            ASSERT_TRUE(log->append(makeBatch(i, 20, 100 * i, 16)).isOk());
        EXPECT_GT(log->segmentCount(), 3u);
    }
    auto log = openLog(tmp.path(), fast(4096));
    EXPECT_EQ(log->nextSn(), 40);
    EXPECT_EQ(log->rowCount(), 800u);
    EXPECT_EQ(log->earliestTime(), 0);
    EXPECT_EQ(log->latestTime(), 3919);
    EXPECT_GT(log->segmentCount(), 3u);
    EXPECT_EQ(log->recovery().truncatedBytes, 0u);
    auto ids = readIds(*log);
    ASSERT_EQ(ids.size(), 40u);
    for (int i = 0; i < 40; ++i)
        EXPECT_EQ(ids[i], i);
    EXPECT_EQ(log->append(makeBatch(40, 1, 0))->sn, 40);
    EXPECT_EQ(readIds(*log, 37), (std::vector<int64_t>{37, 38, 39, 40}));
}

TEST(StreamLog, SeekToTimePrunesBySegmentAndRecord)
{
    TempDir tmp;
    auto log = openLog(tmp.path(), fast(4096));
    for (int i = 0; i < 30; ++i)
        log->append(makeBatch(i, 10, 1000 * i, 16));
    LogReader reader(*log);
    reader.seekToTime(12'005);
    EXPECT_EQ(reader.position(), 12);
    reader.seekToTime(12'010);
    EXPECT_EQ(reader.position(), 13);
    reader.seekToTime(0);
    EXPECT_EQ(reader.position(), 0);
    reader.seekToTime(1'000'000);
    EXPECT_EQ(reader.position(), 30);
    EXPECT_TRUE(reader.atEnd());
}

TEST(StreamLog, TornTailOfGarbageIsTruncatedOnOpen)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast());
        for (int i = 0; i < 5; ++i)
            log->append(makeBatch(i, 10, 0));
    }
    std::string seg = segmentFiles(tmp.path()).back();
    auto goodSize = fs::file_size(seg);
    appendBytes(seg, std::string(1000, '\x07'));
    auto log = openLog(tmp.path(), fast());
    EXPECT_EQ(log->nextSn(), 5);
    EXPECT_EQ(log->recovery().truncatedBytes, 1000u);
    EXPECT_FALSE(log->recovery().reason.empty());
    EXPECT_EQ(fs::file_size(seg), goodSize);
    EXPECT_EQ(readIds(*log), (std::vector<int64_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(log->append(makeBatch(5, 1, 0))->sn, 5);
}

TEST(StreamLog, PartialLastRecordIsTruncatedOnOpen)
{
    TempDir tmp;
    std::string seg;
    uint64_t fiveRecords;
    {
        auto log = openLog(tmp.path(), fast());
        for (int i = 0; i < 5; ++i)
            log->append(makeBatch(i, 10, 0));
        fiveRecords = log->byteSize();
        log->append(makeBatch(5, 500, 0, 40));
        seg = segmentFiles(tmp.path()).back();
    }
    for (uint64_t cut : {uint64_t(10), uint64_t(RecordHeader::kSize + 3), uint64_t(1000)}) {
        fs::resize_file(seg, fiveRecords + cut);
        auto log = openLog(tmp.path(), fast());
        EXPECT_EQ(log->nextSn(), 5) << cut;
        EXPECT_EQ(log->recovery().truncatedBytes, cut);
        EXPECT_EQ(readIds(*log).size(), 5u);
    }
}

TEST(StreamLog, BadChecksumOfLastRecordIsTruncated)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast());
        for (int i = 0; i < 5; ++i)
            log->append(makeBatch(i, 10, 0));
    }
    std::string seg = segmentFiles(tmp.path()).back();
    auto offsets = recordOffsets(seg);
    flipByte(seg, offsets[4] + RecordHeader::kSize + 5);
    auto log = openLog(tmp.path(), fast());
    EXPECT_EQ(log->nextSn(), 4);
    EXPECT_EQ(fs::file_size(seg), offsets[4]);
}

TEST(StreamLog, CorruptPayloadInsideLastSegmentIsReportedNotDropped)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast());
        for (int i = 0; i < 6; ++i)
            log->append(makeBatch(i, 10, 0));
    }
    std::string seg = segmentFiles(tmp.path()).back();
    flipByte(seg, recordOffsets(seg)[2] + RecordHeader::kSize + 5);
    auto log = openLog(tmp.path(), fast());
    EXPECT_EQ(log->nextSn(), 6); // nothing after it was dropped
    LogReader reader(*log);
    Block b;
    RecordMeta m;
    EXPECT_TRUE(reader.next(b, m));
    EXPECT_TRUE(reader.next(b, m));
    EXPECT_FALSE(reader.next(b, m));
    EXPECT_EQ(reader.status().code(), 246);
    EXPECT_EQ(reader.position(), 2);
    reader.seek(3);
    EXPECT_EQ(readIds(*log, 3), (std::vector<int64_t>{3, 4, 5}));
}

TEST(StreamLog, DamagedHeaderFollowedByValidRecordsRefusesToTruncate)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast());
        for (int i = 0; i < 6; ++i)
            log->append(makeBatch(i, 10, 0));
    }
    std::string seg = segmentFiles(tmp.path()).back();
    flipByte(seg, recordOffsets(seg)[2] + 30); // inside the sn field of record 2's header
    auto failed = StreamLog::open(tmp.path(), fast(), nullptr);
    ASSERT_FALSE(failed.isOk());
    EXPECT_EQ(failed.status().code(), 246);
    LogOptions force = fast();
    force.forceRecovery = true;
    auto log = openLog(tmp.path(), force);
    EXPECT_EQ(log->nextSn(), 2);
}

TEST(StreamLog, CorruptionInOlderSegmentIsAnErrorOnRead)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast(4096));
        for (int i = 0; i < 40; ++i)
            log->append(makeBatch(i, 20, 0, 16));
    }
    auto files = segmentFiles(tmp.path());
    ASSERT_GT(files.size(), 3u);
    auto firstOffsets = recordOffsets(files[0]);
    ASSERT_GT(firstOffsets.size(), 1u);
    flipByte(files[0], firstOffsets[1] + RecordHeader::kSize + 20); // payload of sn 1
    auto secondOffsets = recordOffsets(files[1]);
    int64_t secondBase = static_cast<int64_t>(firstOffsets.size());
    flipByte(files[1], secondOffsets[1] + 4); // header of the second record of segment 2

    auto log = openLog(tmp.path(), fast(4096));
    EXPECT_EQ(log->nextSn(), 40); // older segments are never truncated
    EXPECT_EQ(log->recovery().damagedSegments.size(), 1u);
    LogReader reader(*log);
    Block b;
    RecordMeta m;
    ASSERT_TRUE(reader.next(b, m));
    EXPECT_FALSE(reader.next(b, m));
    EXPECT_EQ(reader.status().code(), 246);
    EXPECT_NE(reader.status().message().find("Checksum"), std::string::npos);
    reader.seek(secondBase + 1);
    EXPECT_FALSE(reader.next(b, m));
    EXPECT_EQ(reader.status().code(), 246);
    reader.seek(static_cast<int64_t>(firstOffsets.size() + secondOffsets.size()));
    ASSERT_TRUE(reader.next(b, m)) << reader.status().message();
}

TEST(StreamLog, RetentionByBytesDropsOldSegmentsOnly)
{
    TempDir tmp;
    LogOptions o = fast(8192);
    o.retentionBytes = 20000;
    auto log = openLog(tmp.path(), o);
    for (int i = 0; i < 60; ++i)
        ASSERT_TRUE(log->append(makeBatch(i, 20, i, 40)).isOk()); // ~900 bytes, incompressible
    ASSERT_TRUE(log->applyRetention().isOk());
    EXPECT_LE(log->byteSize(), 20000u);
    EXPECT_GT(log->byteSize(), 20000u - 8192);
    EXPECT_GT(log->firstSn(), 0);
    uint64_t onDisk = 0;
    for (const auto &f : segmentFiles(tmp.path()))
        onDisk += fs::file_size(f);
    EXPECT_EQ(onDisk, log->byteSize());
    LogReader reader(*log, 0);
    Block b;
    RecordMeta m;
    ASSERT_TRUE(reader.next(b, m));
    EXPECT_EQ(m.sn, log->firstSn());
    EXPECT_EQ(reader.skippedByRetention(), log->firstSn());
    EXPECT_EQ(batchId(b), log->firstSn());
    EXPECT_EQ(log->rowCount(), static_cast<uint64_t>(60 - log->firstSn()) * 20);
}

TEST(StreamLog, RetentionByAgeUsesTheInjectedClock)
{
    TempDir tmp;
    ManualClock clock(0);
    LogOptions o = fast(4096);
    o.retentionMs = 60'000;
    auto log = openLog(tmp.path(), o, &clock);
    for (int i = 0; i < 20; ++i)
        log->append(makeBatch(i, 20, 0, 16));
    size_t segments = log->segmentCount();
    ASSERT_GT(segments, 2u);
    clock.advance(59'000LL * 1'000'000);
    ASSERT_TRUE(log->applyRetention().isOk());
    EXPECT_EQ(log->segmentCount(), segments);
    clock.advance(2'000LL * 1'000'000);
    ASSERT_TRUE(log->applyRetention().isOk());
    EXPECT_EQ(log->segmentCount(), 1u); // the active one stays, however old
    EXPECT_EQ(log->nextSn(), 20);
    EXPECT_EQ(readIds(*log).size(), static_cast<size_t>(20 - log->firstSn()));
}

TEST(StreamLog, SetRetentionAppliesToTheOpenLogAtOnce)
{
    TempDir tmp;
    ManualClock clock(0);
    auto log = openLog(tmp.path(), fast(4096), &clock);
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(log->append(makeBatch(i, 20, i, 40)).isOk());
    size_t segments = log->segmentCount();
    ASSERT_GT(segments, 3u);
    uint64_t before = log->byteSize();

    ASSERT_TRUE(log->setRetention(before / 2, -1).isOk()); // no roll needed: applied by the call
    EXPECT_EQ(log->options().retentionBytes, static_cast<int64_t>(before / 2));
    EXPECT_LE(log->byteSize(), before / 2);
    EXPECT_GT(log->firstSn(), 0);
    EXPECT_EQ(readIds(*log).size(), static_cast<size_t>(40 - log->firstSn()));

    ASSERT_TRUE(log->setRetention(-1, -1).isOk()); // loosening drops nothing more
    size_t kept = log->segmentCount();
    for (int i = 40; i < 60; ++i)
        ASSERT_TRUE(log->append(makeBatch(i, 20, i, 40)).isOk());
    EXPECT_GT(log->segmentCount(), kept);

    clock.advance(10'000LL * 1'000'000);
    ASSERT_TRUE(log->setRetention(-1, 5'000).isOk()); // by age, against the injected clock
    EXPECT_EQ(log->segmentCount(), 1u);
    EXPECT_EQ(log->nextSn(), 60);
}

TEST(StreamLog, TruncateDropsEverythingAndKeepsSnMonotonic)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path(), fast(4096));
        for (int i = 0; i < 20; ++i)
            log->append(makeBatch(i, 20, 0, 16));
        LogReader reader(*log, 5);
        ASSERT_TRUE(log->truncate().isOk());
        EXPECT_EQ(log->rowCount(), 0u);
        EXPECT_EQ(log->byteSize(), 0u);
        EXPECT_EQ(log->nextSn(), 20);
        EXPECT_EQ(log->firstSn(), 20);
        EXPECT_EQ(log->segmentCount(), 1u);
        EXPECT_FALSE(log->earliestTime().has_value());
        Block b;
        RecordMeta m;
        EXPECT_FALSE(reader.next(b, m));
        EXPECT_TRUE(reader.status().isOk());
        EXPECT_EQ(log->append(makeBatch(20, 1, 0))->sn, 20);
    }
    auto log = openLog(tmp.path(), fast(4096));
    EXPECT_EQ(log->firstSn(), 20);
    EXPECT_EQ(log->nextSn(), 21);
    ASSERT_TRUE(log->truncate().isOk());
    log.reset();
    log = openLog(tmp.path(), fast(4096));
    EXPECT_EQ(log->nextSn(), 21); // an empty log remembers its sn through the segment name
    EXPECT_EQ(log->append(makeBatch(21, 1, 0))->sn, 21);
}

TEST(StreamLog, ListenersAreCalledAfterDurableAppends)
{
    TempDir tmp;
    auto log = openLog(tmp.path(), fast());
    std::vector<int64_t> seen;
    int id = log->addListener([&](int64_t lastSn) {
        EXPECT_GE(log->nextSn(), lastSn + 1); // already visible when told
        seen.push_back(lastSn);
    });
    log->append(makeBatch(0, 1, 0));
    log->append(makeBatch(1, 1, 0));
    log->removeListener(id);
    log->append(makeBatch(2, 1, 0));
    EXPECT_EQ(seen, (std::vector<int64_t>{0, 1}));
}

TEST(StreamLog, ListenerWakesATailingReaderWithoutSleeping)
{
    TempDir tmp;
    auto log = openLog(tmp.path(), fast());
    std::mutex mu;
    std::condition_variable cv;
    int64_t announced = -1;
    int id = log->addListener([&](int64_t lastSn) {
        std::lock_guard lk(mu);
        announced = lastSn;
        cv.notify_all();
    });
    constexpr int kBatches = 200;
    std::vector<int64_t> got;
    std::thread consumer([&] {
        LogReader reader(*log);
        Block b;
        RecordMeta m;
        while (got.size() < kBatches) {
            while (reader.next(b, m))
                got.push_back(batchId(b));
            if (got.size() == kBatches)
                break;
            std::unique_lock lk(mu);
            cv.wait(lk, [&] { return announced >= reader.position(); });
        }
    });
    for (int i = 0; i < kBatches; ++i)
        log->append(makeBatch(i, 5, 0));
    consumer.join();
    log->removeListener(id);
    ASSERT_EQ(got.size(), static_cast<size_t>(kBatches));
    for (int i = 0; i < kBatches; ++i)
        EXPECT_EQ(got[i], i);
}

TEST(StreamLog, ConcurrentAppendersShareFsyncsAndReadersSeeEachBatchOnce)
{
    TempDir tmp;
    LogOptions o; // fsync on: that is what group commit saves
    o.segmentBytes = 256 * 1024;
    auto log = openLog(tmp.path(), o);
    constexpr int kThreads = 8, kPerThread = 40, kTotal = kThreads * kPerThread;
    std::atomic<bool> stop{false};
    auto readerBody = [&](std::vector<int64_t> &ids, std::string &error) {
        LogReader reader(*log);
        Block b;
        RecordMeta m;
        while (ids.size() < kTotal && error.empty()) {
            if (reader.next(b, m)) {
                if (m.sn != static_cast<int64_t>(ids.size()) || m.sn >= log->nextSn())
                    error = "unexpected sn " + std::to_string(m.sn);
                ids.push_back(batchId(b));
            } else if (!reader.status().isOk()) {
                error = reader.status().message();
            } else if (stop) {
                break;
            } else {
                std::this_thread::yield();
            }
        }
    };
    std::vector<int64_t> ids1, ids2;
    std::string err1, err2;
    std::thread r1(readerBody, std::ref(ids1), std::ref(err1)), r2(readerBody, std::ref(ids2), std::ref(err2));
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i)
                if (!log->append(makeBatch(t * 1000 + i, 50, i, 10)).isOk())
                    ++failures;
        });
    for (auto &w : writers)
        w.join();
    stop = true;
    r1.join();
    r2.join();
    EXPECT_EQ(failures, 0);
    EXPECT_TRUE(err1.empty()) << err1;
    EXPECT_TRUE(err2.empty()) << err2;
    EXPECT_EQ(log->nextSn(), kTotal);
    EXPECT_EQ(log->appendCount(), static_cast<uint64_t>(kTotal));
    EXPECT_LT(log->commitCount(), static_cast<uint64_t>(kTotal)) << "no appender ever shared a commit";
    std::cout << "group commit: " << kTotal << " appends in " << log->commitCount() << " commits\n";
    for (auto *ids : {&ids1, &ids2}) {
        ASSERT_EQ(ids->size(), static_cast<size_t>(kTotal));
        std::set<int64_t> unique(ids->begin(), ids->end());
        EXPECT_EQ(unique.size(), static_cast<size_t>(kTotal));
        EXPECT_EQ(unique.count(-1), 0u);
    }
    EXPECT_EQ(ids1, ids2); // both saw the same order
}

TEST(StreamLog, OpenErrorsAreStatuses)
{
    TempDir tmp;
    std::string file = tmp.sub("plain");
    appendBytes(file, "x");
    auto bad = StreamLog::open(file + "/stream", fast(), nullptr);
    ASSERT_FALSE(bad.isOk());
    EXPECT_EQ(bad.status().code(), 76);

    auto first = openLog(tmp.sub("s"), fast());
    auto second = StreamLog::open(tmp.sub("s"), fast(), nullptr);
    ASSERT_FALSE(second.isOk());
    EXPECT_EQ(second.status().code(), 76);
    EXPECT_NE(second.status().message().find("already open"), std::string::npos);
}

// A write that runs out of space (RLIMIT_FSIZE stands in for a full disk) fails with 243 and
// leaves the log as it was; the next append gets the same sn.
TEST(StreamLog, FailedAppendLeavesTheLogAsItWas)
{
    TempDir tmp;
    auto log = openLog(tmp.path(), LogOptions{});
    for (int i = 0; i < 3; ++i)
        log->append(makeBatch(i, 10, 0));
    std::string seg = segmentFiles(tmp.path()).back();
    auto sizeBefore = fs::file_size(seg);

    auto oldHandler = ::signal(SIGXFSZ, SIG_IGN);
    rlimit saved;
    ::getrlimit(RLIMIT_FSIZE, &saved);
    rlimit tight = saved;
    tight.rlim_cur = sizeBefore + 100;
    ::setrlimit(RLIMIT_FSIZE, &tight);
    auto failed = log->append(makeBatch(3, 200, 0, 64));
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::signal(SIGXFSZ, oldHandler);

    ASSERT_FALSE(failed.isOk());
    EXPECT_EQ(failed.status().code(), 243) << failed.status().message();
    EXPECT_NE(failed.status().message().find(seg), std::string::npos);
    EXPECT_EQ(fs::file_size(seg), sizeBefore);
    EXPECT_EQ(log->nextSn(), 3);
    EXPECT_EQ(log->rowCount(), 30u);
    auto retry = log->append(makeBatch(3, 200, 0, 64));
    ASSERT_TRUE(retry.isOk()) << retry.status().message();
    EXPECT_EQ(retry->sn, 3);
    log.reset();
    log = openLog(tmp.path(), LogOptions{});
    EXPECT_EQ(readIds(*log), (std::vector<int64_t>{0, 1, 2, 3}));
}
