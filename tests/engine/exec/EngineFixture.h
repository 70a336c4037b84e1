#pragma once
// The engine on a fresh temporary data folder, with an injected clock and fsync off, for the
// engine's own tests: (re)open it with the options a test adds, run statements, read the rows of
// a bounded query as "a\tb" text lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

class EngineFixture : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto *test = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path()
            / ("tideline-" + std::string(test->test_suite_name()) + "-" + std::to_string(getpid()) + "-" + test->name());
        std::filesystem::remove_all(m_dir);
        open();
    }
    void TearDown() override
    {
        m_session.reset();
        m_engine.reset();
        std::filesystem::remove_all(m_dir);
    }
    // A test's own engine options (connectors, runtimes), applied at every open().
    virtual void addOptions(EngineOptions &) {}

    // Closes the engine if open and opens it again on the same folder.
    void open()
    {
        m_session.reset();
        m_engine.reset();
        EngineOptions o;
        o.dataDir = m_dir.string();
        o.fsync = false;
        o.clock = &m_clock;
        addOptions(o);
        auto e = Engine::open(o);
        ASSERT_TRUE(e.isOk()) << e.status().message();
        m_engine = std::move(*e);
        m_session = m_engine->createSession();
    }
    void run(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        ASSERT_TRUE(r.isOk()) << sql << ": " << r.status().message();
    }
    // The statement's outcome, its rows read to the end (a read can fail after the start).
    Status status(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        if (!r.isOk())
            return r.status();
        Block b;
        while (true) {
            auto more = (*r)->next(b);
            if (!more.isOk())
                return more.status();
            if (!*more)
                return {};
        }
    }
    int code(const std::string &sql) { return status(sql).code(); }
    std::unique_ptr<QueryCursor> query(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        EXPECT_TRUE(r.isOk()) << sql << ": " << r.status().message();
        return r.isOk() ? std::move(*r) : nullptr;
    }
    // Every row of a bounded query as a "a\tb" line, in the order it came.
    std::vector<std::string> rows(const std::string &sql)
    {
        std::vector<std::string> out;
        auto cursor = query(sql);
        Block b;
        while (cursor) {
            auto more = cursor->next(b);
            EXPECT_TRUE(more.isOk()) << more.status().message();
            if (!more.isOk() || !*more)
                break;
            appendRows(b, out);
        }
        return out;
    }
    static void appendRows(const Block &b, std::vector<std::string> &out)
    {
        for (size_t r = 0; r < b.rows(); ++r) {
            std::string line;
            for (size_t c = 0; c < b.columnCount(); ++c)
                line += (c ? "\t" : "") + valueToString(*b.at(c).column, r);
            out.push_back(line);
        }
    }

    std::filesystem::path m_dir;
    ManualClock m_clock{1700000000000000000LL};
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Session> m_session;
};

} // namespace tideline::engine
