#pragma once
// Global aggregation over a stream (streaming-sql.md §7.2.4-7.2.7, §11). Rows are aggregated as
// they arrive; results are emitted by the EMIT policy:
//   PERIODIC i (default 2 s): on each tick of the injected clock, if any row arrived since the
//     last emit, all groups (the full current result);
//   ON UPDATE: after each input block, only the groups that block changed;
//   PERIODIC i ON UPDATE: on each tick, the groups changed since the previous emit.
// Ticks are aligned to the query's start on the processing-time clock. Every emitted block
// carries the same emit version (emit_version()), which counts emits from 0.

#include <set>

#include "engine/common/Clock.h"
#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

struct StreamingEmitPolicy {
    int64_t periodNanos = 2000000000; // 0: no timer
    bool onUpdate = false;
};

class StreamingAggregateOperator final : public Operator {
public:
    StreamingAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                               std::vector<AggregateSpec> aggregates, StreamingEmitPolicy policy, const Clock &clock);
    Pull pull(Block &out) override;
    std::string name() const override { return "StreamingAggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    uint64_t emitVersion() const { return m_emits; }

private:
    bool tickDue();
    Block emit(bool changedOnly);

    OperatorPtr m_input;
    GroupedAggregation m_state;
    StreamingEmitPolicy m_policy;
    const Clock &m_clock;
    int64_t m_nextTick;
    bool m_dirty = false;
    std::set<uint32_t> m_changed;
    uint64_t m_emits = 0;
    bool m_ended = false;
};

} // namespace tideline::engine
