#include "engine/exec/FormatSchemaRegistry.h"

#include <algorithm>
#include <cctype>

#include "engine/catalog/Catalog.h"
#include "engine/formats/ProtobufBinding.h"
#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

constexpr const char *kSchemaDatabase = "system";
constexpr std::string_view kCatalogPrefix = "format_schema:";

std::string catalogName(const std::string &name)
{
    return std::string(kCatalogPrefix) + name;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

[[noreturn]] void unknownSchema(const std::string &name, int pos)
{
    throw EngineError(Status(kUnknownFormatSchema, "Format schema '" + name + "' doesn't exist", pos));
}

} // namespace

FormatSchemaRegistry::FormatSchemaRegistry(Catalog &catalog) : m_catalog(catalog) {}

std::shared_ptr<FormatSchemaRegistry::Entry> FormatSchemaRegistry::parsed(const sql::Statement &st) const
{
    auto entry = std::make_shared<Entry>();
    entry->name = st.name;
    entry->body = st.schemaBody;
    std::string type = lower(st.schemaType);
    if (type == "avro")
        fail(ErrorCode::NotImplemented, "Avro format schemas are not supported yet", st.pos);
    if (type != "protobuf")
        throw EngineError(Status(kUnknownFormatSchemaType, "Unknown format schema type '" + st.schemaType + "': expected Protobuf or Avro", st.pos));
    entry->type = "Protobuf";
    auto schema = ProtobufSchema::parse(st.schemaBody);
    if (!schema)
        throw EngineError(Status(schema.status().code(), schema.status().message(), st.pos));
    entry->protobuf = *schema;
    auto canonical = std::make_shared<sql::Statement>(st);
    canonical->orReplace = false;
    canonical->ifNotExists = false;
    canonical->schemaType = entry->type;
    entry->ddl = sql::formatStatement(*canonical);
    return entry;
}

Status FormatSchemaRegistry::load()
{
    for (const CatalogObject &object : m_catalog.objects(kSchemaDatabase)) {
        if (object.kind != CatalogObjectKind::FormatSchema)
            continue;
        auto st = sql::parseStatement(object.ddl);
        if (!st)
            return Status(st.status().code(), "Cannot load format schema " + object.name + " from the catalog: " + st.status().message());
        auto entry = std::make_shared<Entry>();
        entry->name = (*st)->name;
        entry->type = (*st)->schemaType;
        entry->body = (*st)->schemaBody;
        entry->ddl = object.ddl;
        // A schema that no longer parses (another libprotobuf) still loads: it can be dropped
        // or replaced, and its users get the parse error.
        if (auto schema = ProtobufSchema::parse(entry->body))
            entry->protobuf = *schema;
        std::lock_guard lock(m_mutex);
        m_entries[entry->name] = std::move(entry);
    }
    return {};
}

void FormatSchemaRegistry::create(const sql::Statement &st)
{
    if (!st.orReplace && find(st.name)) {
        if (st.ifNotExists)
            return;
        throw EngineError(Status(kFormatSchemaAlreadyExists, "Format schema '" + st.name + "' already exists", st.pos));
    }
    auto entry = parsed(st); // validated before anything changes
    CatalogObject object;
    object.database = kSchemaDatabase;
    object.name = catalogName(st.name);
    object.kind = CatalogObjectKind::FormatSchema;
    object.ddl = entry->ddl;
    std::lock_guard lock(m_mutex);
    bool exists = m_entries.count(st.name) > 0;
    if (exists && !st.orReplace) // created meanwhile by another session
        throw EngineError(Status(kFormatSchemaAlreadyExists, "Format schema '" + st.name + "' already exists", st.pos));
    if (Status s = exists ? m_catalog.replaceObject(object) : m_catalog.createObject(object); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    m_entries[st.name] = std::move(entry);
}

void FormatSchemaRegistry::drop(const sql::Statement &st)
{
    std::lock_guard lock(m_mutex);
    if (!m_entries.count(st.name)) {
        if (st.ifExists)
            return;
        unknownSchema(st.name, st.pos);
    }
    if (Status s = m_catalog.dropObject(kSchemaDatabase, catalogName(st.name)); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    m_entries.erase(st.name);
}

FormatSchemaRegistry::EntryPtr FormatSchemaRegistry::find(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(name);
    return it == m_entries.end() ? nullptr : it->second;
}

std::vector<FormatSchemaRegistry::EntryPtr> FormatSchemaRegistry::all() const
{
    std::lock_guard lock(m_mutex);
    std::vector<EntryPtr> out;
    for (const auto &[name, entry] : m_entries)
        out.push_back(entry);
    return out;
}

std::pair<ProtobufSchemaPtr, std::string> FormatSchemaRegistry::resolveProtobuf(std::string_view formatSchema, int pos) const
{
    size_t colon = formatSchema.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == formatSchema.size())
        fail(ErrorCode::BadArguments, "format_schema must be 'schema_name:MessageType', got '" + std::string(formatSchema) + "'", pos);
    std::string name(formatSchema.substr(0, colon));
    std::string messageType(formatSchema.substr(colon + 1));
    EntryPtr entry = find(name);
    if (!entry)
        unknownSchema(name, pos);
    if (!entry->protobuf) {
        auto again = ProtobufSchema::parse(entry->body);
        throw EngineError(Status(again.status().code(), again.status().message(), pos));
    }
    protobufMessageOrThrow(*entry->protobuf, messageType); // 36 now rather than at first message
    return {entry->protobuf, messageType};
}

} // namespace tideline::engine
