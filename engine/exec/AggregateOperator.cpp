#include "engine/exec/AggregateOperator.h"

#include <algorithm>

namespace tideline::engine {

Pull AggregateOperator::pull(Block &out)
{
    if (!m_consumed) {
        for (;;) {
            Block block;
            Pull p = m_input->next(block);
            if (p == Pull::End)
                break;
            if (p == Pull::Pending)
                return p;
            m_state.consume(block);
        }
        m_state.ensureSingleGroup(); // aggregation without GROUP BY over no rows gives one row
        m_consumed = true;
    }
    if (m_emitted >= m_state.groupCount())
        return Pull::End;
    size_t n = std::min<size_t>(65536, m_state.groupCount() - m_emitted);
    out = m_state.result(m_emitted, n);
    m_emitted += n;
    return Pull::Block;
}

} // namespace tideline::engine
