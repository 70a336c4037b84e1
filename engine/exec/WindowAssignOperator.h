#pragma once
// Window assignment for tumble/hop/session over bounded input (streaming-sql.md §6): appends
// window_start and window_end, of the time column's type, to the input columns.
//   tumble(size): [start, end) aligned to the epoch (calendar units in the time zone).
//   hop(slide, size): every row is repeated once per window containing it, windows starting
//     at multiples of slide, in ascending start order.
//   session(idle[, max_len]): needs all rows; per partition key, rows in time order open a
//     session at the first event and close it when ts >= start + max_len (end = start +
//     max_len) or ts >= last + idle (end = last + idle). The last, still open session ends at
//     last event + 1 tick. Rows are emitted in input order.
// The time column must be datetime or datetime64 (43 otherwise); bad intervals raise 36.

#include "engine/exec/Operator.h"
#include "engine/exec/WindowStep.h"

namespace tideline::engine {

struct WindowInterval {
    IntervalUnit unit = IntervalUnit::Second;
    int64_t count = 0;
};

struct WindowAssignSpec {
    enum class Kind : uint8_t { Tumble, Hop, Session };
    Kind kind = Kind::Tumble;
    size_t timeColumn = 0;
    WindowInterval size;      // tumble and hop: window size; session: idle timeout
    WindowInterval slide;     // hop only
    WindowInterval maxLength; // session only; count 0 = 5 x idle
    std::string timezone;     // empty: the time column's zone (or UTC)
    std::vector<size_t> partitionKeys; // session only
    std::string startName = "window_start";
    std::string endName = "window_end";
};

class WindowAssignOperator final : public Operator {
public:
    // `timeType` is the type of the time column; errors are raised here, at planning time.
    WindowAssignOperator(OperatorPtr input, WindowAssignSpec spec, DataTypePtr timeType);
    ~WindowAssignOperator() override;
    Pull pull(Block &out) override;
    std::string name() const override;
    std::vector<Operator *> children() const override { return {m_input.get()}; }

    // Hop panes (HopPaneAggregateOperator): with fixed-length slide and size, size a multiple of
    // slide, over datetime64, every row lies in the same size/slide windows as the rest of its
    // slide-long pane. In pane mode each row is emitted once, carrying the last window holding
    // it (its pane's start, and that + size); the aggregation expands panes into windows.
    bool supportsPanes() const;
    void usePanes() { m_panes = true; }
    int64_t slideTicks() const { return m_slide ? m_slide->length() : 0; }
    int64_t sizeTicks() const { return m_size->length(); }
    const DataTypePtr &timeType() const { return m_timeType; }
    // Tumble and hop assign each block on its own; session buffers the whole input.
    Recovery recovery(std::string &) const override { return m_spec.kind == WindowAssignSpec::Kind::Session ? Recovery::Replay : Recovery::PerBlock; }

private:
    Block assignTumble(const Block &input) const;
    Block assignHop(const Block &input) const;
    Block assignPanes(const Block &input) const;
    void assignSessions();
    std::vector<int64_t> readTicks(const Column &c) const;
    ColumnPtr writeTicks(const std::vector<int64_t> &ticks) const;
    Block withWindows(Block input, const std::vector<int64_t> &starts, const std::vector<int64_t> &ends) const;

    OperatorPtr m_input;
    WindowAssignSpec m_spec;
    DataTypePtr m_timeType;
    std::unique_ptr<WindowStep> m_size;
    std::unique_ptr<WindowStep> m_slide;
    int64_t m_idleTicks = 0;
    int64_t m_maxTicks = 0;
    bool m_panes = false;
    // Session: every row, assigned once the input ends, then emitted in slices.
    bool m_sessionsReady = false;
    std::vector<Block> m_blocks;
    Block m_all;
    size_t m_emitted = 0;
};

} // namespace tideline::engine
