#pragma once
// The user-defined functions of one engine (functions/UserFunction.h for the seam).
//
// Definitions are catalog objects of kind Function in the `system` database (functions are
// global, and `system` cannot be dropped), stored as their canonical CREATE statement and loaded
// at open. SQL lambda UDFs are expanded by the binder into their body; JavaScript and remote
// UDFs are compiled by the runtime registered for their language, once, when created or first
// used, and called once per block.
//
// The binder's aggregate checks are free functions without an engine at hand, so the planner
// publishes the registry of the engine it plans for on its thread (UserFunctionScope).
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/functions/AggregateFunction.h"
#include "engine/functions/Function.h"
#include "engine/functions/UserFunction.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Catalog;

using UserFunctionRuntimes = std::map<std::string, std::shared_ptr<UserFunctionRuntime>>; // by language name

class UserFunctionRegistry {
public:
    struct Entry {
        UserFunctionDefinition definition;
        std::vector<std::string> lambdaParams; // SQL UDFs
        sql::ExprPtr lambdaBody;
        std::string ddl;
        std::shared_ptr<const UserScalarFunction> scalar;      // compiled, when not SQL and not aggregate
        std::shared_ptr<const UserAggregateFunction> aggregate; // compiled UDA
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    UserFunctionRegistry(Catalog &catalog, UserFunctionRuntimes runtimes);

    // Reads the definitions from the catalog; compiling waits for first use, so a function
    // whose runtime is gone still loads (and fails when called).
    Status load();
    // CREATE [OR REPLACE] [AGGREGATE|REMOTE] FUNCTION: validated and compiled before the catalog
    // changes. Throws EngineError (609 exists, 36 bad clauses, 48 no runtime, 2533 compile errors).
    void create(const sql::Statement &statement);
    // DROP FUNCTION: 46 when unknown (unless IF EXISTS), 610 for a built-in.
    void drop(const sql::Statement &statement);

    EntryPtr find(const std::string &name) const;
    std::vector<EntryPtr> all() const;

    // A scalar UDF bound to already cast arguments: one runtime call per block. Throws.
    BoundFunction bindScalar(const EntryPtr &entry);
    // A UDA as an engine aggregate (argument count and types checked). Throws.
    AggregateFunctionPtr resolveAggregate(const EntryPtr &entry, const AggregateArgs &args);

private:
    Result<UserFunctionDefinition> definitionOf(const sql::Statement &statement) const;
    std::shared_ptr<Entry> compiled(const sql::Statement &statement, int pos) const;
    void compile(Entry &entry, int pos) const;

    Catalog &m_catalog;
    UserFunctionRuntimes m_runtimes;
    mutable std::mutex m_mutex; // guards m_entries
    std::map<std::string, EntryPtr> m_entries; // by lower-case name
};

// The registry of the engine being planned for on this thread (null outside planning).
UserFunctionRegistry *currentUserFunctions();

class UserFunctionScope {
public:
    explicit UserFunctionScope(UserFunctionRegistry *registry);
    ~UserFunctionScope();
    UserFunctionScope(const UserFunctionScope &) = delete;
    UserFunctionScope &operator=(const UserFunctionScope &) = delete;

private:
    UserFunctionRegistry *m_previous;
};

// Aggregate lookups that see the current engine's UDAs as well as the built-ins.
bool isAggregateFunctionName(const std::string &name);
AggregateFunctionPtr resolveAggregateFunction(const std::string &name, const AggregateArgs &args);

// The body of a SQL lambda UDF with its parameters replaced by the call's argument expressions.
sql::ExprPtr expandSqlFunction(const UserFunctionRegistry::Entry &entry, const sql::Expr &call);

} // namespace tideline::engine
