#pragma once
// Aggregate functions. State lives in memory the caller owns (an arena row per group):
// create() constructs it in place, destroy() releases what it owns. The batch entry points take
// whole argument columns; `places[i]` is the state of row i's group (group-by), or a single
// place for the whole batch (no group-by). This is ClickHouse's IAggregateFunction shape, which
// keeps the hot loop free of per-row virtual calls.
//
// Retraction (changelog input, `_tp_delta = -1`) is part of the streaming issue: an aggregate
// that supports it overrides retractBatch(); others report supportsRetract() == false and the
// planner rejects them with NOT_IMPLEMENTED (48).

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/column/Column.h"

namespace tideline::engine {

class AggregateFunction {
public:
    virtual ~AggregateFunction() = default;

    virtual std::string name() const = 0;
    virtual DataTypePtr returnType() const = 0;
    virtual size_t stateSize() const = 0;
    virtual size_t stateAlign() const { return alignof(std::max_align_t); }
    virtual void create(char *place) const = 0;
    virtual void destroy(char *place) const noexcept = 0;
    virtual bool trivialDestroy() const { return false; }

    // For rows [0, rows) with mask[i] != 0 (mask may be null): add args row i to places[i] + offset.
    virtual void addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const = 0;
    // Same, all rows into one place.
    virtual void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const = 0;
    virtual void merge(char *place, const char *other) const = 0;
    // Appends the final value of the state to `out` (a column of returnType()).
    virtual void insertResult(const char *place, Column &out) const = 0;

    virtual bool supportsRetract() const { return false; }
    virtual void retractBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const {}
};
using AggregateFunctionPtr = std::shared_ptr<const AggregateFunction>;

struct AggregateArgs {
    std::vector<DataTypePtr> types;        // argument types
    std::vector<ColumnPtr> parameters;     // constant parameters: quantile(0.9)(x), or trailing constant args (top_k(x, 10))
    // The input is a changelog (_tp_delta): ask for the retractable variant. min/max, arg_min/arg_max
    // keep a bounded multiset of values only when this is set, so plain queries keep their fast state.
    bool retract = false;
};

// Throws EngineError (43, 42, 36).
using AggregateResolver = std::function<AggregateFunctionPtr(const AggregateArgs &args)>;

struct AggregateInfo {
    std::string name;
    AggregateResolver resolve;
    std::string signature;
    std::string doc;
    // How many trailing constant arguments are parameters (top_k(x, 10): 1; quantile(x, 0.9): 1).
    // Parameters always follow the first argument: the binder moves up to this many consecutive
    // constant arguments after argument 0 into AggregateArgs::parameters (top_k(x, 10, false): 2;
    // min_k(x, 3, ctx...): 1, so the context columns stay arguments).
    size_t trailingParameters = 0;
    bool retractable = false;
    // NULL-only input gives the function's default (count, unique*: 0) and the result is never
    // made nullable by the NULL adapter.
    bool defaultOnNull = false;
};

class AggregateRegistry {
public:
    static AggregateRegistry &instance();
    void add(AggregateInfo info);
    void addAlias(const std::string &alias, const std::string &target);
    // Finds `name`, also through the combinators _if, _distinct (and both): count_if, sum_distinct,
    // unique_exact_if, count_distinct. False when unknown (not an aggregate).
    bool isAggregate(const std::string &name) const;
    // Throws 63 for unknown names. Combinators are applied here, outermost first: _if (the last
    // argument is the condition, NULL counts as false), then the NULL adapter (nullable arguments
    // are unwrapped, rows with a NULL argument skipped, the result made nullable unless the
    // function is defaultOnNull or returns an array/tuple/map), then _distinct.
    // `count(DISTINCT x)` is not seen here as such: the binder turns the DISTINCT flag of any
    // aggregate call into the _distinct suffix, i.e. resolve("count_distinct", ...).
    AggregateFunctionPtr resolve(const std::string &name, const AggregateArgs &args) const;
    const AggregateInfo *find(const std::string &name) const;
    std::vector<const AggregateInfo *> all() const;

private:
    std::unordered_map<std::string, AggregateInfo> m_functions;
    std::unordered_map<std::string, std::string> m_aliases;
};

} // namespace tideline::engine
