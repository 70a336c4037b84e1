// top_k / top_k_exact (most frequent values) and min_k / max_k (smallest / largest values).
#include <algorithm>
#include <unordered_map>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

size_t readK(const std::string &name, const AggregateArgs &args)
{
    double k = numericParameter(name, args, 0, 10);
    if (!(k >= 1 && k <= 1e6))
        fail(ErrorCode::ArgumentOutOfBound, "K of " + name + " must be between 1 and 1000000");
    return static_cast<size_t>(k);
}

// ---- top_k -----------------------------------------------------------------------------------

struct Frequency {
    uint64_t count = 0;
    uint64_t seq = 0; // first seen; breaks ties between equal counts
};
template <typename Ops>
struct TopKState {
    std::unordered_map<typename Ops::Key, Frequency, KeyHash, KeyEq> counts;
    uint64_t next = 0;
};

template <typename Ops>
class TopK final : public AggregateBase<TopKState<Ops>, TopK<Ops>> {
    using Base = AggregateBase<TopKState<Ops>, TopK<Ops>>;
    using State = TopKState<Ops>;
    using Entry = const std::pair<const typename Ops::Key, Frequency> *;

public:
    TopK(std::string name, DataTypePtr result, size_t k, bool withCount, size_t capacity)
        : Base(std::move(name), std::move(result)), m_k(k), m_withCount(withCount), m_capacity(capacity) {}
    const Column *reader(const Column **args) const { return args[0]; }
    void add(State &s, const Column *c, size_t i) const { bump(s, Ops::read(*c, i), 1); }
    void mergeState(State &s, const State &o) const
    {
        for (Entry e : ranked(o, o.counts.size()))
            bump(s, e->first, e->second.count);
    }
    void result(const State &s, Column &out) const
    {
        pushArray(out, [&](Column &elements) {
            for (Entry e : ranked(s, m_k)) {
                if (!m_withCount) {
                    Ops::write(elements, e->first);
                    continue;
                }
                Ops::write(*elements.children[0], e->first);
                elements.children[1]->push<uint64_t>(e->second.count);
                elements.setSize(elements.size() + 1);
            }
        });
    }

private:
    void bump(State &s, const typename Ops::Key &key, uint64_t n) const
    {
        auto [it, inserted] = s.counts.try_emplace(key);
        if (inserted)
            it->second.seq = s.next++;
        it->second.count += n;
        if (s.counts.size() > m_capacity)
            prune(s);
    }
    // The approximate top_k bounds its memory: past `capacity` distinct values it keeps the
    // more frequent half (a heavy-hitters sketch in spirit, like ClickHouse's SpaceSaving).
    void prune(State &s) const
    {
        auto keep = ranked(s, m_capacity / 2);
        std::unordered_map<typename Ops::Key, Frequency, KeyHash, KeyEq> kept;
        for (Entry e : keep)
            kept.emplace(e->first, e->second);
        s.counts = std::move(kept);
    }
    static std::vector<Entry> ranked(const State &s, size_t limit)
    {
        std::vector<Entry> all;
        all.reserve(s.counts.size());
        for (const auto &e : s.counts)
            all.push_back(&e);
        auto better = [](Entry a, Entry b) { return a->second.count != b->second.count ? a->second.count > b->second.count : a->second.seq < b->second.seq; };
        limit = std::min(limit, all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(limit), all.end(), better);
        all.resize(limit);
        return all;
    }
    size_t m_k;
    bool m_withCount;
    size_t m_capacity;
};

AggregateResolver topKResolver(std::string name, bool exact)
{
    return [=](const AggregateArgs &args) -> AggregateFunctionPtr {
        expectArgs(name, args, 1, 1);
        const DataTypePtr &t = args.types[0];
        size_t k = readK(name, args);
        bool withCount = numericParameter(name, args, 1, 1) != 0;
        DataTypePtr element = withCount ? makeTuple({t, makeType(TypeKind::UInt64)}) : t;
        size_t capacity = exact ? SIZE_MAX : std::max<size_t>(k * 64, 4096);
        AggregateFunctionPtr fn;
        dispatchAnyKey(*t, [&]<typename Ops>() { fn = std::make_shared<TopK<Ops>>(name, makeArray(element), k, withCount, capacity); });
        return fn;
    };
}

