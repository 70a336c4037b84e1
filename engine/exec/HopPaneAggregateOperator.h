#pragma once
// GROUP BY over hop windows of a bounded input without copying rows per window (the pane
// technique of Proton and Flink). Its input comes from a WindowAssignOperator in pane mode:
// every row once, with window_start / window_end of the last window holding it. Rows are
// aggregated per pane (window_start is the pane), then each pane's groups are merged into the
// size/slide windows that contain the pane: starts pane - j * slide, j = 0 .. size/slide - 1.
// A row is thus counted in exactly the windows assignHop would have copied it into; the
// planner uses this only when window_start / window_end appear as plain group keys (or not at
// all) and every aggregate merges independently of row order (count, sum, avg, min, max and
// their _if forms). Output: keys then aggregates, as AggregateOperator.

#include "engine/exec/Expression.h"
#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

class WindowAssignOperator;

struct HopPaneSpec {
    int windowStartKey = -1; // positions among the keys; -1 when not a key
    int windowEndKey = -1;
    int64_t slideTicks = 0;
    int64_t sizeTicks = 0;
};

class HopPaneAggregateOperator final : public Operator {
public:
    HopPaneAggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames,
                             std::vector<AggregateSpec> aggregates, HopPaneSpec spec);
    Pull pull(Block &out) override;
    std::string name() const override { return "HopPaneAggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

    // Aggregates whose states merge the same whatever the order of rows.
    static bool mergeable(const AggregateFunction &f);
    // The pane aggregation of `input` projected through `pre` (keys at keyIndices, aggregate
    // arguments), when `input` is a hop WindowAssignOperator that supports panes, whose output
    // ends with window_start, window_end at windowColumns - 2 and - 1 (0: unknown), which `pre`
    // uses only as plain keys, and every aggregate is mergeable. Else null, `input` untouched.
    // The checks of tryPlan, shared with streaming hop windows (WindowSubstream's pane mode):
    // the hop operator to switch to pane mode and `spec` filled in, or null.
    static WindowAssignOperator *paneSource(Operator *input, size_t windowColumns, const std::vector<ExpressionPtr> &pre,
                                            const std::vector<size_t> &keyIndices, const std::vector<AggregateSpec> &aggregates, HopPaneSpec &spec);
    static OperatorPtr tryPlan(OperatorPtr &input, size_t windowColumns, std::vector<ExpressionPtr> &pre, std::vector<std::string> &preNames,
                               std::vector<size_t> &keyIndices, std::vector<std::string> &keyNames, std::vector<AggregateSpec> &aggregates);

private:
    void expand();
    Block windowKeys(size_t from, size_t count, size_t windows) const;

    OperatorPtr m_input;
    HopPaneSpec m_spec;
    size_t m_keyCount = 0;
    GroupedAggregation m_panes;
    GroupedAggregation m_windows;
    bool m_consumed = false;
    size_t m_emitted = 0;
};

} // namespace tideline::engine
