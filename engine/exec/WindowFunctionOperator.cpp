#include "engine/exec/WindowFunctionOperator.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

namespace {

using WK = WindowFunctionKind;
constexpr size_t kSliceRows = 65536;
constexpr uint32_t kNoRow = UINT32_MAX;
// Partitions at least this large use a segment tree for sliding frames.
constexpr size_t kTreeMinRows = 64;

bool isNavigation(WK k)
{
    return k == WK::Lag || k == WK::Lead || k == WK::LagInFrame || k == WK::LeadInFrame || k == WK::FirstValue || k == WK::LastValue || k == WK::NthValue;
}

bool usesFrame(WK k)
{
    return k == WK::Aggregate || k == WK::LagInFrame || k == WK::LeadInFrame || k == WK::FirstValue || k == WK::LastValue || k == WK::NthValue;
}

// Aggregate states in one aligned buffer: one per sorted position, plus an accumulator.
class StateArena {
public:
    StateArena(const AggregateFunction &f, size_t count) : m_f(f)
    {
        size_t align = std::max<size_t>(f.stateAlign(), 8);
        m_stride = (std::max<size_t>(f.stateSize(), 1) + align - 1) / align * align;
        m_buffer.reset(new char[m_stride * count + align]);
        auto base = reinterpret_cast<uintptr_t>(m_buffer.get());
        m_base = reinterpret_cast<char *>((base + align - 1) / align * align);
        for (; m_created < count; ++m_created)
            f.create(at(m_created));
    }
    ~StateArena()
    {
        if (!m_f.trivialDestroy())
            for (size_t i = 0; i < m_created; ++i)
                m_f.destroy(at(i));
    }
    char *at(size_t i) const { return m_base + i * m_stride; }
    void reset(size_t i) const
    {
        m_f.destroy(at(i));
        m_f.create(at(i));
    }

private:
    const AggregateFunction &m_f;
    size_t m_stride = 0;
    size_t m_created = 0;
    std::unique_ptr<char[]> m_buffer;
    char *m_base = nullptr;
};

std::vector<uint32_t> partitionIds(const Block &block, const std::vector<size_t> &partitionBy)
{
    size_t rows = block.rows();
    std::vector<uint32_t> ids(rows, 0);
    if (partitionBy.empty() || rows == 0)
        return ids;
    std::vector<const Column *> keys;
    std::vector<DataTypePtr> types;
    for (size_t k : partitionBy) {
        keys.push_back(block.at(k).column.get());
        types.push_back(block.at(k).type());
    }
    RowKeyTable table(types);
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys, rows, hashes);
    bool inserted = false;
    for (size_t r = 0; r < rows; ++r)
        ids[r] = table.findOrInsert(keys, r, hashes[r], &inserted);
    return ids;
}

bool sameKeys(const std::vector<SortKey> &a, const std::vector<SortKey> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SortKey &x, const SortKey &y) {
        return x.column == y.column && x.descending == y.descending && x.nullsFirst == y.nullsFirst;
    });
}

// Values of a ranking function, per sorted position.
template <typename T, typename F>
ColumnPtr perPosition(const DataTypePtr &type, const SortedWindow &s, F &&value)
{
    size_t rows = s.order.size();
    auto out = Column::create(type);
    out->fixed.resize(rows * sizeof(T));
    T *p = out->data<T>();
    for (uint32_t i = 0; i < rows; ++i)
        p[s.order[i]] = value(i);
    out->setSize(rows);
    return out;
}

// ntile: sizes differ by at most one, the larger buckets first.
uint64_t ntileBucket(uint64_t k, uint64_t rows, uint64_t buckets)
{
    uint64_t q = rows / buckets, r = rows % buckets;
    if (q == 0)
        return k + 1;
    uint64_t big = r * (q + 1);
    return k < big ? k / (q + 1) + 1 : (k - big) / q + r + 1;
}

} // namespace

bool WindowFunctionSpec::kindFromName(const std::string &name, WindowFunctionKind &kind)
{
    static const std::unordered_map<std::string, WK> names = {
        {"row_number", WK::RowNumber}, {"rank", WK::Rank}, {"dense_rank", WK::DenseRank},
        {"percent_rank", WK::PercentRank}, {"cume_dist", WK::CumeDist}, {"ntile", WK::Ntile},
        {"lag", WK::Lag}, {"lead", WK::Lead}, {"lag_in_frame", WK::LagInFrame}, {"lead_in_frame", WK::LeadInFrame},
        {"first_value", WK::FirstValue}, {"last_value", WK::LastValue}, {"nth_value", WK::NthValue},
    };
    auto it = names.find(name);
    if (it == names.end())
        return false;
    kind = it->second;
    return true;
}

