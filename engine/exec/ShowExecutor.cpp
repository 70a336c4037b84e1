// SHOW ..., DESCRIBE, EXPLAIN.
#include <re2/re2.h>

#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/exec/SystemTables.h"
#include "engine/sql/Formatter.h"

namespace tideline::engine {

namespace {

// SQL LIKE pattern to an anchored RE2 pattern.
std::string likeToRegex(const std::string &like)
{
    std::string re = "^";
    for (size_t i = 0; i < like.size(); ++i) {
        char c = like[i];
        if (c == '\\' && i + 1 < like.size())
            re += RE2::QuoteMeta(std::string(1, like[++i]));
        else if (c == '%')
            re += ".*";
        else if (c == '_')
            re += ".";
        else
            re += RE2::QuoteMeta(std::string(1, c));
    }
    return re + "$";
}

std::unique_ptr<QueryCursor> showStreams(Session &session, const sql::Statement &st, bool viewsOnly)
{
    std::string db = st.showFrom.empty() ? session.currentDatabase() : st.showFrom;
    if (!session.engine().catalog().hasDatabase(db))
        fail(ErrorCode::UnknownDatabase, "Database " + db + " doesn't exist", st.pos);
    std::unique_ptr<RE2> like;
    if (!st.showLike.empty())
        like = std::make_unique<RE2>(likeToRegex(st.showLike));
    std::vector<std::string> names;
    for (const auto &o : session.engine().objects(db)) {
        if (viewsOnly && !o->isView() && o->kind() != CatalogObjectKind::MaterializedView)
            continue;
        if (like && !RE2::FullMatch(o->name(), *like))
            continue;
        names.push_back(o->name());
    }
    std::sort(names.begin(), names.end());
    std::vector<std::vector<std::string>> rows;
    for (auto &n : names)
        rows.push_back({n});
    if (st.showWhere) {
        // SHOW STREAMS WHERE ...: filter the name list as a query over it.
        auto select = std::make_shared<sql::SelectUnion>();
        auto q = std::make_shared<sql::SelectQuery>();
        auto star = std::make_shared<sql::Expr>();
        star->kind = sql::ExprKind::Asterisk;
        q->select.push_back(star);
        q->where = st.showWhere;
        sql::TableExpr from;
        from.kind = sql::TableExpr::Kind::Name;
        from.database = "system";
        from.name = "tables";
        q->from = from;
        select->selects.push_back(q);
        QueryPlanner planner(session, session.settings());
        Block b = planner.runToBlock(*select);
        rows.clear();
        int nameCol = b.indexOf("name"), dbCol = b.indexOf("database");
        for (size_t r = 0; r < b.rows(); ++r)
            if (dbCol < 0 || b.at(static_cast<size_t>(dbCol)).column->stringAt(r) == db)
                rows.push_back({std::string(b.at(static_cast<size_t>(nameCol)).column->stringAt(r))});
    }
    return textResult({"name"}, rows);
}

std::unique_ptr<QueryCursor> describe(Session &session, const sql::Statement &st)
{
    if (st.select) {
        QueryPlanner planner(session, {{"query_mode", "table"}});
        PlannedQuery p = planner.plan(*st.select);
        std::vector<std::vector<std::string>> rows;
        for (size_t i = 0; i < p.names.size(); ++i)
            rows.push_back({p.names[i], p.types[i]->name(), "", "", "", "", ""});
        return textResult({"name", "type", "default_type", "default_expression", "comment", "codec_expression", "ttl_expression"}, rows);
    }
    std::string db = st.database.empty() ? session.currentDatabase() : st.database;
    auto info = session.engine().find(db, st.name);
    if (!info)
        fail(ErrorCode::UnknownStream, "Stream " + db + "." + st.name + " doesn't exist", st.pos);
    std::vector<std::vector<std::string>> rows;
    if (info->isView()) {
        QueryPlanner planner(session, {{"query_mode", "table"}});
        PlannedQuery p = planner.plan(*info->select());
        for (size_t i = 0; i < p.names.size(); ++i)
            rows.push_back({p.names[i], p.types[i]->name(), "", "", "", "", ""});
    } else {
        for (const auto &c : info->columns) {
            const sql::ExprPtr &e = c.aliasExpr ? c.aliasExpr : c.defaultExpr;
            rows.push_back({c.name, c.type->name(), c.aliasExpr ? "ALIAS" : c.defaultExpr ? "DEFAULT" : "", e ? sql::formatExpr(*e) : "", c.comment, c.codec.empty() ? "" : c.codec, ""});
        }
    }
    return textResult({"name", "type", "default_type", "default_expression", "comment", "codec_expression", "ttl_expression"}, rows);
}

} // namespace

std::unique_ptr<QueryCursor> textResult(const std::vector<std::string> &names, const std::vector<std::vector<std::string>> &rows)
{
    Block b = stringBlock(names, rows);
    std::vector<DataTypePtr> types(names.size(), makeType(TypeKind::String));
    std::vector<Block> blocks;
    if (!rows.empty())
        blocks.push_back(std::move(b));
    return std::make_unique<QueryCursor>(std::make_unique<BlocksSource>(std::move(blocks)), names, types);
}

std::unique_ptr<QueryCursor> executeShow(Session &session, const sql::Statement &st)
{
    if (st.kind == sql::StatementKind::Describe)
        return describe(session, st);
    if (st.kind == sql::StatementKind::Explain) {
        const sql::Statement &inner = st.explained ? *st.explained : st;
        return textResult({"explain"}, {{sql::formatStatement(inner)}});
    }
    const std::string &what = st.showWhat;
    if (what == "STREAMS" || what == "TABLES")
        return showStreams(session, st, false);
    if (what == "VIEWS")
        return showStreams(session, st, true);
    if (what == "DATABASES") {
        std::vector<std::vector<std::string>> rows;
        std::unique_ptr<RE2> like;
        if (!st.showLike.empty())
            like = std::make_unique<RE2>(likeToRegex(st.showLike));
        for (const auto &d : session.engine().catalog().databases())
            if (!like || RE2::FullMatch(d, *like))
                rows.push_back({d});
        return textResult({"name"}, rows);
    }
    if (what == "CREATE" && st.objectKind == sql::ObjectKind::FormatSchema) {
        auto schema = session.engine().formatSchemas().find(st.name);
        if (!schema)
            throw EngineError(Status(kUnknownFormatSchema, "Format schema '" + st.name + "' doesn't exist", st.pos));
        return textResult({"statement"}, {{schema->ddl}});
    }
    if (what == "FORMAT SCHEMAS") {
        std::vector<std::vector<std::string>> rows;
        for (const auto &schema : session.engine().formatSchemas().all())
            rows.push_back({schema->name, schema->type});
        return textResult({"name", "type"}, rows);
    }
    if (what == "CREATE") {
        std::string db = st.database.empty() ? session.currentDatabase() : st.database;
        auto info = session.engine().find(db, st.name);
        if (!info)
            fail(ErrorCode::UnknownStream, "Stream " + db + "." + st.name + " doesn't exist", st.pos);
        return textResult({"statement"}, {{info->object.ddl}});
    }
    if (what == "FUNCTIONS") {
        std::vector<std::vector<std::string>> rows;
        for (const auto *f : FunctionRegistry::instance().all())
            rows.push_back({f->name});
        for (const auto &u : session.engine().userFunctions().all())
            rows.push_back({u->definition.name});
        return textResult({"name"}, rows);
    }
    if (what == "SETTINGS") {
        std::vector<std::vector<std::string>> rows;
        for (const auto &[k, v] : session.settings())
            rows.push_back({k, v});
        return textResult({"name", "value"}, rows);
    }
    fail(ErrorCode::NotImplemented, "SHOW " + what + " is not supported yet", st.pos);
}

} // namespace tideline::engine
