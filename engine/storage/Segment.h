#pragma once
// One segment file of a stream log and the record format inside it (see README.md).
//
// A segment is named after the sn of its first record ("00000000000000000042.log") and holds
// records back to back, each a fixed 72-byte RecordHeader followed by its payload (a BlockCodec
// payload). The header has its own checksum so the index can be rebuilt from headers alone; the
// payload checksum is verified on every read and, for the last segment, on open.

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/common/Status.h"

namespace tideline::engine {

struct RecordHeader {
    static constexpr uint32_t kMagic = 0x43524C54; // "TLRC"
    static constexpr uint16_t kVersion = 1;
    // Records with an annotation are version 2, so an older reader refuses them by version
    // instead of misreading the annotation as a block.
    static constexpr uint16_t kAnnotatedVersion = 2;
    static constexpr size_t kSize = 72;
    // flags
    static constexpr uint16_t kHasEventTime = 1; // min/max come from _tp_time; else from the append time
    static constexpr uint16_t kHasAnnotation = 2; // the payload starts with u32 length + the writer's annotation

    uint16_t flags = 0;
    uint32_t payloadLength = 0;
    uint64_t payloadHash = 0; // XXH3_64bits of the payload
    int64_t sn = 0;
    uint64_t rows = 0;
    int64_t minTime = 0; // millis
    int64_t maxTime = 0;
    int64_t appendTimeMs = 0;
    uint32_t writer = 0; // the annotating writer's tag (kHasAnnotation), else 0; bytes 12..15

    void encode(char *out) const; // writes kSize bytes including the header checksum
    // Fails (246) on bad magic, version or header checksum.
    static Result<RecordHeader> decode(const char *in);
    uint64_t recordSize() const { return kSize + payloadLength; }
};

uint64_t payloadHash(std::span<const char> payload);

// errno of a failed file operation → Status with the code the brief of each operation wants:
// ENOSPC/EDQUOT/EFBIG → 243, otherwise `fallback` (75 write, 76 open, 95 fsync, 74 read).
Status ioError(ErrorCode fallback, const std::string &what, const std::string &path, int err);

// An open segment file. Shared (shared_ptr) between the writer and readers, so a reader keeps
// reading a segment that retention has already unlinked.
class SegmentFile {
public:
    SegmentFile(int fd, std::string path, int64_t baseSn) : m_fd(fd), m_path(std::move(path)), m_baseSn(baseSn) {}
    ~SegmentFile();
    SegmentFile(const SegmentFile &) = delete;
    SegmentFile &operator=(const SegmentFile &) = delete;

    // Opens (creating it when `create`) the segment of `baseSn` in `dir`.
    static Result<std::shared_ptr<SegmentFile>> open(const std::string &dir, int64_t baseSn, bool create);
    static std::string fileName(int64_t baseSn);
    // Parses a segment file name; -1 if it is not one.
    static int64_t parseFileName(const std::string &name);

    int fd() const { return m_fd; }
    const std::string &path() const { return m_path; }
    int64_t baseSn() const { return m_baseSn; }

    Status readAt(uint64_t offset, char *out, size_t n) const; // exact read, 246 when short
    Status writeAt(uint64_t offset, std::vector<iovec> iov) const; // all bytes, retrying short writes
    Status sync() const;
    Status truncate(uint64_t size) const;
    Result<uint64_t> size() const;

private:
    int m_fd;
    std::string m_path;
    int64_t m_baseSn;
};

Status syncDirectory(const std::string &dir);

// What a scan of one segment found.
struct ScannedRecord {
    uint64_t offset;
    RecordHeader header;
    bool payloadCorrupt = false; // header fine, payload checksum wrong (only when verifying)
};
struct SegmentScan {
    std::vector<ScannedRecord> records;
    uint64_t validEnd = 0;     // offset after the last record that could be read
    uint64_t fileSize = 0;
    std::string damage;        // why the scan stopped before fileSize; empty if it did not
};

// Reads the record headers of `file` (sns must follow baseSn without gaps). With verifyPayloads,
// also checks every payload checksum: used for the last segment, whose tail may be torn.
Result<SegmentScan> scanSegment(const SegmentFile &file, bool verifyPayloads);

} // namespace tideline::engine
