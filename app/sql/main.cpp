// tideline-sql: a command-line client in the manner of clickhouse-client, on the embedded engine.
//   tideline-sql --data-dir DIR [--query SQL] [--multiquery] [--format F] [--testmode]
// Statements come from --query or standard input; with a terminal on stdin it is interactive.

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include <editline/readline.h>

#include "app/sql/SqlShell.h"
#include "engine/exec/Engine.h"
#include "engine/formats/OutputFormat.h"
#include "engine/sql/Parser.h"
#include "workspace/KafkaConnector.h"

using namespace tideline;

namespace {

void usage()
{
    std::cout << "Usage: tideline-sql [--data-dir DIR] [--query|-q SQL] [--multiquery|-n] [--format|-f FORMAT] [--testmode|-T] [--echo]\n"
                 "Runs Proton SQL on the embedded engine. Statements come from --query or standard input.\n"
                 "Formats: TabSeparated (default), TabSeparatedWithNames, TabSeparatedWithNamesAndTypes, CSV, CSVWithNames,\n"
                 "         JSONEachRow, JSONCompactEachRow, PrettyCompact, Vertical.\n";
}

std::string defaultDataDir()
{
    if (const char *x = std::getenv("XDG_DATA_HOME"); x && *x)
        return std::string(x) + "/tideline/data";
    if (const char *h = std::getenv("HOME"); h && *h)
        return std::string(h) + "/.local/share/tideline/data";
    return "tideline-data";
}

// A demo workspace: a stream with some history, for the quick start.
void seedDemo(engine::Session &session)
{
    if (session.engine().find("default", "device_utils"))
        return;
    for (const char *sql : {
             "CREATE STREAM device_utils (device string, location string, cpu float32, temperature float64) SETTINGS event_time_column='_tp_time'",
             "INSERT INTO device_utils (device, location, cpu, temperature, _tp_time) SELECT concat('dev', to_string(number % 10)), "
             "if(number % 3 = 0, 'sf', 'nyc'), (number * 7) % 100, 20 + (number % 17) / 2, "
             "to_datetime64('2026-01-01 00:00:00', 3, 'UTC') + number FROM numbers(10000)"}) {
        auto r = session.execute(sql);
        if (!r)
            std::cerr << "demo: " << r.status().toString() << "\n";
    }
}

int interactive(app::SqlShell &shell)
{
    std::string historyFile = std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.tideline-sql-history";
    read_history(historyFile.c_str());
    std::cout << "Tideline SQL (embedded engine). End statements with ';'. Ctrl-C stops a running query, Ctrl-D quits.\n";
    std::signal(SIGINT, SIG_IGN); // at the prompt Ctrl-C must not kill the session
    std::string buffer;
    for (;;) {
        char *line = readline(buffer.empty() ? "tideline :) " : "         :-] ");
        if (!line)
            break;
        std::string text(line);
        free(line);
        buffer += (buffer.empty() ? "" : "\n") + text;
        std::string trimmed = buffer;
        while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
            trimmed.pop_back();
        if (trimmed.empty()) {
            buffer.clear();
            continue;
        }
        if (trimmed == "exit" || trimmed == "quit" || trimmed == "q")
            break;
        if (trimmed.back() != ';')
            continue;
        add_history(trimmed.c_str());
        shell.runScript(trimmed, false);
        buffer.clear();
    }
    write_history(historyFile.c_str());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::string dataDir = defaultDataDir(), query, format;
    app::ShellOptions options;
    bool demo = false, haveQuery = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char *name) -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "Missing value for " << name << "\n";
                std::exit(36);
            }
            return argv[++i];
        };
        if (a == "--data-dir" || a == "-d") dataDir = value("--data-dir");
        else if (a.rfind("--data-dir=", 0) == 0) dataDir = a.substr(11);
        else if (a == "--query" || a == "-q") query = value("--query"), haveQuery = true;
        else if (a.rfind("--query=", 0) == 0) query = a.substr(8), haveQuery = true;
        else if (a == "--format" || a == "-f") format = value("--format");
        else if (a.rfind("--format=", 0) == 0) format = a.substr(9);
        else if (a == "--multiquery" || a == "-n" || a == "--multiline" || a == "-m") options.multiQuery = true;
        else if (a == "--testmode" || a == "-T") options.testMode = true;
        else if (a == "--echo") options.echo = true;
        else if (a == "--demo") demo = true;
        else if (a == "--help" || a == "-h") { usage(); return 0; }
        else { std::cerr << "Unknown option " << a << "\n"; usage(); return 36; }
    }
    engine::EngineOptions eo;
    eo.dataDir = dataDir;
    eo.externalConnectors = {{"kafka", std::make_shared<workspace::KafkaConnector>()}};
    auto engine = engine::Engine::open(eo);
    if (!engine) {
        std::cerr << engine.status().toString() << "\n";
        return 1;
    }
    auto session = (*engine)->createSession();
    if (demo)
        seedDemo(*session);
    bool tty = !haveQuery && isatty(STDIN_FILENO);
    if (!format.empty())
        options.format = format;
    else if (tty)
        options.format = "PrettyCompact";
    try {
        (void)engine::createOutputFormat(options.format);
    } catch (const engine::EngineError &e) {
        std::cerr << e.status().toString() << "\n";
        return 73;
    }
    if (tty) {
        options.multiQuery = true;
        options.timing = true;
        app::SqlShell shell(*session, options);
        return interactive(shell);
    }
    if (!haveQuery) {
        std::stringstream ss;
        ss << std::cin.rdbuf();
        query = ss.str();
        options.multiQuery = true; // stdin is a script, as in clickhouse-client
    }
    app::SqlShell shell(*session, options);
    shell.runScript(query, true);
    return shell.exitCode();
}
