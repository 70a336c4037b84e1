#include "engine/exec/StreamInfo.h"

#include <set>

#include "engine/exec/ExprNaming.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

std::string settingText(const sql::Setting &s)
{
    if (!s.value)
        return {};
    if (s.value->kind == sql::ExprKind::Literal)
        return s.value->text;
    return exprColumnName(*s.value);
}

// Proton's DDLHelper rules for reserved column names.
void checkReservedName(const StreamColumn &c, int pos)
{
    if (c.name == "window_start" || c.name == "window_end")
        fail(ErrorCode::ReservedWord, "Column name '" + c.name + "' is reserved", pos);
    if (c.name.rfind("_tp_", 0) != 0)
        return;
    TypeKind k = c.type->kind;
    bool ok = (c.name == "_tp_time" && k == TypeKind::DateTime64) || (c.name == "_tp_index_time" && k == TypeKind::DateTime64)
        || (c.name == "_tp_sn" && k == TypeKind::Int64) || (c.name == "_tp_delta" && k == TypeKind::Int8)
        || (c.name == "_tp_message_key" && k == TypeKind::String); // an external stream's message key
    if (!ok)
        fail(ErrorCode::IllegalColumn, "Column name '" + c.name + "' starting with _tp_ is reserved", pos);
}

sql::ExprPtr parseOrFail(const std::string &text)
{
    auto e = sql::parseExpression(text);
    if (!e)
        throw EngineError(e.status());
    return *e;
}

} // namespace

const StreamColumn *StreamInfo::column(const std::string &name) const
{
    for (const auto &c : columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

Result<std::shared_ptr<StreamInfo>> describeStream(const sql::Statement &create)
{
    try {
        auto info = std::make_shared<StreamInfo>();
        for (const auto &s : create.settings)
            info->settings[s.name] = settingText(s);
        if (auto it = info->settings.find("mode"); it != info->settings.end()) {
            const std::string &m = it->second;
            if (m == "append") info->mode = StreamMode::Append;
            else if (m == "versioned_kv") info->mode = StreamMode::VersionedKv;
            else if (m == "changelog_kv") info->mode = StreamMode::ChangelogKv;
            else if (m == "changelog") info->mode = StreamMode::Changelog;
            else fail(ErrorCode::BadArguments, "Unknown stream mode '" + m + "'", create.pos);
        }
        std::set<std::string> seen;
        for (const auto &def : create.columns) {
            StreamColumn c;
            c.name = def.name;
            auto type = parseDataType(def.typeName);
            if (!type)
                throw EngineError(Status(type.status().code(), type.status().message(), def.pos));
            c.type = *type;
            if (def.nullableModifier.value_or(false))
                c.type = makeNullable(c.type);
            c.defaultExpr = def.defaultExpr ? def.defaultExpr : def.materializedExpr;
            c.aliasExpr = def.aliasExpr;
            c.comment = def.comment;
            c.codec = def.codec;
            checkReservedName(c, def.pos);
            if (!seen.insert(c.name).second)
                fail(ErrorCode::DuplicateColumn, "Column " + c.name + " already exists", def.pos);
            info->columns.push_back(std::move(c));
        }
        if (create.objectKind != sql::ObjectKind::ExternalStream && create.objectKind != sql::ObjectKind::ExternalTable && !create.columns.empty() && !seen.count("_tp_time")) {
            StreamColumn t{"_tp_time", makeDateTime64(3, "UTC"), nullptr, nullptr, {}, "DoubleDelta, LZ4"};
            auto etc = info->settings.find("event_time_column");
            t.defaultExpr = parseOrFail(etc != info->settings.end() ? etc->second : "now64(3, 'UTC')");
            // Stored columns first, alias columns after, _tp_time at the end of the stored ones.
            size_t pos = 0;
            while (pos < info->columns.size() && !info->columns[pos].aliasExpr)
                ++pos;
            info->columns.insert(info->columns.begin() + static_cast<ptrdiff_t>(pos), std::move(t));
        }
        if (info->mode == StreamMode::ChangelogKv && !seen.count("_tp_delta")) {
            auto one = parseOrFail("1");
            info->columns.push_back({"_tp_delta", makeType(TypeKind::Int8), one, nullptr, {}, {}});
        }
        for (const auto &k : create.primaryKey)
            info->primaryKey.push_back(exprColumnName(*k));
        if ((info->mode == StreamMode::VersionedKv || info->mode == StreamMode::ChangelogKv) && info->primaryKey.empty())
            fail(ErrorCode::BadArguments, "A versioned_kv or changelog_kv stream needs a PRIMARY KEY", create.pos);
        for (const auto &k : info->primaryKey)
            if (!seen.count(k))
                fail(ErrorCode::UnknownIdentifier, "Primary key column " + k + " is not a column of the stream", create.pos);
        return info;
    } catch (const EngineError &e) {
        return e.status();
    }
}

} // namespace tideline::engine
