#include "engine/storage/StreamLog.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/storage/BlockCodec.h"

namespace tideline::engine {

struct StreamLog::Request {
    std::vector<char> payload;
    uint64_t hash = 0;
    RecordMeta meta;
    bool done = false;
    Status status;
    AppendResult result;
    uint64_t recordSize() const { return RecordHeader::kSize + payload.size(); }
};

namespace {

template <typename T>
void minMax(const T *v, size_t n, int64_t scaleMul, int64_t scaleDiv, int64_t &lo, int64_t &hi)
{
    T mn = v[0], mx = v[0];
    for (size_t i = 1; i < n; ++i) {
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
    }
    lo = static_cast<int64_t>(mn) * scaleMul / scaleDiv;
    hi = static_cast<int64_t>(mx) * scaleMul / scaleDiv;
}

// Min/max of _tp_time in millis; false when the block has no usable _tp_time.
bool eventTimeRange(const Block &block, int64_t &lo, int64_t &hi)
{
    const Column *c = block.find("_tp_time");
    if (!c || c->empty())
        return false;
    const DataType &t = *c->type();
    if (t.kind == TypeKind::DateTime64) {
        int64_t mul = 1, div = 1;
        for (uint32_t p = t.precision; p < 3; ++p)
            mul *= 10;
        for (uint32_t p = 3; p < t.precision; ++p)
            div *= 10;
        minMax(c->data<int64_t>(), c->size(), mul, div, lo, hi);
        return true;
    }
    if (t.kind == TypeKind::DateTime) {
        minMax(c->data<uint32_t>(), c->size(), 1000, 1, lo, hi);
        return true;
    }
    return false;
}

std::vector<int64_t> listSegments(const std::string &dir, Status &status)
{
    std::vector<int64_t> bases;
    DIR *d = ::opendir(dir.c_str());
    if (!d) {
        status = ioError(ErrorCode::CannotOpenFile, "list stream directory", dir, errno);
        return bases;
    }
    while (dirent *e = ::readdir(d)) {
        int64_t base = SegmentFile::parseFileName(e->d_name);
        if (base >= 0)
            bases.push_back(base);
    }
    ::closedir(d);
    std::sort(bases.begin(), bases.end());
    return bases;
}

// After a damaged point, is there a record header that checks out? Then the damage is not a torn
// tail but corruption of data that may have been acknowledged.
bool validHeaderFollows(const SegmentFile &file, uint64_t from, uint64_t fileSize, int64_t minSn)
{
    if (fileSize <= from + RecordHeader::kSize)
        return false;
    std::vector<char> rest(fileSize - from);
    if (!file.readAt(from, rest.data(), rest.size()))
        return false;
    for (size_t at = 1; at + RecordHeader::kSize <= rest.size(); ++at) {
        uint32_t magic;
        std::memcpy(&magic, rest.data() + at, 4);
        if (magic != RecordHeader::kMagic)
            continue;
        auto h = RecordHeader::decode(rest.data() + at);
        if (h && h->sn >= minSn)
            return true;
    }
    return false;
}

} // namespace

void StreamLog::Segment::add(const RecordEntry &e, uint64_t recordBytes)
{
    records.push_back(e);
    bytes += recordBytes;
    rows += e.meta.rows;
    minTime = std::min(minTime, e.meta.minTime);
    maxTime = std::max(maxTime, e.meta.maxTime);
    maxAppendMs = std::max(maxAppendMs, e.meta.appendTimeMs);
}

StreamLog::StreamLog(std::string dir, LogOptions options, const Clock *clock, int lockFd)
    : m_dir(std::move(dir)), m_options(std::move(options)), m_clock(clock), m_lockFd(lockFd),
      m_cache(m_options.blockCache ? m_options.blockCache : BlockCache::process()), m_cacheId(BlockCache::newLogId())
{
}

StreamLog::~StreamLog()
{
    m_cache->forget(m_cacheId);
    if (m_lockFd >= 0)
        ::close(m_lockFd); // releases the flock
}

Result<std::unique_ptr<StreamLog>> StreamLog::open(const std::string &dir, LogOptions options, const Clock *clock)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Status(ErrorCode::CannotOpenFile, "Cannot create stream directory '" + dir + "': " + ec.message());
    std::string lockPath = dir + "/LOCK";
    int lockFd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockFd < 0)
        return ioError(ErrorCode::CannotOpenFile, "open", lockPath, errno);
    // One writer per directory, also across processes; the lock dies with the process.
    if (::flock(lockFd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(lockFd);
        return Status(ErrorCode::CannotOpenFile, "Stream log '" + dir + "' is already open (" + std::strerror(err) + ")");
    }
    std::unique_ptr<StreamLog> log(new StreamLog(dir, options, clock ? clock : &SystemClock::instance(), lockFd));
    if (Status s = log->load(); !s)
        return s;
    return log;
}

