#include "engine/exec/StreamingAggregateOperator.h"

namespace tideline::engine {

StreamingAggregateOperator::StreamingAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                                                       std::vector<AggregateSpec> aggregates, StreamingEmitPolicy policy, const Clock &clock)
    : m_input(std::move(input)), m_state(std::move(keyIndices), std::move(keyNames), std::move(aggregates)), m_policy(policy), m_clock(clock),
      m_nextTick(clock.nowNanos() + policy.periodNanos)
{
}

bool StreamingAggregateOperator::tickDue()
{
    if (m_policy.periodNanos <= 0)
        return false;
    int64_t now = m_clock.nowNanos();
    if (now < m_nextTick)
        return false;
    // Skip the ticks missed while idle: one emit per due tick at most.
    m_nextTick += ((now - m_nextTick) / m_policy.periodNanos + 1) * m_policy.periodNanos;
    return true;
}

Block StreamingAggregateOperator::emit(bool changedOnly)
{
    Block out = changedOnly ? m_state.result(std::vector<uint32_t>(m_changed.begin(), m_changed.end())) : m_state.result(0, m_state.groupCount());
    m_changed.clear();
    m_dirty = false;
    ++m_emits;
    return out;
}

Pull StreamingAggregateOperator::pull(Block &out)
{
    if (m_ended)
        return Pull::End;
    for (;;) {
        Block block;
        Pull p = m_input->pull(block);
        if (p == Pull::Block) {
            if (block.rows() == 0)
                continue;
            std::vector<uint32_t> touched;
            m_state.consume(block, &touched);
            m_changed.insert(touched.begin(), touched.end());
            m_dirty = true;
            if ((m_policy.onUpdate && m_policy.periodNanos <= 0) || tickDue()) {
                out = emit(m_policy.onUpdate);
                return Pull::Block;
            }
            continue;
        }
        if (p == Pull::End) {
            // A finite input (e.g. a LIMITed subquery): emit what is pending, then end.
            m_ended = true;
            if (m_dirty) {
                out = emit(m_policy.onUpdate);
                return Pull::Block;
            }
            return Pull::End;
        }
        // Nothing more for now: emit on a due tick if anything changed since the last emit.
        if (tickDue() && m_dirty) {
            out = emit(m_policy.onUpdate);
            return Pull::Block;
        }
        return Pull::Pending;
    }
}

} // namespace tideline::engine
