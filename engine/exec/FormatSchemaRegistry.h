#pragma once
// The format schemas of one engine: CREATE [OR REPLACE] FORMAT SCHEMA [IF NOT EXISTS] n AS '...'
// TYPE Protobuf, DROP FORMAT SCHEMA, and `format_schema='n:MessageType'` lookups for the
// ProtobufSingle/Protobuf formats (external streams, sources).
//
// A schema is global, as in Proton: a catalog object of kind FormatSchema in the `system`
// database, stored as its canonical CREATE statement and loaded at open. Its catalog name is
// "format_schema:<name>" so it never meets a user function of the same name in `system`.
// The .proto is parsed with libprotobuf (formats/ProtobufSchema.h) before the catalog changes,
// so a schema that does not parse creates nothing (434 with libprotobuf's line and column).
// Codes: 2610 exists, 2611 unknown, 2613 unknown TYPE; Avro parses but is 48 for now.
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/formats/ProtobufSchema.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Catalog;

inline constexpr int kFormatSchemaAlreadyExists = 2610;
inline constexpr int kUnknownFormatSchema = 2611;
inline constexpr int kUnknownFormatSchemaType = 2613;

class FormatSchemaRegistry {
public:
    struct Entry {
        std::string name;
        std::string type; // "Protobuf"
        std::string body; // the .proto text
        std::string ddl;  // canonical CREATE FORMAT SCHEMA (SHOW CREATE)
        ProtobufSchemaPtr protobuf;
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    explicit FormatSchemaRegistry(Catalog &catalog);

    // Reads the schemas from the catalog and parses them again.
    Status load();
    // Throw EngineError with the codes above.
    void create(const sql::Statement &statement);
    void drop(const sql::Statement &statement);

    EntryPtr find(const std::string &name) const;
    std::vector<EntryPtr> all() const; // by name

    // `format_schema` setting 'name:MessageType' -> the parsed schema and the message type name.
    // Throws 2611 for an unknown schema, 36 for a value without ':' or an unknown message type.
    std::pair<ProtobufSchemaPtr, std::string> resolveProtobuf(std::string_view formatSchema, int pos = -1) const;

private:
    std::shared_ptr<Entry> parsed(const sql::Statement &statement) const; // throws

    Catalog &m_catalog;
    mutable std::mutex m_mutex; // guards m_entries
    std::map<std::string, EntryPtr> m_entries;
};

} // namespace tideline::engine
