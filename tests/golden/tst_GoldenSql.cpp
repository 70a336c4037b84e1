// Golden SQL runner: every tests/golden/sql/**/*.test file is one parameterized test, run on a
// fresh Engine in a fresh temporary data folder. The file format is described in README.md.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "engine/common/Status.h"
#include "engine/exec/Engine.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/formats/OutputFormat.h"
#include "tests/golden/GoldenFile.h"

#ifndef TIDELINE_GOLDEN_SOURCE_DIR
#define TIDELINE_GOLDEN_SOURCE_DIR ""
#endif

namespace fs = std::filesystem;
using namespace tideline::engine;
using namespace tideline::golden;

namespace {

// ---------------------------------------------------------------------------------------------
// Discovery

fs::path sourceDir()
{
    if (const char *env = std::getenv("TIDELINE_SOURCE_DIR"); env && *env)
        return env;
    return TIDELINE_GOLDEN_SOURCE_DIR;
}

fs::path sqlDir() { return sourceDir() / "tests" / "golden" / "sql"; }

std::vector<std::string> discoverFiles()
{
    std::vector<std::string> files;
    std::error_code ec;
    fs::path root = sqlDir();
    if (!fs::is_directory(root, ec))
        return files;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        if (it->is_regular_file() && it->path().extension() == ".test")
            files.push_back(fs::relative(it->path(), root).generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string testName(const std::string &relative)
{
    std::string name = relative;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".test") == 0)
        name.resize(name.size() - 5);
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name.empty() ? "empty" : name;
}

// ---------------------------------------------------------------------------------------------
// Execution

// Cancels a cursor that runs longer than the timeout (a streaming query in a golden file would
// otherwise hang the suite).
class Watchdog {
public:
    explicit Watchdog(QueryCursor *cursor, std::chrono::seconds timeout) : m_cursor(cursor)
    {
        m_thread = std::thread([this, timeout] {
            std::unique_lock lock(m_mutex);
            if (!m_cv.wait_for(lock, timeout, [this] { return m_done; })) {
                m_fired = true;
                m_cursor->cancel();
            }
        });
    }
    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    bool fired() const { return m_fired.load(); }

private:
    QueryCursor *m_cursor;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::atomic<bool> m_fired{false};
};

struct Outcome {
    Status status;          // first error (execute or read)
    bool failedWhileReading = false;
    bool timedOut = false;
    std::string output;
};

Outcome run(Session &session, const std::string &sql, const std::string *format)
{
    Outcome out;
    auto cursor = session.execute(sql);
    if (!cursor) {
        out.status = cursor.status();
        return out;
    }
    QueryCursor &c = **cursor;
    std::unique_ptr<OutputFormat> fmt;
    if (format) {
        try {
            fmt = createOutputFormat(format->empty() ? std::string_view("TabSeparated") : std::string_view(*format));
        } catch (const EngineError &e) {
            out.status = e.status();
            return out;
        }
    }
    if (!c.hasResult())
        return out;
    Watchdog dog(&c, std::chrono::seconds(20));
    bool any = false;
    try {
        Block b;
        while (true) {
            auto more = c.next(b);
            if (!more) {
                out.status = more.status();
                out.failedWhileReading = true;
                break;
            }
            if (!*more)
                break;
            if (fmt) {
                fmt->writeBlock(b, out.output);
                any = true;
            }
            b = Block();
        }
        if (fmt && out.status.isOk()) {
            if (!any) {
                // An empty result still shows the header of formats that have one.
                Block empty;
                for (size_t i = 0; i < c.names().size(); ++i)
                    empty.add(c.names()[i], Column::create(c.types()[i]));
                fmt->writeBlock(empty, out.output);
            }
            fmt->finish(out.output);
        }
    } catch (const EngineError &e) {
        out.status = e.status();
        out.failedWhileReading = true;
    } catch (const std::exception &e) {
        out.status = Status(ErrorCode::LogicalError, std::string("exception while rendering: ") + e.what());
        out.failedWhileReading = true;
    }
    out.timedOut = dog.fired();
    return out;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    if (text.empty())
        return lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) {
            if (start < text.size())
                lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string> &lines)
{
    std::string s;
    for (const auto &l : lines)
        s += "    " + l + "\n";
    if (lines.empty())
        s = "    (no rows)\n";
    return s;
}

std::string describeStatus(const Status &s)
{
    return "error " + std::to_string(s.code()) + " (" + errorCodeName(s.code()) + "): " + s.message();
}

class TempDir {
public:
    TempDir()
    {
        std::random_device rd;
        std::mt19937_64 gen(rd());
        for (int attempt = 0; attempt < 100; ++attempt) {
            fs::path p = fs::temp_directory_path() / ("tideline-golden-" + std::to_string(gen()));
            std::error_code ec;
            if (fs::create_directory(p, ec)) {
                m_path = p;
                return;
            }
        }
    }
    ~TempDir()
    {
        std::error_code ec;
        if (!m_path.empty())
            fs::remove_all(m_path, ec);
    }
    const fs::path &path() const { return m_path; }

private:
    fs::path m_path;
};

// ---------------------------------------------------------------------------------------------
// The parameterized test

// Collects failure messages; the file runs in a child process (a crash in the engine fails that
// file only), and the messages travel back through a pipe.
struct FileReport {
    std::vector<std::string> failures;
    int passed = 0;
    int failed = 0;
};

class FailureSink {
public:
    explicit FailureSink(FileReport &report) : m_report(report) {}
    ~FailureSink() { m_report.failures.push_back(m_stream.str()); }
    template <typename T>
    FailureSink &operator<<(const T &v)
    {
        m_stream << v;
        return *this;
    }

private:
    FileReport &m_report;
    std::ostringstream m_stream;
};

#define GOLDEN_FAILURE() FailureSink(report)

FileReport runFile(const std::string &relative)
{
    FileReport report;
    const fs::path path = sqlDir() / relative;
    const std::string display = "tests/golden/sql/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        GOLDEN_FAILURE() << "cannot open " << path.string();
        return report;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    ParsedFile parsed = parseFile(buffer.str(), display);
    for (const auto &e : parsed.errors)
        GOLDEN_FAILURE() << "malformed golden file: " << e;

    TempDir tmp;
    if (tmp.path().empty()) {
        GOLDEN_FAILURE() << "cannot create a temporary data folder";
        return report;
    }
    EngineOptions options;
    options.dataDir = tmp.path().string();
    options.fsync = false;
    auto engine = Engine::open(options);
    if (!engine) {
        GOLDEN_FAILURE() << "Engine::open failed: " << engine.status().toString();
        return report;
    }
    auto session = (*engine)->createSession();
    const bool trace = std::getenv("TIDELINE_GOLDEN_TRACE") != nullptr;

    int &passed = report.passed;
    int &failed = report.failed;
    for (const Record &r : parsed.records) {
        if (r.kind == RecordKind::Halt)
            break;
        const std::string where = display + ":" + std::to_string(r.line);
        if (trace)
            std::fprintf(stderr, "[ trace    ] %s\n", where.c_str());
        switch (r.kind) {
        case RecordKind::StatementOk: {
            Outcome o = run(*session, r.sql, nullptr);
            if (!o.status.isOk() || o.timedOut) {
                ++failed;
                GOLDEN_FAILURE() << where << ": statement failed\n  SQL: " << r.sql << "\n  " << (o.timedOut ? "timed out; " : "")
                              << describeStatus(o.status);
            } else {
                ++passed;
            }
            break;
        }
        case RecordKind::StatementError:
        case RecordKind::QueryError: {
            Outcome o = run(*session, r.sql, nullptr);
            if (o.status.isOk()) {
                ++failed;
                GOLDEN_FAILURE() << where << ": expected error " << r.errorText << " (" << r.errorCode << ") but it succeeded\n  SQL: " << r.sql;
            } else if (o.status.code() != r.errorCode) {
                ++failed;
                GOLDEN_FAILURE() << where << ": expected error " << r.errorText << " (" << r.errorCode << ", " << errorCodeName(r.errorCode)
                              << ")\n  SQL: " << r.sql << "\n  got " << describeStatus(o.status);
            } else {
                ++passed;
            }
            break;
        }
        case RecordKind::Query: {
            Outcome o = run(*session, r.sql, &r.format);
            if (!o.status.isOk() || o.timedOut) {
                ++failed;
                GOLDEN_FAILURE() << where << ": query failed" << (o.failedWhileReading ? " while reading" : "") << "\n  SQL: " << r.sql << "\n  "
                              << (o.timedOut ? "timed out; " : "") << describeStatus(o.status) << "\n  expected:\n"
                              << joinLines(r.expected);
                break;
            }
            std::vector<std::string> actual = splitLines(o.output);
            if (actual != r.expected) {
                ++failed;
                std::string diff;
                size_t n = std::max(actual.size(), r.expected.size());
                for (size_t k = 0; k < n; ++k) {
                    const std::string *e = k < r.expected.size() ? &r.expected[k] : nullptr;
                    const std::string *a = k < actual.size() ? &actual[k] : nullptr;
                    if (e && a && *e == *a)
                        continue;
                    diff += "    line " + std::to_string(k + 1) + ": expected " + (e ? "[" + *e + "]" : "(none)") + " got " +
                            (a ? "[" + *a + "]" : "(none)") + "\n";
                    break;
                }
                GOLDEN_FAILURE() << where << ": wrong result\n  SQL: " << r.sql << "\n  expected:\n"
                              << joinLines(r.expected) << "  actual:\n"
                              << joinLines(actual) << "  first difference:\n"
                              << diff;
            } else {
                ++passed;
            }
            break;
        }
        case RecordKind::Halt:
            break;
        }
    }
    return report;
}

// Wire format child -> parent: "passed failed count\n" then count messages as "<size>\n<bytes>".
std::string encodeReport(const FileReport &r)
{
    std::string out = std::to_string(r.passed) + " " + std::to_string(r.failed) + " " + std::to_string(r.failures.size()) + "\n";
    for (const auto &f : r.failures)
        out += std::to_string(f.size()) + "\n" + f;
    return out;
}

bool decodeReport(const std::string &data, FileReport &r)
{
    std::istringstream in(data);
    size_t count = 0;
    if (!(in >> r.passed >> r.failed >> count))
        return false;
    in.get();
    for (size_t i = 0; i < count; ++i) {
        size_t size = 0;
        if (!(in >> size))
            return false;
        in.get();
        std::string msg(size, '\0');
        if (!in.read(msg.data(), static_cast<std::streamsize>(size)))
            return false;
        r.failures.push_back(std::move(msg));
    }
    return true;
}

FileReport runFileIsolated(const std::string &relative)
{
    if (std::getenv("TIDELINE_GOLDEN_NO_FORK"))
        return runFile(relative);
    int fds[2];
    if (pipe(fds) != 0)
        return runFile(relative);
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return runFile(relative);
    }
    if (pid == 0) {
        close(fds[0]);
        std::string data = encodeReport(runFile(relative));
        size_t off = 0;
        while (off < data.size()) {
            ssize_t n = write(fds[1], data.data() + off, data.size() - off);
            if (n <= 0)
                break;
            off += static_cast<size_t>(n);
        }
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string data;
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        data.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    FileReport report;
    if (!decodeReport(data, report) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        report = FileReport();
        std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                              : "exited with status " + std::to_string(WEXITSTATUS(status));
        report.failures.push_back("the engine process running tests/golden/sql/" + relative + " " + how +
                                  " (rerun with TIDELINE_GOLDEN_NO_FORK=1 TIDELINE_GOLDEN_TRACE=1 to find the record)");
        report.failed = 1;
    }
    return report;
}

class GoldenSql : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenSql, File)
{
    const std::string relative = GetParam();
    FileReport report = runFileIsolated(relative);
    for (const auto &f : report.failures)
        ADD_FAILURE() << f;
    RecordProperty("records_passed", report.passed);
    RecordProperty("records_failed", report.failed);
    std::printf("[ golden   ] tests/golden/sql/%s: %d passed, %d failed\n", relative.c_str(), report.passed, report.failed);
}

std::string paramName(const ::testing::TestParamInfo<std::string> &info) { return testName(info.param); }

INSTANTIATE_TEST_SUITE_P(Golden, GoldenSql, ::testing::ValuesIn(discoverFiles()), paramName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenSql);

} // namespace
