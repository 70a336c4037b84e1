#pragma once
// A session: the current database and SET settings of one client, and the statement entry point.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/exec/QueryCursor.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Engine;

class Session {
public:
    explicit Session(Engine &engine) : m_engine(engine) {}

    // Parses and runs one statement (a trailing ';' is fine).
    Result<std::unique_ptr<QueryCursor>> execute(std::string_view sql);
    // Runs an already parsed statement; `sql` is its text, for messages.
    Result<std::unique_ptr<QueryCursor>> execute(const sql::Statement &statement);

    Engine &engine() { return m_engine; }
    const std::string &currentDatabase() const { return m_database; }
    void setCurrentDatabase(std::string database) { m_database = std::move(database); }
    // Session settings (SET k = v), values as text.
    const std::map<std::string, std::string> &settings() const { return m_settings; }
    std::string setting(const std::string &name, const std::string &fallback = {}) const;
    void setSetting(const std::string &name, std::string value) { m_settings[name] = std::move(value); }

private:
    Engine &m_engine;
    std::string m_database = "default";
    std::map<std::string, std::string> m_settings;
};

} // namespace tideline::engine
