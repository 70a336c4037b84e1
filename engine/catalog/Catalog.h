#pragma once
// The catalog: databases and the objects in them (streams, views, materialized views, random
// and external streams, functions, format schemas), plus the workspace's own resources
// (dashboards, alerts, saved queries, keys, ...) as JSON documents. One SQLite file in the data
// folder (ARCHITECTURE §2.8), opened in WAL mode with synchronous=FULL so a change that returned
// OK survives a crash. Every change is one SQLite transaction: it happens whole or not at all.
//
// An object is stored as its canonical CREATE statement (`ddl`), re-parsed on open; mutable
// runtime facts (a materialized view's input positions, paused state) are `properties`.
// Reads are served from an in-memory copy, so they never touch SQLite. Thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/Status.h"

struct sqlite3;

namespace tideline::engine {

enum class CatalogObjectKind : uint8_t { Stream, View, MaterializedView, RandomStream, ExternalStream, ExternalTable, Function, FormatSchema };
const char *catalogObjectKindName(CatalogObjectKind kind); // "stream", "view", ...

struct CatalogObject {
    std::string database;
    std::string name;
    CatalogObjectKind kind = CatalogObjectKind::Stream;
    std::string ddl;
    std::string uuid; // also names the stream's storage folder, so RENAME moves no files
    int64_t createdMs = 0;
    std::map<std::string, std::string> properties;
};

class Catalog {
public:
    ~Catalog();
    static Result<std::unique_ptr<Catalog>> open(const std::string &path);

    std::vector<std::string> databases() const;
    bool hasDatabase(const std::string &name) const;
    Status createDatabase(const std::string &name);                 // 82 if it exists
    Status dropDatabase(const std::string &name);                   // drops its objects too; 81 if unknown

    std::optional<CatalogObject> object(const std::string &database, const std::string &name) const;
    std::vector<CatalogObject> objects(const std::string &database = {}) const; // all databases when empty
    Status createObject(const CatalogObject &object);               // 57 if the name is taken, 81 unknown database
    Status replaceObject(const CatalogObject &object);              // CREATE OR REPLACE / property updates
    Status dropObject(const std::string &database, const std::string &name);
    Status renameObject(const std::string &database, const std::string &name, const std::string &newDatabase, const std::string &newName);
    Status setProperty(const std::string &database, const std::string &name, const std::string &key, const std::string &value);

    // Workspace resources: JSON documents by kind ("dashboard", "alert", ...) and id.
    Status putResource(const std::string &kind, const std::string &id, const std::string &json);
    std::optional<std::string> resource(const std::string &kind, const std::string &id) const;
    std::vector<std::pair<std::string, std::string>> resources(const std::string &kind) const; // (id, json), by id
    Status deleteResource(const std::string &kind, const std::string &id);                   // 0 rows is not an error

private:
    explicit Catalog(sqlite3 *db);
    Status exec(const char *sql);
    Status load();
    Status writeObject(const CatalogObject &object, bool insert);
    static std::string key(const std::string &database, const std::string &name) { return database + '\x1f' + name; }

    sqlite3 *m_db = nullptr;
    mutable std::mutex m_mutex; // guards m_db use and the caches below
    std::vector<std::string> m_databases;
    std::map<std::string, CatalogObject> m_objects; // by key(database, name)
};

} // namespace tideline::engine
