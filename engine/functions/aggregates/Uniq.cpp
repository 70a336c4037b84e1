// unique (approximate, ClickHouse uniq) and unique_exact.
//
// unique keeps 64-bit hashes the way ClickHouse's UniquesHashSet keeps 32-bit ones: every hash
// while there are at most 65536 of them, so small cardinalities are exact; beyond that it
// keeps only hashes whose low `skip` bits are zero and scales the count by 2^skip. With 64-bit
// hashes no collision correction is needed.
#include <unordered_set>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

constexpr size_t kMaxHashes = 65536;

uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

struct HashSetState {
    std::unordered_set<uint64_t> hashes;
    uint8_t skip = 0;

    bool keeps(uint64_t h) const { return (h & ((uint64_t{1} << skip) - 1)) == 0; }
    void insert(uint64_t h)
    {
        if (!keeps(h))
            return;
        hashes.insert(h);
        shrink();
    }
    void shrink()
    {
        while (hashes.size() > kMaxHashes) {
            ++skip;
            std::erase_if(hashes, [&](uint64_t h) { return !keeps(h); });
        }
    }
};

// T = a fixed-width type for a single numeric argument (hashed from its bits), void otherwise
// (every argument's Column::hashAt combined).
template <typename T>
class Unique final : public AggregateBase<HashSetState, Unique<T>> {
    using Base = AggregateBase<HashSetState, Unique<T>>;

public:
    Unique(size_t argCount) : Base("unique", makeType(TypeKind::UInt64)), m_args(argCount) {}
    void add(HashSetState &s, const Column **args, size_t i) const { s.insert(hash(args, i)); }
    void mergeState(HashSetState &s, const HashSetState &o) const
    {
        if (o.skip > s.skip) {
            s.skip = o.skip;
            std::erase_if(s.hashes, [&](uint64_t h) { return !s.keeps(h); });
        }
        for (uint64_t h : o.hashes)
            if (s.keeps(h))
                s.hashes.insert(h);
        s.shrink();
    }
    void result(const HashSetState &s, Column &out) const { out.push<uint64_t>(static_cast<uint64_t>(s.hashes.size()) << s.skip); }

private:
    uint64_t hash(const Column **args, size_t i) const
    {
        if constexpr (!std::is_void_v<T>) {
            return mix64(KeyHash{}(args[0]->data<T>()[i]));
        } else {
            uint64_t h = 0x9e3779b97f4a7c15ULL;
            for (size_t a = 0; a < m_args; ++a)
                h = mix64(h ^ args[a]->hashAt(i));
            return h;
        }
    }
    size_t m_args;
};

AggregateFunctionPtr resolveUnique(const AggregateArgs &args)
{
    if (args.types.empty())
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Aggregate function unique requires at least one argument");
    AggregateFunctionPtr fn;
    if (args.types.size() == 1)
        dispatchNumeric(args.types[0]->kind, [&]<typename T>() { fn = std::make_shared<Unique<T>>(1); });
    if (!fn)
        fn = std::make_shared<Unique<void>>(args.types.size());
    return fn;
}

// ---- unique_exact ------------------------------------------------------------------------------

template <typename Ops>
using ExactSet = std::unordered_set<typename Ops::Key, KeyHash, KeyEq>;

// Ops reads a single argument; for several arguments Ops is CodecOps over the concatenation.
template <typename Ops>
class UniqueExact final : public AggregateBase<ExactSet<Ops>, UniqueExact<Ops>> {
    using Base = AggregateBase<ExactSet<Ops>, UniqueExact<Ops>>;

public:
    UniqueExact(size_t argCount) : Base("unique_exact", makeType(TypeKind::UInt64)), m_args(argCount) {}
    void add(ExactSet<Ops> &s, const Column **args, size_t i) const
    {
        if (m_args == 1) {
            s.insert(Ops::read(*args[0], i));
        } else if constexpr (std::is_same_v<typename Ops::Key, std::string>) {
            std::string k;
            for (size_t a = 0; a < m_args; ++a)
                encodeValue(*args[a], i, k);
            s.insert(std::move(k));
        }
    }
    void mergeState(ExactSet<Ops> &s, const ExactSet<Ops> &o) const { s.insert(o.begin(), o.end()); }
    void result(const ExactSet<Ops> &s, Column &out) const { out.push<uint64_t>(s.size()); }

private:
    size_t m_args;
};

AggregateFunctionPtr resolveUniqueExact(const AggregateArgs &args)
{
    if (args.types.empty())
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Aggregate function unique_exact requires at least one argument");
    if (args.types.size() > 1)
        return std::make_shared<UniqueExact<CodecOps>>(args.types.size());
    AggregateFunctionPtr fn;
    dispatchAnyKey(*args.types[0], [&]<typename Ops>() { fn = std::make_shared<UniqueExact<Ops>>(1); });
    return fn;
}

} // namespace

void registerUniq(AggregateRegistry &registry)
{
    registry.add({.name = "unique", .resolve = resolveUnique, .signature = "unique(x[, ...])",
                  .doc = "Approximate number of distinct values (exact below 65536)", .defaultOnNull = true});
    registry.add({.name = "unique_exact", .resolve = resolveUniqueExact, .signature = "unique_exact(x[, ...])",
                  .doc = "Exact number of distinct values", .defaultOnNull = true});
    for (const char *alias : {"uniq", "unique_combined", "unique_combined64", "unique_hll12", "unique_theta"})
        registry.addAlias(alias, "unique");
    registry.addAlias("uniq_exact", "unique_exact");
}

} // namespace tideline::engine