// ---- min_k / max_k ---------------------------------------------------------------------------

template <typename Ops, bool IsMax>
class MinMaxK final : public AggregateBase<PairSet<Ops>, MinMaxK<Ops, IsMax>> {
    using Base = AggregateBase<PairSet<Ops>, MinMaxK<Ops, IsMax>>;
    using State = PairSet<Ops>;

public:
    // `bound` distinct entries are kept: K normally, retract_max for changelog input.
    MinMaxK(std::string name, DataTypePtr result, size_t k, size_t contextArgs, size_t bound)
        : Base(std::move(name), std::move(result)), m_k(k), m_context(contextArgs), m_bound(bound) {}
    // Only the changelog variant keeps enough values to survive retraction.
    bool supportsRetract() const override { return m_bound > m_k || m_bound >= kRetractMax; }
    void add(State &s, const Column **args, size_t i) const
    {
        ++s[key(args, i)];
        trim(s);
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
        trim(s);
    }
    void result(const State &s, Column &out) const
    {
        pushArray(out, [&](Column &elements) {
            size_t emitted = 0;
            auto emit = [&](const auto &entry) {
                for (uint64_t n = 0; n < entry.second && emitted < m_k; ++n, ++emitted)
                    write(elements, entry.first);
            };
            if constexpr (IsMax)
                for (auto it = s.rbegin(); it != s.rend() && emitted < m_k; ++it)
                    emit(*it);
            else
                for (auto it = s.begin(); it != s.end() && emitted < m_k; ++it)
                    emit(*it);
        });
    }

private:
    typename State::key_type key(const Column **args, size_t i) const
    {
        std::string context;
        for (size_t a = 1; a <= m_context; ++a)
            encodeValue(*args[a], i, context);
        return {Ops::read(*args[0], i), std::move(context)};
    }
    void write(Column &elements, const typename State::key_type &k) const
    {
        if (m_context == 0)
            return Ops::write(elements, k.first);
        Ops::write(*elements.children[0], k.first);
        std::string_view in = k.second;
        for (size_t a = 1; a <= m_context; ++a)
            decodeValue(*elements.children[a], in);
        elements.setSize(elements.size() + 1);
    }
    void trim(State &s) const
    {
        while (s.size() > m_bound)
            s.erase(IsMax ? s.begin() : std::prev(s.end()));
    }
    size_t m_k;
    size_t m_context;
    size_t m_bound;
};

template <bool IsMax>
AggregateResolver minMaxKResolver(std::string name)
{
    return [=](const AggregateArgs &args) -> AggregateFunctionPtr {
        expectArgs(name, args, 1, 64);
        const DataTypePtr &t = args.types[0];
        size_t k = readK(name, args);
        size_t context = args.types.size() - 1;
        DataTypePtr element = t;
        if (context)
            element = makeTuple(args.types);
        size_t bound = args.retract ? std::max(k, kRetractMax) : k;
        AggregateFunctionPtr fn;
        bool ok = isComparableKind(*t) && dispatchOrderedKey(*t, [&]<typename Ops>() {
            fn = std::make_shared<MinMaxK<Ops, IsMax>>(name, makeArray(element), k, context, bound);
        });
        if (!ok)
            illegalType(name, t);
        return fn;
    };
}

} // namespace

void registerTopK(AggregateRegistry &registry)
{
    registry.add({.name = "top_k", .resolve = topKResolver("top_k", false), .signature = "top_k(x, K[, with_count = true])",
                  .doc = "The K most frequent values, as (value, count) tuples or values", .trailingParameters = 2});
    registry.add({.name = "top_k_exact", .resolve = topKResolver("top_k_exact", true), .signature = "top_k_exact(x, K[, with_count = true])",
                  .doc = "The K most frequent values, counted exactly", .trailingParameters = 2});
    registry.add({.name = "min_k", .resolve = minMaxKResolver<false>("min_k"), .signature = "min_k(x, K[, context...])",
                  .doc = "The K smallest values, ascending; tuples with the context columns", .trailingParameters = 1, .retractable = true});
    registry.add({.name = "max_k", .resolve = minMaxKResolver<true>("max_k"), .signature = "max_k(x, K[, context...])",
                  .doc = "The K largest values, descending; tuples with the context columns", .trailingParameters = 1, .retractable = true});
}

} // namespace tideline::engine
