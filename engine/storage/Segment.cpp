#include "engine/storage/Segment.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tideline::engine {

namespace {

template <typename T>
void put(char *out, size_t at, T v)
{
    std::memcpy(out + at, &v, sizeof(T));
}

template <typename T>
T get(const char *in, size_t at)
{
    T v;
    std::memcpy(&v, in + at, sizeof(T));
    return v;
}

constexpr size_t kHashedBytes = 64;

} // namespace

void RecordHeader::encode(char *out) const
{
    put<uint32_t>(out, 0, kMagic);
    put<uint16_t>(out, 4, (flags & kHasAnnotation) ? kAnnotatedVersion : kVersion);
    put<uint16_t>(out, 6, flags);
    put<uint32_t>(out, 8, payloadLength);
    put<uint32_t>(out, 12, writer);
    put<uint64_t>(out, 16, payloadHash);
    put<int64_t>(out, 24, sn);
    put<uint64_t>(out, 32, rows);
    put<int64_t>(out, 40, minTime);
    put<int64_t>(out, 48, maxTime);
    put<int64_t>(out, 56, appendTimeMs);
    put<uint64_t>(out, 64, XXH3_64bits(out, kHashedBytes));
}

Result<RecordHeader> RecordHeader::decode(const char *in)
{
    if (get<uint32_t>(in, 0) != kMagic)
        return Status(ErrorCode::CorruptedData, "bad record magic");
    if (get<uint64_t>(in, 64) != XXH3_64bits(in, kHashedBytes))
        return Status(ErrorCode::CorruptedData, "bad record header checksum");
    const uint16_t version = get<uint16_t>(in, 4);
    if (version != kVersion && version != kAnnotatedVersion)
        return Status(ErrorCode::CorruptedData, "unsupported record version " + std::to_string(version));
    RecordHeader h;
    h.flags = get<uint16_t>(in, 6);
    h.writer = get<uint32_t>(in, 12);
    if (((h.flags & kHasAnnotation) != 0) != (version == kAnnotatedVersion) || ((h.flags & kHasAnnotation) == 0 && h.writer != 0))
        return Status(ErrorCode::CorruptedData, "record annotation flag, writer and version disagree");
    h.payloadLength = get<uint32_t>(in, 8);
    h.payloadHash = get<uint64_t>(in, 16);
    h.sn = get<int64_t>(in, 24);
    h.rows = get<uint64_t>(in, 32);
    h.minTime = get<int64_t>(in, 40);
    h.maxTime = get<int64_t>(in, 48);
    h.appendTimeMs = get<int64_t>(in, 56);
    return h;
}

uint64_t payloadHash(std::span<const char> payload)
{
    return XXH3_64bits(payload.data(), payload.size());
}

Status ioError(ErrorCode fallback, const std::string &what, const std::string &path, int err)
{
    ErrorCode code = fallback;
    if (err == ENOSPC || err == EDQUOT || err == EFBIG)
        code = ErrorCode::NotEnoughSpace;
    return Status(code, "Cannot " + what + " '" + path + "': " + std::strerror(err) + " (errno " + std::to_string(err) + ")");
}

SegmentFile::~SegmentFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::string SegmentFile::fileName(int64_t baseSn)
{
    char name[40];
    std::snprintf(name, sizeof name, "%020lld.log", static_cast<long long>(baseSn));
    return name;
}

int64_t SegmentFile::parseFileName(const std::string &name)
{
    if (name.size() != 24 || name.compare(20, 4, ".log") != 0)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < 20; ++i) {
        if (name[i] < '0' || name[i] > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (name[i] - '0');
    }
    return v;
}

Result<std::shared_ptr<SegmentFile>> SegmentFile::open(const std::string &dir, int64_t baseSn, bool create)
{
    std::string path = dir + "/" + fileName(baseSn);
    int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0)
        return ioError(ErrorCode::CannotOpenFile, create ? "create segment" : "open segment", path, errno);
    return std::make_shared<SegmentFile>(fd, std::move(path), baseSn);
}

