// The child of tst_MaterializedViewCrash: opens a data folder (fsync on, as in production), creates
// the scenario's streams and views when they are missing, and inserts the scenario's batches from
// the first one the source does not hold yet up to `total`, while the views run. It reports on
// stdout: "opened", "ack <batch>" after each insert returned, "done", and "caught-up" once the
// views have processed everything; then it closes the engine and exits 0. The parent kills it
// with SIGKILL at random moments and starts it again.
//
//   mv_crash_worker <data dir> <total batches>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "MvScenario.h"
#include "engine/exec/Engine.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;

namespace {

void say(const std::string &line)
{
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const std::string &what, const Status &status)
{
    std::fprintf(stderr, "%s: %d %s\n", what.c_str(), status.code(), status.message().c_str());
    std::exit(2);
}

void execute(Session &session, const std::string &sql)
{
    if (auto r = queryRows(session, sql); !r)
        die(sql, r.status());
}

// The largest batch in `stream`, -1 when it holds none.
int64_t lastBatch(Session &session, const std::string &stream)
{
    auto r = queryRows(session, "SELECT count(), max(batch) FROM table(" + stream + ")");
    if (!r || r->size() != 1)
        die("last batch of " + stream, r ? Status(ErrorCode::LogicalError, "no row") : r.status());
    const std::string &row = r->front();
    return row.rfind("0\t", 0) == 0 ? -1 : std::stoll(row.substr(row.find('\t') + 1));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: mv_crash_worker <data dir> <total batches>\n");
        return 1;
    }
    EngineOptions options;
    options.dataDir = argv[1];
    options.fsync = true;
    const int total = std::atoi(argv[2]);
    auto engine = Engine::open(options);
    if (!engine)
        die("open", engine.status());
    say("opened");
    auto session = (*engine)->createSession();
    for (const auto &ddl : scenarioDdl())
        execute(*session, ddl);
    // An insert is one record: a batch is in a stream whole or not at all. A kill between the two
    // inserts of one batch is repaired here, in the order a run without kills uses.
    const int64_t srcLast = lastBatch(*session, "src"), sideLast = lastBatch(*session, "side");
    for (int b = static_cast<int>(std::min(srcLast, sideLast) + 1); b < total; ++b) {
        if (b % 3 == 0 && b > sideLast)
            execute(*session, sideInsert(b));
        if (b > srcLast) {
            execute(*session, batchInsert(b));
            say("ack " + std::to_string(b));
        }
    }
    say("done");
    if (!(*engine)->waitForViews(60000))
        die("views", Status(ErrorCode::Timeout, "the views did not catch up"));
    say("caught-up");
    return 0;
}