WindowFunctionOperator::WindowFunctionOperator(OperatorPtr input, std::vector<WindowFunctionSpec> functions)
    : m_input(std::move(input)), m_functions(std::move(functions))
{
    for (const auto &f : m_functions) {
        f.frame.validate();
        if (f.kind == WK::Aggregate && !f.aggregate)
            fail(ErrorCode::LogicalError, "Window aggregate without a function");
        if (isNavigation(f.kind) && (f.args.empty() || f.args.size() > 2))
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Window function " + f.name + " takes a value and an optional default");
        if ((f.kind == WK::Ntile || f.kind == WK::NthValue) && f.offset <= 0)
            fail(ErrorCode::BadArguments, "Argument of window function " + f.name + " must be a positive integer");
        if (f.offset < 0)
            fail(ErrorCode::BadArguments, "Offset of window function " + f.name + " must not be negative");
    }
}

WindowFunctionOperator::~WindowFunctionOperator() = default;

DataTypePtr WindowFunctionOperator::resultType(const WindowFunctionSpec &spec, const std::vector<DataTypePtr> &inputTypes)
{
    switch (spec.kind) {
    case WK::Aggregate: return spec.aggregate->returnType();
    case WK::RowNumber: case WK::Rank: case WK::DenseRank: case WK::Ntile: return makeType(TypeKind::UInt64);
    case WK::PercentRank: case WK::CumeDist: return makeType(TypeKind::Float64);
    default: return inputTypes.at(spec.args.at(0));
    }
}

const SortedWindow &WindowFunctionOperator::sorted(const WindowFunctionSpec &spec)
{
    if (!m_sorted || m_sortedPartition != spec.partitionBy || !sameKeys(m_sortedOrder, spec.orderBy)) {
        m_sorted = sortWindow(m_all, partitionIds(m_all, spec.partitionBy), spec.orderBy);
        m_sortedPartition = spec.partitionBy;
        m_sortedOrder = spec.orderBy;
    }
    return *m_sorted;
}

