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
#include <sstream>
#include <string>
#include <thread>
#include <vector>


#include "engine/common/Status.h"
#include "engine/exec/Engine.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/formats/OutputFormat.h"
#include "tests/golden/GoldenFile.h"
#include "tests/golden/GoldenRunner.h"

#ifndef TIDELINE_GOLDEN_SOURCE_DIR
#define TIDELINE_GOLDEN_SOURCE_DIR ""
#endif

namespace fs = std::filesystem;
using namespace tideline::engine;
using namespace tideline::golden;

namespace {

// ---------------------------------------------------------------------------------------------
// Discovery

fs::path sqlDir() { return sourceDir(TIDELINE_GOLDEN_SOURCE_DIR) / "tests" / "golden" / "sql"; }

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

// ---------------------------------------------------------------------------------------------
// The parameterized test

// Failure messages go into the file's report (GoldenRunner.h); the file runs in a child process.
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
                GOLDEN_FAILURE() << where << ": wrong result\n  SQL: " << r.sql << "\n  expected:\n"
                              << joinLines(r.expected) << "  actual:\n"
                              << joinLines(actual) << "  first difference:\n"
                              << firstDifference(r.expected, actual);
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

class GoldenSql : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenSql, File)
{
    const std::string relative = GetParam();
    FileReport report = runIsolated([&] { return runFile(relative); }, "tests/golden/sql/" + relative);
    for (const auto &f : report.failures)
        ADD_FAILURE() << f;
    RecordProperty("records_passed", report.passed);
    RecordProperty("records_failed", report.failed);
    std::printf("[ golden   ] tests/golden/sql/%s: %d passed, %d failed\n", relative.c_str(), report.passed, report.failed);
}

std::string paramName(const ::testing::TestParamInfo<std::string> &info) { return testName(info.param); }

INSTANTIATE_TEST_SUITE_P(Golden, GoldenSql, ::testing::ValuesIn(discoverFiles(sqlDir())), paramName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenSql);

} // namespace
