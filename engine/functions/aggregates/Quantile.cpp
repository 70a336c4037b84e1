// quantile / median / p90 / p95 / p99 / quantiles (ClickHouse's reservoir sampler) and
// quantile_exact / median_exact / quantiles_exact.
//
// The reservoir holds 8192 samples like ClickHouse's, so up to 8192 rows the answer is exact
// with linear interpolation: over [100..500], quantile(x, 0.9) = sorted[0.9 * 400] = 460.
// Beyond that, replacement uses a counter-seeded hash instead of a random generator, so results
// are deterministic run to run (they differ from ClickHouse's own sample).
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

constexpr size_t kReservoir = 8192;

uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct Reservoir {
    std::vector<double> samples;
    uint64_t total = 0;
    void add(double v)
    {
        if (samples.size() < kReservoir)
            samples.push_back(v);
        else if (uint64_t j = splitmix(total) % (total + 1); j < kReservoir)
            samples[j] = v;
        ++total;
    }
};

// Shared by both families: levels, array-or-scalar result and the result type.
struct QuantileSpec {
    std::vector<double> levels;
    bool array = false;
};

template <typename T>
class Quantile final : public AggregateBase<Reservoir, Quantile<T>> {
    using Base = AggregateBase<Reservoir, Quantile<T>>;

public:
    Quantile(std::string name, DataTypePtr result, QuantileSpec spec, double divisor, bool sameType)
        : Base(std::move(name), std::move(result)), m_spec(std::move(spec)), m_divisor(divisor), m_sameType(sameType) {}
    const T *reader(const Column **args) const { return args[0]->data<T>(); }
    void add(Reservoir &s, const T *v, size_t i) const { s.add(static_cast<double>(v[i]) / m_divisor); }
    void mergeState(Reservoir &s, const Reservoir &o) const
    {
        for (double v : o.samples)
            s.add(v);
        // Rows the other reservoir saw but did not keep still count towards replacement odds.
        s.total += o.total - o.samples.size();
    }
    void result(const Reservoir &s, Column &out) const
    {
        std::vector<double> sorted = s.samples;
        std::sort(sorted.begin(), sorted.end());
        if (!m_spec.array)
            return push(out, at(sorted, m_spec.levels[0]));
        pushArray(out, [&](Column &c) {
            for (double l : m_spec.levels)
                push(c, at(sorted, l));
        });
    }

private:
    static double at(const std::vector<double> &sorted, double level)
    {
        if (sorted.empty())
            return std::numeric_limits<double>::quiet_NaN();
        double index = std::clamp(level * static_cast<double>(sorted.size() - 1), 0.0, static_cast<double>(sorted.size() - 1));
        size_t lo = static_cast<size_t>(index);
        double frac = index - static_cast<double>(lo);
        return lo + 1 < sorted.size() ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
    void push(Column &out, double v) const
    {
        if (m_sameType)
            out.push<T>(std::isnan(v) ? T{} : static_cast<T>(std::llround(v)));
        else
            out.push<double>(v);
    }
    QuantileSpec m_spec;
    double m_divisor;
    bool m_sameType; // dates and times keep their type
};

template <typename T>
class QuantileExact final : public AggregateBase<std::vector<T>, QuantileExact<T>> {
    using Base = AggregateBase<std::vector<T>, QuantileExact<T>>;

public:
    QuantileExact(std::string name, DataTypePtr result, QuantileSpec spec) : Base(std::move(name), std::move(result)), m_spec(std::move(spec)) {}
    const T *reader(const Column **args) const { return args[0]->data<T>(); }
    void add(std::vector<T> &s, const T *v, size_t i) const { s.push_back(v[i]); }
    void mergeState(std::vector<T> &s, const std::vector<T> &o) const { s.insert(s.end(), o.begin(), o.end()); }
    void result(const std::vector<T> &s, Column &out) const
    {
        std::vector<T> values = s;
        if (!m_spec.array)
            return out.push<T>(at(values, m_spec.levels[0]));
        pushArray(out, [&](Column &c) {
            for (double l : m_spec.levels)
                c.push<T>(at(values, l));
        });
    }

private:
    // ClickHouse's quantileExact: the element at floor(level * n), no interpolation.
    static T at(std::vector<T> &values, double level)
    {
        if (values.empty())
            return T{};
        size_t n = level < 1 ? static_cast<size_t>(level * static_cast<double>(values.size())) : values.size() - 1;
        n = std::min(n, values.size() - 1);
        std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(n), values.end(), NumOps<T>::less);
        return values[n];
    }
    QuantileSpec m_spec;
};

