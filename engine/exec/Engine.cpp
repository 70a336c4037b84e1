#include "engine/exec/Engine.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "engine/exec/MaterializedViewRunner.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/sql/Parser.h"

namespace fs = std::filesystem;

namespace tideline::engine {

namespace {
std::string qualified(const std::string &database, const std::string &name)
{
    return database + "." + name;
}

// Blocks and their codec buffers are hundreds of KiB to a few MiB, allocated and freed per block.
// glibc serves those with mmap() and gives them back on free() (or trims them off the heap), so
// every block paid page faults on zeroed fresh memory again: 20-30 % of the CPU of ingest and
// streaming in the profiles (B1a 1.6x, Nexmark q0 2.1x faster without it, for ~25 MB more RSS).
// Process-wide, once, and only where the user has not tuned malloc through GLIBC_TUNABLES.
void keepBlockMemory()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        const char *tunables = std::getenv("GLIBC_TUNABLES");
        if (tunables && std::strstr(tunables, "malloc"))
            return;
        mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest
        mallopt(M_TRIM_THRESHOLD, 128 << 20);
    });
#endif
}
} // namespace

Engine::Engine(EngineOptions options) : m_options(std::move(options)), m_clock(m_options.clock ? m_options.clock : &SystemClock::instance())
{
    keepBlockMemory();
}

Engine::~Engine()
{
    // Views write into logs owned by m_objects: stop them first.
    std::lock_guard lock(m_runnersMutex);
    m_runners.clear();
}

Result<std::unique_ptr<Engine>> Engine::open(EngineOptions options)
{
    std::error_code ec;
    fs::create_directories(fs::path(options.dataDir) / "streams", ec);
    if (ec)
        return Status(ErrorCode::CannotOpenFile, "Cannot create data folder " + options.dataDir + ": " + ec.message());
    std::unique_ptr<Engine> engine(new Engine(std::move(options)));
    auto catalog = Catalog::open((fs::path(engine->m_options.dataDir) / "catalog.db").string());
    if (!catalog)
        return catalog.status();
    engine->m_catalog = std::move(*catalog);
    engine->m_userFunctions = std::make_unique<UserFunctionRegistry>(*engine->m_catalog, engine->m_options.functionRuntimes);
    if (Status s = engine->m_userFunctions->load(); !s)
        return s;
    engine->m_formatSchemas = std::make_unique<FormatSchemaRegistry>(*engine->m_catalog);
    if (Status s = engine->m_formatSchemas->load(); !s)
        return s;
    if (Status s = engine->load(); !s)
        return s;
    return engine;
}

std::string Engine::streamDirectory(const std::string &uuid) const
{
    return (fs::path(m_options.dataDir) / "streams" / uuid).string();
}