Status SegmentFile::readAt(uint64_t offset, char *out, size_t n) const
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = ::pread(m_fd, out + done, n - done, static_cast<off_t>(offset + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return ioError(ErrorCode::CannotReadFromFile, "read", m_path, errno);
        if (r == 0)
            return Status(ErrorCode::CorruptedData, "Unexpected end of segment '" + m_path + "' at offset " + std::to_string(offset + done));
        done += static_cast<size_t>(r);
    }
    return Status::ok();
}

Status SegmentFile::writeAt(uint64_t offset, std::vector<iovec> iov) const
{
    size_t first = 0;
    while (first < iov.size()) {
        int count = static_cast<int>(std::min<size_t>(iov.size() - first, IOV_MAX));
        ssize_t w = ::pwritev(m_fd, iov.data() + first, count, static_cast<off_t>(offset));
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return ioError(ErrorCode::CannotWriteToFile, "write to segment", m_path, errno);
        offset += static_cast<uint64_t>(w);
        // Skip what was written: whole iovecs, then the written prefix of a partial one.
        auto left = static_cast<size_t>(w);
        while (first < iov.size() && left >= iov[first].iov_len)
            left -= iov[first++].iov_len;
        if (first < iov.size()) {
            iov[first].iov_base = static_cast<char *>(iov[first].iov_base) + left;
            iov[first].iov_len -= left;
        }
    }
    return Status::ok();
}

Status SegmentFile::sync() const
{
    while (::fdatasync(m_fd) != 0) {
        if (errno != EINTR)
            return ioError(ErrorCode::CannotFsync, "fdatasync", m_path, errno);
    }
    return Status::ok();
}

Status SegmentFile::truncate(uint64_t size) const
{
    while (::ftruncate(m_fd, static_cast<off_t>(size)) != 0) {
        if (errno != EINTR)
            return ioError(ErrorCode::CannotWriteToFile, "truncate", m_path, errno);
    }
    return Status::ok();
}

Result<uint64_t> SegmentFile::size() const
{
    struct stat st;
    if (::fstat(m_fd, &st) != 0)
        return ioError(ErrorCode::CannotReadFromFile, "stat", m_path, errno);
    return static_cast<uint64_t>(st.st_size);
}

Status syncDirectory(const std::string &dir)
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(ErrorCode::CannotOpenFile, "open directory", dir, errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0)
        return ioError(ErrorCode::CannotFsync, "fsync directory", dir, err);
    return Status::ok();
}

Result<SegmentScan> scanSegment(const SegmentFile &file, bool verifyPayloads)
{
    SegmentScan scan;
    auto size = file.size();
    if (!size)
        return size.status();
    scan.fileSize = *size;
    uint64_t offset = 0;
    int64_t expectedSn = file.baseSn();
    char headerBytes[RecordHeader::kSize];
    std::vector<char> payload;
    while (offset < scan.fileSize) {
        if (scan.fileSize - offset < RecordHeader::kSize) {
            scan.damage = "partial record header";
            break;
        }
        if (Status s = file.readAt(offset, headerBytes, RecordHeader::kSize); !s)
            return s;
        auto header = RecordHeader::decode(headerBytes);
        if (!header) {
            scan.damage = header.status().message();
            break;
        }
        if (header->sn != expectedSn) {
            scan.damage = "record sn " + std::to_string(header->sn) + " where " + std::to_string(expectedSn) + " was expected";
            break;
        }
        if (header->recordSize() > scan.fileSize - offset) {
            scan.damage = "partial record payload";
            break;
        }
        ScannedRecord rec{offset, *header};
        if (verifyPayloads) {
            payload.resize(header->payloadLength);
            if (Status s = file.readAt(offset + RecordHeader::kSize, payload.data(), payload.size()); !s)
                return s;
            rec.payloadCorrupt = payloadHash(payload) != header->payloadHash;
        }
        scan.records.push_back(rec);
        offset += header->recordSize();
        ++expectedSn;
    }
    scan.validEnd = offset;
    return scan;
}

} // namespace tideline::engine
