#pragma once
#include <span>
// The window state of one substream of a streaming window aggregation (WindowAggregateOperator):
// its watermark, its open windows and their aggregation states. Two kinds:
//   TimeWindowSubstream (tumble, hop): rows go to the window of their window_end column; the
//     watermark moves once per block (streaming-sql.md §7.2.2) and closes windows ending at or
//     before it;
//   SessionSubstream: rows, in arrival order, extend the open session or close it and open a
//     new one (§6.3): ts >= start + max_length closes it with end = start + max_length, ts >=
//     last + idle closes it with end = last + idle. An open session shows end = last + 1 tick.
//     The window columns of session rows are placeholders; the real ones go into the result.
//     With start/end predicates, a session opens only at an event meeting the start predicate
//     (events before are in no session) and closes at one meeting the end predicate, with end =
//     that event's time, + 1 tick when the event belongs to the session ([c1, c2] vs [c1, c2)).
// Rows below the substream's watermark are late: dropped and counted. Emitted blocks have the
// aggregation's layout (keys, then aggregates).

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/WindowStep.h"

namespace tideline::engine {

struct WindowWatermarkSpec {
    enum class Kind : uint8_t { Tumble, Hop, Session };
    Kind kind = Kind::Tumble;
    size_t timeColumn = 0;      // event time of each row (input position)
    size_t windowEndColumn = 0; // window_end of each row (input position; tumble and hop)
    int64_t sizeTicks = 0;      // window size; session: idle timeout
    int64_t slideTicks = 0;     // hop slide; 0 for tumble
    int64_t delayTicks = 0;     // WITH DELAY
    int64_t maxLengthTicks = 0; // session: max length (5 x idle when 0)
    int windowStartKey = -1;    // session: positions of window_start / window_end among the keys
    int windowEndKey = -1;
    int startCondColumn = -1;   // session: start/end predicates (input positions), -1 without
    int endCondColumn = -1;
    bool startInclusive = true; // whether the event meeting the predicate belongs to the session
    bool endInclusive = true;
    std::vector<size_t> partitionKeys; // PARTITION BY columns (input positions)
    // tumble: the window length with its alignment (weeks from Monday, calendar days in the
    // zone, months), the same as the rows' window_end was computed with; null for hop/session.
    std::shared_ptr<const WindowStep> tumbleStep;
    // hop in pane mode (HopPaneAggregateOperator::paneSource): each row comes once, its
    // window_end being that of the last window holding it; states are kept per pane and merged
    // into each window as it closes or is shown. Only without ON UPDATE and changelog input.
    bool panes = false;
};

struct WindowAggregationConfig {
    std::vector<size_t> keyIndices;
    std::vector<std::string> keyNames;
    std::vector<AggregateSpec> aggregates;
    WindowWatermarkSpec spec;
    DataTypePtr timeType; // type of the time column (datetime or datetime64)
    int deltaColumn = -1; // changelog input: _tp_delta (input position)
    bool trackChanges = false; // ON UPDATE: remember the groups each block changed
};

// What closing a window emits: all its groups (the final result), only the groups changed
// since the last emit (ON UPDATE with a timer), or nothing (ON UPDATE emitted them already).
enum class CloseEmit : uint8_t { Final, PendingChanges, Nothing };

class WindowSubstream {
public:
    explicit WindowSubstream(const WindowAggregationConfig &config);
    virtual ~WindowSubstream() = default;
    virtual void consume(const Block &block) = 0;
    // Changed groups of every window touched since the last call (ON UPDATE).
    virtual void updates(std::vector<Block> &out) = 0;
    // All groups of every open window (PERIODIC on windows: intermediate results).
    virtual void snapshot(std::vector<Block> &out) = 0;
    // Closes the windows the watermark has passed, or all of them (TIMEOUT).
    virtual void close(std::vector<Block> &out, CloseEmit emit, bool all) = 0;
    // Moves the watermark as if an event at `time` (ticks) had come: windows over processing
    // time close on the clock, not on rows. Sessions ignore it.
    virtual void advanceTo(int64_t time) { (void)time; }
    uint64_t lateRows() const { return m_lateRows; }
    int64_t watermark() const { return m_watermark; }

protected:
    struct Window {
        std::unique_ptr<GroupedAggregation> state;
        std::set<uint32_t> changed;
    };
    // The column's values as ticks: a view of the column itself when it holds int64 ticks,
    // else converted into `storage`.
    static std::span<const int64_t> ticks(const Column &column, std::vector<int64_t> &storage);
    std::unique_ptr<GroupedAggregation> newState() const;
    // Consumes the rows of `block` where mask[r] (all rows when mask is empty) into `w`.
    void consumeInto(Window &w, const Block &block, const std::vector<uint8_t> &mask, size_t kept);
    // The rows `emit` asks of a window being closed; empty when there are none.
    static Block closingRows(Window &w, CloseEmit emit);
    static Block changedRows(Window &w);
    // The result layout from a window's state: window_start and window_end, which are not keys
    // of the state (one state per window), are inserted as constants at their key positions.
    Block withWindow(Block rows, int64_t start, int64_t end) const;

    const WindowWatermarkSpec &spec() const { return m_config.spec; }

    const WindowAggregationConfig &m_config;
    std::vector<size_t> m_stateKeys; // the keys but window_start / window_end
    std::vector<std::string> m_stateKeyNames;
    int64_t m_watermark = INT64_MIN;
    int64_t m_maxTime = INT64_MIN;
    uint64_t m_lateRows = 0;
};

class TimeWindowSubstream final : public WindowSubstream {
public:
    using WindowSubstream::WindowSubstream;
    void consume(const Block &block) override;
    void updates(std::vector<Block> &out) override;
    void snapshot(std::vector<Block> &out) override;
    void close(std::vector<Block> &out, CloseEmit emit, bool all) override;
    void advanceTo(int64_t time) override;

private:
    int64_t watermarkFor(int64_t maxTime) const;
    int64_t windowStart(int64_t end) const;
    // Pane mode: the windows ending at `end`, merged from their panes; empty when no rows.
    Block paneWindow(int64_t end) const;
    // Pane mode: the ends of windows holding rows, above m_closedThrough and up to `limit`.
    std::vector<int64_t> paneWindowEnds(int64_t limit) const;
    void closePanes(std::vector<Block> &out, bool all);
    std::map<int64_t, Window> m_windows; // by window_end; in pane mode, panes by their last window's end
    int64_t m_closedThrough = INT64_MIN;  // pane mode: windows ending at or before it are closed
};

class SessionSubstream final : public WindowSubstream {
public:
    using WindowSubstream::WindowSubstream;
    void consume(const Block &block) override;
    void updates(std::vector<Block> &out) override;
    void snapshot(std::vector<Block> &out) override;
    void close(std::vector<Block> &out, CloseEmit emit, bool all) override;

private:
    struct Session : Window {
        int64_t start = 0;
        int64_t last = 0;
        int64_t end = 0; // set once closed
        bool closed = false;
    };
    // Assigns each row to a session (closing and opening sessions on the way); -1 for rows in
    // no session (late, or outside the start/end predicates).
    std::vector<int32_t> assign(const Block &block);
    void closeOpen(int64_t end);
    void emitSession(Session &s, CloseEmit emit, int64_t end, std::vector<Block> &out);

    std::unique_ptr<Session> m_open;
    std::vector<std::unique_ptr<Session>> m_closedInBlock; // closed by the current block, not yet emitted
    std::vector<std::unique_ptr<Session>> m_pending;       // closed, waiting for close()
};

} // namespace tideline::engine
