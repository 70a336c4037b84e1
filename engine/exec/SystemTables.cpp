#include "engine/exec/SystemTables.h"

#include "engine/exec/Engine.h"
#include "engine/functions/AggregateFunction.h"
#include "engine/functions/Function.h"

namespace tideline::engine {

Block stringBlock(const std::vector<std::string> &names, const std::vector<std::vector<std::string>> &rows)
{
    Block b;
    for (size_t c = 0; c < names.size(); ++c) {
        auto col = Column::create(makeType(TypeKind::String), rows.size());
        for (const auto &r : rows)
            col->pushString(c < r.size() ? r[c] : std::string());
        b.add(names[c], col);
    }
    return b;
}

namespace {

Block tables(Engine &engine)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto &o : engine.objects())
        rows.push_back({o->database(), o->name(), catalogObjectKindName(o->kind()), o->object.uuid, o->object.ddl,
                        o->mode == StreamMode::VersionedKv ? "versioned_kv" : o->mode == StreamMode::ChangelogKv ? "changelog_kv" : "append"});
    return stringBlock({"database", "name", "engine", "uuid", "create_table_query", "mode"}, rows);
}

Block columns(Engine &engine)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto &o : engine.objects()) {
        for (const auto &c : o->columns) {
            std::string kind = c.aliasExpr ? "ALIAS" : c.defaultExpr ? "DEFAULT" : "";
            rows.push_back({o->database(), o->name(), c.name, c.type->name(), kind, c.comment});
        }
    }
    return stringBlock({"database", "table", "name", "type", "default_kind", "comment"}, rows);
}

// "f(a int32, b string) -> float64", as the workbench shows a signature.
std::string userSignature(const UserFunctionRegistry::Entry &entry)
{
    const UserFunctionDefinition &def = entry.definition;
    std::string out = def.name + "(";
    if (def.language == UserFunctionLanguage::Sql) { // a lambda: untyped parameters
        for (size_t i = 0; i < entry.lambdaParams.size(); ++i)
            out += (i ? ", " : "") + entry.lambdaParams[i];
        return out + ")";
    }
    for (size_t i = 0; i < def.arguments.size(); ++i)
        out += (i ? ", " : "") + def.arguments[i].name + (def.arguments[i].type ? " " + def.arguments[i].type->name() : std::string());
    return out + ")" + (def.returnType ? " -> " + def.returnType->name() : std::string());
}

// Built-ins, then the user's functions (origin as ClickHouse names it: SQL lambdas are
// SQLUserDefined, JavaScript and remote ones ExecutableUserDefined; create_query is their DDL).
Block functions(Engine &engine)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto *f : FunctionRegistry::instance().all())
        rows.push_back({f->name, "0", f->signature, f->doc, f->category, "System", ""});
    for (const auto *a : AggregateRegistry::instance().all())
        rows.push_back({a->name, "1", a->signature, a->doc, "aggregate", "System", ""});
    for (const auto &entry : engine.userFunctions().all()) {
        const UserFunctionDefinition &def = entry->definition;
        const bool sql = def.language == UserFunctionLanguage::Sql;
        rows.push_back({def.name, def.aggregate ? "1" : "0", userSignature(*entry), "", std::string("udf ") + userFunctionLanguageName(def.language),
                        sql ? "SQLUserDefined" : "ExecutableUserDefined", entry->ddl});
    }
    return stringBlock({"name", "is_aggregate", "syntax", "description", "categories", "origin", "create_query"}, rows);
}

} // namespace

Block buildSystemTable(Engine &engine, const std::string &name, int pos)
{
    if (name == "tables" || name == "streams")
        return tables(engine);
    if (name == "columns")
        return columns(engine);
    if (name == "databases") {
        std::vector<std::vector<std::string>> rows;
        for (const auto &d : engine.catalog().databases())
            rows.push_back({d});
        return stringBlock({"name"}, rows);
    }
    if (name == "functions")
        return functions(engine);
    if (name == "formats") {
        std::vector<std::vector<std::string>> rows;
        for (const char *f : {"TabSeparated", "TabSeparatedWithNames", "TabSeparatedWithNamesAndTypes", "CSV", "CSVWithNames", "JSONEachRow", "JSONCompactEachRow", "PrettyCompact", "Vertical"})
            rows.push_back({f});
        return stringBlock({"name"}, rows);
    }
    if (name == "table_functions") {
        std::vector<std::vector<std::string>> rows;
        for (const char *f : {"table", "numbers", "numbers_mt", "zeros", "tumble", "hop", "session", "dedup", "changelog"})
            rows.push_back({f});
        return stringBlock({"name"}, rows);
    }
    fail(ErrorCode::UnknownStream, "Stream system." + name + " doesn't exist", pos);
}

} // namespace tideline::engine
