// The crash test: a child process appends numbered batches from several threads and reports each
// batch id on a pipe only after append() returned (= acknowledged). The parent SIGKILLs it at
// random moments, reopens the log, and checks that every acknowledged batch is there exactly once,
// that nothing is duplicated and that every record reads back; then the next child goes on.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "StorageTestUtil.h"
#include "engine/storage/BlockCodec.h"
#include "engine/storage/LogReader.h"
#include "engine/storage/StreamLog.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;

namespace {

LogOptions crashOptions()
{
    LogOptions o;
    o.segmentBytes = 256 * 1024; // rolls happen under the kills too
    o.fsync = true;
    return o;
}

size_t rowsFor(int64_t id) { return 1 + static_cast<size_t>(id % 37); }
// Every tenth batch is large, so a kill can land in the middle of its write.
size_t payloadFor(int64_t id) { return id % 10 == 0 ? 3000 : 16; }

[[noreturn]] void runChild(const std::string &dir, int64_t firstId, int ackFd)
{
    auto log = StreamLog::open(dir, crashOptions(), nullptr);
    if (!log)
        ::_exit(3);
    std::atomic<int64_t> next{firstId};
    std::mutex pipeMutex;
    auto body = [&] {
        for (;;) {
            int64_t id = next.fetch_add(1);
            if (!(*log)->append(makeBatch(id, rowsFor(id), id, payloadFor(id))).isOk())
                ::_exit(4);
            std::lock_guard lk(pipeMutex);
            if (::write(ackFd, &id, sizeof id) != sizeof id)
                ::_exit(5);
        }
    };
    std::thread a(body), b(body);
    body();
    a.join(); // never reached
    ::_exit(0);
}

// Reads whole ids from the pipe until `until` (or EOF when until is nullopt).
void collectAcks(int fd, std::set<int64_t> &acked, std::string &partial, std::chrono::steady_clock::time_point until, bool toEof)
{
    char buf[4096];
    for (;;) {
        int timeoutMs = -1;
        if (!toEof) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
            if (left <= 0)
                return;
            timeoutMs = static_cast<int>(left);
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) <= 0)
            continue;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            return; // EOF: the child is gone
        partial.append(buf, static_cast<size_t>(n));
        size_t whole = partial.size() / 8 * 8;
        for (size_t at = 0; at < whole; at += 8) {
            int64_t id;
            std::memcpy(&id, partial.data() + at, 8);
            acked.insert(id);
        }
        partial.erase(0, whole);
    }
}

// A SIGKILL leaves whole writes in the page cache; a power cut can also tear the last write. Imitate
// that: cut the last record in the middle when it was not acknowledged, else add a partial record
// of garbage after it.
void tearTail(const std::string &dir, const std::set<int64_t> &acked, std::mt19937_64 &rng)
{
    std::vector<std::string> files;
    std::error_code error; // a kill before the child created its folder or first segment: nothing to tear
    for (const auto &e : std::filesystem::directory_iterator(dir, error))
        if (e.path().extension() == ".log")
            files.push_back(e.path().string());
    if (files.empty())
        return;
    std::string seg = *std::max_element(files.begin(), files.end());
    std::ifstream in(seg, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    uint64_t at = 0, lastAt = 0;
    std::optional<RecordHeader> last;
    while (at + RecordHeader::kSize <= bytes.size()) {
        auto h = RecordHeader::decode(bytes.data() + at);
        if (!h || at + h->recordSize() > bytes.size())
            break;
        last = *h;
        lastAt = at;
        at += h->recordSize();
    }
    if (last) {
        auto block = BlockCodec::decode(std::span<const char>(bytes.data() + lastAt + RecordHeader::kSize, last->payloadLength));
        if (block && !acked.count(batchId(*block))) {
            std::filesystem::resize_file(seg, lastAt + 1 + rng() % (last->recordSize() - 1));
            return;
        }
    }
    std::string garbage(1 + rng() % 300, '\0');
    for (auto &c : garbage)
        c = static_cast<char>(rng());
    if (rng() % 2 && bytes.size() >= RecordHeader::kSize) // a header that checks out, payload missing
        garbage.insert(0, bytes.data() + lastAt, RecordHeader::kSize);
    std::ofstream(seg, std::ios::app | std::ios::binary) << garbage;
}

// Checks the reopened log; returns the largest batch id in it.
int64_t verify(const std::string &dir, const std::set<int64_t> &acked, int round)
{
    auto log = StreamLog::open(dir, crashOptions(), nullptr);
    EXPECT_TRUE(log.isOk()) << "round " << round << ": " << log.status().message();
    if (!log)
        return -1;
    std::set<int64_t> present;
    LogReader reader(**log, 0);
    Block b;
    RecordMeta m;
    int64_t expectedSn = 0, maxId = -1;
    while (reader.next(b, m)) {
        EXPECT_EQ(m.sn, expectedSn++) << "round " << round;
        int64_t id = batchId(b);
        EXPECT_GE(id, 0) << "round " << round << ": rows of one batch disagree at sn " << m.sn;
        EXPECT_EQ(b.rows(), rowsFor(id)) << "round " << round << " id " << id;
        EXPECT_TRUE(present.insert(id).second) << "round " << round << ": batch " << id << " duplicated";
        maxId = std::max(maxId, id);
    }
    EXPECT_TRUE(reader.status().isOk()) << "round " << round << ": " << reader.status().message();
    EXPECT_EQ(expectedSn, (*log)->nextSn());
    for (int64_t id : acked)
        EXPECT_TRUE(present.count(id)) << "round " << round << ": acknowledged batch " << id << " lost";
    if (!(*log)->recovery().reason.empty())
        std::cout << "round " << round << ": cut " << (*log)->recovery().truncatedBytes << " bytes (" << (*log)->recovery().reason << ")\n";
    return std::max(maxId, acked.empty() ? -1 : *acked.rbegin());
}

} // namespace

TEST(StreamLogCrash, SigkillAtRandomMomentsLosesNothingAcknowledged)
{
    TempDir tmp;
    std::string dir = tmp.sub("stream");
    auto seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::cout << "seed " << seed << "\n";
    std::mt19937_64 rng(seed);
    std::set<int64_t> acked;
    int64_t nextId = 0;
    int kills = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (kills < 25 && std::chrono::steady_clock::now() < deadline && !::testing::Test::HasFailure()) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::close(fds[0]);
            runChild(dir, nextId, fds[1]);
        }
        ::close(fds[1]);
        // Mostly mid-stream kills; some land in open() and its recovery.
        int delayMs = rng() % 5 == 0 ? static_cast<int>(rng() % 5) : 20 + static_cast<int>(rng() % 300);
        std::string partial;
        collectAcks(fds[0], acked, partial, std::chrono::steady_clock::now() + std::chrono::milliseconds(delayMs), false);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        collectAcks(fds[0], acked, partial, {}, true);
        ::close(fds[0]);
        ASSERT_TRUE(WIFSIGNALED(status)) << "child exited by itself with " << WEXITSTATUS(status);
        ++kills;
        if (rng() % 3 == 0)
            tearTail(dir, acked, rng);
        nextId = verify(dir, acked, kills) + 1;
    }
    std::cout << kills << " kills, " << acked.size() << " acknowledged batches, next id " << nextId << "\n";
    EXPECT_GE(kills, 20);
    EXPECT_GT(acked.size(), 50u);
}
