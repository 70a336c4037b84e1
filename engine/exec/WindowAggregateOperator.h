#pragma once
// Streaming window aggregation over tumble, hop and session windows (streaming-sql.md §6-7;
// ARCHITECTURE §2.2). Each substream (PARTITION BY; one without it) keeps its own watermark and
// windows (WindowSubstream). Per input block the rows are aggregated into their windows, then
// by the EMIT policy:
//   AFTER WATERMARK [WITH DELAY] (default): every window the watermark passed is emitted once,
//     all its groups, and dropped; empty windows never emit;
//   ON UPDATE: the changed groups of the windows the block touched, at once; closing is silent;
//   PERIODIC i: on each tick with new rows, all groups of the open windows (intermediate), and
//     closed windows still emit their final result;
//   PERIODIC i ON UPDATE: on each tick, the groups changed since the previous emit;
//   TIMEOUT i: after i of processing time without new rows, every open window closes.
// All windows closed or updated at one moment make one output block (one emit_version()).

#include <memory>

#include "engine/common/Clock.h"
#include "engine/exec/Operator.h"
#include "engine/exec/StreamingEmit.h"
#include "engine/exec/SubstreamSplitter.h"
#include "engine/exec/WindowSubstream.h"

namespace tideline::engine {

class WindowAggregateOperator final : public Operator {
public:
    WindowAggregateOperator(OperatorPtr input, WindowAggregationConfig config, StreamingEmitPolicy policy, const Clock &clock);
    Pull pull(Block &out) override;
    std::string name() const override { return "WindowAggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    uint64_t lateRows() const;
    // Window state follows from the input once the clock is held, except what TIMEOUT closes and
    // which groups PERIODIC ON UPDATE saw change since its last tick.
    Recovery recovery(std::string &why) const override;
    void holdClock(bool held) override { m_clockHeld = held; }
    void saveEmitState(std::vector<int64_t> &out) const override;
    void restoreEmitState(const std::vector<int64_t> &in, size_t &at) override;

private:
    void consume(const Block &block, std::vector<Block> &out);
    void onTick(std::vector<Block> &out);
    void onTimeout(std::vector<Block> &out);
    void onClock(std::vector<Block> &out);
    bool emit(std::vector<Block> &parts, Block &out);
    CloseEmit closeEmit() const;
    bool timerDue() { return !m_clockHeld && m_timer.due(); }

    OperatorPtr m_input;
    WindowAggregationConfig m_config;
    StreamingEmitPolicy m_policy;
    const Clock &m_clock;
    EmitTimer m_timer;
    SubstreamSplitter m_splitter;
    std::vector<std::unique_ptr<WindowSubstream>> m_substreams; // by substream id
    bool m_dirty = false;       // rows since the last periodic emit
    bool m_openWindows = false; // rows since the last timeout
    int64_t m_lastInputNanos = 0;
    uint64_t m_emits = 0;
    bool m_clockHeld = false;
};

} // namespace tideline::engine
