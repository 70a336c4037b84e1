#pragma once
// Shared machinery of the aggregate families (internal to engine/functions/aggregates/).
//
// AggregateBase<State, Derived> implements the AggregateFunction plumbing once: the state is a
// C++ object constructed in the caller's memory, and the batch entry points loop over rows
// calling Derived's non-virtual add()/retract(), so a family writes only its per-row logic and
// the compiler inlines it into one loop per (function, physical type).
//
// Key operations (KeyOps) give the families one way to read a row into a C++ value, write it
// back to a column, order it and hash it: NumOps<T> for fixed-width numbers (through
// dispatchNumeric), StrOps for strings, FixedOps for fixed_string, and CodecOps for everything
// else (arrays, maps, tuples, 256-bit) as an opaque byte encoding that supports equality and
// hashing but not ordering.

#include <cmath>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/column/TypeDispatch.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

// Families register into the registry from their own files.
void registerSumCountAvg(AggregateRegistry &registry);
void registerStatistics(AggregateRegistry &registry);
void registerMinMax(AggregateRegistry &registry);
void registerArgMinMax(AggregateRegistry &registry);
void registerUniq(AggregateRegistry &registry);
void registerQuantile(AggregateRegistry &registry);
void registerTopK(AggregateRegistry &registry);
void registerGroupArray(AggregateRegistry &registry);

namespace agg {

// ---- combinators (Combinators.cpp), applied by AggregateRegistry::resolve() ------------------

// `_if`: the last argument (uint8/bool, possibly nullable; NULL is false) filters rows.
// `conditionIndex` is the number of the nested function's own arguments.
AggregateFunctionPtr makeIfCombinator(AggregateFunctionPtr nested, size_t conditionIndex, const DataTypePtr &conditionType);
// Unwraps the nullable arguments (`nullableArgs[i]`), skips rows where any is NULL, and makes the
// result nullable (NULL when no row was added) when `nullableResult`.
AggregateFunctionPtr makeNullAdapter(AggregateFunctionPtr nested, std::vector<bool> nullableArgs, bool nullableResult);
// `_distinct`: feeds each distinct argument tuple to `nested` once, when the result is built.
AggregateFunctionPtr makeDistinctCombinator(AggregateFunctionPtr nested, std::vector<DataTypePtr> argTypes);
// f(NULL) for functions that are not defaultOnNull: always NULL, of type nullable(nothing).
AggregateFunctionPtr makeNothingAggregate(const std::string &name);

// ClickHouse's Proton setting `retract_max`: how many distinct values retractable min/max keep.
inline constexpr size_t kRetractMax = 10000;

// ---- value codec: a self-delimiting byte encoding of one row of any type -------------------

void encodeValue(const Column &col, size_t row, std::string &out);
// Decodes one value from the front of `in` (advancing it) and appends it to `col`.
void decodeValue(Column &col, std::string_view &in);

// ---- argument checks -------------------------------------------------------------------------

[[noreturn]] void illegalType(const std::string &fn, const DataTypePtr &type);
void expectArgs(const std::string &fn, const AggregateArgs &args, size_t min, size_t max);
// Reads parameter `i` as a number; `fallback` when absent. Throws 36 for a non-numeric value.
double numericParameter(const std::string &fn, const AggregateArgs &args, size_t i, double fallback);
bool isComparableKind(const DataType &type);

// Appends one array row built by `fill(elementColumn)` to an array column.
template <typename F>
void pushArray(Column &out, F &&fill)
{
    fill(*out.children[0]);
    out.offsets.push_back(out.children[0]->size());
    out.setSize(out.size() + 1);
}

// ---- key operations --------------------------------------------------------------------------

template <typename T>
struct NumOps {
    using Key = T;
    using View = T;
    static constexpr bool ordered = true;
    static Key read(const Column &c, size_t row) { return c.data<T>()[row]; }
    static View view(const Column &c, size_t row) { return c.data<T>()[row]; }
    static void write(Column &out, const Key &k) { out.push<T>(k); }
    static bool less(const Key &a, const Key &b)
    {
        if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(a) || std::isnan(b)) // NaN sorts after numbers, as in ClickHouse
                return !std::isnan(a);
        }
        return a < b;
    }
};

struct StrOps {
    using Key = std::string;
    using View = std::string_view; // compared without copying; copied into Key only when kept
    static constexpr bool ordered = true;
    static Key read(const Column &c, size_t row) { return std::string(c.stringAt(row)); }
    static View view(const Column &c, size_t row) { return c.stringAt(row); }
    static void write(Column &out, const Key &k) { out.pushString(k); }
    static bool less(View a, View b) { return a < b; }
};

struct FixedOps {
    using Key = std::string;
    using View = std::string_view;
    static constexpr bool ordered = true;
    static Key read(const Column &c, size_t row) { return std::string(view(c, row)); }
    static View view(const Column &c, size_t row)
    {
        size_t w = c.type()->fixedSize;
        return {reinterpret_cast<const char *>(c.fixed.data()) + row * w, w};
    }
    static void write(Column &out, const Key &k) { out.pushFixedBytes(k.data(), k.size()); }
    static bool less(View a, View b) { return a < b; }
};

