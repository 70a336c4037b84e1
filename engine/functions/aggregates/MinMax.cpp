// min, max, any (first_value, earliest), any_last (last_value, latest).
// The plain state is one value plus a flag; the retractable min/max (AggregateArgs::retract)
// keeps a counted, ordered multiset of at most retract_max values instead, so a retracted
// minimum can be replaced by the next one.
#include <map>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

enum class Pick { Min, Max, First, Last };

template <typename Ops>
struct Holder {
    typename Ops::Key value{};
    bool has = false;
};

template <typename Ops, Pick P>
class SingleValue final : public AggregateBase<Holder<Ops>, SingleValue<Ops, P>> {
    using Base = AggregateBase<Holder<Ops>, SingleValue<Ops, P>>;
    using State = Holder<Ops>;

public:
    using Base::Base;
    const Column *reader(const Column **args) const { return args[0]; }
    void add(State &s, const Column *c, size_t i) const
    {
        if constexpr (P == Pick::First) {
            if (s.has)
                return;
        } else if constexpr (P == Pick::Min || P == Pick::Max) {
            if (s.has) {
                auto v = Ops::view(*c, i);
                if (!(P == Pick::Min ? Ops::less(v, s.value) : Ops::less(s.value, v)))
                    return;
            }
        }
        s.value = Ops::read(*c, i);
        s.has = true;
    }
    // `other` holds later rows than `s` (the merge order of partial states).
    void mergeState(State &s, const State &o) const
    {
        if (!o.has)
            return;
        bool take = !s.has || P == Pick::Last || (P == Pick::Min && Ops::less(o.value, s.value)) ||
                    (P == Pick::Max && Ops::less(s.value, o.value));
        if (take)
            s = o;
    }
    // No row: the type's default (0, ''), which is what ClickHouse returns for non-nullable input.
    void result(const State &s, Column &out) const
    {
        if (s.has)
            Ops::write(out, s.value);
        else
            out.pushDefault();
    }
};

// min/max over types without an ordered key (arrays, tuples, 256-bit): keeps a one-row column
// and compares with Column::compareAt.
struct ColumnHolder {
    MutableColumnPtr value;
};

class GenericMinMax final : public AggregateBase<ColumnHolder, GenericMinMax> {
public:
    GenericMinMax(std::string name, DataTypePtr type, bool isMax) : AggregateBase(std::move(name), std::move(type)), m_max(isMax) {}
    void add(ColumnHolder &s, const Column **args, size_t i) const { offer(s, *args[0], i); }
    void mergeState(ColumnHolder &s, const ColumnHolder &o) const
    {
        if (o.value)
            offer(s, *o.value, 0);
    }
    void result(const ColumnHolder &s, Column &out) const
    {
        if (s.value)
            out.pushFrom(*s.value, 0);
        else
            out.pushDefault();
    }

private:
    void offer(ColumnHolder &s, const Column &c, size_t row) const
    {
        if (s.value) {
            int cmp = c.compareAt(row, *s.value, 0);
            if (m_max ? cmp <= 0 : cmp >= 0)
                return;
        }
        auto v = Column::create(m_result);
        v->pushFrom(c, row);
        s.value = std::move(v);
    }
    bool m_max;
};

// ---- retractable min/max ---------------------------------------------------------------------

template <typename Ops>
using CountedSet = std::map<typename Ops::Key, uint64_t, OpsLess<Ops>>;

