#pragma once
// Helpers for the aggregate tests: build columns, resolve through the registry, run the
// single-place and grouped paths, and read results back.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/functions/AggregateFunction.h"

namespace tideline::engine::test {

template <typename T>
inline ColumnPtr numbers(TypeKind kind, std::vector<T> values)
{
    auto c = Column::create(makeType(kind));
    for (T v : values)
        c->push<T>(v);
    return c;
}
inline ColumnPtr ints(std::vector<int64_t> v) { return numbers<int64_t>(TypeKind::Int64, std::move(v)); }
inline ColumnPtr doubles(std::vector<double> v) { return numbers<double>(TypeKind::Float64, std::move(v)); }
inline ColumnPtr strings(std::vector<std::string> values)
{
    auto c = Column::create(makeType(TypeKind::String));
    for (const auto &s : values)
        c->pushString(s);
    return c;
}
// Nullable column from `values` with NULL where `nulls[i]`.
inline ColumnPtr withNulls(const ColumnPtr &values, std::vector<uint8_t> nulls)
{
    auto c = Column::create(makeNullable(values->type()));
    c->nullMap = nulls;
    c->children[0] = values->slice(0, values->size());
    c->setSize(values->size());
    return c;
}
inline ColumnPtr param(double v) { return numbers<double>(TypeKind::Float64, {v}); }

inline AggregateFunctionPtr resolve(const std::string &name, std::vector<ColumnPtr> args, std::vector<ColumnPtr> params = {}, bool retract = false)
{
    AggregateArgs a;
    for (auto &c : args)
        a.types.push_back(c->type());
    a.parameters = std::move(params);
    a.retract = retract;
    return AggregateRegistry::instance().resolve(name, a);
}

// One aggregate state in aligned memory.
struct State {
    explicit State(AggregateFunctionPtr f) : fn(std::move(f)), buffer(fn->stateSize() / 16 + 2) { fn->create(place()); }
    ~State() { fn->destroy(place()); }
    char *place() { return reinterpret_cast<char *>(buffer.data()); }
    void add(const std::vector<ColumnPtr> &args, const uint8_t *mask = nullptr)
    {
        auto ptrs = raw(args);
        fn->addBatchSinglePlace(args.empty() ? rowsOf : args[0]->size(), place(), ptrs.data(), mask);
    }
    void retract(const std::vector<ColumnPtr> &args)
    {
        auto ptrs = raw(args);
        std::vector<char *> places(args[0]->size(), place());
        fn->retractBatch(places.size(), places.data(), 0, ptrs.data(), nullptr);
    }
    ColumnPtr result()
    {
        auto out = Column::create(fn->returnType());
        fn->insertResult(place(), *out);
        return out;
    }
    static std::vector<const Column *> raw(const std::vector<ColumnPtr> &args)
    {
        std::vector<const Column *> p;
        for (auto &c : args)
            p.push_back(c.get());
        p.push_back(nullptr);
        return p;
    }
    AggregateFunctionPtr fn;
    std::vector<std::max_align_t> buffer;
    size_t rowsOf = 0;
};

// Runs the whole batch into one place and returns the one-row result.
inline ColumnPtr single(const AggregateFunctionPtr &fn, const std::vector<ColumnPtr> &args)
{
    State s(fn);
    s.add(args);
    return s.result();
}

// Runs the grouped path: row i goes to group groups[i]; returns one result row per group.
inline ColumnPtr grouped(const AggregateFunctionPtr &fn, const std::vector<ColumnPtr> &args, const std::vector<size_t> &groups, size_t groupCount)
{
    std::vector<std::unique_ptr<State>> states;
    for (size_t g = 0; g < groupCount; ++g)
        states.push_back(std::make_unique<State>(fn));
    std::vector<char *> places;
    for (size_t g : groups)
        places.push_back(states[g]->place());
    auto ptrs = State::raw(args);
    fn->addBatch(places.size(), places.data(), 0, ptrs.data(), nullptr);
    auto out = Column::create(fn->returnType());
    for (auto &s : states)
        fn->insertResult(s->place(), *out);
    return out;
}

// Splits the input in two states, merges them, returns the result.
inline ColumnPtr merged(const AggregateFunctionPtr &fn, const std::vector<ColumnPtr> &args, size_t split)
{
    State a(fn), b(fn);
    std::vector<ColumnPtr> first, second;
    for (auto &c : args) {
        first.push_back(c->slice(0, split));
        second.push_back(c->slice(split, c->size() - split));
    }
    a.add(first);
    b.add(second);
    fn->merge(a.place(), b.place());
    return a.result();
}

template <typename T>
T valueAt(const ColumnPtr &c, size_t row = 0)
{
    const Column &v = c->type()->isNullable() ? c->nested() : *c;
    return v.data<T>()[row];
}
inline std::string stringAt(const ColumnPtr &c, size_t row = 0)
{
    const Column &v = c->type()->isNullable() ? c->nested() : *c;
    return std::string(v.stringAt(row));
}
// Elements of array row `row` as int64 (elements of any integer type) or via a callback.
inline std::vector<int64_t> intArray(const ColumnPtr &c, size_t row = 0)
{
    std::vector<int64_t> out;
    const Column &e = c->nested();
    for (uint64_t i = c->arrayBegin(row); i < c->arrayEnd(row); ++i)
        out.push_back(e.type()->kind == TypeKind::UInt64 ? static_cast<int64_t>(e.data<uint64_t>()[i]) : e.data<int64_t>()[i]);
    return out;
}

template <typename F>
int errorCode(F &&f)
{
    try {
        f();
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

} // namespace tideline::engine::test
