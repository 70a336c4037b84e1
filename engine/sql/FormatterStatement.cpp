// Statements other than SELECT.

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlFormatter.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

std::string SqlFormatter::qualified(const std::string &database, const std::string &name) const
{
    return database.empty() ? quoteIdentifierIfNeeded(name) : quoteIdentifierIfNeeded(database) + "." + quoteIdentifierIfNeeded(name);
}

std::string SqlFormatter::objectKind(ObjectKind kind) const
{
    static const char *kNames[] = {"STREAM", "VIEW", "MATERIALIZED VIEW", "DATABASE", "FUNCTION", "FORMAT SCHEMA",
                                   "EXTERNAL STREAM", "EXTERNAL TABLE", "RANDOM STREAM", "DICTIONARY", "TABLE", ""};
    return kw(kNames[static_cast<int>(kind)]);
}

std::string SqlFormatter::statement(const Statement &st)
{
    switch (st.kind) {
    case StatementKind::Select:
        return select(*st.select, 0) + (st.format.empty() ? "" : sep(0) + kw("FORMAT") + " " + quoteIdentifierIfNeeded(st.format));
    case StatementKind::Insert: return insert(st);
    case StatementKind::CreateStream: return createStream(st);
    case StatementKind::CreateView: return createView(st);
    case StatementKind::CreateFunction: return createFunction(st);
    case StatementKind::Show: return show(st);
    case StatementKind::Alter: return alter(st);
    case StatementKind::Explain:
        return kw("EXPLAIN") + (st.explainKind.empty() ? "" : " " + kw(st.explainKind)) + " " + (st.explained ? statement(*st.explained) : "");
    default: return simpleStatement(st);
    }
}

std::string SqlFormatter::simpleStatement(const Statement &st)
{
    std::string create = kw("CREATE") + (st.orReplace ? " " + kw("OR REPLACE") : "");
    std::string ifNotExists = st.ifNotExists ? " " + kw("IF NOT EXISTS") : "";
    std::string ifExists = st.ifExists ? " " + kw("IF EXISTS") : "";
    std::string kind = st.objectKind == ObjectKind::Unknown ? "" : objectKind(st.objectKind) + " ";
    switch (st.kind) {
    case StatementKind::CreateDatabase:
        return create + " " + kw("DATABASE") + ifNotExists + " " + quoteIdentifierIfNeeded(st.name)
               + (st.comment.empty() ? "" : " " + kw("COMMENT") + " " + quoteString(st.comment));
    case StatementKind::CreateFormatSchema:
        return create + " " + kw("FORMAT SCHEMA") + ifNotExists + " " + quoteIdentifierIfNeeded(st.name) + " " + kw("AS") + " "
               + quoteString(st.schemaBody) + " " + kw("TYPE") + " " + quoteIdentifierIfNeeded(st.schemaType);
    case StatementKind::Drop:
        return kw("DROP") + " " + kind + (st.ifExists ? kw("IF EXISTS") + " " : "") + qualified(st.database, st.name)
               + (st.settings.empty() ? "" : " " + kw("SETTINGS") + " " + settings(st.settings));
    case StatementKind::Truncate:
        return kw("TRUNCATE") + " " + kind + (st.ifExists ? kw("IF EXISTS") + " " : "") + qualified(st.database, st.name);
    case StatementKind::Optimize: return kw("OPTIMIZE") + " " + kind + qualified(st.database, st.name);
    case StatementKind::Describe:
        if (st.select)
            return kw("DESCRIBE") + " (" + select(*st.select, 1) + ")";
        return kw("DESCRIBE") + " " + kind + qualified(st.database, st.name);
    case StatementKind::Use: return kw("USE") + " " + quoteIdentifierIfNeeded(st.name);
    case StatementKind::Set: return kw("SET") + " " + settings(st.settings);
    case StatementKind::Kill:
        return kw("KILL QUERY") + (st.killWhere ? " " + kw("WHERE") + " " + expr(*st.killWhere, 0) : "") + (st.killSync ? " " + kw("SYNC") : "");
    case StatementKind::System: {
        std::string out = kw("SYSTEM") + " " + kw(st.systemCommand);
        if (!st.name.empty()) {
            std::string name = qualified(st.database, st.name);
            out += " " + (st.database.empty() && isSystemCommandWord(st.name) && name == st.name ? backQuote(st.name) : name);
        }
        return out;
    }
    case StatementKind::Subscribe:
        if (st.subscribeVerb == "SUBSCRIBE")
            return kw("SUBSCRIBE TO") + " " + select(*st.select, 0);
        return kw(st.subscribeVerb == "UNSUBSCRIBE" ? "UNSUBSCRIBE TO" : "RECOVER FROM") + " " + quoteString(st.queryId);
    case StatementKind::Rename: {
        auto split = [&](const std::string &text) {
            size_t dot = text.find('.');
            return dot == std::string::npos ? qualified("", text) : qualified(text.substr(0, dot), text.substr(dot + 1));
        };
        std::string out = kw("RENAME") + " " + kind + qualified(st.database, st.name) + " " + kw("TO") + " " + qualified(st.newDatabase, st.newName);
        for (const auto &[from, to] : st.renames)
            out += ", " + split(from) + " " + kw("TO") + " " + split(to);
        return out;
    }
    default: return {};
    }
}