std::string Engine::newUuid()
{
    static thread_local std::mt19937_64 rng(std::random_device{}() ^ static_cast<uint64_t>(m_clock->nowNanos()));
    uint64_t a = rng(), b = rng();
    char buf[40];
    snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
             static_cast<unsigned>(a & 0xfff), static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

Status Engine::load()
{
    for (const CatalogObject &object : m_catalog->objects()) {
        if (object.kind == CatalogObjectKind::Function || object.kind == CatalogObjectKind::FormatSchema)
            continue; // UserFunctionRegistry::load, FormatSchemaRegistry::load
        auto statement = sql::parseStatement(object.ddl);
        if (!statement)
            return Status(statement.status().code(), "Cannot load " + qualified(object.database, object.name) + " from the catalog: " + statement.status().message());
        auto info = describeStream(**statement);
        if (!info)
            return info.status();
        (*info)->object = object;
        (*info)->create = *statement;
        for (const auto &[key, value] : object.properties) // a materialized view's altered storage settings
            if (key.starts_with(kStoredSettingPrefix))
                (*info)->settings[key.substr(kStoredSettingPrefix.size())] = value;
        if (object.kind == CatalogObjectKind::Stream || object.kind == CatalogObjectKind::MaterializedView) {
            LogOptions lo;
            try { // retention comes back with the stream (CREATE/ALTER validated it)
                lo = retentionOptions(**info, -1);
            } catch (const EngineError &e) {
                return e.status();
            }
            lo.fsync = m_options.fsync;
            auto log = StreamLog::open(streamDirectory(object.uuid), lo, m_clock);
            if (!log)
                return log.status();
            (*info)->log = std::move(*log);
        }
        if (object.kind == CatalogObjectKind::ExternalStream) {
            try { // a definition that no longer holds (its schema dropped) is kept, its reads fail
                (*info)->external = std::make_shared<ExternalStream>(**info, m_options.externalConnectors, *m_formatSchemas);
            } catch (const EngineError &e) {
                (*info)->externalError = e.status().message();
            }
        }
        m_objects[qualified(object.database, object.name)] = *info;
    }
    for (const auto &view : objects()) {
        if (view->kind() != CatalogObjectKind::MaterializedView)
            continue;
        if (Status s = prepareView(*view); !s)
            return Status(s.code(), "Cannot load materialized view " + qualified(view->database(), view->name()) + ": " + s.message());
        if (view->object.properties.count("paused") && view->object.properties.at("paused") == "true")
            continue;
        if (Status s = startView(view); !s)
            return Status(s.code(), "Cannot start materialized view " + qualified(view->database(), view->name()) + ": " + s.message());
    }
    return {};
}

Status Engine::prepareView(StreamInfo &view)
{
    if (!view.create->intoName.empty())
        return {};
    try {
        auto session = createSession();
        session->setCurrentDatabase(view.database());
        QueryPlanner planner(*session, {{"query_mode", "table"}});
        PlannedQuery p = planner.plan(*view.select());
        view.columns.clear();
        bool hasTime = false;
        for (size_t i = 0; i < p.names.size(); ++i) {
            hasTime |= p.names[i] == "_tp_time";
            view.columns.push_back({p.names[i], p.types[i], nullptr, nullptr, {}, {}});
        }
        if (!hasTime) {
            auto now = sql::parseExpression("now64(3, 'UTC')");
            view.columns.push_back({"_tp_time", makeDateTime64(3, "UTC"), now ? *now : nullptr, nullptr, {}, {}});
        }
        return {};
    } catch (const EngineError &e) {
        return e.status();
    }
}

Status Engine::startView(const std::shared_ptr<StreamInfo> &view, bool creating)
{
    std::shared_ptr<StreamInfo> target = view;
    if (!view->create->intoName.empty()) {
        const std::string db = view->create->intoDatabase.empty() ? view->database() : view->create->intoDatabase;
        target = find(db, view->create->intoName);
        if (!target || (!target->isStored() && !target->external))
            return Status(ErrorCode::UnknownStream, "Target stream " + db + "." + view->create->intoName + " of the materialized view doesn't exist");
    }
    auto runner = std::make_unique<MaterializedViewRunner>(*this, view, target);
    if (Status s = runner->start(creating); !s)
        return s;
    std::lock_guard lock(m_runnersMutex);
    m_runners[qualified(view->database(), view->name())] = std::move(runner);
    return {};
}

void Engine::stopView(const std::string &database, const std::string &name)
{
    std::unique_ptr<MaterializedViewRunner> runner;
    {
        std::lock_guard lock(m_runnersMutex);
        auto it = m_runners.find(qualified(database, name));
        if (it == m_runners.end())
            return;
        runner = std::move(it->second);
        m_runners.erase(it);
    }
    runner->stop();
}

Status Engine::pauseView(const std::string &database, const std::string &name)
{
    auto view = find(database, name);
    if (!view || view->kind() != CatalogObjectKind::MaterializedView)
        return Status(ErrorCode::UnknownStream, "Materialized view " + qualified(database, name) + " doesn't exist");
    std::unique_ptr<MaterializedViewRunner> runner;
    {
        std::lock_guard lock(m_runnersMutex);
        auto it = m_runners.find(qualified(database, name));
        if (it == m_runners.end())
            return {};
        runner = std::move(it->second);
        m_runners.erase(it);
    }
    // Where it stopped is the progress it committed with its last output (MaterializedViewRunner.h).
    runner->stop();
    if (Status s = m_catalog->setProperty(database, name, "paused", "true"); !s)
        return s;
    view->object.properties["paused"] = "true";
    return {};
}

Status Engine::resumeView(const std::string &database, const std::string &name)
{
    auto view = find(database, name);
    if (!view || view->kind() != CatalogObjectKind::MaterializedView)
        return Status(ErrorCode::UnknownStream, "Materialized view " + qualified(database, name) + " doesn't exist");
    {
        std::lock_guard lock(m_runnersMutex);
        if (m_runners.count(qualified(database, name)))
            return {};
    }
    if (Status s = m_catalog->setProperty(database, name, "paused", "false"); !s)
        return s;
    view->object.properties["paused"] = "false";
    return startView(view);
}

Status Engine::viewError(const std::string &database, const std::string &name)
{
    std::lock_guard lock(m_runnersMutex);
    auto it = m_runners.find(qualified(database, name));
    return it == m_runners.end() ? Status() : it->second->lastError();
}

bool Engine::waitForViewsWriting(const StreamInfo &stream, int64_t timeoutMs)
{
    std::lock_guard lock(m_runnersMutex);
    bool all = true;
    for (auto &[name, runner] : m_runners)
        if (&runner->target() == &stream)
            all &= runner->waitUntilCaughtUp(timeoutMs);
    return all;
}

bool Engine::waitForViews(int64_t timeoutMs)
{
    std::lock_guard lock(m_runnersMutex);
    bool all = true;
    for (auto &[name, runner] : m_runners)
        all &= runner->waitUntilCaughtUp(timeoutMs);
    return all;
}

std::unique_ptr<Session> Engine::createSession()
{
    return std::make_unique<Session>(*this);
}

std::shared_ptr<StreamInfo> Engine::find(const std::string &database, const std::string &name) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_objects.find(qualified(database, name));
    return it == m_objects.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<StreamInfo>> Engine::objects(const std::string &database) const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::shared_ptr<StreamInfo>> out;
    for (const auto &[k, v] : m_objects)
        if (database.empty() || v->database() == database)
            out.push_back(v);
    return out;
}