namespace {

// Merges the single-row states of sorted positions [from, to) into `acc`.
void mergeRange(const AggregateFunction &f, const StateArena &arena, char *acc, uint32_t from, uint32_t to)
{
    for (uint32_t j = from; j < to; ++j)
        f.merge(acc, arena.at(j));
}

// Sliding frames over a large partition: a segment tree of merged states (padded to a power of
// two with empty leaves) answers each frame with O(log n) merges. Parts are merged left to right,
// so order-sensitive aggregates (group_array) see rows in frame order.
void aggregateWithTree(const AggregateFunction &f, const StateArena &arena, size_t accIndex, uint32_t ps, uint32_t pe,
                       const std::vector<uint32_t> &fs, const std::vector<uint32_t> &fe, Column &out, std::vector<uint32_t> &emitted)
{
    size_t m = pe - ps, leaves = 1;
    while (leaves < m)
        leaves *= 2;
    StateArena inner(f, leaves); // nodes 1..leaves-1; node 0 is the empty leaf
    auto node = [&](size_t k) -> const char * {
        if (k < leaves)
            return inner.at(k);
        return k - leaves < m ? arena.at(ps + (k - leaves)) : inner.at(0);
    };
    for (size_t k = leaves - 1; k >= 1; --k) {
        f.merge(inner.at(k), node(2 * k));
        f.merge(inner.at(k), node(2 * k + 1));
    }
    char *acc = arena.at(accIndex);
    std::vector<const char *> rightParts;
    for (uint32_t i = ps; i < pe; ++i) {
        arena.reset(accIndex);
        size_t l = fs[i] - ps + leaves, r = fe[i] - ps + leaves;
        rightParts.clear();
        for (; l < r; l /= 2, r /= 2) {
            if (l & 1)
                f.merge(acc, node(l++));
            if (r & 1)
                rightParts.push_back(node(--r));
        }
        for (auto it = rightParts.rbegin(); it != rightParts.rend(); ++it)
            f.merge(acc, *it);
        f.insertResult(acc, out);
        emitted.push_back(i);
    }
}

// One partition [ps, pe): appends the result of each row's frame to `out`, recording the
// sorted position of each appended value in `emitted`.
void aggregatePartition(const AggregateFunction &f, const StateArena &arena, size_t accIndex, uint32_t ps, uint32_t pe,
                        const std::vector<uint32_t> &fs, const std::vector<uint32_t> &fe, Column &out, std::vector<uint32_t> &emitted)
{
    char *acc = arena.at(accIndex);
    bool suffix = true; // frames end at the partition end and only shrink from the front
    for (uint32_t i = ps; i < pe && suffix; ++i)
        suffix = fe[i] == pe && (i == ps || fs[i] >= fs[i - 1]);
    suffix = suffix && fs[pe - 1] != fs[ps];
    arena.reset(accIndex);
    if (suffix) {
        uint32_t covered = pe;
        for (uint32_t i = pe; i-- > ps;) {
            mergeRange(f, arena, acc, fs[i], covered);
            covered = std::min(covered, fs[i]);
            f.insertResult(acc, out);
            emitted.push_back(i);
        }
        return;
    }
    bool extending = true; // every frame extends the previous one: running totals, whole partitions
    for (uint32_t i = ps + 1; i < pe && extending; ++i)
        extending = fs[i] == fs[ps] && fe[i] >= fe[i - 1];
    if (!extending && pe - ps >= kTreeMinRows)
        return aggregateWithTree(f, arena, accIndex, ps, pe, fs, fe, out, emitted);
    uint32_t a = ps, b = ps;
    for (uint32_t i = ps; i < pe; ++i) {
        if (fs[i] == a && fe[i] >= b) {
            mergeRange(f, arena, acc, b, fe[i]);
        } else {
            arena.reset(accIndex);
            mergeRange(f, arena, acc, fs[i], fe[i]);
            a = fs[i];
        }
        b = fe[i];
        f.insertResult(acc, out);
        emitted.push_back(i);
    }
}

ColumnPtr computeAggregate(const WindowFunctionSpec &spec, const SortedWindow &s, const Block &block)
{
    const AggregateFunction &f = *spec.aggregate;
    uint32_t rows = static_cast<uint32_t>(s.order.size());
    StateArena arena(f, rows + 1);
    // Every row's arguments go into a state of its own, in one batch.
    std::vector<char *> places(rows);
    for (uint32_t p = 0; p < rows; ++p)
        places[s.order[p]] = arena.at(p);
    std::vector<const Column *> args;
    for (size_t a : spec.args)
        args.push_back(block.at(a).column.get());
    f.addBatch(rows, places.data(), 0, args.data(), nullptr);
    std::vector<uint32_t> fs, fe;
    computeFrames(spec.frame, s, block, spec.orderBy, fs, fe);
    auto values = Column::create(f.returnType(), rows);
    std::vector<uint32_t> emitted;
    emitted.reserve(rows);
    for (uint32_t p = 0; p < rows; p = s.partEnd[p])
        aggregatePartition(f, arena, rows, p, s.partEnd[p], fs, fe, *values, emitted);
    std::vector<uint32_t> index(rows);
    for (uint32_t k = 0; k < rows; ++k)
        index[s.order[emitted[k]]] = k;
    return values->gather(index);
}

ColumnPtr computeRanking(const WindowFunctionSpec &spec, const SortedWindow &s)
{
    auto u64 = makeType(TypeKind::UInt64);
    auto f64 = makeType(TypeKind::Float64);
    switch (spec.kind) {
    case WK::RowNumber: return perPosition<uint64_t>(u64, s, [&](uint32_t i) { return uint64_t(i - s.partStart[i] + 1); });
    case WK::Rank: return perPosition<uint64_t>(u64, s, [&](uint32_t i) { return uint64_t(s.peerStart[i] - s.partStart[i] + 1); });
    case WK::DenseRank: {
        uint64_t dense = 0;
        return perPosition<uint64_t>(u64, s, [&](uint32_t i) {
            dense = i == s.partStart[i] ? 1 : dense + (s.peerStart[i] == i);
            return dense;
        });
    }
    case WK::PercentRank:
        return perPosition<double>(f64, s, [&](uint32_t i) {
            uint32_t n = s.partEnd[i] - s.partStart[i];
            return n <= 1 ? 0.0 : double(s.peerStart[i] - s.partStart[i]) / double(n - 1);
        });
    case WK::CumeDist:
        return perPosition<double>(f64, s, [&](uint32_t i) { return double(s.peerEnd[i] - s.partStart[i]) / double(s.partEnd[i] - s.partStart[i]); });
    case WK::Ntile:
        return perPosition<uint64_t>(u64, s, [&](uint32_t i) {
            return ntileBucket(i - s.partStart[i], s.partEnd[i] - s.partStart[i], static_cast<uint64_t>(spec.offset));
        });
    default: fail(ErrorCode::LogicalError, "not a ranking function");
    }
}

// The sorted position whose value a navigation function takes at position i, or kNoRow.
uint32_t navigationSource(const WindowFunctionSpec &spec, const SortedWindow &s, uint32_t i, uint32_t fs, uint32_t fe)
{
    int64_t off = spec.offset;
    int64_t j = 0, lo = fs, hi = fe;
    switch (spec.kind) {
    case WK::Lag: j = int64_t(i) - off; lo = s.partStart[i]; hi = s.partEnd[i]; break;
    case WK::Lead: j = int64_t(i) + off; lo = s.partStart[i]; hi = s.partEnd[i]; break;
    case WK::LagInFrame: j = int64_t(i) - off; break;
    case WK::LeadInFrame: j = int64_t(i) + off; break;
    case WK::FirstValue: j = fs; break;
    case WK::LastValue: j = int64_t(fe) - 1; break;
    case WK::NthValue: j = int64_t(fs) + off - 1; break;
    default: return kNoRow;
    }
    return j >= lo && j < hi ? static_cast<uint32_t>(j) : kNoRow;
}

ColumnPtr computeNavigation(const WindowFunctionSpec &spec, const SortedWindow &s, const Block &block)
{
    uint32_t rows = static_cast<uint32_t>(s.order.size());
    const Column &x = *block.at(spec.args[0]).column;
    // x followed by the defaults: the default column's rows, or one default value.
    auto padded = Column::create(x.type(), rows + 1);
    padded->pushRange(x, 0, rows);
    bool perRowDefault = spec.args.size() > 1;
    if (perRowDefault) {
        const Column &d = *block.at(spec.args[1]).column;
        if (!d.type()->equals(*x.type()))
            fail(ErrorCode::IllegalTypeOfArgument, "Default argument of " + spec.name + " must have type " + x.type()->name() + ", got " + d.type()->name());
        padded->pushRange(d, 0, rows);
    } else {
        padded->pushDefault();
    }
    std::vector<uint32_t> fs, fe;
    if (usesFrame(spec.kind))
        computeFrames(spec.frame, s, block, spec.orderBy, fs, fe);
    std::vector<uint32_t> index(rows);
    for (uint32_t i = 0; i < rows; ++i) {
        uint32_t j = navigationSource(spec, s, i, fs.empty() ? 0 : fs[i], fe.empty() ? 0 : fe[i]);
        uint32_t r = s.order[i];
        index[r] = j != kNoRow ? s.order[j] : (perRowDefault ? rows + r : rows);
    }
    return padded->gather(index);
}

} // namespace

