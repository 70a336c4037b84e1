#pragma once
// Streaming window aggregation over tumble/hop windows with per-block watermarks
// (streaming-sql.md §7.2.2-7.2.3; ARCHITECTURE §2.2): for each input block,
//   1. rows with event time < the current watermark are late: dropped and counted;
//   2. the rest are aggregated into the state of their window (one GroupedAggregation each);
//   3. the watermark moves to the end of the last window that closes at (max event time of the
//      block - delay): for tumble floor(t / size) * size, for hop the last end on the slide grid;
//   4. every window with window_end <= watermark is emitted once, in end order, and dropped.
// Windows that received no rows are never emitted. All windows closed by one block share one
// emit (one output block). Times are in ticks of the time column (datetime: s; datetime64(p)).

#include <map>
#include <memory>

#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

struct WindowWatermarkSpec {
    size_t timeColumn = 0;      // event time of each row (input position)
    size_t windowEndColumn = 0; // window_end of each row (input position)
    int64_t sizeTicks = 0;      // window size
    int64_t slideTicks = 0;     // hop slide; 0 for tumble
    int64_t delayTicks = 0;     // WITH DELAY
};

class WindowAggregateOperator final : public Operator {
public:
    WindowAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                            std::vector<AggregateSpec> aggregates, WindowWatermarkSpec spec);
    Pull pull(Block &out) override;
    std::string name() const override { return "WindowAggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    uint64_t lateRows() const { return m_lateRows; }
    int64_t watermark() const { return m_watermark; }

private:
    void consume(const Block &block);
    std::vector<int64_t> ticks(const Column &column) const;
    int64_t watermarkFor(int64_t maxTime) const;
    Block closeWindows();

    OperatorPtr m_input;
    std::vector<size_t> m_keyIndices;
    std::vector<std::string> m_keyNames;
    std::vector<AggregateSpec> m_aggregates;
    WindowWatermarkSpec m_spec;
    std::map<int64_t, std::unique_ptr<GroupedAggregation>> m_windows; // by window_end
    int64_t m_watermark = INT64_MIN;
    uint64_t m_lateRows = 0;
};

} // namespace tideline::engine
