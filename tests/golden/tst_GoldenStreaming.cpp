// Golden streaming runner: every tests/golden/streaming/**/*.test script is one parameterized
// test, run on a fresh Engine with a ManualClock in a fresh temporary data folder. The format is
// described in README.md ("Streaming scripts").
//
// A streaming query runs as it would live: after every record (statement, insert, clock move)
// the runner waits for materialized views and then polls every open streaming query until it has
// nothing more, keeping what it emitted. So a block is processed at the processing time of its
// INSERT, and a periodic emit fires at the clock move that reaches its tick. `check` compares and
// clears what a query emitted since its previous check. Nothing here sleeps.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "engine/common/Clock.h"
#include "engine/exec/Engine.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/formats/OutputFormat.h"
#include "tests/golden/GoldenRunner.h"
#include "tests/golden/StreamingScript.h"

#ifndef TIDELINE_GOLDEN_SOURCE_DIR
#define TIDELINE_GOLDEN_SOURCE_DIR ""
#endif

namespace fs = std::filesystem;
using namespace tideline::engine;
using namespace tideline::golden;

namespace {

fs::path scriptDir() { return sourceDir(TIDELINE_GOLDEN_SOURCE_DIR) / "tests" / "golden" / "streaming"; }

// 2024-01-01 00:00:00 UTC: where the clock of every script starts (`clock` moves it).
constexpr int64_t kDefaultClockNanos = 1704067200LL * 1000000000LL;

// A streaming query started by `stream NAME` and what it emitted since its last check.
struct LiveQuery {
    std::unique_ptr<QueryCursor> cursor;
    std::vector<Block> pending;
    bool ended = false;
    Status error;
    int line = 0;
};

std::string render(const std::vector<Block> &blocks, const std::string &format)
{
    auto fmt = createOutputFormat(format.empty() ? std::string_view("TabSeparated") : std::string_view(format));
    std::string out;
    for (const auto &b : blocks)
        fmt->writeBlock(b, out);
    fmt->finish(out);
    return out;
}

class ScriptRun {
public:
    ScriptRun(std::string display, FileReport &report) : m_display(std::move(display)), m_report(report) {}

    bool open(const fs::path &dataDir)
    {
        EngineOptions options;
        options.dataDir = dataDir.string();
        options.fsync = false;
        options.clock = &m_clock;
        auto engine = Engine::open(options);
        if (!engine) {
            FailureSink(m_report) << "Engine::open failed: " << engine.status().toString();
            return false;
        }
        m_engine = std::move(*engine);
        m_session = m_engine->createSession();
        return true;
    }

    void run(const StreamingScript &script)
    {
        const bool trace = std::getenv("TIDELINE_GOLDEN_TRACE") != nullptr;
        for (const Step &step : script.steps) {
            if (step.kind == StepKind::Halt)
                break;
            m_where = m_display + ":" + std::to_string(step.line);
            if (trace)
                std::fprintf(stderr, "[ trace    ] %s\n", m_where.c_str());
            bool ok = execute(step);
            ok ? ++m_report.passed : ++m_report.failed;
            pump();
        }
        for (auto &[name, q] : m_queries)
            requireChecked(name, q, "at the end of the script");
        m_queries.clear();
        m_session.reset();
        m_engine.reset();
    }

private:
    bool execute(const Step &step)
    {
        switch (step.kind) {
        case StepKind::StatementOk:
            return statementOk(step);
        case StepKind::StatementError:
        case StepKind::QueryError:
            return expectError(step);
        case StepKind::Query:
            return query(step);
        case StepKind::Stream:
            return startStream(step);
        case StepKind::Insert:
            return statementOk(step);
        case StepKind::Advance:
            m_clock.advance(step.nanos);
            return true;
        case StepKind::Clock:
            if (step.nanos < m_clock.nowNanos())
                return fail() << "the clock cannot go back", false;
            m_clock.set(step.nanos);
            return true;
        case StepKind::Check:
            return check(step);
        case StepKind::CheckError:
            return checkError(step);
        case StepKind::Cancel:
            return cancel(step);
        case StepKind::Halt:
            break;
        }
        return true;
    }

    FailureSink fail() { return FailureSink(m_report, m_where + ": "); }

