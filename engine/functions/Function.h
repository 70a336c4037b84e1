#pragma once
// Scalar functions. A function is registered by name with a Resolver; at bind time the binder
// calls the resolver with the argument types (and the values of constant arguments), and gets
// back the result type and an executor that works on whole columns.
//
// Executors receive full-length argument columns (constants already broadcast to `rows`) and
// return a column of exactly `rows` values of the resolved type. They throw EngineError on bad
// data (e.g. "Cannot parse ..." with code 6/38/41/72), never crash.
//
// NULL handling: unless a registration sets `handlesNulls`, the registry wraps the function the
// ClickHouse way: the resolver sees non-nullable argument types, the result type is made
// nullable when any argument is nullable, rows where any argument is NULL produce NULL, and
// NULL-only arguments (type nothing) make the result NULL without calling the executor.

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/column/Column.h"

namespace tideline::engine {

class Clock;

// The value of a lambda argument (x -> x + 1), already bound by the binder.
struct LambdaArg {
    size_t paramCount = 0;
    // Binds the lambda body for the given parameter types; returns the body's type and an
    // executor. The executor receives one column per parameter (all of equal length n) and
    // `outerRows`: for each of the n elements, the row of the enclosing block it belongs to, so
    // columns the body captures from outside are gathered accordingly.
    using Exec = std::function<ColumnPtr(const std::vector<ColumnPtr> &params, const std::vector<uint32_t> &outerRows)>;
    std::function<std::pair<DataTypePtr, Exec>(const std::vector<DataTypePtr> &paramTypes)> bind;
};

struct FunctionArg {
    DataTypePtr type;
    ColumnPtr constant;                // non-null when the argument is a constant (a column of 1 row)
    std::shared_ptr<LambdaArg> lambda; // non-null for a lambda argument (type is then null)
};

struct FunctionContext {
    const Clock *clock = nullptr;
    std::string timezone = "UTC"; // session time zone for datetime rendering/parsing
};

using FunctionExec = std::function<ColumnPtr(const std::vector<ColumnPtr> &args, size_t rows)>;

struct BoundFunction {
    DataTypePtr returnType;
    FunctionExec exec;
    bool deterministic = true; // false for rand(), now(): never constant-folded
};

// Throws EngineError (43 wrong types, 42 wrong argument count, 36 bad constant arguments).
using FunctionResolver = std::function<BoundFunction(const std::vector<FunctionArg> &args, const FunctionContext &context)>;

struct FunctionInfo {
    std::string name;
    FunctionResolver resolve;
    bool handlesNulls = false;  // sees nullable types and NULLs itself (if, coalesce, is_null, ...)
    std::string signature;      // "to_start_of_interval(t, interval[, tz])" for autocomplete/help
    std::string doc;            // one line
    std::string category;       // "math", "string", "datetime", "json", "array", ...
};

class FunctionRegistry {
public:
    static FunctionRegistry &instance(); // all built-in functions registered on first use

    void add(FunctionInfo info);
    void addAlias(const std::string &alias, const std::string &target);
    // Case-insensitive lookup (names are snake_case; ClickHouse camelCase aliases registered).
    const FunctionInfo *find(const std::string &name) const;
    std::vector<const FunctionInfo *> all() const;

    // Resolves `name` applying the NULL-wrapping rule above. Throws 46 for unknown names.
    BoundFunction resolve(const std::string &name, const std::vector<FunctionArg> &args, const FunctionContext &context) const;

private:
    std::unordered_map<std::string, FunctionInfo> m_functions;
    std::unordered_map<std::string, std::string> m_aliases;
};

// Each function family registers itself from its own file; FunctionRegistry::instance() calls these.
void registerArithmeticFunctions(FunctionRegistry &);
void registerComparisonFunctions(FunctionRegistry &);
void registerLogicalFunctions(FunctionRegistry &);
void registerConditionalFunctions(FunctionRegistry &);
void registerConversionFunctions(FunctionRegistry &);
void registerStringFunctions(FunctionRegistry &);
void registerRegexpFunctions(FunctionRegistry &);
void registerDateTimeFunctions(FunctionRegistry &);
void registerJsonFunctions(FunctionRegistry &);
void registerArrayFunctions(FunctionRegistry &);
void registerMapTupleFunctions(FunctionRegistry &);
void registerHashFunctions(FunctionRegistry &);
void registerMathFunctions(FunctionRegistry &);
void registerMiscFunctions(FunctionRegistry &); // uuid, ip, rand, to_type_name, ...

} // namespace tideline::engine