Status StreamLog::load()
{
    Status status;
    std::vector<int64_t> bases = listSegments(m_dir, status);
    if (!status)
        return status;
    if (bases.empty()) {
        auto file = SegmentFile::open(m_dir, 0, true);
        if (!file)
            return file.status();
        if (m_options.fsync)
            if (Status s = syncDirectory(m_dir); !s)
                return s;
        m_segments.push_back(Segment{*file});
    } else {
        for (size_t i = 0; i < bases.size(); ++i)
            if (Status s = loadSegment(bases[i], i + 1 == bases.size()); !s)
                return s;
    }
    // Consecutive segments must not overlap; a gap means records lost from the older one.
    for (size_t i = 0; i + 1 < m_segments.size(); ++i) {
        Segment &seg = m_segments[i];
        int64_t end = seg.file->baseSn() + static_cast<int64_t>(seg.records.size());
        int64_t next = m_segments[i + 1].file->baseSn();
        if (end > next)
            return Status(ErrorCode::CorruptedData, "Segment '" + seg.file->path() + "' overlaps the next one (sn " + std::to_string(next) + ")");
        if (end < next && seg.damage.empty())
            seg.damage = "records " + std::to_string(end) + ".." + std::to_string(next - 1) + " are missing";
        if (!seg.damage.empty())
            m_recovery.damagedSegments.push_back(seg.file->path() + ": " + seg.damage);
    }
    const Segment &last = m_segments.back();
    m_visibleNext.store(last.file->baseSn() + static_cast<int64_t>(last.records.size()));
    m_lastNotified = m_visibleNext.load() - 1;
    return Status::ok();
}

Status StreamLog::loadSegment(int64_t baseSn, bool last)
{
    auto file = SegmentFile::open(m_dir, baseSn, false);
    if (!file)
        return file.status();
    auto scan = scanSegment(**file, last);
    if (!scan)
        return scan.status();
    Segment seg{*file};
    if (last) {
        if (Status s = recoverTail(seg, *scan); !s)
            return s;
    } else {
        seg.damage = scan->damage.empty() ? "" : scan->damage + " at offset " + std::to_string(scan->validEnd);
    }
    for (const auto &r : scan->records) {
        const RecordHeader &h = r.header;
        RecordMeta meta{h.sn, h.rows, h.minTime, h.maxTime, h.appendTimeMs, (h.flags & RecordHeader::kHasEventTime) != 0, h.writer};
        seg.add(RecordEntry{r.offset, h.payloadLength, meta}, h.recordSize());
    }
    m_totalBytes += seg.bytes;
    m_totalRows += seg.rows;
    m_segments.push_back(std::move(seg));
    return Status::ok();
}

