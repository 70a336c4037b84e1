#pragma once
// SQL window functions over bounded input: f(...) OVER (PARTITION BY ... ORDER BY ... [frame]).
// Reads every row, then per window function sorts a permutation by (partition, ORDER BY keys),
// computes each row's frame and the function's value per sorted position, and maps the values
// back to input order with one gather. Output: the input columns, then one column per window
// function, rows in input order. Functions sharing PARTITION BY/ORDER BY share the sort.
//
// Aggregates over frames: each row's argument values are first added to a state of their own
// (one addBatch), then frames are merged from those states. A frame that extends the previous
// one (running totals, whole partitions) costs one merge per row; frames that only shrink from
// the end (x FOLLOWING .. UNBOUNDED FOLLOWING) are accumulated backwards; other sliding frames
// merge their rows afresh for every row.

#include <optional>

#include "engine/exec/Operator.h"
#include "engine/exec/WindowFrame.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

enum class WindowFunctionKind : uint8_t {
    Aggregate,
    RowNumber, Rank, DenseRank, PercentRank, CumeDist, Ntile,
    Lag, Lead,               // over the partition, ignoring the frame (SQL standard)
    LagInFrame, LeadInFrame, // ClickHouse: only rows inside the frame
    FirstValue, LastValue, NthValue,
};

struct WindowFunctionSpec {
    WindowFunctionKind kind = WindowFunctionKind::Aggregate;
    AggregateFunctionPtr aggregate;     // Aggregate only
    // Argument columns (input positions). Aggregate: its arguments. Navigation functions: the
    // value column, and optionally a default column of the same type (lag/lead families).
    std::vector<size_t> args;
    // lag/lead offset (default 1), nth_value's n, ntile's bucket count.
    int64_t offset = 1;
    std::vector<size_t> partitionBy;
    std::vector<SortKey> orderBy;
    FrameSpec frame = FrameSpec::defaultFrame();
    std::string name;                   // output column name

    // Maps a function name ("row_number", "lag_in_frame", ...) to its kind; false if none.
    static bool kindFromName(const std::string &name, WindowFunctionKind &kind);
};

class WindowFunctionOperator final : public Operator {
public:
    // Throws 36 for bad constant arguments (ntile(0), nth_value(x, 0), negative offsets).
    WindowFunctionOperator(OperatorPtr input, std::vector<WindowFunctionSpec> functions);
    ~WindowFunctionOperator() override;
    Pull pull(Block &out) override;
    std::string name() const override { return "Window"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

    // The result type of a function given the input block's types.
    static DataTypePtr resultType(const WindowFunctionSpec &spec, const std::vector<DataTypePtr> &inputTypes);

private:
    void computeAll();
    const SortedWindow &sorted(const WindowFunctionSpec &spec);
    ColumnPtr compute(const WindowFunctionSpec &spec, const SortedWindow &s);

    OperatorPtr m_input;
    std::vector<WindowFunctionSpec> m_functions;
    std::vector<Block> m_blocks;
    bool m_computed = false;
    Block m_all;
    size_t m_emitted = 0;
    // The last sort, reused by functions with the same PARTITION BY and ORDER BY.
    std::vector<size_t> m_sortedPartition;
    std::vector<SortKey> m_sortedOrder;
    std::optional<SortedWindow> m_sorted;
};

} // namespace tideline::engine
