#pragma once
// What the streaming aggregation operators share about emitting (streaming-sql.md §7.2): the
// EMIT policy of a query, the processing-time timer of PERIODIC and TIMEOUT, the columns an emit
// may carry besides the result (emit_version(), _tp_delta) and the retractions of EMIT CHANGELOG.

#include <cstdint>
#include <vector>

#include "engine/column/Block.h"
#include "engine/common/Clock.h"

namespace tideline::engine {

struct StreamingEmitPolicy {
    int64_t periodNanos = 2000000000; // PERIODIC i; 0: no timer
    bool onUpdate = false;            // only the groups changed since the previous emit
    bool changelog = false;           // EMIT CHANGELOG: -1 rows for the previous values, +1 rows for the new
    int64_t timeoutNanos = 0;         // TIMEOUT i: close every open window after i without new rows
    bool emitVersion = false;         // append the emit_version() column (int64)
    bool windowPeriodic = false;      // windows: PERIODIC was asked for (intermediate results)
    bool repeat = false;              // PERIODIC i REPEAT: every tick emits, new rows or not
    bool procTimeWatermark = false;   // windows over arrival time: the clock moves the watermark (EMIT LAST ON PROCTIME)
};

// Ticks of PERIODIC i aligned to the query's start; ticks missed while idle give one emit.
class EmitTimer {
public:
    EmitTimer(const Clock &clock, int64_t periodNanos) : m_clock(clock), m_period(periodNanos), m_next(clock.nowNanos() + periodNanos) {}
    bool due();
    bool enabled() const { return m_period > 0; }

private:
    const Clock &m_clock;
    int64_t m_period;
    int64_t m_next;
};

// The output columns that follow an aggregation's keys and aggregates.
namespace emitcolumns {
constexpr const char *kEmitVersion = "emit_version()";
constexpr const char *kDelta = "_tp_delta";
// Appends a constant int64 emit_version() column.
void appendEmitVersion(Block &block, uint64_t version);
// Appends a constant int8 _tp_delta column.
void appendDelta(Block &block, int8_t delta);
} // namespace emitcolumns

// EMIT CHANGELOG of a global aggregation: remembers the row last emitted for every group (by
// group id) so that a new value of the group is preceded by the retraction of the old one.
// Emitted result blocks are kept and compacted when they hold more than twice the groups.
class ChangelogTracker {
public:
    // The retractions (-1) of `groups` that were emitted before, then `current` (+1), which
    // holds the new rows of `groups` in the same order. Both blocks get a _tp_delta column.
    Block changes(const std::vector<uint32_t> &groups, const Block &current);
    // The row last emitted for `group`, or null.
    const Block *lastRow(uint32_t group, size_t &row) const
    {
        if (group >= m_last.size() || m_last[group].block == UINT32_MAX)
            return nullptr;
        row = m_last[group].row;
        return &m_blocks[m_last[group].block];
    }

private:
    void compact();

    struct Location {
        uint32_t block = UINT32_MAX;
        uint32_t row = 0;
    };
    std::vector<Block> m_blocks;
    std::vector<Location> m_last; // by group id
    size_t m_keptRows = 0;
    size_t m_liveGroups = 0;
};

} // namespace tideline::engine
