// group_array(x[, max_size]) and group_uniq_array(x[, max_size]).
// group_uniq_array counts each value so it can be retracted (changelog input): a value leaves
// the array when its count drops to zero. Output is in first-seen order.
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

size_t readMaxSize(const std::string &name, const AggregateArgs &args)
{
    double n = numericParameter(name, args, 0, static_cast<double>(std::numeric_limits<uint32_t>::max()));
    if (!(n >= 1))
        fail(ErrorCode::ArgumentOutOfBound, "max_size of " + name + " must be positive");
    return static_cast<size_t>(n);
}

template <typename Ops>
class GroupArray final : public AggregateBase<std::vector<typename Ops::Key>, GroupArray<Ops>> {
    using State = std::vector<typename Ops::Key>;
    using Base = AggregateBase<State, GroupArray<Ops>>;

public:
    GroupArray(DataTypePtr result, size_t maxSize) : Base("group_array", std::move(result)), m_max(maxSize) {}
    const Column *reader(const Column **args) const { return args[0]; }
    void add(State &s, const Column *c, size_t i) const
    {
        if (s.size() < m_max)
            s.push_back(Ops::read(*c, i));
    }
    void mergeState(State &s, const State &o) const
    {
        for (size_t i = 0; i < o.size() && s.size() < m_max; ++i)
            s.push_back(o[i]);
    }
    void result(const State &s, Column &out) const
    {
        pushArray(out, [&](Column &elements) {
            for (const auto &v : s)
                Ops::write(elements, v);
        });
    }

private:
    size_t m_max;
};

struct Seen {
    uint64_t count = 0;
    uint64_t seq = 0;
};
template <typename Ops>
struct UniqState {
    std::unordered_map<typename Ops::Key, Seen, KeyHash, KeyEq> values;
    uint64_t next = 0;
};

template <typename Ops>
class GroupUniqArray final : public AggregateBase<UniqState<Ops>, GroupUniqArray<Ops>> {
    using State = UniqState<Ops>;
    using Base = AggregateBase<State, GroupUniqArray<Ops>>;

public:
    GroupUniqArray(DataTypePtr result, size_t maxSize) : Base("group_uniq_array", std::move(result)), m_max(maxSize) {}
    bool supportsRetract() const override { return true; }
    const Column *reader(const Column **args) const { return args[0]; }
    void add(State &s, const Column *c, size_t i) const { bump(s, Ops::read(*c, i), 1); }
    void retract(State &s, const Column *c, size_t i) const
    {
        auto it = s.values.find(Ops::read(*c, i));
        if (it != s.values.end() && --it->second.count == 0)
            s.values.erase(it);
    }
    void mergeState(State &s, const State &o) const
    {
        for (const auto *e : ordered(o))
            bump(s, e->first, e->second.count);
    }
    void result(const State &s, Column &out) const
    {
        pushArray(out, [&](Column &elements) {
            size_t n = 0;
            for (const auto *e : ordered(s))
                if (n++ < m_max)
                    Ops::write(elements, e->first);
        });
    }

private:
    static void bump(State &s, const typename Ops::Key &key, uint64_t n)
    {
        auto [it, inserted] = s.values.try_emplace(key);
        if (inserted)
            it->second.seq = s.next++;
        it->second.count += n;
    }
    static std::vector<const std::pair<const typename Ops::Key, Seen> *> ordered(const State &s)
    {
        std::vector<const std::pair<const typename Ops::Key, Seen> *> out;
        for (const auto &e : s.values)
            out.push_back(&e);
        std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->second.seq < b->second.seq; });
        return out;
    }
    size_t m_max;
};

template <bool Uniq>
AggregateResolver groupResolver(std::string name)
{
    return [=](const AggregateArgs &args) -> AggregateFunctionPtr {
        expectArgs(name, args, 1, 1);
        const DataTypePtr &t = args.types[0];
        size_t maxSize = readMaxSize(name, args);
        AggregateFunctionPtr fn;
        dispatchAnyKey(*t, [&]<typename Ops>() {
            if constexpr (Uniq)
                fn = std::make_shared<GroupUniqArray<Ops>>(makeArray(t), maxSize);
            else
                fn = std::make_shared<GroupArray<Ops>>(makeArray(t), maxSize);
        });
        return fn;
    };
}

} // namespace

void registerGroupArray(AggregateRegistry &registry)
{
    registry.add({.name = "group_array", .resolve = groupResolver<false>("group_array"), .signature = "group_array(x[, max_size])",
                  .doc = "The values as an array, in arrival order", .trailingParameters = 1});
    registry.add({.name = "group_uniq_array", .resolve = groupResolver<true>("group_uniq_array"), .signature = "group_uniq_array(x[, max_size])",
                  .doc = "The distinct values as an array", .trailingParameters = 1, .retractable = true});
}

} // namespace tideline::engine
