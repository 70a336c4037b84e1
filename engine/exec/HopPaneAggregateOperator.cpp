#include "engine/exec/HopPaneAggregateOperator.h"

#include <algorithm>
#include <numeric>

#include "engine/exec/WindowAssignOperator.h"

namespace tideline::engine {

namespace {

constexpr size_t kExpandPanes = 16384; // pane groups expanded per merge batch
constexpr size_t kOutputRows = 65536;

std::vector<size_t> iota(size_t n)
{
    std::vector<size_t> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

// Whether `e` reads input column `a` or `b`; lambdas count as reading everything (their bodies
// capture outer columns by position).
bool reads(const Expression &e, size_t a, size_t b)
{
    switch (e.kind) {
    case Expression::Kind::Input: return e.inputIndex == a || e.inputIndex == b;
    case Expression::Kind::Constant: return false;
    case Expression::Kind::Lambda: return true;
    case Expression::Kind::Function: break;
    }
    for (const auto &arg : e.args)
        if (reads(*arg, a, b))
            return true;
    return false;
}

} // namespace

WindowAssignOperator *HopPaneAggregateOperator::paneSource(Operator *input, size_t windowColumns, const std::vector<ExpressionPtr> &pre,
                                                           const std::vector<size_t> &keyIndices, const std::vector<AggregateSpec> &aggregates,
                                                           HopPaneSpec &spec)
{
    auto *hop = dynamic_cast<WindowAssignOperator *>(input);
    if (!hop || windowColumns < 2 || !hop->supportsPanes())
        return nullptr;
    for (const auto &a : aggregates)
        if (!mergeable(*a.function))
            return nullptr;
    const size_t startColumn = windowColumns - 2, endColumn = windowColumns - 1;
    spec = HopPaneSpec{};
    spec.slideTicks = hop->slideTicks();
    spec.sizeTicks = hop->sizeTicks();
    for (size_t i = 0; i < pre.size(); ++i) {
        const Expression &e = *pre[i];
        if (!reads(e, startColumn, endColumn))
            continue;
        auto key = std::find(keyIndices.begin(), keyIndices.end(), i);
        if (e.kind != Expression::Kind::Input || key == keyIndices.end())
            return nullptr; // an expression of the window columns, or one as an argument
        int position = static_cast<int>(key - keyIndices.begin());
        (e.inputIndex == startColumn ? spec.windowStartKey : spec.windowEndKey) = position;
    }
    return hop;
}

OperatorPtr HopPaneAggregateOperator::tryPlan(OperatorPtr &input, size_t windowColumns, std::vector<ExpressionPtr> &pre,
                                              std::vector<std::string> &preNames, std::vector<size_t> &keyIndices,
                                              std::vector<std::string> &keyNames, std::vector<AggregateSpec> &aggregates)
{
    HopPaneSpec spec;
    WindowAssignOperator *hop = paneSource(input.get(), windowColumns, pre, keyIndices, aggregates, spec);
    if (!hop)
        return nullptr;
    hop->usePanes();
    auto projected = std::make_unique<ProjectOperator>(std::move(input), std::move(pre), std::move(preNames));
    return std::make_unique<HopPaneAggregateOperator>(std::move(projected), std::move(keyIndices), std::move(keyNames), std::move(aggregates), spec);
}

HopPaneAggregateOperator::HopPaneAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                                                   std::vector<AggregateSpec> aggregates, HopPaneSpec spec)
    : m_input(std::move(input)), m_spec(spec), m_keyCount(keyIndices.size()),
      m_panes(keyIndices, keyNames, aggregates),
      m_windows(iota(keyIndices.size()), keyNames, aggregates)
{
}

bool HopPaneAggregateOperator::mergeable(const AggregateFunction &f)
{
    std::string name = f.name();
    if (name.size() > 3 && name.compare(name.size() - 3, 3, "_if") == 0)
        name.resize(name.size() - 3);
    return name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max";
}

// The window keys of pane groups [from, from + count): `windows` rows per pane group, earliest
// window first; window_start / window_end step back from the pane's by multiples of slide.
Block HopPaneAggregateOperator::windowKeys(size_t from, size_t count, size_t windows) const
{
    std::vector<uint32_t> groups(count * windows);
    for (size_t g = 0; g < count; ++g)
        std::fill_n(groups.begin() + static_cast<ptrdiff_t>(g * windows), windows, static_cast<uint32_t>(from + g));
    Block keys;
    const auto &paneKeys = m_panes.keyColumns();
    for (size_t k = 0; k < m_keyCount; ++k) {
        const bool start = static_cast<int>(k) == m_spec.windowStartKey, end = static_cast<int>(k) == m_spec.windowEndKey;
        if (!start && !end) {
            keys.add("k" + std::to_string(k), paneKeys[k]->gather(groups));
            continue;
        }
        // datetime64 ticks (supportsPanes()); window j of the pane (j = windows - 1 first) is
        // `j` slides before the pane's own.
        auto column = Column::create(paneKeys[k]->type());
        column->fixed.resize(groups.size() * sizeof(int64_t));
        int64_t *out = column->data<int64_t>();
        const int64_t *pane = paneKeys[k]->data<int64_t>();
        for (size_t g = 0; g < count; ++g)
            for (size_t i = 0; i < windows; ++i)
                out[g * windows + i] = pane[from + g] - static_cast<int64_t>(windows - 1 - i) * m_spec.slideTicks;
        column->setSize(groups.size());
        keys.add("k" + std::to_string(k), std::move(column));
    }
    keys.setRowsWithoutColumns(groups.size());
    return keys;
}

void HopPaneAggregateOperator::expand()
{
    const size_t windows = static_cast<size_t>(m_spec.sizeTicks / m_spec.slideTicks);
    const size_t panes = m_panes.groupCount();
    std::vector<const char *> sources;
    for (size_t from = 0; from < panes; from += kExpandPanes) {
        const size_t count = std::min(kExpandPanes, panes - from);
        sources.clear();
        for (size_t g = from; g < from + count; ++g)
            sources.insert(sources.end(), windows, m_panes.state(static_cast<uint32_t>(g)));
        m_windows.mergeStates(windowKeys(from, count, windows), sources);
    }
    m_windows.ensureSingleGroup(); // no keys over no rows: one row, as AggregateOperator
}

Pull HopPaneAggregateOperator::pull(Block &out)
{
    if (!m_consumed) {
        for (;;) {
            Block block;
            Pull p = m_input->next(block);
            if (p == Pull::End)
                break;
            if (p == Pull::Pending)
                return p;
            m_panes.consume(block);
        }
        expand();
        m_consumed = true;
    }
    if (m_emitted >= m_windows.groupCount())
        return Pull::End;
    size_t n = std::min(kOutputRows, m_windows.groupCount() - m_emitted);
    out = m_windows.result(m_emitted, n);
    m_emitted += n;
    return Pull::Block;
}

} // namespace tideline::engine