namespace {
// True when `select` reads `database.name` anywhere in its FROM/JOIN tree or subqueries.
bool readsFrom(const sql::SelectUnion &select, const std::string &database, const std::string &name, const std::string &defaultDb);

bool tableReads(const sql::TableExpr &t, const std::string &database, const std::string &name, const std::string &defaultDb)
{
    if (t.kind == sql::TableExpr::Kind::Name)
        return t.name == name && (t.database.empty() ? defaultDb : t.database) == database;
    if (t.kind == sql::TableExpr::Kind::Subquery)
        return t.subquery && readsFrom(*t.subquery, database, name, defaultDb);
    for (const auto &a : t.args) {
        if (a->kind == sql::ExprKind::Identifier) {
            const auto &p = a->parts;
            if ((p.size() == 1 && p[0] == name && defaultDb == database) || (p.size() == 2 && p[0] == database && p[1] == name))
                return true;
        } else if (a->kind == sql::ExprKind::Function) {
            sql::TableExpr inner;
            inner.kind = sql::TableExpr::Kind::Function;
            inner.args = a->args;
            if (tableReads(inner, database, name, defaultDb))
                return true;
        } else if (a->kind == sql::ExprKind::Subquery && a->subquery && readsFrom(*a->subquery, database, name, defaultDb)) {
            return true;
        }
    }
    return false;
}

bool readsFrom(const sql::SelectUnion &select, const std::string &database, const std::string &name, const std::string &defaultDb)
{
    for (const auto &q : select.selects) {
        if (q->from && tableReads(*q->from, database, name, defaultDb))
            return true;
        for (const auto &j : q->joins)
            if (tableReads(j.table, database, name, defaultDb))
                return true;
        for (const auto &cte : q->ctes)
            if (cte.second && readsFrom(*cte.second, database, name, defaultDb))
                return true;
    }
    return false;
}
} // namespace

std::vector<std::string> Engine::dependants(const std::string &database, const std::string &name) const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    for (const auto &[k, v] : m_objects) {
        if (v->database() == database && v->name() == name)
            continue;
        auto select = v->select();
        bool depends = select && readsFrom(*select, database, name, v->database());
        if (v->create && (v->create->intoName == name && (v->create->intoDatabase.empty() ? v->database() : v->create->intoDatabase) == database))
            depends = true;
        if (depends)
            out.push_back(k);
    }
    return out;
}

Status Engine::addObject(std::shared_ptr<StreamInfo> info)
{
    if (Status s = m_catalog->createObject(info->object); !s)
        return s;
    std::unique_lock lock(m_mutex);
    m_objects[qualified(info->database(), info->name())] = std::move(info);
    return {};
}

void Engine::replaceObject(std::shared_ptr<StreamInfo> info)
{
    std::unique_lock lock(m_mutex);
    m_objects[qualified(info->database(), info->name())] = std::move(info);
}

Status Engine::removeObject(const std::string &database, const std::string &name)
{
    auto info = find(database, name);
    if (!info)
        return Status(ErrorCode::UnknownStream, "Stream " + qualified(database, name) + " doesn't exist");
    if (Status s = m_catalog->dropObject(database, name); !s)
        return s;
    {
        std::unique_lock lock(m_mutex);
        m_objects.erase(qualified(database, name));
    }
    if (info->isStored()) {
        std::error_code ec;
        // Running readers keep the StreamInfo (and its open log) alive; files go now.
        fs::remove_all(streamDirectory(info->object.uuid), ec);
    }
    return {};
}

Status Engine::renameObject(const std::string &database, const std::string &name, const std::string &newDatabase, const std::string &newName)
{
    auto info = find(database, name);
    if (!info)
        return Status(ErrorCode::UnknownStream, "Stream " + qualified(database, name) + " doesn't exist");
    if (Status s = m_catalog->renameObject(database, name, newDatabase, newName); !s)
        return s;
    std::unique_lock lock(m_mutex);
    m_objects.erase(qualified(database, name));
    info->object.database = newDatabase;
    info->object.name = newName;
    m_objects[qualified(newDatabase, newName)] = info;
    return {};
}

} // namespace tideline::engine