QuantileSpec readLevels(const std::string &name, const AggregateArgs &args, double fixedLevel, bool array)
{
    QuantileSpec spec{{}, array};
    if (array) {
        for (size_t i = 0; i < args.parameters.size(); ++i)
            spec.levels.push_back(numericParameter(name, args, i, 0.5));
    } else {
        spec.levels.push_back(std::isnan(fixedLevel) ? numericParameter(name, args, 0, 0.5) : fixedLevel);
    }
    for (double l : spec.levels)
        if (!(l >= 0 && l <= 1))
            fail(ErrorCode::ArgumentOutOfBound, "Quantile level is out of range [0..1] in " + name);
    return spec;
}

bool quantileType(const DataType &t)
{
    return (t.isNumeric() || t.isDateOrTime()) && t.kind != TypeKind::Int256 && t.kind != TypeKind::UInt256 && t.kind != TypeKind::Decimal256;
}

// fixedLevel: NaN reads the level from the parameters (quantile(x, 0.9)); median/p90 fix it.
AggregateResolver quantileResolver(std::string name, double fixedLevel, bool exact, bool array)
{
    return [=](const AggregateArgs &args) -> AggregateFunctionPtr {
        expectArgs(name, args, 1, 1);
        const DataTypePtr &t = args.types[0];
        if (!quantileType(*t))
            illegalType(name, t);
        QuantileSpec spec = readLevels(name, args, fixedLevel, array);
        bool sameType = exact || t->isDateOrTime();
        DataTypePtr scalar = sameType ? t : makeType(TypeKind::Float64);
        DataTypePtr result = array ? makeArray(scalar) : scalar;
        double divisor = t->isDecimal() && !exact ? std::pow(10.0, t->scale) : 1.0;
        AggregateFunctionPtr fn;
        dispatchNumeric(t->kind, [&]<typename T>() {
            if (exact)
                fn = std::make_shared<QuantileExact<T>>(name, result, spec);
            else
                fn = std::make_shared<Quantile<T>>(name, result, spec, divisor, sameType);
        });
        return fn;
    };
}

} // namespace

void registerQuantile(AggregateRegistry &registry)
{
    constexpr double fromArgs = std::numeric_limits<double>::quiet_NaN();
    auto add = [&](const std::string &name, double level, bool exact, bool array, size_t params, const std::string &sig, const std::string &doc) {
        registry.add({.name = name, .resolve = quantileResolver(name, level, exact, array), .signature = sig, .doc = doc, .trailingParameters = params});
    };
    add("quantile", fromArgs, false, false, 1, "quantile(x[, level])", "Approximate quantile (reservoir of 8192, interpolated)");
    add("median", 0.5, false, false, 0, "median(x)", "Approximate median");
    add("p90", 0.9, false, false, 0, "p90(x)", "quantile(x, 0.9)");
    add("p95", 0.95, false, false, 0, "p95(x)", "quantile(x, 0.95)");
    add("p99", 0.99, false, false, 0, "p99(x)", "quantile(x, 0.99)");
    add("quantiles", fromArgs, false, true, 64, "quantiles(x, level, ...)", "Approximate quantiles at several levels");
    add("quantile_exact", fromArgs, true, false, 1, "quantile_exact(x[, level])", "Exact quantile: the element at floor(level * n)");
    add("median_exact", 0.5, true, false, 0, "median_exact(x)", "Exact median");
    add("quantiles_exact", fromArgs, true, true, 64, "quantiles_exact(x, level, ...)", "Exact quantiles at several levels");
    registry.addAlias("quantile_t_digest", "quantile");
    registry.addAlias("quantile_tdigest", "quantile");
    registry.addAlias("quantile_timing", "quantile");
}

} // namespace tideline::engine
