// count, sum, sum_with_overflow, sum_kahan, avg. All are retractable: their states are sums,
// so a retracted row is subtracted.
#include <limits>

#include "engine/functions/aggregates/AggregateHelpers.h"
#include "engine/types/Int256.h"

namespace tideline::engine {
namespace {

using namespace agg;

// ---- count -----------------------------------------------------------------------------------

class Count final : public AggregateBase<uint64_t, Count> {
public:
    using AggregateBase::AggregateBase;
    void add(uint64_t &s, const Column **, size_t) const { ++s; }
    void retract(uint64_t &s, const Column **, size_t) const { --s; }
    // The single-place path needs no row loop at all.
    void addBatchSinglePlace(size_t rows, char *place, const Column **, const uint8_t *mask) const override
    {
        uint64_t n = rows;
        if (mask) {
            n = 0;
            for (size_t i = 0; i < rows; ++i)
                n += mask[i] != 0;
        }
        st(place) += n;
    }
    void mergeState(uint64_t &s, const uint64_t &o) const { s += o; }
    void result(const uint64_t &s, Column &out) const { out.push<uint64_t>(s); }
    bool supportsRetract() const override { return true; }
};

AggregateFunctionPtr resolveCount(const AggregateArgs &args)
{
    // count(*) arrives without arguments; count(x, y) counts rows where no argument is NULL,
    // which the NULL adapter has already filtered.
    return std::make_shared<Count>("count", makeType(TypeKind::UInt64));
}

// ---- sum / sum_with_overflow -----------------------------------------------------------------

template <typename T, typename Acc>
class Sum final : public AggregateBase<Acc, Sum<T, Acc>> {
    using Base = AggregateBase<Acc, Sum<T, Acc>>;

public:
    using Base::Base;
    const T *reader(const Column **args) const { return args[0]->data<T>(); }
    void add(Acc &s, const T *v, size_t i) const { s += static_cast<Acc>(v[i]); }
    void retract(Acc &s, const T *v, size_t i) const { s -= static_cast<Acc>(v[i]); }
    // Whole-batch fast path: a local accumulator the compiler can keep in a register/vectorise.
    void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const override
    {
        const T *v = args[0]->data<T>();
        Acc acc{};
        if (mask) {
            for (size_t i = 0; i < rows; ++i)
                acc += mask[i] ? static_cast<Acc>(v[i]) : Acc{};
        } else {
            for (size_t i = 0; i < rows; ++i)
                acc += static_cast<Acc>(v[i]);
        }
        Base::st(place) += acc;
    }
    void mergeState(Acc &s, const Acc &o) const { s += o; }
    void result(const Acc &s, Column &out) const { out.push<Acc>(s); }
    bool supportsRetract() const override { return true; }
};

// ClickHouse's sum result types: widest type of the same signedness, decimal(38, S) for decimals.
DataTypePtr sumResultType(const std::string &fn, const DataTypePtr &t)
{
    switch (t->kind) {
    case TypeKind::Bool: case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64:
        return makeType(TypeKind::UInt64);
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
        return makeType(TypeKind::Int64);
    case TypeKind::Int128: case TypeKind::UInt128: case TypeKind::Int256: case TypeKind::UInt256:
        return t;
    case TypeKind::Float32: case TypeKind::Float64:
        return makeType(TypeKind::Float64);
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128:
        return makeDecimal(38, t->scale);
    default:
        illegalType(fn, t);
    }
}

template <typename F>
void dispatchAccumulator(TypeKind resultKind, F &&f)
{
    switch (resultKind) {
    case TypeKind::UInt64: f.template operator()<uint64_t>(); break;
    case TypeKind::Int64: f.template operator()<int64_t>(); break;
    case TypeKind::Int128: case TypeKind::Decimal128: f.template operator()<Int128>(); break;
    case TypeKind::UInt128: f.template operator()<UInt128>(); break;
    default: f.template operator()<double>(); break;
    }
}

AggregateFunctionPtr resolveSum(const AggregateArgs &args)
{
    expectArgs("sum", args, 1, 1);
    DataTypePtr result = sumResultType("sum", args.types[0]);
    AggregateFunctionPtr fn;
    if (result->kind == TypeKind::Int256 || result->kind == TypeKind::UInt256) // wraps, like the 128-bit sums
        return std::make_shared<Sum<Int256, Int256>>("sum", result);
    dispatchNumeric(args.types[0]->kind, [&]<typename T>() {
        dispatchAccumulator(result->kind, [&]<typename Acc>() { fn = std::make_shared<Sum<T, Acc>>("sum", result); });
    });
    return fn;
}

AggregateFunctionPtr resolveSumWithOverflow(const AggregateArgs &args)
{
    expectArgs("sum_with_overflow", args, 1, 1);
    const DataTypePtr &t = args.types[0];
    sumResultType("sum_with_overflow", t); // same set of accepted types
    AggregateFunctionPtr fn;
    if (t->kind == TypeKind::Int256 || t->kind == TypeKind::UInt256)
        return std::make_shared<Sum<Int256, Int256>>("sum_with_overflow", t);
    // The accumulator is the argument type itself, so it wraps around like ClickHouse's.
    dispatchNumeric(t->kind, [&]<typename T>() { fn = std::make_shared<Sum<T, T>>("sum_with_overflow", t); });
    return fn;
}

// ---- sum_kahan ------------------------------------------------------------------------------

struct KahanState {
    double sum = 0;
    double compensation = 0;
    void add(double x)
    {
        double y = x - compensation;
        double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }
};

template <typename T>
class SumKahan final : public AggregateBase<KahanState, SumKahan<T>> {
    using Base = AggregateBase<KahanState, SumKahan<T>>;

public:
    using Base::Base;
    const T *reader(const Column **args) const { return args[0]->data<T>(); }
    void add(KahanState &s, const T *v, size_t i) const { s.add(static_cast<double>(v[i])); }
    void retract(KahanState &s, const T *v, size_t i) const { s.add(-static_cast<double>(v[i])); }
    void mergeState(KahanState &s, const KahanState &o) const
    {
        s.add(o.sum);
        s.add(-o.compensation);
    }
    void result(const KahanState &s, Column &out) const { out.push<double>(s.sum); }
    bool supportsRetract() const override { return true; }
};

bool isPlainNumber(const DataType &t)
{
    return (t.isInteger() || t.isFloat() || t.kind == TypeKind::Bool) && t.kind != TypeKind::Int256 && t.kind != TypeKind::UInt256;
}

AggregateFunctionPtr resolveSumKahan(const AggregateArgs &args)
{
    expectArgs("sum_kahan", args, 1, 1);
    if (!isPlainNumber(*args.types[0]))
        illegalType("sum_kahan", args.types[0]);
    AggregateFunctionPtr fn;
    dispatchNumeric(args.types[0]->kind, [&]<typename T>() { fn = std::make_shared<SumKahan<T>>("sum_kahan", makeType(TypeKind::Float64)); });
    return fn;
}

// ---- avg -------------------------------------------------------------------------------------

template <typename Acc>
struct AvgState {
    Acc sum{};
    uint64_t count = 0;
};

template <typename T, typename Acc>
class Avg final : public AggregateBase<AvgState<Acc>, Avg<T, Acc>> {
    using Base = AggregateBase<AvgState<Acc>, Avg<T, Acc>>;

public:
    Avg(DataTypePtr result, double divisor) : Base("avg", std::move(result)), m_divisor(divisor) {}
    const T *reader(const Column **args) const { return args[0]->data<T>(); }
    void add(AvgState<Acc> &s, const T *v, size_t i) const
    {
        s.sum += static_cast<Acc>(v[i]);
        ++s.count;
    }
    void retract(AvgState<Acc> &s, const T *v, size_t i) const
    {
        s.sum -= static_cast<Acc>(v[i]);
        --s.count;
    }
    void mergeState(AvgState<Acc> &s, const AvgState<Acc> &o) const
    {
        s.sum += o.sum;
        s.count += o.count;
    }
    // avg of nothing is nan, as in ClickHouse (0 / 0).
    void result(const AvgState<Acc> &s, Column &out) const
    {
        out.push<double>(s.count ? static_cast<double>(s.sum) / m_divisor / static_cast<double>(s.count) : std::numeric_limits<double>::quiet_NaN());
    }
    bool supportsRetract() const override { return true; }

private:
    double m_divisor; // 10^scale for decimals
};

// avg over int256/uint256: an exact (wrapping) Int256 sum, divided in float64 at the end.
class AvgWide final : public AggregateBase<AvgState<Int256>, AvgWide> {
    using Base = AggregateBase<AvgState<Int256>, AvgWide>;

public:
    AvgWide(DataTypePtr result, bool isSigned) : Base("avg", std::move(result)), m_signed(isSigned) {}
    const Int256 *reader(const Column **args) const { return args[0]->data<Int256>(); }
    void add(AvgState<Int256> &s, const Int256 *v, size_t i) const
    {
        s.sum += v[i];
        ++s.count;
    }
    void retract(AvgState<Int256> &s, const Int256 *v, size_t i) const
    {
        s.sum -= v[i];
        --s.count;
    }
    void mergeState(AvgState<Int256> &s, const AvgState<Int256> &o) const
    {
        s.sum += o.sum;
        s.count += o.count;
    }
    void result(const AvgState<Int256> &s, Column &out) const
    {
        out.push<double>(s.count ? toDouble(s.sum, m_signed) / static_cast<double>(s.count) : std::numeric_limits<double>::quiet_NaN());
    }
    bool supportsRetract() const override { return true; }

private:
    bool m_signed;
};

AggregateFunctionPtr resolveAvg(const AggregateArgs &args)
{
    expectArgs("avg", args, 1, 1);
    const DataTypePtr &t = args.types[0];
    if (t->kind == TypeKind::Int256 || t->kind == TypeKind::UInt256)
        return std::make_shared<AvgWide>(makeType(TypeKind::Float64), t->kind == TypeKind::Int256);
    if (!isPlainNumber(*t) && !t->isDecimal())
        illegalType("avg", t);
    if (t->kind == TypeKind::Decimal256)
        illegalType("avg", t);
    double divisor = t->isDecimal() ? std::pow(10.0, t->scale) : 1.0;
    AggregateFunctionPtr fn;
    auto f64 = makeType(TypeKind::Float64);
    dispatchNumeric(t->kind, [&]<typename T>() {
        // Integers sum exactly in 128 bits; floats and 128-bit integers in double.
        if constexpr (std::is_floating_point_v<T> || sizeof(T) == 16)
            fn = std::make_shared<Avg<T, double>>(f64, divisor);
        else
            fn = std::make_shared<Avg<T, Int128>>(f64, divisor);
    });
    return fn;
}

} // namespace

void registerSumCountAvg(AggregateRegistry &registry)
{
    registry.add({.name = "count", .resolve = resolveCount, .signature = "count([x])",
                  .doc = "Number of rows, or of rows where x is not NULL", .retractable = true, .defaultOnNull = true});
    registry.add({.name = "sum", .resolve = resolveSum, .signature = "sum(x)", .doc = "Sum; integers widen to 64 bits, decimals to decimal(38, S)", .retractable = true});
    registry.add({.name = "sum_with_overflow", .resolve = resolveSumWithOverflow, .signature = "sum_with_overflow(x)",
                  .doc = "Sum in the argument's own type, wrapping on overflow", .retractable = true});
    registry.add({.name = "sum_kahan", .resolve = resolveSumKahan, .signature = "sum_kahan(x)", .doc = "Compensated (Kahan) float64 sum", .retractable = true});
    registry.add({.name = "avg", .resolve = resolveAvg, .signature = "avg(x)", .doc = "Arithmetic mean as float64 (nan when empty)", .retractable = true});
    registry.addAlias("mean", "avg");
}

} // namespace tideline::engine
