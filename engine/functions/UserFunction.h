#pragma once
// User-defined functions: the seam between the engine and the runtimes that run them.
//
// The engine knows a UDF by its definition (CREATE FUNCTION, kept in the catalog) and calls it
// in batches: a scalar UDF gets one column per argument for a whole block and returns one
// column; a user aggregate (UDA) keeps one state per group and gets the group's rows of a block
// as columns in one `process` call. Runtimes live outside the engine (workspace/ runs JavaScript
// in QJSEngine and remote UDFs over HTTP) and are registered per engine by language
// (EngineOptions::functionRuntimes). SQL lambda UDFs need no runtime: the binder expands them.
//
// Runtimes report errors as Status values (no exception crosses the seam); the engine turns a
// failed call into the query's error. Columns cross it as JSON arrays when a runtime wants text
// (toJsonArray / fromJsonArray below), so a runtime needs no knowledge of the column layout.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/column/Column.h"
#include "engine/common/Status.h"

namespace tideline::engine {

// Proton's codes for UDF errors (kept here rather than in common/Status.h, which every file includes).
inline constexpr ErrorCode kFunctionAlreadyExists = static_cast<ErrorCode>(609);
inline constexpr ErrorCode kCannotDropFunction = static_cast<ErrorCode>(610);
inline constexpr ErrorCode kUdfInternalError = static_cast<ErrorCode>(2533);
inline constexpr ErrorCode kUdaNotApplicable = static_cast<ErrorCode>(2534);

enum class UserFunctionLanguage : uint8_t { Sql, JavaScript, Remote };
const char *userFunctionLanguageName(UserFunctionLanguage language); // "sql", "javascript", "remote"

struct UserFunctionArgument {
    std::string name;
    DataTypePtr type;
};

struct UserFunctionDefinition {
    std::string name;
    UserFunctionLanguage language = UserFunctionLanguage::JavaScript;
    bool aggregate = false;
    std::vector<UserFunctionArgument> arguments;
    DataTypePtr returnType;
    std::string source;                                // JavaScript
    std::string url, authMethod, authHeader, authKey;  // remote; authMethod "none" or "auth_header"
    int64_t timeoutMs = 0;                             // EXECUTION_TIMEOUT; 0: the runtime's default
};

// One compiled scalar UDF. `call` may run on any query thread, concurrently.
class UserScalarFunction {
public:
    virtual ~UserScalarFunction() = default;
    // `args` are full-length columns of the declared argument types; the result must be a
    // column of the return type with exactly `rows` values.
    virtual Result<ColumnPtr> call(const std::vector<ColumnPtr> &args, size_t rows) const = 0;
};

// The state of one group of a user aggregate. Proton's JavaScript UDA protocol: initialize()
// when created, process(columns...) per batch, finalize() for each emit, serialize()/
// deserialize() for checkpoints, merge(serialized other state).
class UserAggregateState {
public:
    virtual ~UserAggregateState() = default;
    // `args` hold this group's rows of one block. Returns how many results the UDA asks to emit
    // (only meaningful with has_customized_emit; 0 otherwise).
    virtual Result<int64_t> process(const std::vector<ColumnPtr> &args) = 0;
    // Appends the current result to `out` (a column of the return type).
    virtual Status finalize(Column &out) = 0;
    virtual Result<std::string> serialize() = 0;
    virtual Status deserialize(const std::string &state) = 0;
    virtual Status merge(const std::string &otherState) = 0;
};

class UserAggregateFunction {
public:
    virtual ~UserAggregateFunction() = default;
    virtual Result<std::unique_ptr<UserAggregateState>> createState() const = 0;
    virtual bool hasCustomizedEmit() const { return false; }
};

// A runtime for one language. compile* check the definition (the source parses, the required
// functions exist) and are called at CREATE and when a query first binds the function.
class UserFunctionRuntime {
public:
    virtual ~UserFunctionRuntime() = default;
    virtual Result<std::shared_ptr<const UserScalarFunction>> compileScalar(const UserFunctionDefinition &definition) = 0;
    virtual Result<std::shared_ptr<const UserAggregateFunction>> compileAggregate(const UserFunctionDefinition &definition) = 0;
};

// Rows [0, rows) of `column` as a JSON array text. 64-bit integers stay numbers (JavaScript and
// remote peers read them as numbers), NaN and infinities become null.
std::string toJsonArray(const Column &column, size_t rows);
// A JSON array into a column of `type` with `rows` values; a wrong length or a value that does
// not fit the type is an error naming the function (2533 UDF_INTERNAL_ERROR).
Result<ColumnPtr> fromJsonArray(std::string_view json, const DataTypePtr &type, size_t rows, const std::string &functionName);

} // namespace tideline::engine
