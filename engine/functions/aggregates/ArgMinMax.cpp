// arg_min(arg, val) / arg_max(arg, val): the arg of the row with the smallest/largest val.
// val is read through ordered key ops; arg is kept encoded (any type) and decoded only for the
// result, so one instantiation per val type serves every arg type. Ties keep the first row.
#include <map>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

template <typename Ops>
struct ArgState {
    typename Ops::Key value{};
    std::string arg;
    bool has = false;
};

template <typename Ops, bool IsMax>
class ArgMinMax final : public AggregateBase<ArgState<Ops>, ArgMinMax<Ops, IsMax>> {
    using Base = AggregateBase<ArgState<Ops>, ArgMinMax<Ops, IsMax>>;
    using State = ArgState<Ops>;

public:
    using Base::Base;
    void add(State &s, const Column **args, size_t i) const
    {
        if (s.has) {
            auto v = Ops::view(*args[1], i);
            if (!(IsMax ? Ops::less(s.value, v) : Ops::less(v, s.value)))
                return;
        }
        s.value = Ops::read(*args[1], i);
        s.arg.clear();
        encodeValue(*args[0], i, s.arg);
        s.has = true;
    }
    void mergeState(State &s, const State &o) const
    {
        if (o.has && (!s.has || (IsMax ? Ops::less(s.value, o.value) : Ops::less(o.value, s.value))))
            s = o;
    }
    void result(const State &s, Column &out) const
    {
        if (s.has)
            CodecOps::write(out, s.arg);
        else
            out.pushDefault();
    }
};

// Retractable variant: a counted multiset of (val, arg) pairs, bounded like min/max.
template <typename Ops, bool IsMax>
class RetractArgMinMax final : public AggregateBase<PairSet<Ops>, RetractArgMinMax<Ops, IsMax>> {
    using Base = AggregateBase<PairSet<Ops>, RetractArgMinMax<Ops, IsMax>>;
    using State = PairSet<Ops>;

public:
    using Base::Base;
    bool supportsRetract() const override { return true; }
    void add(State &s, const Column **args, size_t i) const
    {
        ++s[key(args, i)];
        while (s.size() > kRetractMax)
            s.erase(IsMax ? s.begin() : std::prev(s.end()));
    }
    void retract(State &s, const Column **args, size_t i) const
    {
        auto it = s.find(key(args, i));
        if (it != s.end() && --it->second == 0)
            s.erase(it);
    }
    void mergeState(State &s, const State &o) const
    {
        for (const auto &[k, n] : o)
            s[k] += n;
        while (s.size() > kRetractMax)
            s.erase(IsMax ? s.begin() : std::prev(s.end()));
    }
    void result(const State &s, Column &out) const
    {
        if (s.empty())
            out.pushDefault();
        else
            CodecOps::write(out, IsMax ? s.rbegin()->first.second : s.begin()->first.second);
    }

private:
    static typename State::key_type key(const Column **args, size_t i)
    {
        std::string arg;
        encodeValue(*args[0], i, arg);
        return {Ops::read(*args[1], i), std::move(arg)};
    }
};

template <bool IsMax>
AggregateFunctionPtr resolveArg(const std::string &name, const AggregateArgs &args)
{
    expectArgs(name, args, 2, 2);
    AggregateFunctionPtr fn;
    const DataTypePtr &result = args.types[0];
    bool ok = isComparableKind(*args.types[1]) && dispatchOrderedKey(*args.types[1], [&]<typename Ops>() {
        if (args.retract)
            fn = std::make_shared<RetractArgMinMax<Ops, IsMax>>(name, result);
        else
            fn = std::make_shared<ArgMinMax<Ops, IsMax>>(name, result);
    });
    if (!ok)
        illegalType(name, args.types[1]);
    return fn;
}

} // namespace

void registerArgMinMax(AggregateRegistry &registry)
{
    registry.add({.name = "arg_min", .resolve = [](const AggregateArgs &a) { return resolveArg<false>("arg_min", a); },
                  .signature = "arg_min(arg, val)", .doc = "arg of the row with the smallest val", .retractable = true});
    registry.add({.name = "arg_max", .resolve = [](const AggregateArgs &a) { return resolveArg<true>("arg_max", a); },
                  .signature = "arg_max(arg, val)", .doc = "arg of the row with the largest val", .retractable = true});
}

} // namespace tideline::engine
