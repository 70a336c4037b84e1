#pragma once
// The statement runner behind tideline-sql: executes scripts or single queries on a Session,
// prints results in an output format, and implements clickhouse-client's --testmode hints
// (`-- { serverError N|NAME }` / `-- { clientError N|NAME }` after a statement).

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "engine/exec/Session.h"

namespace tideline::app {

struct ShellOptions {
    std::string format = "TabSeparated";
    bool testMode = false;
    bool multiQuery = false;
    bool echo = false;
    bool timing = false; // "N rows in set. Elapsed: ..." after each result (interactive)
};

class SqlShell {
public:
    SqlShell(engine::Session &session, ShellOptions options) : m_session(session), m_options(std::move(options)) {}

    // Runs every statement of `script`; returns false if any failed (and was not an expected
    // error in test mode). With stopOnError, stops at the first failure.
    bool runScript(std::string_view script, bool stopOnError);
    // Runs one statement text; prints its result to stdout and errors to stderr.
    bool runStatement(std::string_view statement, std::string_view trailing);
    // The process's exit status after a script, as clickhouse-client's: 0, or the code of the
    // first error modulo 256 (1 when that is 0).
    int exitCode() const;

private:
    struct Hint {
        bool present = false;
        bool client = false;
        int code = -1;
    };
    static Hint parseHint(std::string_view text);
    bool printResult(engine::QueryCursor &cursor);
    bool fail(const engine::Status &status); // prints it, keeps the first code; returns false

    engine::Session &m_session;
    ShellOptions m_options;
    int m_firstError = 0;
};

} // namespace tideline::app
