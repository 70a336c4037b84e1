// What a materialized view needs from the log. Record annotations: a writer's bytes stored in the
// same record as a block (one checksum, one write), its tag indexed in memory and rebuilt from
// the headers on open; plain records keep the version-1 format. Reader limits: a replay stops at
// its limit even where retention dropped the records before it.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "StorageTestUtil.h"
#include "engine/storage/LogReader.h"
#include "engine/storage/StreamLog.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;
namespace fs = std::filesystem;

namespace {

LogOptions fast()
{
    LogOptions o;
    o.fsync = false;
    return o;
}

std::unique_ptr<StreamLog> openLog(const std::string &dir)
{
    auto log = StreamLog::open(dir, fast(), nullptr);
    EXPECT_TRUE(log.isOk()) << log.status().message();
    return log.isOk() ? std::move(*log) : nullptr;
}

// Appends ids 0..5: even ids annotated by writer 7 ("w7 <id>"), 3 by writer 9, the rest plain.
void appendMixed(StreamLog &log)
{
    for (int64_t id = 0; id < 6; ++id) {
        RecordAnnotation a{id == 3 ? 9u : 7u, (id == 3 ? "w9 " : "w7 ") + std::to_string(id)};
        bool annotated = id % 2 == 0 || id == 3;
        auto r = log.append(makeBatch(id, 3, id), annotated ? &a : nullptr);
        ASSERT_TRUE(r.isOk()) << r.status().message();
        EXPECT_EQ(r->meta.writer, annotated ? a.writer : 0u);
    }
}

} // namespace

TEST(StreamLogAnnotations, ReadBackWithTheirBlocksAndFoundByWriterAfterReopen)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path());
        appendMixed(*log);
        EXPECT_EQ(log->lastSnOf(7), 4);
    }
    auto log = openLog(tmp.path());
    EXPECT_EQ(log->lastSnOf(7), 4);
    EXPECT_EQ(log->lastSnOf(7, 4), 2);
    EXPECT_EQ(log->lastSnOf(7, 0), -1);
    EXPECT_EQ(log->lastSnOf(9), 3);
    EXPECT_EQ(log->lastSnOf(11), -1);
    LogReader reader(*log, 0);
    Block block;
    RecordMeta meta;
    std::string annotation;
    for (int64_t id = 0; id < 6; ++id) {
        ASSERT_TRUE(reader.next(block, meta, &annotation)) << reader.status().message();
        EXPECT_EQ(batchId(block), id);
        EXPECT_EQ(block.rows(), 3u);
        const bool annotated = id % 2 == 0 || id == 3;
        EXPECT_EQ(annotation, annotated ? (id == 3 ? "w9 " : "w7 ") + std::to_string(id) : std::string());
        EXPECT_EQ(meta.writer, annotated ? (id == 3 ? 9u : 7u) : 0u);
    }
    // Readers that do not ask for annotations get the blocks alone.
    LogReader plain(*log, 0);
    for (int64_t id = 0; id < 6; ++id) {
        ASSERT_TRUE(plain.next(block, meta));
        EXPECT_EQ(batchId(block), id);
    }
}

TEST(StreamLogAnnotations, AnAnnotationNeedsAWriterTag)
{
    TempDir tmp;
    auto log = openLog(tmp.path());
    RecordAnnotation untagged{0, "x"};
    EXPECT_FALSE(log->append(makeBatch(0, 1, 0), &untagged).isOk());
    EXPECT_EQ(log->nextSn(), 0);
}

// Version 1 for plain records (readable by older builds), 2 for annotated ones; the annotation is
// under the payload checksum, so a flipped byte in it is a torn or corrupt record like any other.
TEST(StreamLogAnnotations, AnnotatedRecordsAreVersionTwoAndChecksummed)
{
    TempDir tmp;
    {
        auto log = openLog(tmp.path());
        appendMixed(*log);
        RecordAnnotation last{7, "tail"};
        ASSERT_TRUE(log->append(makeBatch(6, 3, 6), &last).isOk());
    }
    std::string seg;
    for (const auto &e : fs::directory_iterator(tmp.path()))
        if (e.path().extension() == ".log")
            seg = e.path().string();
    std::ifstream in(seg, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    uint64_t at = 0, lastAt = 0;
    std::vector<uint16_t> versions;
    while (at + RecordHeader::kSize <= bytes.size()) {
        uint16_t version;
        std::memcpy(&version, bytes.data() + at + 4, 2);
        versions.push_back(version);
        auto h = RecordHeader::decode(bytes.data() + at);
        ASSERT_TRUE(h.isOk());
        lastAt = at;
        at += h->recordSize();
    }
    EXPECT_EQ(versions, (std::vector<uint16_t>{2, 1, 2, 2, 2, 1, 2}));
    // Damage the last record's annotation ("tail", right after its 4-byte length): a torn tail.
    std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(lastAt + RecordHeader::kSize + 5));
    f.put('X');
    f.close();
    auto log = openLog(tmp.path());
    EXPECT_EQ(log->nextSn(), 6);
    EXPECT_EQ(log->lastSnOf(7), 4);
}

TEST(StreamLogAnnotations, AReaderLimitHoldsAlsoAcrossDroppedRecords)
{
    TempDir tmp;
    auto log = openLog(tmp.path());
    for (int64_t id = 0; id < 3; ++id)
        ASSERT_TRUE(log->append(makeBatch(id, 1, id)).isOk());
    ASSERT_TRUE(log->truncate().isOk()); // sns 0..2 gone, as retention would drop them
    for (int64_t id = 3; id < 6; ++id)
        ASSERT_TRUE(log->append(makeBatch(id, 1, id)).isOk());
    LogReader reader(*log, 0);
    reader.setLimit(2);
    Block block;
    RecordMeta meta;
    EXPECT_FALSE(reader.next(block, meta));
    EXPECT_TRUE(reader.status().isOk());
    EXPECT_EQ(reader.position(), 2);
    EXPECT_EQ(reader.skippedByRetention(), 2);
    reader.setLimit(5);
    ASSERT_TRUE(reader.next(block, meta));
    EXPECT_EQ(meta.sn, 3);
    EXPECT_EQ(reader.skippedByRetention(), 3);
    ASSERT_TRUE(reader.next(block, meta));
    EXPECT_EQ(meta.sn, 4);
    EXPECT_FALSE(reader.next(block, meta));
    reader.setLimit(INT64_MAX);
    ASSERT_TRUE(reader.next(block, meta));
    EXPECT_EQ(meta.sn, 5);
}
