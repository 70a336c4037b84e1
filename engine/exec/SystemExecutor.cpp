// SYSTEM statements. Proton 1.6's materialized-view lifecycle: PAUSE and UNPAUSE (RESUME is
// accepted for the same) MATERIALIZED VIEW [db.]name. Other SYSTEM commands are not supported.
#include "engine/exec/Engine.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"

namespace tideline::engine {

std::unique_ptr<QueryCursor> executeSystem(Session &session, const sql::Statement &st)
{
    const std::string &command = st.systemCommand;
    const bool pause = command == "PAUSE MATERIALIZED VIEW";
    if (!pause && command != "UNPAUSE MATERIALIZED VIEW" && command != "RESUME MATERIALIZED VIEW")
        fail(ErrorCode::NotImplemented, "SYSTEM " + command + " is not supported", st.pos);
    if (st.name.empty())
        fail(ErrorCode::SyntaxError, "SYSTEM " + command + " needs the view's name", st.pos);
    const std::string db = st.database.empty() ? session.currentDatabase() : st.database;
    Engine &engine = session.engine();
    Status s = pause ? engine.pauseView(db, st.name) : engine.resumeView(db, st.name);
    if (!s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    return std::make_unique<QueryCursor>();
}

} // namespace tideline::engine
