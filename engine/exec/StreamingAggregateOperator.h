#pragma once
// Global aggregation over a stream (streaming-sql.md §7.2.4-7.2.7, §7.2.10, §11). Rows are
// aggregated as they arrive; results are emitted by the EMIT policy:
//   PERIODIC i (default 2 s): on each tick of the injected clock, if any row arrived since the
//     last emit, all groups (the full current result); with REPEAT on every tick;
//   ON UPDATE: after each input block, only the groups that block changed;
//   PERIODIC i ON UPDATE: on each tick, the groups changed since the previous emit;
//   CHANGELOG: like the two above but only changed groups, each preceded by the retraction (-1)
//     of the row last emitted for it, the new rows carrying +1 in _tp_delta.
// With PARTITION BY, every substream has its own state and emits only when it got new rows.
// Ticks are aligned to the query's start on the processing-time clock. Every row of one emit
// carries the same emit_version(), which counts emits from 0.

#include <memory>
#include <set>

#include "engine/common/Clock.h"
#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/Operator.h"
#include "engine/exec/StreamingEmit.h"
#include "engine/exec/SubstreamSplitter.h"

namespace tideline::engine {

class StreamingAggregateOperator final : public Operator {
public:
    StreamingAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                               std::vector<AggregateSpec> aggregates, StreamingEmitPolicy policy, const Clock &clock,
                               std::vector<size_t> partitionKeys = {}, int deltaColumn = -1);
    Pull pull(Block &out) override;
    std::string name() const override { return "StreamingAggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    uint64_t emitVersion() const { return m_emits; }
    // Every emit flushes all pending changes, so after a replay one silent emit (when the live
    // run had emitted since its last row) and the saved emit counter rebuild the state exactly.
    void holdClock(bool held) override { m_clockHeld = held; }
    void saveEmitState(std::vector<int64_t> &out) const override;
    void restoreEmitState(const std::vector<int64_t> &in, size_t &at) override;

private:
    struct Substream {
        std::unique_ptr<GroupedAggregation> state;
        std::set<uint32_t> changed;
        bool dirty = false;
        ChangelogTracker changelog;
    };
    void consume(const Block &block);
    Block emit();
    Block emitSubstream(Substream &s);
    bool timerDue() { return !m_clockHeld && m_timer.due(); }

    OperatorPtr m_input;
    std::vector<size_t> m_keyIndices;
    std::vector<std::string> m_keyNames;
    std::vector<AggregateSpec> m_aggregates;
    StreamingEmitPolicy m_policy;
    EmitTimer m_timer;
    SubstreamSplitter m_splitter;
    std::vector<std::unique_ptr<Substream>> m_substreams; // by substream id
    int m_deltaColumn; // changelog input: rows with _tp_delta = -1 are retracted
    bool m_dirty = false;
    uint64_t m_emits = 0;
    bool m_ended = false;
    bool m_clockHeld = false;
};

} // namespace tideline::engine
