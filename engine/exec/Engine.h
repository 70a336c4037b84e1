#pragma once
// The engine facade: one data folder (catalog.db + streams/<uuid>/ logs), its streams and views,
// and sessions that run SQL on it. This is the only entry point upper layers use; nothing thrown
// inside the engine crosses it (every call returns Status/Result).
//
//   auto engine = Engine::open({.dataDir = "/path"});
//   auto session = (*engine)->createSession();
//   auto cursor = session->execute("SELECT count() FROM table(s)");
//   Block b; while (*(*cursor)->next(b)) ...
//
// Thread-safe: sessions may run on different threads; one session is used by one thread at a time.

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/catalog/Catalog.h"
#include "engine/common/Clock.h"
#include "engine/exec/ExternalStream.h"
#include "engine/exec/StreamInfo.h"
#include "engine/exec/FormatSchemaRegistry.h"
#include "engine/exec/UserFunctionRegistry.h"

namespace tideline::engine {

class Session;

struct EngineOptions {
    std::string dataDir;
    const Clock *clock = nullptr; // default: the system clock
    bool fsync = true;
    // Runtimes of user-defined functions by language ("javascript", "remote"): the engine
    // itself runs only SQL lambda UDFs. Given at open so materialized views using UDFs start.
    UserFunctionRuntimes functionRuntimes;
    // Connectors of external streams by type ("kafka"); workspace/ supplies librdkafka's.
    ExternalStreamConnectors externalConnectors;
};

class Engine {
public:
    static Result<std::unique_ptr<Engine>> open(EngineOptions options);
    ~Engine();

    std::unique_ptr<Session> createSession();

    Catalog &catalog() { return *m_catalog; }
    UserFunctionRegistry &userFunctions() { return *m_userFunctions; }
    FormatSchemaRegistry &formatSchemas() { return *m_formatSchemas; }
    const Clock &clock() const { return *m_clock; }
    const EngineOptions &options() const { return m_options; }

    // Objects by name; null when unknown.
    std::shared_ptr<StreamInfo> find(const std::string &database, const std::string &name) const;
    std::vector<std::shared_ptr<StreamInfo>> objects(const std::string &database = {}) const;
    // Objects whose definition reads `name` (views, materialized views): DROP refuses while any exist.
    std::vector<std::string> dependants(const std::string &database, const std::string &name) const;

    // Registers a new object (its catalog row written first) / forgets one (and deletes its data).
    Status addObject(std::shared_ptr<StreamInfo> info);
    Status removeObject(const std::string &database, const std::string &name);
    Status renameObject(const std::string &database, const std::string &name, const std::string &newDatabase, const std::string &newName);
    // Re-registers an object under its name after a catalog change (ALTER ... MODIFY SETTING).
    void replaceObject(std::shared_ptr<StreamInfo> info);

    // Materialized views: describe the inner stream (columns from the SELECT), start, stop, wait.
    Status prepareView(StreamInfo &view);
    // `creating`: a new view, refused when it could not resume exactly (MaterializedViewRunner.h).
    Status startView(const std::shared_ptr<StreamInfo> &view, bool creating = false);
    void stopView(const std::string &database, const std::string &name);
    // SYSTEM PAUSE / UNPAUSE MATERIALIZED VIEW: a paused view stops reading and remembers (in the
    // catalog, so a restart keeps it paused) where it stopped; unpausing continues from there,
    // so the rows appended meanwhile are processed then. Pausing a paused view, or unpausing a
    // running one, does nothing.
    Status pauseView(const std::string &database, const std::string &name);
    Status resumeView(const std::string &database, const std::string &name);
    // Why a view stopped or could not recover (ok while it runs, and for unknown names).
    Status viewError(const std::string &database, const std::string &name);
    // True once every running view has processed what its source held at the call (tests, and a
    // table(mv) read that must see the effect of an INSERT just made).
    bool waitForViews(int64_t timeoutMs);
    // The same for the views that write into `stream` (a bounded read of it waits for them, so
    // it sees what an INSERT just made them produce; ingest itself never waits for a view).
    bool waitForViewsWriting(const StreamInfo &stream, int64_t timeoutMs);

    std::string streamDirectory(const std::string &uuid) const;
    std::string newUuid();

private:
    explicit Engine(EngineOptions options);
    Status load();

    EngineOptions m_options;
    const Clock *m_clock;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<UserFunctionRegistry> m_userFunctions;
    std::unique_ptr<FormatSchemaRegistry> m_formatSchemas;
    mutable std::shared_mutex m_mutex; // guards m_objects
    std::map<std::string, std::shared_ptr<StreamInfo>> m_objects; // by "db.name"
    std::mutex m_runnersMutex; // guards m_runners
    std::map<std::string, std::unique_ptr<class MaterializedViewRunner>> m_runners; // by "db.name"
};

} // namespace tideline::engine