template <typename Ops, bool IsMax>
class RetractMinMax final : public AggregateBase<CountedSet<Ops>, RetractMinMax<Ops, IsMax>> {
    using Base = AggregateBase<CountedSet<Ops>, RetractMinMax<Ops, IsMax>>;
    using State = CountedSet<Ops>;

public:
    using Base::Base;
    const Column *reader(const Column **args) const { return args[0]; }
    void add(State &s, const Column *c, size_t i) const
    {
        ++s[Ops::read(*c, i)];
        trim(s);
    }
    void retract(State &s, const Column *c, size_t i) const
    {
        auto it = s.find(Ops::read(*c, i));
        if (it != s.end() && --it->second == 0)
            s.erase(it);
    }
    void mergeState(State &s, const State &o) const
    {
        for (const auto &[k, n] : o)
            s[k] += n;
        trim(s);
    }
    void result(const State &s, Column &out) const
    {
        if (s.empty())
            out.pushDefault();
        else
            Ops::write(out, IsMax ? s.rbegin()->first : s.begin()->first);
    }
    bool supportsRetract() const override { return true; }

private:
    // Beyond retract_max distinct values, the ones least likely to become the answer go
    // (the largest for min): as in Proton, the result is exact unless that many are retracted.
    static void trim(State &s)
    {
        while (s.size() > kRetractMax)
            s.erase(IsMax ? s.begin() : std::prev(s.end()));
    }
};

template <Pick P>
AggregateFunctionPtr resolveMinMax(const std::string &name, const AggregateArgs &args)
{
    expectArgs(name, args, 1, 1);
    const DataTypePtr &t = args.types[0];
    if (!isComparableKind(*t))
        illegalType(name, t);
    AggregateFunctionPtr fn;
    constexpr bool isMax = P == Pick::Max;
    bool ordered = dispatchOrderedKey(*t, [&]<typename Ops>() {
        if (args.retract)
            fn = std::make_shared<RetractMinMax<Ops, isMax>>(name, t);
        else
            fn = std::make_shared<SingleValue<Ops, P>>(name, t);
    });
    if (ordered)
        return fn;
    if (args.retract)
        fail(ErrorCode::NotImplemented, "Retraction of " + name + " over " + t->name() + " is not supported");
    return std::make_shared<GenericMinMax>(name, t, isMax);
}

template <Pick P>
AggregateFunctionPtr resolveAny(const std::string &name, const AggregateArgs &args)
{
    expectArgs(name, args, 1, 1);
    const DataTypePtr &t = args.types[0];
    AggregateFunctionPtr fn;
    dispatchAnyKey(*t, [&]<typename Ops>() { fn = std::make_shared<SingleValue<Ops, P>>(name, t); });
    return fn;
}

template <Pick P>
AggregateResolver resolver(const std::string &name)
{
    if constexpr (P == Pick::Min || P == Pick::Max)
        return [name](const AggregateArgs &args) { return resolveMinMax<P>(name, args); };
    else
        return [name](const AggregateArgs &args) { return resolveAny<P>(name, args); };
}

} // namespace

void registerMinMax(AggregateRegistry &registry)
{
    registry.add({.name = "min", .resolve = resolver<Pick::Min>("min"), .signature = "min(x)",
                  .doc = "Smallest value (strings compare bytewise)", .retractable = true});
    registry.add({.name = "max", .resolve = resolver<Pick::Max>("max"), .signature = "max(x)",
                  .doc = "Largest value (strings compare bytewise)", .retractable = true});
    registry.add({.name = "any", .resolve = resolver<Pick::First>("any"), .signature = "any(x)", .doc = "First non-NULL value seen"});
    registry.add({.name = "any_last", .resolve = resolver<Pick::Last>("any_last"), .signature = "any_last(x)", .doc = "Last non-NULL value seen"});
    registry.add({.name = "first_value", .resolve = resolver<Pick::First>("first_value"), .signature = "first_value(x)", .doc = "First non-NULL value seen"});
    registry.add({.name = "last_value", .resolve = resolver<Pick::Last>("last_value"), .signature = "last_value(x)", .doc = "Last non-NULL value seen"});
    registry.add({.name = "earliest", .resolve = resolver<Pick::First>("earliest"), .signature = "earliest(x)", .doc = "First value by arrival order"});
    registry.add({.name = "latest", .resolve = resolver<Pick::Last>("latest"), .signature = "latest(x)", .doc = "Last value by arrival order"});
}

} // namespace tideline::engine