std::string SqlFormatter::insert(const Statement &st)
{
    std::string out = kw("INSERT INTO") + " " + qualified(st.database, st.name);
    if (!st.insertColumns.empty()) {
        out += " (";
        for (size_t i = 0; i < st.insertColumns.size(); ++i)
            out += (i ? ", " : "") + quoteIdentifierIfNeeded(st.insertColumns[i]);
        out += ")";
    }
    if (!st.settings.empty())
        out += " " + kw("SETTINGS") + " " + settings(st.settings);
    if (!st.format.empty())
        return out + " " + kw("FORMAT") + " " + quoteIdentifierIfNeeded(st.format) + (st.formatData.empty() ? "" : "\n" + st.formatData);
    if (st.select)
        return out + sep(0) + select(*st.select, 0);
    out += " " + kw("VALUES") + " ";
    for (size_t i = 0; i < st.values.size(); ++i)
        out += (i ? ", (" : "(") + list(st.values[i]) + ")";
    return out;
}

std::string SqlFormatter::columnDef(const ColumnDef &c)
{
    std::string out = quoteIdentifierIfNeeded(c.name);
    if (!c.typeName.empty())
        out += " " + c.typeName;
    if (c.nullableModifier)
        out += " " + kw(*c.nullableModifier ? "NULL" : "NOT NULL");
    if (c.defaultExpr)
        out += " " + kw("DEFAULT") + " " + expr(*c.defaultExpr, 0);
    if (c.materializedExpr)
        out += " " + kw("MATERIALIZED") + " " + expr(*c.materializedExpr, 0);
    if (c.aliasExpr)
        out += " " + kw("ALIAS") + " " + expr(*c.aliasExpr, 0);
    if (!c.comment.empty())
        out += " " + kw("COMMENT") + " " + quoteString(c.comment);
    if (!c.codec.empty())
        out += " " + kw("CODEC") + "(" + c.codec + ")";
    return out;
}

std::string SqlFormatter::columns(const Statement &st)
{
    if (st.columns.empty())
        return {};
    std::string out = " (";
    for (size_t i = 0; i < st.columns.size(); ++i)
        out += (i ? "," : "") + sep(1) + columnDef(st.columns[i]);
    return out + (m_options.pretty ? "\n)" : ")");
}

std::string SqlFormatter::streamTail(const Statement &st)
{
    std::string out;
    if (!st.primaryKey.empty())
        out += sep(0) + kw("PRIMARY KEY") + " " + list(st.primaryKey);
    if (!st.orderBy.empty())
        out += sep(0) + kw("ORDER BY") + " " + list(st.orderBy);
    if (!st.partitionBy.empty())
        out += sep(0) + kw("PARTITION BY") + " " + list(st.partitionBy);
    if (st.ttl)
        out += sep(0) + kw("TTL") + " " + expr(*st.ttl, 0);
    if (!st.settings.empty())
        out += sep(0) + kw("SETTINGS") + " " + settings(st.settings);
    if (!st.comment.empty())
        out += sep(0) + kw("COMMENT") + " " + quoteString(st.comment);
    if (st.select)
        out += sep(0) + kw("AS") + " " + select(*st.select, 0);
    return out;
}

std::string SqlFormatter::createStream(const Statement &st)
{
    std::string out = kw("CREATE") + (st.orReplace ? " " + kw("OR REPLACE") : "") + (st.temporary ? " " + kw("TEMPORARY") : "");
    ObjectKind kind = st.objectKind == ObjectKind::Unknown ? ObjectKind::Stream : st.objectKind;
    out += " " + objectKind(kind) + (st.ifNotExists ? " " + kw("IF NOT EXISTS") : "") + " " + qualified(st.database, st.name);
    return out + columns(st) + streamTail(st);
}

