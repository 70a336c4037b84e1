// Materialized views under SIGKILL: a child (mv_crash_worker) ingests the scenario's batches into
// a real, fsync'ed data folder while the views run; this test kills it at random moments (right
// after it opened the folder, while views replay, or after a random number of acknowledged
// inserts), starts it again, and lets a last run finish. Then every view's output must equal
// that of a run of the same batches without kills: the same rows in the same log records for the
// deterministic views, the same rows for the UNION of two streams (whose interleaving is timing),
// and the true totals for the periodic aggregation. The seed is printed; TIDELINE_MV_CRASH_SEED
// repeats a run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "MvScenario.h"
#include "engine/exec/Engine.h"

extern char **environ;

using namespace tideline::engine;
using namespace tideline::engine::testing;
using Steady = std::chrono::steady_clock;

namespace {

constexpr int kTotalBatches = 240;
constexpr int kKills = 12;

// A running mv_crash_worker and its stdout.
class Worker {
public:
    Worker(const std::string &dir, int total)
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        std::string path = MV_CRASH_WORKER, count = std::to_string(total);
        char *argv[] = {path.data(), const_cast<char *>(dir.c_str()), count.data(), nullptr};
        if (posix_spawn(&m_pid, path.c_str(), &actions, nullptr, argv, environ) != 0)
            m_pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        m_out = fds[0];
    }
    ~Worker()
    {
        if (m_pid > 0)
            kill();
        if (m_out >= 0)
            ::close(m_out);
    }
    bool started() const { return m_pid > 0; }
    // The next line of its output; nullopt at its end or at the deadline.
    std::optional<std::string> line(Steady::time_point deadline)
    {
        for (;;) {
            if (size_t nl = m_buffer.find('\n'); nl != std::string::npos) {
                std::string l = m_buffer.substr(0, nl);
                m_buffer.erase(0, nl + 1);
                return l;
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count();
            pollfd p{m_out, POLLIN, 0};
            if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0)
                return std::nullopt;
            char buf[4096];
            ssize_t n = ::read(m_out, buf, sizeof buf);
            if (n <= 0)
                return std::nullopt;
            m_buffer.append(buf, static_cast<size_t>(n));
        }
    }
    int kill()
    {
        ::kill(m_pid, SIGKILL);
        return wait();
    }
    int wait()
    {
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        return status;
    }

private:
    pid_t m_pid = -1;
    int m_out = -1;
    std::string m_buffer;
};

