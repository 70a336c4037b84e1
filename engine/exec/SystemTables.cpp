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

Block functions()
{
    std::vector<std::vector<std::string>> rows;
    for (const auto *f : FunctionRegistry::instance().all())
        rows.push_back({f->name, "0", f->signature, f->doc, f->category});
    for (const auto *a : AggregateRegistry::instance().all())
        rows.push_back({a->name, "1", a->signature, a->doc, "aggregate"});
    Block b = stringBlock({"name", "is_aggregate", "syntax", "description", "categories"}, rows);
    return b;
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
        return functions();
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
