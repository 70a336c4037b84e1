#include "engine/exec/WindowAggregateOperator.h"

#include <algorithm>

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

namespace {
int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
} // namespace

WindowAggregateOperator::WindowAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                                                 std::vector<AggregateSpec> aggregates, WindowWatermarkSpec spec)
    : m_input(std::move(input)), m_keyIndices(std::move(keyIndices)), m_keyNames(std::move(keyNames)), m_aggregates(std::move(aggregates)), m_spec(spec)
{
}

std::vector<int64_t> WindowAggregateOperator::ticks(const Column &column) const
{
    std::vector<int64_t> out(column.size());
    if (column.type()->kind == TypeKind::DateTime) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = column.data<uint32_t>()[i];
    } else {
        std::copy_n(column.data<int64_t>(), out.size(), out.begin());
    }
    return out;
}

int64_t WindowAggregateOperator::watermarkFor(int64_t maxTime) const
{
    int64_t t = maxTime - m_spec.delayTicks;
    if (m_spec.slideTicks <= 0)
        return floorDiv(t, m_spec.sizeTicks) * m_spec.sizeTicks;
    // Hop windows end on the grid k * slide + size.
    return floorDiv(t - m_spec.sizeTicks, m_spec.slideTicks) * m_spec.slideTicks + m_spec.sizeTicks;
}

void WindowAggregateOperator::consume(const Block &block)
{
    std::vector<int64_t> times = ticks(*block.at(m_spec.timeColumn).column);
    std::vector<int64_t> ends = ticks(*block.at(m_spec.windowEndColumn).column);
    int64_t maxTime = INT64_MIN;
    std::map<int64_t, std::vector<uint8_t>> rowsByWindow;
    for (size_t r = 0; r < times.size(); ++r) {
        maxTime = std::max(maxTime, times[r]);
        if (times[r] < m_watermark) {
            ++m_lateRows;
            continue;
        }
        auto &mask = rowsByWindow[ends[r]];
        if (mask.empty())
            mask.assign(times.size(), 0);
        mask[r] = 1;
    }
    for (auto &[end, mask] : rowsByWindow) {
        auto &state = m_windows[end];
        if (!state)
            state = std::make_unique<GroupedAggregation>(m_keyIndices, m_keyNames, m_aggregates);
        if (rowsByWindow.size() == 1 && std::all_of(mask.begin(), mask.end(), [](uint8_t m) { return m; })) {
            state->consume(block);
            continue;
        }
        Block part;
        for (const auto &c : block.columns())
            part.add(c.name, c.column->filter(mask.data()));
        state->consume(part);
    }
    if (maxTime != INT64_MIN)
        m_watermark = std::max(m_watermark, watermarkFor(maxTime));
}

Block WindowAggregateOperator::closeWindows()
{
    std::vector<Block> closed;
    while (!m_windows.empty() && m_windows.begin()->first <= m_watermark) {
        auto &state = m_windows.begin()->second;
        if (state->groupCount())
            closed.push_back(state->result(0, state->groupCount()));
        m_windows.erase(m_windows.begin());
    }
    return SortOperator::concatenate(closed);
}

Pull WindowAggregateOperator::pull(Block &out)
{
    for (;;) {
        Block block;
        Pull p = m_input->pull(block);
        if (p == Pull::Pending)
            return p;
        if (p == Pull::End) {
            // A finite input: the windows still open stay unfinished, as in Proton (no timer).
            return Pull::End;
        }
        if (block.rows() == 0)
            continue;
        consume(block);
        Block emitted = closeWindows();
        if (emitted.rows()) {
            out = std::move(emitted);
            return Pull::Block;
        }
    }
}

} // namespace tideline::engine
