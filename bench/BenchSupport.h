#pragma once
// Shared by the in-process benchmarks: where the generated data is (bench/run.sh sets
// TIDELINE_BENCH_DATA to the prefix made by bench_datagen), its known answers, an engine on a
// throw-away folder, and running SQL to the end. Header-only: each bench_*.cpp is its own program.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/exec/Engine.h"
#include "engine/exec/Session.h"

namespace tideline::bench {

inline std::string env(const char *name, const char *fallback)
{
    const char *v = std::getenv(name);
    return v && *v ? v : fallback;
}

// PREFIX.csv, PREFIX.ndjson, PREFIX.expect.json
inline std::string dataPrefix() { return env("TIDELINE_BENCH_DATA", "bench/data/t1m"); }

inline std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path + " (run bench/run.sh, which generates it)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// One number from the flat expect.json ("key": value); enough for the file datagen writes.
inline std::string expected(const std::string &key)
{
    static const std::string text = readFile(dataPrefix() + ".expect.json");
    auto at = text.find("\"" + key + "\":");
    if (at == std::string::npos)
        throw std::runtime_error("expect.json has no " + key);
    at = text.find_first_not_of(' ', at + key.size() + 3);
    return text.substr(at, text.find_first_of(",}", at) - at);
}

// An engine on a fresh folder under TMPDIR; fsync off, since the peers keep their data in memory.
struct BenchEngine {
    std::filesystem::path dir;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<engine::Session> session;
    BenchEngine()
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / "tideline-bench-XXXXXX").string();
        dir = mkdtemp(tmpl.data());
        auto opened = engine::Engine::open({.dataDir = dir.string(), .fsync = false});
        if (!opened)
            throw std::runtime_error(opened.status().toString());
        engine = std::move(*opened);
        session = engine->createSession();
    }
    ~BenchEngine()
    {
        session.reset();
        engine.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

// Runs one statement to its end; returns the rows seen. Throws with the engine's message.
inline size_t run(engine::Session &session, const std::string &sql, engine::Block *last = nullptr)
{
    auto cursor = session.execute(sql);
    if (!cursor)
        throw std::runtime_error(sql + ": " + cursor.status().toString());
    size_t rows = 0;
    engine::Block b;
    for (;;) {
        auto more = (*cursor)->next(b);
        if (!more)
            throw std::runtime_error(sql + ": " + more.status().toString());
        if (!*more)
            break;
        rows += b.rows();
        if (last && b.rows())
            *last = b;
    }
    return rows;
}

// The values of the one-row result of `sql`, as text (the SQL casts them with to_string).
inline std::vector<std::string> row(engine::Session &session, const std::string &sql)
{
    engine::Block b;
    run(session, sql, &b);
    std::vector<std::string> out;
    for (size_t c = 0; c < b.columns().size(); ++c)
        out.emplace_back(b.at(c).column->stringAt(0));
    return out;
}

// A check that fails while the timer is paused must not call SkipWithError there: Google
// Benchmark 1.7 then aborts in ResumeTiming. fail() keeps the message, resume() reports it.
// Polls a streaming cursor until it has nothing more for now, handing each block to `onBlock`.
template <class OnBlock>
void drainNow(engine::QueryCursor &cursor, OnBlock &&onBlock)
{
    engine::Block out;
    for (;;) {
        auto r = cursor.poll(out);
        if (!r)
            throw std::runtime_error(r.status().toString());
        if (*r != engine::Pull::Block)
            return;
        onBlock(out);
    }
}

inline std::string &pendingError()
{
    static std::string e;
    return e;
}
inline void fail(const std::string &message) { pendingError() = message; }
inline void resume(benchmark::State &state)
{
    state.ResumeTiming();
    if (!pendingError().empty()) {
        state.SkipWithError(pendingError().c_str());
        pendingError().clear();
    }
}

inline long rssKb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return 0;
}

} // namespace tideline::bench