    // Reads a bounded cursor to its end.
    static Status drain(QueryCursor &c, std::vector<Block> *blocks)
    {
        for (;;) {
            Block b;
            auto more = c.next(b);
            if (!more)
                return more.status();
            if (!*more)
                return Status();
            if (blocks)
                blocks->push_back(std::move(b));
        }
    }

    // Runs a bounded statement to its end; the output text when `format` is given.
    Status runBounded(const std::string &sql, const std::string *format, std::string *output)
    {
        auto cursor = m_session->execute(sql);
        if (!cursor)
            return cursor.status();
        QueryCursor &c = **cursor;
        if (c.isStreaming())
            return Status(ErrorCode::LogicalError, "the statement is a streaming query: start it with `stream NAME`");
        std::vector<Block> blocks;
        if (Status s = drain(c, &blocks); !s.isOk())
            return s;
        if (format && output) {
            if (blocks.empty()) {
                Block empty; // the header of formats that have one
                for (size_t i = 0; i < c.names().size(); ++i)
                    empty.add(c.names()[i], Column::create(c.types()[i]));
                blocks.push_back(std::move(empty));
            }
            try {
                *output = render(blocks, *format);
            } catch (const EngineError &e) {
                return e.status();
            }
        }
        return Status();
    }

    bool statementOk(const Step &step)
    {
        Status s = runBounded(step.sql, nullptr, nullptr);
        if (!s.isOk())
            return fail() << "statement failed\n  SQL: " << step.sql << "\n  " << describeStatus(s), false;
        return true;
    }

    // The error of a statement; a streaming query that starts fine is polled once, since some
    // errors surface only when it runs.
    bool expectError(const Step &step)
    {
        Status s;
        auto cursor = m_session->execute(step.sql);
        if (!cursor) {
            s = cursor.status();
        } else if ((*cursor)->isStreaming()) {
            Block b;
            auto p = (*cursor)->poll(b);
            if (!p)
                s = p.status();
        } else {
            s = drain(**cursor, nullptr);
        }
        if (s.isOk())
            return fail() << "expected error " << step.errorText << " (" << step.errorCode << ") but it succeeded\n  SQL: " << step.sql, false;
        if (s.code() != step.errorCode)
            return fail() << "expected error " << step.errorText << " (" << step.errorCode << ", " << errorCodeName(step.errorCode) << ")\n  SQL: "
                          << step.sql << "\n  got " << describeStatus(s),
                   false;
        return true;
    }

    bool query(const Step &step)
    {
        std::string output;
        Status s = runBounded(step.sql, &step.format, &output);
        if (!s.isOk())
            return fail() << "query failed\n  SQL: " << step.sql << "\n  " << describeStatus(s) << "\n  expected:\n" << joinLines(step.expected), false;
        return compare(step, splitLines(output), step.sql);
    }

    bool compare(const Step &step, std::vector<std::string> actual, const std::string &what)
    {
        std::vector<std::string> expected = step.expected;
        if (step.rowsort) {
            std::sort(actual.begin(), actual.end());
            std::sort(expected.begin(), expected.end());
        }
        if (actual == expected)
            return true;
        return fail() << "wrong result\n  " << what << "\n  expected:\n"
                      << joinLines(expected) << "  actual:\n"
                      << joinLines(actual) << "  first difference:\n"
                      << firstDifference(expected, actual),
               false;
    }

    bool startStream(const Step &step)
    {
        if (m_queries.count(step.name))
            return fail() << "a query named " << step.name << " is already running", false;
        auto cursor = m_session->execute(step.sql);
        if (!cursor)
            return fail() << "streaming query refused\n  SQL: " << step.sql << "\n  " << describeStatus(cursor.status()), false;
        if (!(*cursor)->isStreaming())
            return fail() << "not a streaming query (use `query`)\n  SQL: " << step.sql, false;
        LiveQuery &q = m_queries[step.name];
        q.cursor = std::move(*cursor);
        q.line = step.line;
        return true;
    }

    LiveQuery *find(const Step &step)
    {
        auto it = m_queries.find(step.name);
        if (it == m_queries.end()) {
            fail() << "no running query named " << step.name;
            return nullptr;
        }
        return &it->second;
    }

