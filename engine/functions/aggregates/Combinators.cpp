// The -If, -Distinct and NULL-adapter combinators. They wrap another AggregateFunction and act
// on whole batches (building a row mask once per batch), so they add no per-row virtual call.
#include <algorithm>
#include <unordered_map>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine::agg {
namespace {

// Base for wrappers whose state is the nested state at some offset.
class Wrapper : public AggregateFunction {
public:
    explicit Wrapper(AggregateFunctionPtr nested) : m_nested(std::move(nested)) {}
    size_t stateSize() const override { return m_nested->stateSize(); }
    size_t stateAlign() const override { return m_nested->stateAlign(); }
    void create(char *place) const override { m_nested->create(place); }
    void destroy(char *place) const noexcept override { m_nested->destroy(place); }
    bool trivialDestroy() const override { return m_nested->trivialDestroy(); }
    void merge(char *place, const char *other) const override { m_nested->merge(place, other); }
    void insertResult(const char *place, Column &out) const override { m_nested->insertResult(place, out); }
    bool supportsRetract() const override { return m_nested->supportsRetract(); }

protected:
    AggregateFunctionPtr m_nested;
};

// ---- _if -------------------------------------------------------------------------------------

class IfCombinator final : public Wrapper {
public:
    IfCombinator(AggregateFunctionPtr nested, size_t conditionIndex) : Wrapper(std::move(nested)), m_cond(conditionIndex) {}
    std::string name() const override { return m_nested->name() + "_if"; }
    DataTypePtr returnType() const override { return m_nested->returnType(); }

    void addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        m_nested->addBatch(rows, places, offset, args, filter(m, rows, args, mask));
    }
    void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        m_nested->addBatchSinglePlace(rows, place, args, filter(m, rows, args, mask));
    }
    void retractBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        m_nested->retractBatch(rows, places, offset, args, filter(m, rows, args, mask));
    }

private:
    // A NULL condition is false; the nested function never sees the condition column.
    const uint8_t *filter(std::vector<uint8_t> &m, size_t rows, const Column **args, const uint8_t *mask) const
    {
        const Column &c = *args[m_cond];
        const uint8_t *nulls = c.type()->isNullable() ? c.nullMap.data() : nullptr;
        const uint8_t *cond = (nulls ? c.nested() : c).data<uint8_t>();
        m.resize(rows);
        for (size_t i = 0; i < rows; ++i)
            m[i] = (!mask || mask[i]) && cond[i] && !(nulls && nulls[i]);
        return m.data();
    }
    size_t m_cond;
};

// ---- NULL adapter --------------------------------------------------------------------------

class NullAdapter final : public AggregateFunction {
public:
    NullAdapter(AggregateFunctionPtr nested, std::vector<bool> nullableArgs, bool nullableResult)
        : m_nested(std::move(nested)), m_nullableArgs(std::move(nullableArgs)), m_nullableResult(nullableResult)
    {
        // One flag byte ("some row was added") in front of the nested state, kept aligned.
        m_offset = std::max<size_t>(1, m_nested->stateAlign());
    }
    std::string name() const override { return m_nested->name(); }
    DataTypePtr returnType() const override { return m_nullableResult ? makeNullable(m_nested->returnType()) : m_nested->returnType(); }
    size_t stateSize() const override { return m_offset + m_nested->stateSize(); }
    size_t stateAlign() const override { return m_nested->stateAlign(); }
    void create(char *place) const override
    {
        place[0] = 0;
        m_nested->create(place + m_offset);
    }
    void destroy(char *place) const noexcept override { m_nested->destroy(place + m_offset); }
    bool trivialDestroy() const override { return m_nested->trivialDestroy(); }
    bool supportsRetract() const override { return m_nested->supportsRetract(); }

    void addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        std::vector<const Column *> inner;
        const uint8_t *keep = unwrap(m, inner, rows, args, mask);
        m_nested->addBatch(rows, places, offset + m_offset, inner.data(), keep);
        for (size_t i = 0; i < rows; ++i)
            if (keep[i])
                places[i][offset] = 1;
    }
    void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        std::vector<const Column *> inner;
        const uint8_t *keep = unwrap(m, inner, rows, args, mask);
        m_nested->addBatchSinglePlace(rows, place + m_offset, inner.data(), keep);
        if (std::any_of(keep, keep + rows, [](uint8_t k) { return k != 0; }))
            place[0] = 1;
    }
    void retractBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override
    {
        std::vector<uint8_t> m;
        std::vector<const Column *> inner;
        const uint8_t *keep = unwrap(m, inner, rows, args, mask);
        m_nested->retractBatch(rows, places, offset + m_offset, inner.data(), keep);
    }
    void merge(char *place, const char *other) const override
    {
        place[0] |= other[0];
        m_nested->merge(place + m_offset, other + m_offset);
    }
    void insertResult(const char *place, Column &out) const override
    {
        if (!m_nullableResult) {
            m_nested->insertResult(place + m_offset, out);
        } else if (place[0]) {
            m_nested->insertResult(place + m_offset, *out.children[0]);
            out.nullMap.push_back(0);
            out.setSize(out.size() + 1);
        } else {
            out.pushDefault();
        }
    }

