#pragma once
// Physical operators: a pull-based tree over blocks. pull() returns the next block, `Pending`
// when a streaming source has nothing yet (the query task sleeps until new data or a clock tick
// wakes it), or `End`. Bounded plans never return Pending. Operators throw EngineError on bad
// data; the cursor converts it to a Status. Cancellation is checked between blocks.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "engine/column/Block.h"
#include "engine/exec/Expression.h"

namespace tideline::engine {

enum class Pull : uint8_t { Block, Pending, End };

// How a materialized view rebuilds an operator's state after a restart (MaterializedViewRunner.h).
enum class Recovery : uint8_t {
    PerBlock, // each input block yields at most one output block, from that block alone: the view
              // resumes reading at its committed positions
    Replay,   // the state follows from the input alone: the view replays its sources up to the
              // committed positions with the output discarded (the default, the safe answer)
    Inexact,  // the state also depends on processing time or on how several logs interleave, so a
              // replay only approximates it
};

// What GET /queries/{id}/pipeline shows per operator, and the scanned counters of the metrics.
struct OperatorStats {
    uint64_t rows = 0;         // rows it produced
    uint64_t bytes = 0;        // bytes of the blocks it produced
    uint64_t nanos = 0;        // time in its pull(), its inputs included
    uint64_t scannedRows = 0;  // sources: rows read from storage
    uint64_t scannedBytes = 0; // sources: stored bytes read
};

class Operator {
public:
    virtual ~Operator() = default;
    virtual Pull pull(Block &out) = 0;
    // pull() through the counters above; parents and cursors call this one. One clock read per
    // block, so the cost is per block, not per row.
    Pull next(Block &out);
    virtual std::string name() const = 0;
    virtual std::vector<Operator *> children() const { return {}; }

    // Materialized-view recovery; called once per restart or per committed output, never per
    // row. `why` receives the reason of an Inexact answer.
    virtual Recovery recovery(std::string &why) const { return Recovery::Replay; }
    // While held, no processing-time emits (PERIODIC ticks, TIMEOUT): a replay must see only
    // what the input determines.
    virtual void holdClock(bool held) {}
    // What a replay of the input cannot rebuild (emit counters, rows since the last tick): saved
    // with every committed output, restored after the replay; `at` walks the saved values.
    virtual void saveEmitState(std::vector<int64_t> &out) const {}
    virtual void restoreEmitState(const std::vector<int64_t> &in, size_t &at) {}

    OperatorStats stats;
};
using OperatorPtr = std::unique_ptr<Operator>;

// Yields the given blocks once (VALUES, system.one, materialised subqueries, tests).
class BlocksSource final : public Operator {
public:
    explicit BlocksSource(std::vector<Block> blocks, std::string label = "Values") : m_blocks(std::move(blocks)), m_label(std::move(label)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return m_label; }

private:
    std::vector<Block> m_blocks;
    size_t m_next = 0;
    std::string m_label;
};

// numbers(n), numbers(a, b), system.numbers (unbounded when limit < 0): column `number` uint64.
class NumbersSource final : public Operator {
public:
    NumbersSource(uint64_t start, int64_t count, size_t blockSize = 65536) : m_next(start), m_end(count < 0 ? UINT64_MAX : start + static_cast<uint64_t>(count)), m_blockSize(blockSize) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Numbers"; }

private:
    uint64_t m_next;
    uint64_t m_end;
    size_t m_blockSize;
};

// Evaluates expressions over each input block; outputs exactly those columns, named.
class ProjectOperator final : public Operator {
public:
    ProjectOperator(OperatorPtr input, std::vector<ExpressionPtr> exprs, std::vector<std::string> names)
        : m_input(std::move(input)), m_exprs(std::move(exprs)), m_names(std::move(names)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Project"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }

private:
    OperatorPtr m_input;
    std::vector<ExpressionPtr> m_exprs;
    std::vector<std::string> m_names;
};

// Keeps rows where the predicate is true (non-zero and not NULL).
class FilterOperator final : public Operator {
public:
    FilterOperator(OperatorPtr input, ExpressionPtr predicate) : m_input(std::move(input)), m_predicate(std::move(predicate)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Filter"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }
    // The mask of a predicate column: 1 where true; NULL counts as false.
    static std::vector<uint8_t> mask(const Column &predicate);

private:
    OperatorPtr m_input;
    ExpressionPtr m_predicate;
};

// OFFSET then LIMIT; a negative limit means none.
class LimitOperator final : public Operator {
public:
    LimitOperator(OperatorPtr input, int64_t limit, uint64_t offset) : m_input(std::move(input)), m_limit(limit), m_offset(offset) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Limit"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    OperatorPtr m_input;
    int64_t m_limit;
    uint64_t m_offset;
    uint64_t m_seen = 0;
    uint64_t m_emitted = 0;
};

// Concatenates its inputs (UNION ALL), casting columns to the union's types beforehand; streaming
// inputs are interleaved as their blocks arrive.
class UnionOperator final : public Operator {
public:
    explicit UnionOperator(std::vector<OperatorPtr> inputs) : m_inputs(std::move(inputs)) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Union"; }
    std::vector<Operator *> children() const override;
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }

private:
    std::vector<OperatorPtr> m_inputs;
    size_t m_current = 0;           // the first input that has not ended
    std::vector<uint8_t> m_ended;   // per input
};

// Drops the trailing columns beyond `keep` (hidden sort keys).
class TrimOperator final : public Operator {
public:
    TrimOperator(OperatorPtr input, size_t keep) : m_input(std::move(input)), m_keep(keep) {}
    Pull pull(Block &out) override;
    std::string name() const override { return "Trim"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    Recovery recovery(std::string &) const override { return Recovery::PerBlock; }

private:
    OperatorPtr m_input;
    size_t m_keep;
};

} // namespace tideline::engine
