#include "engine/catalog/Catalog.h"

#include <sqlite3.h>

#include <algorithm>

namespace tideline::engine {

namespace {

// RAII prepared statement; bind() takes text or int64 in order.
class Stmt {
public:
    Stmt(sqlite3 *db, const char *sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    Stmt &bind(const std::string &v)
    {
        sqlite3_bind_text(m_stmt, ++m_index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt &bind(int64_t v)
    {
        sqlite3_bind_int64(m_stmt, ++m_index, v);
        return *this;
    }
    int step() { return sqlite3_step(m_stmt); }
    std::string text(int col) const
    {
        auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }

private:
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
    int m_index = 0;
};

Status sqliteError(sqlite3 *db, const std::string &what)
{
    return Status(ErrorCode::CannotWriteToFile, "Catalog " + what + " failed: " + sqlite3_errmsg(db));
}

// Begins a transaction and rolls it back unless commit() was reached.
class Transaction {
public:
    explicit Transaction(sqlite3 *db) : m_db(db) { m_ok = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK; }
    ~Transaction()
    {
        if (m_ok && !m_done)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    bool ok() const { return m_ok; }
    bool commit()
    {
        m_done = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
        return m_done;
    }

private:
    sqlite3 *m_db;
    bool m_ok = false;
    bool m_done = false;
};

// One transaction: on a new data folder each statement would otherwise commit (and fsync) on its
// own, five syncs that were a third of tidelined's cold start.
constexpr const char *kSchema = R"sql(
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS databases (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS objects (
  database TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL, ddl TEXT NOT NULL,
  uuid TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (database, name));
CREATE TABLE IF NOT EXISTS properties (
  database TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (database, name, key));
CREATE TABLE IF NOT EXISTS resources (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
INSERT OR IGNORE INTO databases VALUES ('default'), ('system');
COMMIT;
)sql";

} // namespace

const char *catalogObjectKindName(CatalogObjectKind kind)
{
    static const char *names[] = {"stream", "view", "materialized_view", "random_stream", "external_stream", "external_table", "function", "format_schema"};
    return names[static_cast<int>(kind)];
}

Catalog::Catalog(sqlite3 *db) : m_db(db) {}

Catalog::~Catalog()
{
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        Status s(ErrorCode::CannotOpenFile, "Cannot open catalog " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close_v2(db);
        return s;
    }
    std::unique_ptr<Catalog> catalog(new Catalog(db));
    sqlite3_busy_timeout(db, 5000);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
        if (Status s = catalog->exec(pragma); !s)
            return s;
    if (Status s = catalog->exec(kSchema); !s)
        return s;
    if (Status s = catalog->load(); !s)
        return s;
    return catalog;
}

Status Catalog::exec(const char *sql)
{
    char *err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        return Status(ErrorCode::CannotWriteToFile, "Catalog error: " + msg);
    }
    return {};
}

Status Catalog::load()
{
    std::lock_guard lock(m_mutex);
    m_databases.clear();
    m_objects.clear();
    Stmt dbs(m_db, "SELECT name FROM databases ORDER BY name");
    while (dbs.step() == SQLITE_ROW)
        m_databases.push_back(dbs.text(0));
    Stmt objs(m_db, "SELECT database, name, kind, ddl, uuid, created_ms FROM objects");
    while (objs.step() == SQLITE_ROW) {
        CatalogObject o{objs.text(0), objs.text(1), static_cast<CatalogObjectKind>(objs.int64(2)), objs.text(3), objs.text(4), objs.int64(5), {}};
        m_objects[key(o.database, o.name)] = std::move(o);
    }
    Stmt props(m_db, "SELECT database, name, key, value FROM properties");
    while (props.step() == SQLITE_ROW)
        if (auto it = m_objects.find(key(props.text(0), props.text(1))); it != m_objects.end())
            it->second.properties[props.text(2)] = props.text(3);
    return {};
}

std::vector<std::string> Catalog::databases() const
{
    std::lock_guard lock(m_mutex);
    return m_databases;
}

bool Catalog::hasDatabase(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    return std::find(m_databases.begin(), m_databases.end(), name) != m_databases.end();
}

Status Catalog::createDatabase(const std::string &name)
{
    std::lock_guard lock(m_mutex);
    if (std::find(m_databases.begin(), m_databases.end(), name) != m_databases.end())
        return Status(ErrorCode::DatabaseAlreadyExists, "Database " + name + " already exists");
    Stmt s(m_db, "INSERT INTO databases VALUES (?)");
    if (s.bind(name).step() != SQLITE_DONE)
        return sqliteError(m_db, "create database");
    m_databases.push_back(name);
    std::sort(m_databases.begin(), m_databases.end());
    return {};
}

Status Catalog::dropDatabase(const std::string &name)
{
    std::lock_guard lock(m_mutex);
    auto it = std::find(m_databases.begin(), m_databases.end(), name);
    if (it == m_databases.end())
        return Status(ErrorCode::UnknownDatabase, "Database " + name + " doesn't exist");
    Transaction tx(m_db);
    for (const char *sql : {"DELETE FROM properties WHERE database = ?", "DELETE FROM objects WHERE database = ?", "DELETE FROM databases WHERE name = ?"}) {
        Stmt s(m_db, sql);
        if (s.bind(name).step() != SQLITE_DONE)
            return sqliteError(m_db, "drop database");
    }
    if (!tx.commit())
        return sqliteError(m_db, "drop database");
    m_databases.erase(it);
    std::erase_if(m_objects, [&](const auto &kv) { return kv.second.database == name; });
    return {};
}

std::optional<CatalogObject> Catalog::object(const std::string &database, const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_objects.find(key(database, name)); it != m_objects.end())
        return it->second;
    return std::nullopt;
}

std::vector<CatalogObject> Catalog::objects(const std::string &database) const
{
    std::lock_guard lock(m_mutex);
    std::vector<CatalogObject> out;
    for (const auto &[k, o] : m_objects)
        if (database.empty() || o.database == database)
            out.push_back(o);
    return out;
}

Status Catalog::writeObject(const CatalogObject &o, bool insert)
{
    Transaction tx(m_db);
    {
        Stmt s(m_db, insert ? "INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?)" : "INSERT OR REPLACE INTO objects VALUES (?, ?, ?, ?, ?, ?)");
        if (s.bind(o.database).bind(o.name).bind(static_cast<int64_t>(o.kind)).bind(o.ddl).bind(o.uuid).bind(o.createdMs).step() != SQLITE_DONE)
            return sqliteError(m_db, "write object");
        Stmt d(m_db, "DELETE FROM properties WHERE database = ? AND name = ?");
        if (d.bind(o.database).bind(o.name).step() != SQLITE_DONE)
            return sqliteError(m_db, "write object");
    }
    for (const auto &[k, v] : o.properties) {
        Stmt p(m_db, "INSERT INTO properties VALUES (?, ?, ?, ?)");
        if (p.bind(o.database).bind(o.name).bind(k).bind(v).step() != SQLITE_DONE)
            return sqliteError(m_db, "write object");
    }
    if (!tx.commit())
        return sqliteError(m_db, "write object");
    m_objects[key(o.database, o.name)] = o;
    return {};
}

Status Catalog::createObject(const CatalogObject &object)
{
    std::lock_guard lock(m_mutex);
    if (std::find(m_databases.begin(), m_databases.end(), object.database) == m_databases.end())
        return Status(ErrorCode::UnknownDatabase, "Database " + object.database + " doesn't exist");
    if (m_objects.count(key(object.database, object.name)))
        return Status(ErrorCode::StreamAlreadyExists, "Stream " + object.database + "." + object.name + " already exists");
    return writeObject(object, true);
}

Status Catalog::replaceObject(const CatalogObject &object)
{
    std::lock_guard lock(m_mutex);
    return writeObject(object, false);
}

Status Catalog::dropObject(const std::string &database, const std::string &name)
{
    std::lock_guard lock(m_mutex);
    if (!m_objects.count(key(database, name)))
        return Status(ErrorCode::UnknownStream, "Stream " + database + "." + name + " doesn't exist");
    Transaction tx(m_db);
    for (const char *sql : {"DELETE FROM properties WHERE database = ? AND name = ?", "DELETE FROM objects WHERE database = ? AND name = ?"}) {
        Stmt s(m_db, sql);
        if (s.bind(database).bind(name).step() != SQLITE_DONE)
            return sqliteError(m_db, "drop object");
    }
    if (!tx.commit())
        return sqliteError(m_db, "drop object");
    m_objects.erase(key(database, name));
    return {};
}

Status Catalog::renameObject(const std::string &database, const std::string &name, const std::string &newDatabase, const std::string &newName)
{
    std::lock_guard lock(m_mutex);
    auto it = m_objects.find(key(database, name));
    if (it == m_objects.end())
        return Status(ErrorCode::UnknownStream, "Stream " + database + "." + name + " doesn't exist");
    if (m_objects.count(key(newDatabase, newName)))
        return Status(ErrorCode::StreamAlreadyExists, "Stream " + newDatabase + "." + newName + " already exists");
    Transaction tx(m_db);
    for (const char *sql : {"UPDATE objects SET database = ?, name = ? WHERE database = ? AND name = ?",
                            "UPDATE properties SET database = ?, name = ? WHERE database = ? AND name = ?"}) {
        Stmt s(m_db, sql);
        if (s.bind(newDatabase).bind(newName).bind(database).bind(name).step() != SQLITE_DONE)
            return sqliteError(m_db, "rename");
    }
    if (!tx.commit())
        return sqliteError(m_db, "rename");
    CatalogObject o = std::move(it->second);
    m_objects.erase(it);
    o.database = newDatabase;
    o.name = newName;
    m_objects[key(newDatabase, newName)] = std::move(o);
    return {};
}

Status Catalog::setProperty(const std::string &database, const std::string &name, const std::string &k, const std::string &value)
{
    std::lock_guard lock(m_mutex);
    auto it = m_objects.find(key(database, name));
    if (it == m_objects.end())
        return Status(ErrorCode::UnknownStream, "Stream " + database + "." + name + " doesn't exist");
    Stmt s(m_db, "INSERT OR REPLACE INTO properties VALUES (?, ?, ?, ?)");
    if (s.bind(database).bind(name).bind(k).bind(value).step() != SQLITE_DONE)
        return sqliteError(m_db, "set property");
    it->second.properties[k] = value;
    return {};
}

Status Catalog::putResource(const std::string &kind, const std::string &id, const std::string &json)
{
    std::lock_guard lock(m_mutex);
    Stmt s(m_db, "INSERT OR REPLACE INTO resources VALUES (?, ?, ?)");
    if (s.bind(kind).bind(id).bind(json).step() != SQLITE_DONE)
        return sqliteError(m_db, "put resource");
    return {};
}

std::optional<std::string> Catalog::resource(const std::string &kind, const std::string &id) const
{
    std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT json FROM resources WHERE kind = ? AND id = ?");
    if (s.bind(kind).bind(id).step() == SQLITE_ROW)
        return s.text(0);
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Catalog::resources(const std::string &kind) const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    Stmt s(m_db, "SELECT id, json FROM resources WHERE kind = ? ORDER BY id");
    s.bind(kind);
    while (s.step() == SQLITE_ROW)
        out.emplace_back(s.text(0), s.text(1));
    return out;
}

Status Catalog::deleteResource(const std::string &kind, const std::string &id)
{
    std::lock_guard lock(m_mutex);
    Stmt s(m_db, "DELETE FROM resources WHERE kind = ? AND id = ?");
    if (s.bind(kind).bind(id).step() != SQLITE_DONE)
        return sqliteError(m_db, "delete resource");
    return {};
}

} // namespace tideline::engine