private:
    const uint8_t *unwrap(std::vector<uint8_t> &m, std::vector<const Column *> &inner, size_t rows, const Column **args, const uint8_t *mask) const
    {
        m.assign(rows, 1);
        if (mask)
            std::copy(mask, mask + rows, m.begin());
        inner.resize(m_nullableArgs.size());
        for (size_t a = 0; a < m_nullableArgs.size(); ++a) {
            const Column *c = args[a];
            if (c->type()->isNullable()) {
                for (size_t i = 0; i < rows; ++i)
                    m[i] = m[i] && !c->nullMap[i];
                c = &c->nested();
            }
            inner[a] = c;
        }
        return m.data();
    }

    AggregateFunctionPtr m_nested;
    std::vector<bool> m_nullableArgs;
    bool m_nullableResult;
    size_t m_offset;
};

// ---- _distinct -------------------------------------------------------------------------------

struct DistinctEntry {
    uint64_t count = 0;
    uint64_t seq = 0; // first-seen order, so order-dependent nested functions stay meaningful
};
struct DistinctState {
    std::unordered_map<std::string, DistinctEntry> values;
    uint64_t next = 0;
    void add(const std::string &key, uint64_t n)
    {
        auto &e = values[key];
        if (e.count == 0)
            e.seq = next++;
        e.count += n;
    }
};

class DistinctCombinator final : public AggregateBase<DistinctState, DistinctCombinator> {
public:
    DistinctCombinator(AggregateFunctionPtr nested, std::vector<DataTypePtr> types)
        : AggregateBase(nested->name() + "_distinct", nested->returnType()), m_nested(std::move(nested)), m_types(std::move(types)) {}

    // Retraction decrements the tuple's count; the nested function only sees the survivors.
    bool supportsRetract() const override { return m_nested->supportsRetract(); }
    void add(DistinctState &s, const Column **args, size_t row) const { s.add(key(args, row), 1); }
    void retract(DistinctState &s, const Column **args, size_t row) const
    {
        auto it = s.values.find(key(args, row));
        if (it != s.values.end() && --it->second.count == 0)
            s.values.erase(it);
    }
    void mergeState(DistinctState &s, const DistinctState &o) const
    {
        for (const auto *e : ordered(o))
            s.add(e->first, e->second.count);
    }
    void result(const DistinctState &s, Column &out) const;

private:
    std::string key(const Column **args, size_t row) const
    {
        std::string k;
        for (size_t a = 0; a < m_types.size(); ++a)
            encodeValue(*args[a], row, k);
        return k;
    }
    static std::vector<const std::pair<const std::string, DistinctEntry> *> ordered(const DistinctState &s)
    {
        std::vector<const std::pair<const std::string, DistinctEntry> *> out;
        for (const auto &e : s.values)
            out.push_back(&e);
        std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->second.seq < b->second.seq; });
        return out;
    }
    AggregateFunctionPtr m_nested;
    std::vector<DataTypePtr> m_types;
};

// The nested state is built only here, from the distinct tuples, so merge and retraction never
// need to undo what the nested function saw.
void DistinctCombinator::result(const DistinctState &s, Column &out) const
{
    std::vector<MutableColumnPtr> cols;
    for (const auto &t : m_types)
        cols.push_back(Column::create(t, s.values.size()));
    for (const auto *e : ordered(s)) {
        std::string_view in = e->first;
        for (auto &c : cols)
            decodeValue(*c, in);
    }
    std::vector<const Column *> args;
    for (auto &c : cols)
        args.push_back(c.get());
    std::vector<std::max_align_t> buffer((m_nested->stateSize() + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t) + 1);
    char *place = reinterpret_cast<char *>(buffer.data());
    m_nested->create(place);
    m_nested->addBatchSinglePlace(s.values.size(), place, args.data(), nullptr);
    m_nested->insertResult(place, out);
    m_nested->destroy(place);
}

// ---- f(NULL) ---------------------------------------------------------------------------------

class NothingAggregate final : public AggregateBase<uint8_t, NothingAggregate> {
public:
    using AggregateBase::AggregateBase;
    void add(uint8_t &, const Column **, size_t) const {}
    void mergeState(uint8_t &, const uint8_t &) const {}
    void result(const uint8_t &, Column &out) const { out.pushDefault(); }
};

} // namespace

AggregateFunctionPtr makeIfCombinator(AggregateFunctionPtr nested, size_t conditionIndex, const DataTypePtr &conditionType)
{
    const DataTypePtr &t = conditionType->inner(conditionType);
    if (t->kind != TypeKind::UInt8 && t->kind != TypeKind::Bool)
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + conditionType->name() + " of last argument for aggregate function with _if suffix: must be bool or uint8");
    return std::make_shared<IfCombinator>(std::move(nested), conditionIndex);
}

AggregateFunctionPtr makeNullAdapter(AggregateFunctionPtr nested, std::vector<bool> nullableArgs, bool nullableResult)
{
    return std::make_shared<NullAdapter>(std::move(nested), std::move(nullableArgs), nullableResult);
}

AggregateFunctionPtr makeDistinctCombinator(AggregateFunctionPtr nested, std::vector<DataTypePtr> argTypes)
{
    return std::make_shared<DistinctCombinator>(std::move(nested), std::move(argTypes));
}

AggregateFunctionPtr makeNothingAggregate(const std::string &name)
{
    return std::make_shared<NothingAggregate>(name, makeNullable(makeType(TypeKind::Nothing)));
}

} // namespace tideline::engine::agg
