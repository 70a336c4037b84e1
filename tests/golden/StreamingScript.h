#pragma once
// The .test format of the golden streaming suite (tests/golden/README.md, "Streaming scripts"):
// the records of the SQL suite plus streaming queries, input batches, clock moves and checks of
// the rows a query emitted since its previous check.

#include <cstdint>
#include <string>
#include <vector>

namespace tideline::golden {

enum class StepKind {
    StatementOk,    // statement ok
    StatementError, // statement error N (also a streaming query refused at start or first poll)
    Query,          // query [rowsort] [Format]: a bounded query and its whole output
    QueryError,     // query error N
    Stream,         // stream NAME: starts a streaming query
    Insert,         // insert STREAM [(cols)]: one block of TSV rows
    Advance,        // advance DURATION: moves the manual clock forward
    Clock,          // clock DATETIME: sets the manual clock
    Check,          // check NAME [rowsort] [ended] [Format]: rows emitted since the last check
    CheckError,     // check NAME error N: the query failed with N
    Cancel,         // cancel NAME
    Halt,
};

struct Step {
    StepKind kind = StepKind::StatementOk;
    int line = 0;              // 1-based line of the header
    std::string sql;           // statements, queries, streams; for inserts the INSERT ... FORMAT text
    std::string name;          // streams, checks, cancels
    std::string format;        // queries and checks ("" = TabSeparated)
    std::string errorText;     // errors: the code as written
    int errorCode = 0;
    bool rowsort = false;      // checks: compare sorted lines (emit order inside a block is Proton's hash order)
    bool ended = false;        // checks: the query must have finished (LIMIT)
    int64_t nanos = 0;         // advance: duration; clock: time since the epoch
    std::vector<std::string> expected;
};

struct StreamingScript {
    std::vector<Step> steps;
    std::vector<std::string> errors; // problems in the file itself
};

// A duration such as 2s, 500ms, 1m, 1h, 1d, 10us, 5ns (m = minute); -1 when malformed.
int64_t parseDuration(const std::string &text);
StreamingScript parseStreamingScript(const std::string &content, const std::string &fileName);

} // namespace tideline::golden
