// var_pop/var_samp/stddev_pop/stddev_samp, covar_pop/covar_samp, corr. Welford-style running
// moments in float64 (numerically stable, mergeable with Chan's formula).
#include <cmath>
#include <limits>
#include <vector>

#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {
namespace {

using namespace agg;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Arguments converted to float64 once per batch, so one instantiation serves every type pair.
std::vector<double> toDoubles(const Column &c)
{
    std::vector<double> out(c.size());
    double divisor = c.type()->isDecimal() ? std::pow(10.0, c.type()->scale) : 1.0;
    dispatchNumeric(c.type()->kind, [&]<typename T>() {
        const T *v = c.data<T>();
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<double>(v[i]) / divisor;
    });
    return out;
}

struct Moments {
    double n = 0, meanX = 0, meanY = 0, m2x = 0, m2y = 0, cxy = 0;

    void add(double x, double y)
    {
        n += 1;
        double dx = x - meanX;
        meanX += dx / n;
        double dy = y - meanY;
        meanY += dy / n;
        m2x += dx * (x - meanX);
        m2y += dy * (y - meanY);
        cxy += dx * (y - meanY);
    }
    void merge(const Moments &o)
    {
        if (o.n == 0)
            return;
        double total = n + o.n;
        double dx = o.meanX - meanX, dy = o.meanY - meanY;
        m2x += o.m2x + dx * dx * n * o.n / total;
        m2y += o.m2y + dy * dy * n * o.n / total;
        cxy += o.cxy + dx * dy * n * o.n / total;
        meanX = (meanX * n + o.meanX * o.n) / total;
        meanY = (meanY * n + o.meanY * o.n) / total;
        n = total;
    }
};

enum class Stat { VarPop, VarSamp, StddevPop, StddevSamp, CovarPop, CovarSamp, Corr };

struct Batch {
    std::vector<double> x, y;
};

class Statistic final : public AggregateBase<Moments, Statistic> {
public:
    Statistic(std::string name, Stat stat) : AggregateBase(std::move(name), makeType(TypeKind::Float64)), m_stat(stat) {}
    Batch reader(const Column **args) const
    {
        Batch b{toDoubles(*args[0]), {}};
        b.y = binary() ? toDoubles(*args[1]) : b.x;
        return b;
    }
    void add(Moments &s, const Batch &b, size_t i) const { s.add(b.x[i], b.y[i]); }
    void mergeState(Moments &s, const Moments &o) const { s.merge(o); }
    void result(const Moments &s, Column &out) const { out.push<double>(value(s)); }
    bool binary() const { return m_stat >= Stat::CovarPop; }

private:
    // Empty input (and one row for the sample variants) gives nan, as ClickHouse does.
    double value(const Moments &s) const
    {
        switch (m_stat) {
        case Stat::VarPop: return s.n > 0 ? s.m2x / s.n : kNaN;
        case Stat::VarSamp: return s.n > 1 ? s.m2x / (s.n - 1) : kNaN;
        case Stat::StddevPop: return s.n > 0 ? std::sqrt(s.m2x / s.n) : kNaN;
        case Stat::StddevSamp: return s.n > 1 ? std::sqrt(s.m2x / (s.n - 1)) : kNaN;
        case Stat::CovarPop: return s.n > 0 ? s.cxy / s.n : kNaN;
        case Stat::CovarSamp: return s.n > 1 ? s.cxy / (s.n - 1) : kNaN;
        case Stat::Corr: return s.n > 0 ? s.cxy / std::sqrt(s.m2x * s.m2y) : kNaN;
        }
        return kNaN;
    }
    Stat m_stat;
};

AggregateResolver statResolver(const std::string &name, Stat stat)
{
    return [name, stat](const AggregateArgs &args) -> AggregateFunctionPtr {
        size_t n = stat >= Stat::CovarPop ? 2 : 1;
        expectArgs(name, args, n, n);
        for (const auto &t : args.types)
            if (!(t->isNumeric() && t->kind != TypeKind::Int256 && t->kind != TypeKind::UInt256 && t->kind != TypeKind::Decimal256))
                illegalType(name, t);
        return std::make_shared<Statistic>(name, stat);
    };
}

} // namespace

void registerStatistics(AggregateRegistry &registry)
{
    struct Entry {
        const char *name;
        Stat stat;
        const char *doc;
    };
    static const Entry entries[] = {
        {"var_pop", Stat::VarPop, "Population variance"},
        {"var_samp", Stat::VarSamp, "Sample variance"},
        {"stddev_pop", Stat::StddevPop, "Population standard deviation"},
        {"stddev_samp", Stat::StddevSamp, "Sample standard deviation"},
        {"covar_pop", Stat::CovarPop, "Population covariance of x and y"},
        {"covar_samp", Stat::CovarSamp, "Sample covariance of x and y"},
        {"corr", Stat::Corr, "Pearson correlation coefficient of x and y"},
    };
    for (const auto &e : entries) {
        bool binary = e.stat >= Stat::CovarPop;
        registry.add({.name = e.name, .resolve = statResolver(e.name, e.stat),
                      .signature = std::string(e.name) + (binary ? "(x, y)" : "(x)"), .doc = e.doc});
    }
    registry.addAlias("variance", "var_samp");
    registry.addAlias("stddev", "stddev_samp");
}

} // namespace tideline::engine