std::string SqlFormatter::createView(const Statement &st)
{
    std::string out = kw("CREATE") + (st.orReplace ? " " + kw("OR REPLACE") : "") + (st.temporary ? " " + kw("TEMPORARY") : "");
    out += " " + kw(st.materialized ? "MATERIALIZED VIEW" : "VIEW") + (st.ifNotExists ? " " + kw("IF NOT EXISTS") : "") + " "
           + qualified(st.database, st.name);
    if (!st.intoName.empty())
        out += " " + kw("INTO") + " " + qualified(st.intoDatabase, st.intoName);
    out += columns(st) + " " + kw("AS") + sep(0) + select(*st.select, 0);
    if (!st.comment.empty())
        out += sep(0) + kw("COMMENT") + " " + quoteString(st.comment);
    return out;
}

std::string SqlFormatter::createFunction(const Statement &st)
{
    std::string out = kw("CREATE") + (st.orReplace ? " " + kw("OR REPLACE") : "") + (st.aggregateFunction ? " " + kw("AGGREGATE") : "")
                      + (st.remoteFunction ? " " + kw("REMOTE") : "") + " " + kw("FUNCTION") + (st.ifNotExists ? " " + kw("IF NOT EXISTS") : "")
                      + " " + quoteIdentifierIfNeeded(st.name);
    if (st.lambdaBody) {
        std::string params;
        for (size_t i = 0; i < st.lambdaParams.size(); ++i)
            params += (i ? ", " : "") + quoteIdentifierIfNeeded(st.lambdaParams[i]);
        return out + " " + kw("AS") + " (" + params + ") -> " + expr(*st.lambdaBody, 0);
    }
    out += "(";
    for (size_t i = 0; i < st.functionArgs.size(); ++i)
        out += (i ? ", " : "") + quoteIdentifierIfNeeded(st.functionArgs[i].first) + " " + st.functionArgs[i].second;
    out += ") " + kw("RETURNS") + " " + st.returnType;
    if (!st.language.empty())
        out += " " + kw("LANGUAGE") + " " + quoteIdentifierIfNeeded(st.language);
    if (!st.functionBody.empty() || !st.language.empty()) {
        bool dollar = st.functionBody.find("$$") == std::string::npos && (st.functionBody.empty() || st.functionBody.back() != '$');
        out += " " + kw("AS") + " " + (dollar ? "$$" + st.functionBody + "$$" : quoteString(st.functionBody));
    }
    auto clause = [&](const char *keyword, const std::string &value) {
        if (!value.empty())
            out += " " + kw(keyword) + " " + quoteString(value);
    };
    clause("URL", st.url);
    clause("AUTH_METHOD", st.authMethod);
    clause("AUTH_HEADER", st.authHeader);
    clause("AUTH_KEY", st.authKey);
    if (st.executionTimeout)
        out += " " + kw("EXECUTION_TIMEOUT") + " " + expr(*st.executionTimeout, 8);
    return out;
}

std::string SqlFormatter::show(const Statement &st)
{
    if (st.showWhat == "CREATE") {
        std::string kind = st.objectKind == ObjectKind::Unknown ? "" : objectKind(st.objectKind) + " ";
        return kw("SHOW CREATE") + " " + kind + qualified(st.database, st.name);
    }
    std::string out = kw("SHOW") + " " + kw(st.showWhat);
    if (!st.showFrom.empty())
        out += " " + kw("FROM") + " " + quoteIdentifierIfNeeded(st.showFrom) + (st.name.empty() ? "" : "." + quoteIdentifierIfNeeded(st.name));
    if (!st.showLike.empty())
        out += " " + kw("LIKE") + " " + quoteString(st.showLike);
    if (st.showWhere)
        out += " " + kw("WHERE") + " " + expr(*st.showWhere, 0);
    return out;
}

std::string SqlFormatter::alter(const Statement &st)
{
    std::string out = kw("ALTER") + " " + objectKind(st.objectKind) + " " + qualified(st.database, st.name) + " ";
    const std::string &c = st.alterCommand;
    if (c == "MODIFY SETTING")
        return out + kw(c) + " " + settings(st.settings);
    if (c == "MODIFY TTL")
        return out + kw(c) + " " + expr(*st.ttl, 0);
    if (c == "MODIFY COMMENT")
        return out + kw(c) + " " + quoteString(st.comment);
    if (c == "MODIFY QUERY")
        return out + kw(c) + sep(0) + select(*st.select, 0);
    std::string commands;
    for (const ColumnDef &col : st.alterColumns)
        commands += (commands.empty() ? "" : ", ") + kw(c) + (st.ifNotExists ? " " + kw("IF NOT EXISTS") : "") + " " + columnDef(col);
    for (const std::string &name : st.alterDropColumns)
        commands += (commands.empty() ? "" : ", ") + kw(c) + (st.ifExists ? " " + kw("IF EXISTS") : "") + " " + quoteIdentifierIfNeeded(name);
    return out + commands;
}

} // namespace tideline::engine::sql
