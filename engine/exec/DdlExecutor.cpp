// CREATE / DROP / TRUNCATE / RENAME / ALTER.
#include <charconv>
#include <filesystem>

#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/ExpressionBinder.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

std::string targetDatabase(Session &session, const sql::Statement &st)
{
    return st.database.empty() ? session.currentDatabase() : st.database;
}

CatalogObjectKind catalogKind(const sql::Statement &st)
{
    if (st.kind == sql::StatementKind::CreateView)
        return st.materialized ? CatalogObjectKind::MaterializedView : CatalogObjectKind::View;
    switch (st.objectKind) {
    case sql::ObjectKind::RandomStream: return CatalogObjectKind::RandomStream;
    case sql::ObjectKind::ExternalStream: return CatalogObjectKind::ExternalStream;
    case sql::ObjectKind::ExternalTable: return CatalogObjectKind::ExternalTable;
    default: return CatalogObjectKind::Stream;
    }
}

// The canonical statement stored in the catalog: qualified name, the injected _tp_time spelled out.
sql::StatementPtr canonicalCreate(const sql::Statement &st, const std::string &database, const StreamInfo &info)
{
    auto copy = std::make_shared<sql::Statement>(st);
    copy->database = database;
    copy->ifNotExists = false;
    copy->orReplace = false;
    for (const auto &c : info.columns) {
        bool declared = std::any_of(copy->columns.begin(), copy->columns.end(), [&](auto &d) { return d.name == c.name; });
        if (declared || copy->columns.empty())
            continue;
        sql::ColumnDef def;
        def.name = c.name;
        def.typeName = c.type->name();
        def.defaultExpr = c.defaultExpr;
        def.codec = c.codec;
        copy->columns.push_back(def);
    }
    return copy;
}

// Binds every DEFAULT and ALIAS expression once, so a typo fails the CREATE, not a later INSERT.
void validateExpressions(const StreamInfo &info)
{
    Scope scope;
    for (const auto &c : info.columns)
        scope.columns.push_back({c.name, info.name(), info.database(), c.type, false});
    BindContext ctx;
    ctx.clause = "DEFAULT";
    ctx.runSubquery = [](const sql::SelectUnion &s) -> Block { fail(ErrorCode::IncorrectQuery, "Subqueries are not allowed in DEFAULT expressions", s.pos); };
    for (const auto &c : info.columns) {
        for (const auto &e : {c.defaultExpr, c.aliasExpr})
            if (e)
                ExpressionBinder(scope, ctx).bind(*e);
    }
}

std::unique_ptr<QueryCursor> createStream(Session &session, const sql::Statement &st)
{
    Engine &engine = session.engine();
    const std::string db = targetDatabase(session, st);
    if (!engine.catalog().hasDatabase(db))
        fail(ErrorCode::UnknownDatabase, "Database " + db + " doesn't exist", st.pos);
    if (engine.find(db, st.name)) {
        if (st.ifNotExists)
            return std::make_unique<QueryCursor>();
        fail(ErrorCode::StreamAlreadyExists, "Stream " + db + "." + st.name + " already exists", st.pos);
    }
    if (st.select)
        fail(ErrorCode::NotImplemented, "CREATE STREAM ... AS SELECT is not supported yet", st.pos);
    if (st.columns.empty() && st.objectKind != sql::ObjectKind::ExternalStream && st.objectKind != sql::ObjectKind::ExternalTable)
        fail(ErrorCode::EmptyListOfColumnsPassed, "Empty list of columns passed", st.pos);
    auto described = describeStream(st);
    if (!described)
        throw EngineError(described.status());
    std::shared_ptr<StreamInfo> info = *described;
    info->object.database = db;
    info->object.name = st.name;
    info->object.kind = catalogKind(st);
    validateExpressions(*info);
    if (info->object.kind == CatalogObjectKind::ExternalStream) // settings checked before anything is stored
        info->external = std::make_shared<ExternalStream>(*info, engine.options().externalConnectors, engine.formatSchemas());
    info->create = canonicalCreate(st, db, *info);
    info->object.ddl = sql::formatStatement(*info->create);
    info->object.uuid = engine.newUuid();
    info->object.createdMs = engine.clock().nowMillis();
    if (info->object.kind == CatalogObjectKind::Stream) {
        LogOptions lo = retentionOptions(*info, st.pos);
        lo.fsync = engine.options().fsync;
        auto log = StreamLog::open(engine.streamDirectory(info->object.uuid), lo, &engine.clock());
        if (!log)
            throw EngineError(log.status());
        info->log = std::move(*log);
    }
    if (Status s = engine.addObject(info); !s) {
        std::error_code ec;
        std::filesystem::remove_all(engine.streamDirectory(info->object.uuid), ec);
        throw EngineError(Status(s.code(), s.message(), st.pos));
    }
    return std::make_unique<QueryCursor>();
}

