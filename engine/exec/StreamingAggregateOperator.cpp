#include "engine/exec/StreamingAggregateOperator.h"

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

StreamingAggregateOperator::StreamingAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                                                       std::vector<AggregateSpec> aggregates, StreamingEmitPolicy policy, const Clock &clock,
                                                       std::vector<size_t> partitionKeys, int deltaColumn)
    : m_input(std::move(input)), m_keyIndices(std::move(keyIndices)), m_keyNames(std::move(keyNames)), m_aggregates(std::move(aggregates)),
      m_policy(policy), m_timer(clock, policy.periodNanos), m_splitter(std::move(partitionKeys)), m_deltaColumn(deltaColumn)
{
}

void StreamingAggregateOperator::consume(const Block &block)
{
    for (auto &[id, part] : m_splitter.split(block)) {
        if (id >= m_substreams.size())
            m_substreams.resize(id + 1);
        auto &s = m_substreams[id];
        if (!s) {
            s = std::make_unique<Substream>();
            s->state = std::make_unique<GroupedAggregation>(m_keyIndices, m_keyNames, m_aggregates);
            s->state->setDeltaColumn(m_deltaColumn);
        }
        std::vector<uint32_t> touched;
        s->state->consume(part, &touched);
        s->changed.insert(touched.begin(), touched.end());
        s->dirty = true;
    }
    m_dirty = true;
}

// The rows one substream contributes to an emit: all its groups, or only the changed ones
// (ON UPDATE, CHANGELOG), with retractions first for CHANGELOG.
Block StreamingAggregateOperator::emitSubstream(Substream &s)
{
    bool changedOnly = m_policy.onUpdate || m_policy.changelog;
    std::vector<uint32_t> groups(s.changed.begin(), s.changed.end());
    Block rows = changedOnly ? s.state->result(groups) : s.state->result(0, s.state->groupCount());
    if (m_policy.changelog)
        rows = s.changelog.changes(groups, rows);
    s.changed.clear();
    s.dirty = false;
    return rows;
}

Block StreamingAggregateOperator::emit()
{
    std::vector<Block> parts;
    for (auto &s : m_substreams)
        if (s && (s->dirty || m_policy.repeat))
            parts.push_back(emitSubstream(*s));
    Block out = SortOperator::concatenate(parts);
    if (m_policy.emitVersion)
        emitcolumns::appendEmitVersion(out, m_emits);
    m_dirty = false;
    ++m_emits;
    return out;
}

void StreamingAggregateOperator::saveEmitState(std::vector<int64_t> &out) const
{
    out.push_back(static_cast<int64_t>(m_emits));
    out.push_back(m_dirty ? 1 : 0);
}

void StreamingAggregateOperator::restoreEmitState(const std::vector<int64_t> &in, size_t &at)
{
    if (at + 2 > in.size())
        fail(ErrorCode::CorruptedData, "The saved emit state does not match the plan (StreamingAggregate)");
    const auto emits = static_cast<uint64_t>(in[at]);
    const bool dirty = in[at + 1] != 0;
    at += 2;
    if (!dirty && m_dirty)
        (void)emit(); // the clock-driven emit the live run made: clears changed groups, moves the changelog on
    m_emits = emits;
}

Pull StreamingAggregateOperator::pull(Block &out)
{
    if (m_ended)
        return Pull::End;
    const bool perBlock = m_policy.onUpdate && !m_timer.enabled();
    for (;;) {
        Block block;
        Pull p = m_input->next(block);
        if (p == Pull::Block) {
            if (block.rows() == 0)
                continue;
            consume(block);
            if (perBlock || timerDue()) {
                out = emit();
                return Pull::Block;
            }
            continue;
        }
        if (p == Pull::End) {
            // A finite input (e.g. a LIMITed subquery): emit what is pending, then end.
            m_ended = true;
            if (m_dirty) {
                out = emit();
                return Pull::Block;
            }
            return Pull::End;
        }
        // Nothing more for now: emit on a due tick if anything changed since the last emit
        // (or anything at all, with REPEAT).
        if (timerDue() && (m_dirty || (m_policy.repeat && !m_substreams.empty()))) {
            out = emit();
            return Pull::Block;
        }
        return Pull::Pending;
    }
}

} // namespace tideline::engine