    bool check(const Step &step)
    {
        LiveQuery *q = find(step);
        if (!q)
            return false;
        std::string what = "query " + step.name + " (line " + std::to_string(q->line) + ")";
        if (!q->error.isOk())
            return fail() << what << " failed: " << describeStatus(q->error) << "\n  expected:\n" << joinLines(step.expected), false;
        std::string output;
        try {
            output = render(q->pending, step.format);
        } catch (const EngineError &e) {
            return fail() << "cannot render: " << describeStatus(e.status()), false;
        }
        q->pending.clear();
        bool ok = compare(step, splitLines(output), what);
        if (q->ended != step.ended)
            ok = (fail() << what << (q->ended ? " has ended, but the check does not say `ended`" : " is still running, but the check says `ended`"), false);
        return ok;
    }

    bool checkError(const Step &step)
    {
        LiveQuery *q = find(step);
        if (!q)
            return false;
        bool ok = requireChecked(step.name, *q, "before its error");
        if (q->error.isOk())
            return fail() << "query " << step.name << " did not fail; expected error " << step.errorText, false;
        if (q->error.code() != step.errorCode)
            return fail() << "query " << step.name << ": expected error " << step.errorText << "\n  got " << describeStatus(q->error), false;
        return ok;
    }

    bool cancel(const Step &step)
    {
        LiveQuery *q = find(step);
        if (!q)
            return false;
        q->cursor->cancel();
        bool ok = requireChecked(step.name, *q, "when it was cancelled");
        m_queries.erase(step.name);
        return ok;
    }

    bool requireChecked(const std::string &name, LiveQuery &q, const char *when)
    {
        if (q.pending.empty())
            return true;
        std::string rows = render(q.pending, "TabSeparated");
        q.pending.clear();
        fail() << "query " << name << " (line " << q.line << ") emitted rows that no check expected " << when << ":\n" << joinLines(splitLines(rows));
        return false;
    }

    // Lets every running query consume what has arrived and emit what is due at this time.
    void pump()
    {
        if (m_queries.empty())
            return;
        m_engine->waitForViews(10000);
        for (auto &[name, q] : m_queries) {
            while (!q.ended && q.error.isOk()) {
                Block b;
                auto p = q.cursor->poll(b);
                if (!p)
                    q.error = p.status();
                else if (*p == Pull::End)
                    q.ended = true;
                else if (*p == Pull::Pending)
                    break;
                else
                    q.pending.push_back(std::move(b));
            }
        }
    }

    std::string m_display;
    FileReport &m_report;
    std::string m_where;
    ManualClock m_clock{kDefaultClockNanos};
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Session> m_session;
    std::map<std::string, LiveQuery> m_queries;
};

FileReport runScript(const std::string &relative)
{
    FileReport report;
    const std::string display = "tests/golden/streaming/" + relative;
    std::ifstream in(scriptDir() / relative, std::ios::binary);
    if (!in) {
        FailureSink(report) << "cannot open " << display;
        return report;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    StreamingScript script = parseStreamingScript(buffer.str(), display);
    for (const auto &e : script.errors)
        FailureSink(report) << "malformed streaming script: " << e;
    TempDir tmp;
    if (tmp.path().empty()) {
        FailureSink(report) << "cannot create a temporary data folder";
        return report;
    }
    ScriptRun run(display, report);
    if (run.open(tmp.path()))
        run.run(script);
    return report;
}

class GoldenStreaming : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenStreaming, Script)
{
    const std::string relative = GetParam();
    FileReport report = runIsolated([&] { return runScript(relative); }, "tests/golden/streaming/" + relative);
    for (const auto &f : report.failures)
        ADD_FAILURE() << f;
    RecordProperty("records_passed", report.passed);
    RecordProperty("records_failed", report.failed);
    std::printf("[ golden   ] tests/golden/streaming/%s: %d passed, %d failed\n", relative.c_str(), report.passed, report.failed);
}

std::string paramName(const ::testing::TestParamInfo<std::string> &info) { return testName(info.param); }

INSTANTIATE_TEST_SUITE_P(Streaming, GoldenStreaming, ::testing::ValuesIn(discoverFiles(scriptDir())), paramName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenStreaming);

} // namespace