// CREATE MATERIALIZED VIEW: registered like a stream (its inner log holds the results unless it
// writes INTO another stream), then its runner starts reading from the sources' current end.
std::unique_ptr<QueryCursor> createMaterializedView(Session &session, const sql::Statement &st, const std::string &db)
{
    Engine &engine = session.engine();
    if (engine.find(db, st.name)) {
        if (st.ifNotExists)
            return std::make_unique<QueryCursor>();
        fail(ErrorCode::StreamAlreadyExists, "Stream " + db + "." + st.name + " already exists", st.pos);
    }
    if (!st.intoName.empty()) {
        const std::string targetDb = st.intoDatabase.empty() ? db : st.intoDatabase;
        auto target = engine.find(targetDb, st.intoName);
        if (!target || (!target->isStored() && !target->external))
            fail(ErrorCode::UnknownStream, "Stream " + targetDb + "." + st.intoName + " doesn't exist", st.pos);
    }
    auto info = std::make_shared<StreamInfo>();
    info->object = {db, st.name, CatalogObjectKind::MaterializedView, {}, engine.newUuid(), engine.clock().nowMillis(), {}};
    auto copy = std::make_shared<sql::Statement>(st);
    copy->database = db;
    copy->ifNotExists = false;
    info->create = copy;
    info->object.ddl = sql::formatStatement(*copy);
    if (Status s = engine.prepareView(*info); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    if (st.intoName.empty()) {
        LogOptions lo;
        lo.fsync = engine.options().fsync;
        auto log = StreamLog::open(engine.streamDirectory(info->object.uuid), lo, &engine.clock());
        if (!log)
            throw EngineError(log.status());
        info->log = std::move(*log);
    }
    if (Status s = engine.addObject(info); !s) {
        std::error_code ec;
        std::filesystem::remove_all(engine.streamDirectory(info->object.uuid), ec);
        throw EngineError(Status(s.code(), s.message(), st.pos));
    }
    if (Status s = engine.startView(info, true); !s) {
        engine.removeObject(db, st.name);
        throw EngineError(Status(s.code(), s.message(), st.pos));
    }
    return std::make_unique<QueryCursor>();
}

std::unique_ptr<QueryCursor> createView(Session &session, const sql::Statement &st)
{
    Engine &engine = session.engine();
    const std::string db = targetDatabase(session, st);
    if (!engine.catalog().hasDatabase(db))
        fail(ErrorCode::UnknownDatabase, "Database " + db + " doesn't exist", st.pos);
    if (engine.find(db, st.name) && !st.orReplace) {
        if (st.ifNotExists)
            return std::make_unique<QueryCursor>();
        fail(ErrorCode::StreamAlreadyExists, "Stream " + db + "." + st.name + " already exists", st.pos);
    }
    // Validate names and types by planning it (as a bounded query, so streaming views plan too).
    {
        QueryPlanner planner(session, {{"query_mode", "table"}});
        planner.plan(*st.select);
    }
    if (st.materialized)
        return createMaterializedView(session, st, db);
    auto info = std::make_shared<StreamInfo>();
    info->object = {db, st.name, CatalogObjectKind::View, {}, engine.newUuid(), engine.clock().nowMillis(), {}};
    auto copy = std::make_shared<sql::Statement>(st);
    copy->database = db;
    copy->ifNotExists = false;
    copy->orReplace = false;
    info->create = copy;
    info->object.ddl = sql::formatStatement(*copy);
    if (st.orReplace && engine.find(db, st.name)) {
        if (Status s = engine.catalog().replaceObject(info->object); !s)
            throw EngineError(s);
        engine.replaceObject(info);
        return std::make_unique<QueryCursor>();
    }
    if (Status s = engine.addObject(info); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    return std::make_unique<QueryCursor>();
}

bool dependencyCheck(const sql::Statement &st)
{
    for (const auto &s : st.settings)
        if (s.name == "enable_dependency_check" && s.value && (s.value->text == "false" || s.value->text == "0"))
            return false;
    return true;
}

void refuseWithDependants(Engine &engine, const std::string &db, const std::string &name, const sql::Statement &st, const char *verb)
{
    auto deps = engine.dependants(db, name);
    if (!deps.empty() && dependencyCheck(st)) {
        std::string list;
        for (const auto &d : deps)
            list += (list.empty() ? "" : ", ") + d;
        fail(ErrorCode::HaveDependentObjects, std::string("Cannot ") + verb + " " + db + "." + name + ": " + list + " depend on it", st.pos);
    }
}

} // namespace

std::unique_ptr<QueryCursor> executeCreate(Session &session, const sql::Statement &st)
{
    if (st.kind == sql::StatementKind::CreateDatabase) {
        if (session.engine().catalog().hasDatabase(st.name)) {
            if (st.ifNotExists)
                return std::make_unique<QueryCursor>();
            fail(ErrorCode::DatabaseAlreadyExists, "Database " + st.name + " already exists", st.pos);
        }
        if (Status s = session.engine().catalog().createDatabase(st.name); !s)
            throw EngineError(s);
        return std::make_unique<QueryCursor>();
    }
    if (st.kind == sql::StatementKind::CreateView)
        return createView(session, st);
    return createStream(session, st);
}

std::unique_ptr<QueryCursor> executeDrop(Session &session, const sql::Statement &st)
{
    Engine &engine = session.engine();
    if (st.objectKind == sql::ObjectKind::Function) {
        engine.userFunctions().drop(st);
        return std::make_unique<QueryCursor>();
    }
    if (st.objectKind == sql::ObjectKind::FormatSchema) {
        engine.formatSchemas().drop(st);
        return std::make_unique<QueryCursor>();
    }
    if (st.objectKind == sql::ObjectKind::Database) {
        if (!engine.catalog().hasDatabase(st.name)) {
            if (st.ifExists)
                return std::make_unique<QueryCursor>();
            fail(ErrorCode::UnknownDatabase, "Database " + st.name + " doesn't exist", st.pos);
        }
        if (st.name == "default" || st.name == "system")
            fail(ErrorCode::BadArguments, "Cannot drop database " + st.name, st.pos);
        for (const auto &o : engine.objects(st.name))
            if (o->kind() == CatalogObjectKind::MaterializedView)
                engine.stopView(o->database(), o->name());
        for (const auto &o : engine.objects(st.name))
            if (Status s = engine.removeObject(o->database(), o->name()); !s)
                throw EngineError(s);
        if (Status s = engine.catalog().dropDatabase(st.name); !s)
            throw EngineError(s);
        return std::make_unique<QueryCursor>();
    }
    const std::string db = targetDatabase(session, st);
    auto info = engine.find(db, st.name);
    if (!info) {
        if (st.ifExists)
            return std::make_unique<QueryCursor>();
        if (!engine.catalog().hasDatabase(db))
            fail(ErrorCode::UnknownDatabase, "Database " + db + " doesn't exist", st.pos);
        fail(ErrorCode::UnknownStream, "Stream " + db + "." + st.name + " doesn't exist", st.pos);
    }
    refuseWithDependants(engine, db, st.name, st, "drop");
    if (info->kind() == CatalogObjectKind::MaterializedView)
        engine.stopView(db, st.name);
    if (Status s = engine.removeObject(db, st.name); !s)
        throw EngineError(s);
    return std::make_unique<QueryCursor>();
}

std::unique_ptr<QueryCursor> executeAlterLike(Session &session, const sql::Statement &st)
{
    Engine &engine = session.engine();
    const std::string db = targetDatabase(session, st);
    auto info = engine.find(db, st.name);
    if (!info) {
        if (st.ifExists)
            return std::make_unique<QueryCursor>();
        fail(ErrorCode::UnknownStream, "Stream " + db + "." + st.name + " doesn't exist", st.pos);
    }
    if (st.kind == sql::StatementKind::Truncate) {
        if (!info->isStored())
            fail(ErrorCode::NotImplemented, "Cannot truncate " + db + "." + st.name + ": it stores no data", st.pos);
        if (Status s = info->log->truncate(); !s)
            throw EngineError(s);
        return std::make_unique<QueryCursor>();
    }
    if (st.kind == sql::StatementKind::Rename) {
        const std::string newDb = st.newDatabase.empty() ? db : st.newDatabase;
        refuseWithDependants(engine, db, st.name, st, "rename");
        if (engine.find(newDb, st.newName))
            fail(ErrorCode::StreamAlreadyExists, "Stream " + newDb + "." + st.newName + " already exists", st.pos);
        if (Status s = engine.renameObject(db, st.name, newDb, st.newName); !s)
            throw EngineError(s);
        auto renamed = std::make_shared<sql::Statement>(*info->create);
        renamed->database = newDb;
        renamed->name = st.newName;
        info->create = renamed;
        info->object.ddl = sql::formatStatement(*renamed);
        if (Status s = engine.catalog().replaceObject(info->object); !s)
            throw EngineError(s);
        return std::make_unique<QueryCursor>();
    }
    // ALTER STREAM ... MODIFY SETTING k = v, ... / MODIFY TTL expr
    if (st.alterCommand != "MODIFY SETTING" && st.alterCommand != "MODIFY TTL")
        fail(ErrorCode::NotImplemented, "ALTER " + st.alterCommand + " is not supported", st.pos);
    // Settings and TTL belong to stored data: a view has none, and a materialized view writing
    // INTO a stream keeps its data in that stream (alter it instead).
    if (!info->isStored()) {
        std::string storage = info->isView() ? "View" : "MaterializedView";
        fail(ErrorCode::NotImplemented,
             "Alter of type '" + st.alterCommand + "' is not supported by storage " + storage + " " + db + "." + st.name
                 + (info->isView() ? "" : ": it writes into another stream, alter that one"),
             st.pos);
    }
    auto changed = std::make_shared<sql::Statement>(*info->create);
    if (st.alterCommand == "MODIFY TTL") {
        changed->ttl = st.ttl;
    } else {
        for (const auto &s : st.settings) {
            auto it = std::find_if(changed->settings.begin(), changed->settings.end(), [&](auto &x) { return x.name == s.name; });
            if (it != changed->settings.end())
                it->value = s.value;
            else
                changed->settings.push_back(s);
        }
    }
    auto described = describeStream(*changed);
    if (!described)
        throw EngineError(described.status());
    // Only settings and TTL change; columns stay (a materialized view's come from its SELECT,
    // which describeStream does not plan). The log is shared: a materialized view's runner
    // still appends through the old info.
    auto next = std::make_shared<StreamInfo>(*info);
    next->settings = (*described)->settings;
    const LogOptions retention = retentionOptions(*next, st.pos); // validated before anything changes
    next->create = changed;
    next->object.ddl = sql::formatStatement(*changed);
    if (next->kind() == CatalogObjectKind::MaterializedView) // its DDL has no place for storage settings
        for (const auto &[name, value] : next->settings)
            next->object.properties[kStoredSettingPrefix + name] = value;
    if (Status s = engine.catalog().replaceObject(next->object); !s)
        throw EngineError(s);
    engine.replaceObject(next);
    if (next->log && st.alterCommand == "MODIFY SETTING") {
        // The open log gets the new limits now, not at the next restart.
        if (Status s = next->log->setRetention(retention.retentionBytes, retention.retentionMs); !s)
            throw EngineError(s);
    }
    return std::make_unique<QueryCursor>();
}

// The log's retention limits from the stream's settings; absent ones keep everything. A value
// that is not an integer fails (72) rather than reading as 0, which would drop old segments.
LogOptions retentionOptions(const StreamInfo &info, int pos)
{
    LogOptions lo;
    auto num = [&](const char *k, int64_t &out) {
        auto it = info.settings.find(k);
        if (it == info.settings.end())
            return;
        const std::string &text = it->second;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
            fail(ErrorCode::CannotParseNumber, std::string("Cannot parse setting ") + k + " = '" + text + "' as an integer", pos);
    };
    num("logstore_retention_bytes", lo.retentionBytes);
    num("logstore_retention_ms", lo.retentionMs);
    return lo;
}

} // namespace tideline::engine