struct CodecOps {
    using Key = std::string;
    using View = std::string;
    static constexpr bool ordered = false;
    static View view(const Column &c, size_t row) { return read(c, row); }
    static Key read(const Column &c, size_t row)
    {
        std::string s;
        encodeValue(c, row, s);
        return s;
    }
    static void write(Column &out, const Key &k)
    {
        std::string_view in = k;
        decodeValue(out, in);
    }
    static bool less(const Key &a, const Key &b) { return a < b; }
};

// Orders keys of an ordered Ops in std::map.
template <typename Ops>
struct OpsLess {
    bool operator()(const typename Ops::Key &a, const typename Ops::Key &b) const { return Ops::less(a, b); }
};

// A counted multiset of (key, encoded extra) pairs ordered by key then bytes: the state of the
// retractable arg_min/arg_max and of min_k/max_k (extra = encoded arg or context columns).
template <typename Ops>
struct PairLess {
    using Pair = std::pair<typename Ops::Key, std::string>;
    bool operator()(const Pair &a, const Pair &b) const
    {
        if (Ops::less(a.first, b.first))
            return true;
        if (Ops::less(b.first, a.first))
            return false;
        return a.second < b.second;
    }
};
template <typename Ops>
using PairSet = std::map<std::pair<typename Ops::Key, std::string>, uint64_t, PairLess<Ops>>;

// Hash and equality for keys in unordered containers: bitwise for numbers (so NaN finds itself
// and 128-bit integers need no std::hash), with -0.0 folded into 0.0.
struct KeyHash {
    template <typename K>
    size_t operator()(const K &k) const
    {
        if constexpr (std::is_same_v<K, std::string>) {
            return std::hash<std::string_view>{}(k);
        } else {
            K v = k;
            if constexpr (std::is_floating_point_v<K>)
                if (v == 0)
                    v = 0;
            uint64_t words[2] = {0, 0};
            std::memcpy(words, &v, sizeof(K));
            uint64_t h = words[0] * 0x9e3779b97f4a7c15ULL ^ (words[1] + 0x632be59bd9b4e019ULL);
            return static_cast<size_t>(h ^ (h >> 29));
        }
    }
};
struct KeyEq {
    template <typename K>
    bool operator()(const K &a, const K &b) const
    {
        if constexpr (std::is_floating_point_v<K>)
            return a == b || std::memcmp(&a, &b, sizeof(K)) == 0;
        else
            return a == b;
    }
};

// Calls f.template operator()<Ops>() with the ordered key operations of `type` (numbers,
// dates, decimals, uuid, ip, enums, strings, fixed strings). Returns false for other types.
template <typename F>
bool dispatchOrderedKey(const DataType &type, F &&f)
{
    if (type.kind == TypeKind::String) {
        f.template operator()<StrOps>();
        return true;
    }
    if (type.kind == TypeKind::FixedString) {
        f.template operator()<FixedOps>();
        return true;
    }
    return dispatchNumeric(type.kind, [&]<typename T>() { f.template operator()<NumOps<T>>(); });
}

// Like dispatchOrderedKey, falling back to CodecOps for every other type.
template <typename F>
void dispatchAnyKey(const DataType &type, F &&f)
{
    if (!dispatchOrderedKey(type, f))
        f.template operator()<CodecOps>();
}

// ---- the CRTP base ---------------------------------------------------------------------------

template <typename State, typename Derived>
class AggregateBase : public AggregateFunction {
public:
    explicit AggregateBase(std::string name, DataTypePtr result) : m_name(std::move(name)), m_result(std::move(result)) {}

    std::string name() const override { return m_name; }
    DataTypePtr returnType() const override { return m_result; }
    size_t stateSize() const override { return sizeof(State); }
    size_t stateAlign() const override { return alignof(State); }
    void create(char *place) const override { new (place) State(); }
    void destroy(char *place) const noexcept override { st(place).~State(); }
    bool trivialDestroy() const override { return std::is_trivially_destructible_v<State>; }

    void addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        auto reader = self().reader(args);
        for (size_t i = 0; i < rows; ++i)
            if (!mask || mask[i])
                self().add(st(places[i] + offset), reader, i);
    }
    void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const override
    {
        auto reader = self().reader(args);
        State &s = st(place);
        for (size_t i = 0; i < rows; ++i)
            if (!mask || mask[i])
                self().add(s, reader, i);
    }
    void merge(char *place, const char *other) const override { self().mergeState(st(place), cst(other)); }
    void insertResult(const char *place, Column &out) const override { self().result(cst(place), out); }

    void retractBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        if constexpr (requires(const Derived &d, State &s, decltype(d.reader(args)) r) { d.retract(s, r, size_t{}); }) {
            auto reader = self().reader(args);
            for (size_t i = 0; i < rows; ++i)
                if (!mask || mask[i])
                    self().retract(st(places[i] + offset), reader, i);
        }
    }

    // Default reader: the argument columns themselves.
    const Column **reader(const Column **args) const { return args; }

    static State &st(char *p) { return *std::launder(reinterpret_cast<State *>(p)); }
    static const State &cst(const char *p) { return *std::launder(reinterpret_cast<const State *>(p)); }

protected:
    const Derived &self() const { return static_cast<const Derived &>(*this); }
    std::string m_name;
    DataTypePtr m_result;
};

} // namespace agg
} // namespace tideline::engine