// The last segment may end in a torn group commit: cut it at the first bad record, unless valid
// records follow the damage (then it is corruption of possibly acknowledged data: refuse).
// Payload-corrupt records followed by good ones stay; reading them gives 246.
Status StreamLog::recoverTail(Segment &seg, SegmentScan &scan)
{
    std::string reason = scan.damage;
    while (!scan.records.empty() && scan.records.back().payloadCorrupt) {
        reason = "bad payload checksum of record " + std::to_string(scan.records.back().header.sn);
        scan.validEnd = scan.records.back().offset;
        scan.records.pop_back();
    }
    if (scan.validEnd == scan.fileSize)
        return Status::ok();
    const SegmentFile &file = *seg.file;
    int64_t nextSn = file.baseSn() + static_cast<int64_t>(scan.records.size());
    if (!m_options.forceRecovery && validHeaderFollows(file, scan.validEnd, scan.fileSize, nextSn))
        return Status(ErrorCode::CorruptedData, "Segment '" + file.path() + "' is damaged at offset " + std::to_string(scan.validEnd) + " (" +
                                                    reason + ") but valid records follow; not truncating (set forceRecovery to cut it)");
    if (Status s = file.truncate(scan.validEnd); !s)
        return s;
    if (m_options.fsync)
        if (Status s = file.sync(); !s)
            return s;
    m_recovery.truncatedBytes = scan.fileSize - scan.validEnd;
    m_recovery.reason = reason;
    return Status::ok();
}

Result<AppendResult> StreamLog::append(const Block &block, const RecordAnnotation *annotation)
{
    Request req;
    if (annotation) {
        if (annotation->writer == 0 || annotation->bytes.size() > (1u << 20))
            return Status(ErrorCode::LogicalError, "A record annotation needs a writer tag and at most 1 MiB");
        uint32_t length = static_cast<uint32_t>(annotation->bytes.size());
        req.payload.resize(4);
        std::memcpy(req.payload.data(), &length, 4);
        req.payload.insert(req.payload.end(), annotation->bytes.begin(), annotation->bytes.end());
        req.meta.writer = annotation->writer;
    }
    // Encoding and hashing run on the caller's thread, outside the lock, so appenders compress in
    // parallel and the leader only writes.
    if (Status s = BlockCodec::encode(block, req.payload); !s)
        return s;
    if (req.payload.size() > UINT32_MAX - RecordHeader::kSize)
        return Status(ErrorCode::TooLargeStringSize, "Block too large for one log record");
    req.hash = payloadHash(req.payload);
    req.meta.rows = block.rows();
    req.meta.hasEventTime = eventTimeRange(block, req.meta.minTime, req.meta.maxTime);

    std::unique_lock lk(m_mutex);
    if (!m_broken.isOk())
        return m_broken;
    m_queue.push_back(&req);
    m_cv.wait(lk, [&] { return req.done || !m_writing; });
    if (!req.done) {
        m_writing = true;
        std::vector<Request *> batch;
        batch.swap(m_queue);
        Status broken = m_broken;
        lk.unlock();
        if (broken.isOk())
            writeBatch(batch);
        else
            for (Request *r : batch)
                r->status = broken;
        lk.lock();
        for (Request *r : batch)
            r->done = true;
        m_writing = false;
        lk.unlock();
        m_cv.notify_all();
        notifyListeners();
        lk.lock();
    }
    if (!req.status)
        return req.status;
    return req.result;
}

void StreamLog::writeBatch(std::vector<Request *> &batch)
{
    int64_t nowMs = m_clock->nowMillis();
    Status status;
    size_t i = 0;
    while (i < batch.size()) {
        if (m_segments.back().bytes > 0 && m_segments.back().bytes + batch[i]->recordSize() > static_cast<uint64_t>(m_options.segmentBytes)) {
            status = roll();
            if (!status)
                break;
        }
        Segment &seg = m_segments.back();
        size_t k = i + 1;
        uint64_t bytes = seg.bytes + batch[i]->recordSize();
        while (k < batch.size() && bytes + batch[k]->recordSize() <= static_cast<uint64_t>(m_options.segmentBytes))
            bytes += batch[k++]->recordSize();
        status = writeRun(seg, batch, i, k, nowMs);
        if (!status)
            break;
        i = k;
    }
    for (; i < batch.size(); ++i)
        batch[i]->status = status;
}