ColumnPtr WindowFunctionOperator::compute(const WindowFunctionSpec &spec, const SortedWindow &s)
{
    if (spec.kind == WK::Aggregate)
        return computeAggregate(spec, s, m_all);
    if (isNavigation(spec.kind))
        return computeNavigation(spec, s, m_all);
    return computeRanking(spec, s);
}

void WindowFunctionOperator::computeAll()
{
    m_all = SortOperator::concatenate(m_blocks);
    m_blocks.clear();
    size_t rows = m_all.rows();
    std::vector<DataTypePtr> types;
    for (const auto &c : m_all.columns())
        types.push_back(c.type());
    std::vector<ColumnPtr> results;
    for (const auto &f : m_functions) {
        if (rows == 0) {
            results.push_back(Column::create(resultType(f, types)));
            continue;
        }
        results.push_back(compute(f, sorted(f)));
    }
    for (size_t i = 0; i < m_functions.size(); ++i)
        m_all.add(m_functions[i].name, results[i]);
    m_all.setRowsWithoutColumns(rows);
    m_sorted.reset();
}

Pull WindowFunctionOperator::pull(Block &out)
{
    if (!m_computed) {
        for (;;) {
            Block b;
            Pull p = m_input->next(b);
            if (p == Pull::Pending)
                return p;
            if (p == Pull::End)
                break;
            if (b.rows())
                m_blocks.push_back(std::move(b));
        }
        computeAll();
        m_computed = true;
    }
    size_t rows = m_all.rows();
    if (m_emitted >= rows)
        return Pull::End;
    size_t n = std::min(kSliceRows, rows - m_emitted);
    out = m_all.slice(m_emitted, n);
    m_emitted += n;
    return Pull::Block;
}

} // namespace tideline::engine
