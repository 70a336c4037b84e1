#include "engine/exec/Session.h"

#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

std::string Session::setting(const std::string &name, const std::string &fallback) const
{
    auto it = m_settings.find(name);
    return it == m_settings.end() ? fallback : it->second;
}

Result<std::unique_ptr<QueryCursor>> Session::execute(std::string_view sql)
{
    auto statement = sql::parseStatement(sql);
    if (!statement)
        return statement.status();
    return execute(**statement);
}

Result<std::unique_ptr<QueryCursor>> Session::execute(const sql::Statement &st)
{
    try {
        UserFunctionScope userFunctions(&m_engine.userFunctions());
        switch (st.kind) {
        case sql::StatementKind::CreateFunction:
            m_engine.userFunctions().create(st);
            return std::make_unique<QueryCursor>();
        case sql::StatementKind::CreateFormatSchema:
            m_engine.formatSchemas().create(st);
            return std::make_unique<QueryCursor>();
        case sql::StatementKind::Select:
            return executeSelect(*this, st);
        case sql::StatementKind::Insert:
            return executeInsert(*this, st);
        case sql::StatementKind::CreateStream:
        case sql::StatementKind::CreateView:
        case sql::StatementKind::CreateDatabase:
            return executeCreate(*this, st);
        case sql::StatementKind::Drop:
            return executeDrop(*this, st);
        case sql::StatementKind::Truncate:
        case sql::StatementKind::Rename:
        case sql::StatementKind::Alter:
            return executeAlterLike(*this, st);
        case sql::StatementKind::Show:
        case sql::StatementKind::Describe:
        case sql::StatementKind::Explain:
            return executeShow(*this, st);
        case sql::StatementKind::System:
            return executeSystem(*this, st);
        case sql::StatementKind::Use:
            if (!m_engine.catalog().hasDatabase(st.name))
                return Status(ErrorCode::UnknownDatabase, "Database " + st.name + " doesn't exist", st.pos);
            m_database = st.name;
            return std::make_unique<QueryCursor>();
        case sql::StatementKind::Set:
            for (const auto &s : st.settings)
                m_settings[s.name] = s.value && s.value->kind == sql::ExprKind::Literal ? s.value->text : (s.value ? exprColumnName(*s.value) : "");
            return std::make_unique<QueryCursor>();
        default:
            return Status(ErrorCode::NotImplemented, "This statement is not supported yet", st.pos);
        }
    } catch (const EngineError &e) {
        return e.status();
    } catch (const std::bad_alloc &) {
        return Status(ErrorCode::CannotAllocateMemory, "Cannot allocate memory");
    } catch (const std::exception &e) {
        return Status(ErrorCode::LogicalError, std::string("Internal error: ") + e.what());
    }
}

} // namespace tideline::engine