Status StreamLog::writeRun(Segment &seg, std::vector<Request *> &batch, size_t from, size_t to, int64_t nowMs)
{
    int64_t sn = m_visibleNext.load(std::memory_order_relaxed);
    std::vector<char> headers((to - from) * RecordHeader::kSize);
    std::vector<iovec> iov;
    iov.reserve((to - from) * 2);
    for (size_t j = from; j < to; ++j) {
        Request &r = *batch[j];
        r.meta.sn = sn + static_cast<int64_t>(j - from);
        r.meta.appendTimeMs = nowMs;
        if (!r.meta.hasEventTime)
            r.meta.minTime = r.meta.maxTime = nowMs;
        auto flags = static_cast<uint16_t>((r.meta.hasEventTime ? RecordHeader::kHasEventTime : 0) | (r.meta.writer ? RecordHeader::kHasAnnotation : 0));
        RecordHeader h{flags, static_cast<uint32_t>(r.payload.size()), r.hash, r.meta.sn, r.meta.rows, r.meta.minTime, r.meta.maxTime, nowMs, r.meta.writer};
        char *hb = headers.data() + (j - from) * RecordHeader::kSize;
        h.encode(hb);
        iov.push_back({hb, RecordHeader::kSize});
        iov.push_back({r.payload.data(), r.payload.size()});
    }
    uint64_t start = seg.bytes;
    Status s = seg.file->writeAt(start, iov);
    if (s && m_options.fsync)
        s = seg.file->sync();
    if (!s) {
        // Leave the file as it was, so the sns of this run go to the next appends.
        if (Status t = seg.file->truncate(start); !t) {
            std::lock_guard lk(m_mutex);
            m_broken = Status(t.code(), "Stream log '" + m_dir + "' needs reopening after a failed write: " + t.message());
        }
        return s;
    }
    {
        std::unique_lock lk(m_indexMutex);
        uint64_t offset = start, rows = 0;
        for (size_t j = from; j < to; ++j) {
            Request &r = *batch[j];
            seg.add(RecordEntry{offset, static_cast<uint32_t>(r.payload.size()), r.meta}, r.recordSize());
            m_totalBytes += r.recordSize();
            m_totalRows += r.meta.rows;
            rows += r.meta.rows;
            r.result = AppendResult{r.meta.sn, r.meta, r.recordSize()};
            offset += r.recordSize();
        }
        m_visibleNext.store(sn + static_cast<int64_t>(to - from), std::memory_order_release);
        m_writtenRows.fetch_add(rows, std::memory_order_relaxed);
        m_writtenBytes.fetch_add(offset - start, std::memory_order_relaxed);
    }
    m_appendCount.fetch_add(to - from, std::memory_order_relaxed);
    m_commitCount.fetch_add(1, std::memory_order_relaxed);
    return Status::ok();
}

// Starts a new segment at the next sn. The old one is already durable: every run syncs.
Status StreamLog::roll()
{
    int64_t base = m_visibleNext.load(std::memory_order_relaxed);
    auto file = SegmentFile::open(m_dir, base, true);
    if (!file)
        return file.status();
    if (m_options.fsync) {
        if (Status s = syncDirectory(m_dir); !s) {
            ::unlink((*file)->path().c_str());
            return s;
        }
    }
    {
        std::unique_lock lk(m_indexMutex);
        m_segments.push_back(Segment{*file});
    }
    // Retention failing (say, unlink refused) must not fail the append that triggered it.
    (void)dropOldSegments();
    return Status::ok();
}

void StreamLog::acquireWriter()
{
    std::unique_lock lk(m_mutex);
    m_cv.wait(lk, [&] { return !m_writing; });
    m_writing = true;
}

void StreamLog::releaseWriter()
{
    {
        std::lock_guard lk(m_mutex);
        m_writing = false;
    }
    m_cv.notify_all();
}

int StreamLog::addListener(std::function<void(int64_t)> listener)
{
    std::lock_guard lk(m_listenerMutex);
    int id = m_nextListenerId++;
    m_listeners[id] = std::make_shared<std::function<void(int64_t)>>(std::move(listener));
    return id;
}

