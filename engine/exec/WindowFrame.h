#pragma once
// Window frames for SQL window functions: the structured form of
// `{ROWS | RANGE} [BETWEEN] <bound> [AND <bound>]`, and the computation of each row's frame
// [start, end) over rows already sorted by partition and ORDER BY keys.

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/column/Block.h"
#include "engine/exec/SortOperator.h"

namespace tideline::engine {

struct FrameBound {
    enum class Kind : uint8_t { UnboundedPreceding, Preceding, CurrentRow, Following, UnboundedFollowing };
    Kind kind = Kind::CurrentRow;
    // Preceding/Following: a row count (ROWS) or a distance in the ORDER BY key's units (RANGE).
    double offset = 0;
};

struct FrameSpec {
    enum class Type : uint8_t { Rows, Range };
    Type type = Type::Range;
    FrameBound start{FrameBound::Kind::UnboundedPreceding, 0};
    FrameBound end{FrameBound::Kind::CurrentRow, 0};

    // The SQL default: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (the whole partition
    // without ORDER BY, since then every row is a peer of every other).
    static FrameSpec defaultFrame() { return {}; }
    // Parses sql::WindowSpec::frame text, e.g. "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW" or
    // "RANGE UNBOUNDED PRECEDING"; empty text gives the default. Throws 62 on bad syntax and 36
    // on impossible bounds (start UNBOUNDED FOLLOWING, end UNBOUNDED PRECEDING, start after end).
    static FrameSpec parse(std::string_view text);
    // Throws 36 for the impossible bound combinations above.
    void validate() const;
};

// Rows sorted by (partition, ORDER BY keys): positions, partition and peer-group boundaries.
struct SortedWindow {
    std::vector<uint32_t> order;       // sorted position -> input row
    std::vector<uint32_t> partStart;   // per position: first position of its partition
    std::vector<uint32_t> partEnd;     // per position: one past the partition's last position
    std::vector<uint32_t> peerStart;   // per position: first position of its peer group
    std::vector<uint32_t> peerEnd;
};

// Sorts `block` by partition ids then `keys` and finds partition and peer boundaries.
SortedWindow sortWindow(const Block &block, const std::vector<uint32_t> &partitionIds, const std::vector<SortKey> &keys);

// Per sorted position, the frame [start, end) in sorted positions. RANGE with an offset needs
// exactly one numeric/date ORDER BY key (36 otherwise); NULL keys get their peer group.
void computeFrames(const FrameSpec &frame, const SortedWindow &sorted, const Block &block, const std::vector<SortKey> &keys,
                   std::vector<uint32_t> &start, std::vector<uint32_t> &end);

} // namespace tideline::engine
