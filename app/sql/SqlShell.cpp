#include "app/sql/SqlShell.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <regex>

#include "engine/formats/OutputFormat.h"
#include "engine/sql/Parser.h"

namespace tideline::app {

using namespace tideline::engine;

namespace {
// The cursor a Ctrl-C cancels (a streaming query never ends by itself).
std::atomic<QueryCursor *> g_running{nullptr};
void onInterrupt(int)
{
    if (QueryCursor *c = g_running.load())
        c->cancelFromSignal();
}
struct RunningCursor {
    explicit RunningCursor(QueryCursor *c)
    {
        g_running.store(c);
        m_previous = std::signal(SIGINT, onInterrupt);
    }
    ~RunningCursor()
    {
        std::signal(SIGINT, m_previous);
        g_running.store(nullptr);
    }
    void (*m_previous)(int) = SIG_DFL;
};
} // namespace

SqlShell::Hint SqlShell::parseHint(std::string_view text)
{
    static const std::regex re(R"(--\s*\{\s*(serverError|clientError)\s+([A-Za-z0-9_]+)\s*\})");
    std::string s(text);
    std::smatch m;
    Hint h;
    if (!std::regex_search(s, m, re))
        return h;
    h.present = true;
    h.client = m[1] == "clientError";
    std::string v = m[2];
    h.code = std::isdigit(static_cast<unsigned char>(v[0])) ? std::stoi(v) : errorCodeFromName(v);
    return h;
}

bool SqlShell::printResult(QueryCursor &cursor)
{
    if (!cursor.hasResult())
        return true;
    RunningCursor running(&cursor);
    auto format = createOutputFormat(m_options.format);
    std::string out;
    Block block;
    bool any = false;
    auto started = std::chrono::steady_clock::now();
    for (;;) {
        auto more = cursor.next(block);
        if (!more) {
            std::cout << out << std::flush;
            if (more.status().code() == static_cast<int>(ErrorCode::QueryWasCancelled) && cursor.isStreaming()) {
                std::cerr << "Query was cancelled.\n"; // Ctrl-C is how a streaming query ends
                return true;
            }
            return fail(more.status());
        }
        if (!*more)
            break;
        format->writeBlock(block, out);
        any = true;
        if (out.size() > (1 << 20) || cursor.isStreaming()) {
            std::cout << out;
            out.clear();
        }
    }
    if (!any) {
        Block header;
        for (size_t i = 0; i < cursor.names().size(); ++i)
            header.add(cursor.names()[i], Column::create(cursor.types()[i]));
        format->writeBlock(header, out);
    }
    format->finish(out);
    std::cout << out << std::flush;
    if (m_options.timing) {
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char elapsed[32];
        std::snprintf(elapsed, sizeof elapsed, "%.3f", secs);
        std::cout << "\n" << cursor.rowsProduced() << " row" << (cursor.rowsProduced() == 1 ? "" : "s") << " in set. Elapsed: " << elapsed << " sec.\n\n";
    }
    return true;
}

bool SqlShell::runStatement(std::string_view statement, std::string_view trailing)
{
    Hint hint = parseHint(std::string(statement) + std::string(trailing));
    if (m_options.echo)
        std::cout << statement << "\n";
    auto parsed = sql::parseStatement(statement);
    Status status;
    if (!parsed) {
        status = parsed.status();
    } else {
        auto cursor = m_session.execute(**parsed);
        if (!cursor) {
            status = cursor.status();
        } else if (m_options.testMode && hint.present) {
            // Drain the result: the error may come while reading it.
            Block b;
            for (;;) {
                auto more = (*cursor)->next(b);
                if (!more) {
                    status = more.status();
                    break;
                }
                if (!*more)
                    break;
            }
        } else if (!printResult(**cursor)) {
            return m_options.testMode && hint.present;
        }
    }
    if (m_options.testMode && hint.present) {
        if (status.isOk())
            return fail(Status(static_cast<ErrorCode>(1000), "Expected error code " + std::to_string(hint.code) + " but the query succeeded: " + std::string(statement)));
        if (status.code() != hint.code) {
            std::cerr << "Expected error code " << hint.code << " but got: ";
            return fail(status);
        }
        return true;
    }
    return status.isOk() || fail(status);
}

bool SqlShell::fail(const Status &status)
{
    std::cerr << status.toString() << "\n";
    if (m_firstError == 0)
        m_firstError = status.code();
    return false;
}

int SqlShell::exitCode() const
{
    if (m_firstError == 0)
        return 0;
    const int code = m_firstError % 256; // what clickhouse-client exits with; never 0 for a failure
    return code == 0 ? 1 : code;
}

bool SqlShell::runScript(std::string_view script, bool stopOnError)
{
    auto statements = sql::splitStatements(script);
    if (statements.size() > 1 && !m_options.multiQuery) {
        return fail(Status(ErrorCode::SyntaxError, "Multi-statements are not allowed; use --multiquery"));
    }
    bool ok = true;
    for (std::string_view st : statements) {
        // The hint is the comment after the statement's ';' on the same line.
        size_t end = static_cast<size_t>(st.data() - script.data()) + st.size();
        size_t eol = script.find('\n', end);
        std::string_view trailing = script.substr(end, (eol == std::string_view::npos ? script.size() : eol) - end);
        if (!runStatement(st, trailing)) {
            ok = false;
            if (stopOnError)
                break;
        }
    }
    return ok;
}

} // namespace tideline::app