void StreamLog::removeListener(int id)
{
    // Taking the mutex waits for a notification in progress on another thread.
    std::lock_guard lk(m_listenerMutex);
    m_listeners.erase(id);
}

void StreamLog::notifyListeners()
{
    std::lock_guard lk(m_listenerMutex);
    int64_t last = m_visibleNext.load(std::memory_order_acquire) - 1;
    if (last <= m_lastNotified)
        return; // a later leader already told everyone about this record
    m_lastNotified = last;
    // A listener may remove itself or others: iterate over a copy, skip the removed.
    std::vector<std::pair<int, std::shared_ptr<std::function<void(int64_t)>>>> snapshot(m_listeners.begin(), m_listeners.end());
    for (auto &[id, fn] : snapshot)
        if (m_listeners.count(id))
            (*fn)(last);
}

int64_t StreamLog::firstSn() const
{
    std::shared_lock lk(m_indexMutex);
    return m_segments.front().file->baseSn();
}

uint64_t StreamLog::rowCount() const
{
    std::shared_lock lk(m_indexMutex);
    return m_totalRows;
}

uint64_t StreamLog::byteSize() const
{
    std::shared_lock lk(m_indexMutex);
    return m_totalBytes;
}

size_t StreamLog::segmentCount() const
{
    std::shared_lock lk(m_indexMutex);
    return m_segments.size();
}

int64_t StreamLog::lastSnOf(uint32_t writer, int64_t beforeSn) const
{
    std::shared_lock lk(m_indexMutex);
    for (auto seg = m_segments.rbegin(); seg != m_segments.rend(); ++seg) {
        if (seg->file->baseSn() >= beforeSn)
            continue;
        for (auto r = seg->records.rbegin(); r != seg->records.rend(); ++r)
            if (r->meta.writer == writer && r->meta.sn < beforeSn)
                return r->meta.sn;
    }
    return -1;
}

std::optional<int64_t> StreamLog::earliestTime() const
{
    std::shared_lock lk(m_indexMutex);
    int64_t t = INT64_MAX;
    for (const auto &seg : m_segments)
        t = std::min(t, seg.minTime);
    return t == INT64_MAX ? std::nullopt : std::optional<int64_t>(t);
}

std::optional<int64_t> StreamLog::latestTime() const
{
    std::shared_lock lk(m_indexMutex);
    int64_t t = INT64_MIN;
    for (const auto &seg : m_segments)
        t = std::max(t, seg.maxTime);
    return t == INT64_MIN ? std::nullopt : std::optional<int64_t>(t);
}

StreamLog::Lookup StreamLog::locate(int64_t sn, Location &out, std::string *damage) const
{
    std::shared_lock lk(m_indexMutex);
    if (sn >= m_visibleNext.load(std::memory_order_acquire))
        return Lookup::End;
    int64_t first = m_segments.front().file->baseSn();
    if (sn < first) {
        out.entry.meta.sn = first;
        return Lookup::Dropped;
    }
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), sn,
                               [](int64_t v, const Segment &s) { return v < s.file->baseSn(); });
    const Segment &seg = *std::prev(it);
    auto idx = static_cast<size_t>(sn - seg.file->baseSn());
    if (idx >= seg.records.size()) {
        if (damage)
            *damage = "segment '" + seg.file->path() + "': " + seg.damage;
        return Lookup::Damaged;
    }
    out.file = seg.file;
    out.entry = seg.records[idx];
    return Lookup::Found;
}

int64_t StreamLog::findByTime(int64_t ms) const
{
    std::shared_lock lk(m_indexMutex);
    for (const auto &seg : m_segments) {
        if (seg.maxTime < ms)
            continue; // the whole segment is older
        for (const auto &r : seg.records)
            if (r.meta.maxTime >= ms)
                return r.meta.sn;
    }
    return m_visibleNext.load(std::memory_order_acquire);
}

} // namespace tideline::engine