// Runs a worker on `dir` to the end; false (with the reason) when it does not finish cleanly.
::testing::AssertionResult runToCompletion(const std::string &dir)
{
    Worker worker(dir, kTotalBatches);
    if (!worker.started())
        return ::testing::AssertionFailure() << "cannot start " << MV_CRASH_WORKER;
    bool caughtUp = false;
    while (auto l = worker.line(Steady::now() + std::chrono::seconds(120)))
        caughtUp |= *l == "caught-up";
    int status = worker.wait();
    if (!caughtUp || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return ::testing::AssertionFailure() << "the worker did not finish (status " << status << ")";
    return ::testing::AssertionSuccess();
}

// One run killed at a random moment; false when the worker finished before the chosen moment.
bool runAndKill(const std::string &dir, std::mt19937_64 &rng, int &acked)
{
    Worker worker(dir, kTotalBatches);
    EXPECT_TRUE(worker.started());
    // A quarter of the kills land while the folder is being opened and the views replay; the
    // rest after 1..12 acknowledged inserts (so twelve kills never reach the last batch).
    const int killAfter = rng() % 4 == 0 ? 0 : 1 + static_cast<int>(rng() % 12);
    const auto jitter = std::chrono::microseconds(rng() % 3000);
    int acks = 0;
    while (auto l = worker.line(Steady::now() + std::chrono::seconds(60))) {
        if (l->rfind("ack ", 0) == 0)
            acked = std::max(acked, std::stoi(l->substr(4)));
        if ((*l == "opened" && killAfter == 0) || (l->rfind("ack ", 0) == 0 && ++acks == killAfter)) {
            std::this_thread::sleep_for(jitter); // only to vary where the kill lands
            worker.kill();
            return true;
        }
    }
    int status = worker.wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    return false;
}

// Every view's output in a data folder, after the views caught up and the periodic view emitted
// the final totals (polled: it emits on processing time).
std::map<std::string, std::vector<std::string>> outputs(const std::string &dir)
{
    std::map<std::string, std::vector<std::string>> out;
    EngineOptions o;
    o.dataDir = dir;
    auto engine = Engine::open(o);
    EXPECT_TRUE(engine.isOk()) << engine.status().message();
    if (!engine)
        return out;
    EXPECT_TRUE((*engine)->waitForViews(60000));
    auto session = (*engine)->createSession();
    auto rows = [&](const std::string &sql) {
        auto r = queryRows(*session, sql);
        EXPECT_TRUE(r.isOk()) << sql << ": " << r.status().message();
        return r.isOk() ? *r : std::vector<std::string>{};
    };
    const auto totals = rows("SELECT k, count(), sum(v) FROM table(src) GROUP BY k ORDER BY k");
    const std::string latest = "SELECT k, c, s FROM (SELECT k, c, s FROM table(per) ORDER BY _tp_sn DESC LIMIT 1 BY k) ORDER BY k";
    for (auto deadline = Steady::now() + std::chrono::seconds(20); rows(latest) != totals && Steady::now() < deadline;)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    out["per latest"] = rows(latest);
    out["per max"] = rows("SELECT k, max(c), max(s) FROM table(per) GROUP BY k ORDER BY k");
    out["totals"] = totals;
    out["src"] = rows("SELECT _tp_sn, batch, k, v, ts FROM table(src) ORDER BY _tp_sn, v");
    out["win"] = rows("SELECT _tp_sn, ws, k, c, s FROM table(win) ORDER BY _tp_sn, ws, k");
    out["hopw"] = rows("SELECT _tp_sn, ws, we, c, m FROM table(hopw) ORDER BY _tp_sn, ws");
    out["upd"] = rows("SELECT _tp_sn, k, c, s FROM table(upd) ORDER BY _tp_sn, k");
    out["flt"] = rows("SELECT _tp_sn, batch, k, v FROM table(flt) ORDER BY _tp_sn, v");
    out["tgt"] = rows("SELECT _tp_sn, k, w FROM table(tgt) ORDER BY _tp_sn, w");
    out["uni"] = rows("SELECT batch, v FROM table(uni) ORDER BY batch, v");
    return out;
}

} // namespace

TEST(MaterializedViewCrash, OutputsAfterRandomSigkillsEqualARunWithoutKills)
{
    const char *fixed = std::getenv("TIDELINE_MV_CRASH_SEED");
    const uint64_t seed = fixed ? std::stoull(fixed) : std::random_device{}();
    std::cout << "seed " << seed << " (TIDELINE_MV_CRASH_SEED=" << seed << " repeats this run)" << std::endl;
    RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);
    const auto base = std::filesystem::temp_directory_path() / ("tideline-mvcrash-" + std::to_string(getpid()));
    std::filesystem::remove_all(base);
    const std::string killedDir = (base / "killed").string(), cleanDir = (base / "clean").string();

    int kills = 0, acked = -1;
    for (int run = 0; kills < kKills && run < 4 * kKills; ++run)
        kills += runAndKill(killedDir, rng, acked) ? 1 : 0;
    std::cout << kills << " kills, the last after batch " << acked << " of " << kTotalBatches << std::endl;
    EXPECT_GE(kills, 10);
    ASSERT_TRUE(runToCompletion(killedDir));
    ASSERT_TRUE(runToCompletion(cleanDir));

    auto killed = outputs(killedDir), clean = outputs(cleanDir);
    EXPECT_EQ(killed["src"].size(), static_cast<size_t>(kTotalBatches * kRowsPerBatch));
    EXPECT_GT(killed["win"].size(), 50u);
    for (const auto &[name, rows] : clean)
        EXPECT_EQ(killed[name], rows) << "view output " << name << " differs from the run without kills (seed " << seed << ")";
    EXPECT_EQ(killed["per latest"], killed["totals"]);
    EXPECT_EQ(killed["per max"], killed["totals"]);
    if (!HasFailure())
        std::filesystem::remove_all(base);
}
