#include "engine/exec/UserFunctionRegistry.h"

#include <algorithm>
#include <cctype>

#include "engine/catalog/Catalog.h"
#include "engine/exec/UserAggregateAdapter.h"
#include "engine/sql/Parser.h"
#include "engine/sql/Formatter.h"

namespace tideline::engine {

namespace {

constexpr const char *kFunctionDatabase = "system";

thread_local UserFunctionRegistry *t_current = nullptr;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isBuiltin(const std::string &name)
{
    return FunctionRegistry::instance().find(name) || AggregateRegistry::instance().isAggregate(name);
}

DataTypePtr typeOf(const std::string &text, int pos)
{
    auto type = parseDataType(text);
    if (!type)
        throw EngineError(Status(type.status().code(), type.status().message(), pos));
    return *type;
}

int64_t timeoutOf(const sql::Statement &st)
{
    if (!st.executionTimeout)
        return 0;
    const sql::Expr &e = *st.executionTimeout;
    try {
        if (e.kind == sql::ExprKind::Literal)
            return std::stoll(e.text);
    } catch (const std::exception &) {
    }
    fail(ErrorCode::BadArguments, "EXECUTION_TIMEOUT must be a number of milliseconds", e.pos);
}

void checkRemote(const UserFunctionDefinition &d, int pos)
{
    if (d.aggregate)
        fail(ErrorCode::BadArguments, "A remote function cannot be an aggregate function", pos);
    if (d.url.empty())
        fail(ErrorCode::BadArguments, "Remote function " + d.name + " needs a URL", pos);
    if (!d.url.starts_with("http://") && !d.url.starts_with("https://"))
        fail(ErrorCode::BadArguments, "URL of remote function " + d.name + " must be http:// or https://", pos);
    if (d.authMethod != "none" && d.authMethod != "auth_header")
        fail(ErrorCode::BadArguments, "AUTH_METHOD must be 'none' or 'auth_header', not '" + d.authMethod + "'", pos);
    if (d.authMethod == "auth_header" && (d.authHeader.empty() || d.authKey.empty()))
        fail(ErrorCode::BadArguments, "AUTH_METHOD 'auth_header' needs AUTH_HEADER and AUTH_KEY", pos);
}

sql::ExprPtr substituteParams(const sql::ExprPtr &e, const std::map<std::string, sql::ExprPtr> &params)
{
    if (!e || params.empty() || e->kind == sql::ExprKind::Subquery)
        return e;
    if (e->kind == sql::ExprKind::Identifier && e->parts.size() == 1) {
        auto it = params.find(e->parts[0]);
        return it == params.end() ? e : it->second; // replaced args are not searched again
    }
    auto copy = std::make_shared<sql::Expr>(*e);
    std::map<std::string, sql::ExprPtr> inner = params;
    if (e->kind == sql::ExprKind::Lambda)
        for (const auto &p : e->params)
            inner.erase(p); // a nested lambda's own parameter hides the UDF's
    for (auto &a : copy->args)
        a = substituteParams(a, inner);
    for (auto &p : copy->parameters)
        p = substituteParams(p, inner);
    return copy;
}

} // namespace

UserFunctionRegistry::UserFunctionRegistry(Catalog &catalog, UserFunctionRuntimes runtimes)
    : m_catalog(catalog), m_runtimes(std::move(runtimes))
{
}

Result<UserFunctionDefinition> UserFunctionRegistry::definitionOf(const sql::Statement &st) const
{
    UserFunctionDefinition d;
    d.name = lower(st.name);
    d.aggregate = st.aggregateFunction;
    if (st.lambdaBody) {
        d.language = UserFunctionLanguage::Sql;
        return d;
    }
    d.language = st.remoteFunction ? UserFunctionLanguage::Remote : UserFunctionLanguage::JavaScript;
    if (!st.remoteFunction && st.language != "JAVASCRIPT")
        return Status(ErrorCode::BadArguments, "Unsupported language '" + st.language + "' of function " + st.name + ": only JAVASCRIPT", st.pos);
    for (const auto &[name, type] : st.functionArgs)
        d.arguments.push_back({name, typeOf(type, st.pos)});
    d.returnType = typeOf(st.returnType, st.pos);
    d.source = st.functionBody;
    d.url = st.url;
    d.authMethod = st.authMethod.empty() ? "none" : lower(st.authMethod);
    d.authHeader = st.authHeader;
    d.authKey = st.authKey;
    d.timeoutMs = timeoutOf(st);
    if (d.timeoutMs < 0)
        return Status(ErrorCode::BadArguments, "EXECUTION_TIMEOUT must not be negative", st.pos);
    if (st.remoteFunction)
        checkRemote(d, st.pos);
    else if (d.source.empty())
        return Status(ErrorCode::BadArguments, "JavaScript function " + st.name + " has no source (AS $$ ... $$)", st.pos);
    return d;
}

void UserFunctionRegistry::compile(Entry &entry, int pos) const
{
    const UserFunctionDefinition &d = entry.definition;
    if (d.language == UserFunctionLanguage::Sql)
        return;
    auto runtime = m_runtimes.find(userFunctionLanguageName(d.language));
    if (runtime == m_runtimes.end() || !runtime->second)
        fail(ErrorCode::NotImplemented, std::string("This engine has no runtime for ") + userFunctionLanguageName(d.language) + " functions", pos);
    if (d.aggregate) {
        auto made = runtime->second->compileAggregate(d);
        if (!made)
            throw EngineError(Status(made.status().code(), made.status().message(), pos));
        entry.aggregate = *made;
    } else {
        auto made = runtime->second->compileScalar(d);
        if (!made)
            throw EngineError(Status(made.status().code(), made.status().message(), pos));
        entry.scalar = *made;
    }
}

std::shared_ptr<UserFunctionRegistry::Entry> UserFunctionRegistry::compiled(const sql::Statement &st, int pos) const
{
    auto definition = definitionOf(st);
    if (!definition)
        throw EngineError(definition.status());
    auto entry = std::make_shared<Entry>();
    entry->definition = std::move(*definition);
    entry->lambdaParams = st.lambdaParams;
    entry->lambdaBody = st.lambdaBody;
    auto canonical = std::make_shared<sql::Statement>(st);
    canonical->orReplace = false;
    canonical->ifNotExists = false;
    entry->ddl = sql::formatStatement(*canonical);
    compile(*entry, pos);
    return entry;
}

Status UserFunctionRegistry::load()
{
    for (const CatalogObject &object : m_catalog.objects(kFunctionDatabase)) {
        if (object.kind != CatalogObjectKind::Function)
            continue;
        auto st = sql::parseStatement(object.ddl);
        if (!st)
            return Status(st.status().code(), "Cannot load function " + object.name + " from the catalog: " + st.status().message());
        auto definition = definitionOf(**st);
        if (!definition)
            return definition.status();
        auto entry = std::make_shared<Entry>();
        entry->definition = std::move(*definition);
        entry->lambdaParams = (*st)->lambdaParams;
        entry->lambdaBody = (*st)->lambdaBody;
        entry->ddl = object.ddl;
        std::lock_guard lock(m_mutex);
        m_entries[entry->definition.name] = std::move(entry);
    }
    return {};
}

void UserFunctionRegistry::create(const sql::Statement &st)
{
    const std::string name = lower(st.name);
    if (isBuiltin(name))
        fail(kFunctionAlreadyExists, "Function '" + name + "' already exists: it is a built-in function", st.pos);
    if (!st.orReplace && find(name)) {
        if (st.ifNotExists)
            return;
        fail(kFunctionAlreadyExists, "User-defined function '" + name + "' already exists", st.pos);
    }
    auto entry = compiled(st, st.pos); // validated and compiled before anything changes
    CatalogObject object;
    object.database = kFunctionDatabase;
    object.name = name;
    object.kind = CatalogObjectKind::Function;
    object.ddl = entry->ddl;
    std::lock_guard lock(m_mutex);
    bool exists = m_entries.count(name) > 0;
    if (Status s = exists ? m_catalog.replaceObject(object) : m_catalog.createObject(object); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    m_entries[name] = std::move(entry);
}

void UserFunctionRegistry::drop(const sql::Statement &st)
{
    const std::string name = lower(st.name);
    std::lock_guard lock(m_mutex);
    if (!m_entries.count(name)) {
        if (isBuiltin(name))
            fail(kCannotDropFunction, "Cannot drop system function '" + name + "'", st.pos);
        if (st.ifExists)
            return;
        fail(ErrorCode::UnknownFunction, "User-defined function '" + name + "' doesn't exist", st.pos);
    }
    if (Status s = m_catalog.dropObject(kFunctionDatabase, name); !s)
        throw EngineError(Status(s.code(), s.message(), st.pos));
    m_entries.erase(name);
}

UserFunctionRegistry::EntryPtr UserFunctionRegistry::find(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(lower(name));
    return it == m_entries.end() ? nullptr : it->second;
}

std::vector<UserFunctionRegistry::EntryPtr> UserFunctionRegistry::all() const
{
    std::lock_guard lock(m_mutex);
    std::vector<EntryPtr> out;
    for (const auto &[name, entry] : m_entries)
        out.push_back(entry);
    return out;
}

BoundFunction UserFunctionRegistry::bindScalar(const EntryPtr &entry)
{
    std::shared_ptr<const UserScalarFunction> fn = entry->scalar;
    if (!fn) { // loaded from the catalog: compiled on first use, then kept
        auto copy = std::make_shared<Entry>(*entry);
        compile(*copy, -1);
        fn = copy->scalar;
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(entry->definition.name);
        if (it != m_entries.end() && it->second == entry)
            it->second = copy;
    }
    BoundFunction bound;
    bound.returnType = entry->definition.returnType;
    bound.deterministic = false; // never folded at bind time: a remote call or side effects belong to the query
    bound.exec = [fn](const std::vector<ColumnPtr> &args, size_t rows) -> ColumnPtr {
        auto result = fn->call(args, rows);
        if (!result)
            throw EngineError(result.status());
        return *result;
    };
    return bound;
}

AggregateFunctionPtr UserFunctionRegistry::resolveAggregate(const EntryPtr &entry, const AggregateArgs &args)
{
    const UserFunctionDefinition &d = entry->definition;
    if (args.types.size() != d.arguments.size())
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Aggregate function " + d.name + " takes " + std::to_string(d.arguments.size())
                                                          + " arguments, got " + std::to_string(args.types.size()));
    for (size_t i = 0; i < args.types.size(); ++i)
        if (!args.types[i]->equals(*d.arguments[i].type))
            fail(kUdaNotApplicable, "Argument " + std::to_string(i + 1) + " of aggregate function " + d.name + " must be "
                                                  + d.arguments[i].type->name() + ", not " + args.types[i]->name());
    std::shared_ptr<const UserAggregateFunction> fn = entry->aggregate;
    if (!fn) {
        auto copy = std::make_shared<Entry>(*entry);
        compile(*copy, -1);
        fn = copy->aggregate;
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(d.name);
        if (it != m_entries.end() && it->second == entry)
            it->second = copy;
    }
    return std::make_shared<UserAggregateAdapter>(d.name, d.returnType, d.arguments.size(), std::move(fn));
}

UserFunctionRegistry *currentUserFunctions()
{
    return t_current;
}

UserFunctionScope::UserFunctionScope(UserFunctionRegistry *registry) : m_previous(t_current)
{
    t_current = registry;
}

UserFunctionScope::~UserFunctionScope()
{
    t_current = m_previous;
}

bool isAggregateFunctionName(const std::string &name)
{
    if (AggregateRegistry::instance().isAggregate(name) && !FunctionRegistry::instance().find(name))
        return true;
    if (!t_current)
        return false;
    auto entry = t_current->find(name);
    return entry && entry->definition.aggregate;
}

AggregateFunctionPtr resolveAggregateFunction(const std::string &name, const AggregateArgs &args)
{
    if (t_current && !AggregateRegistry::instance().isAggregate(name))
        if (auto entry = t_current->find(name); entry && entry->definition.aggregate)
            return t_current->resolveAggregate(entry, args);
    return AggregateRegistry::instance().resolve(name, args);
}

sql::ExprPtr expandSqlFunction(const UserFunctionRegistry::Entry &entry, const sql::Expr &call)
{
    if (call.args.size() != entry.lambdaParams.size())
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Function " + entry.definition.name + " takes " + std::to_string(entry.lambdaParams.size())
                                                          + " arguments, got " + std::to_string(call.args.size()), call.pos);
    std::map<std::string, sql::ExprPtr> params;
    for (size_t i = 0; i < call.args.size(); ++i)
        params[entry.lambdaParams[i]] = call.args[i];
    return substituteParams(entry.lambdaBody, params);
}

} // namespace tideline::engine
