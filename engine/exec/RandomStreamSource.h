#pragma once
// Reading a random stream (streaming-sql.md §2.19): nothing is stored, every row is made from the
// columns' DEFAULT expressions (rand(), random_in_type(), now(), ...) when it is read.
//   Streaming: rows come on the injected processing-time clock in ticks of `interval_time` ms
//     from the query's start, each tick one block; after t of processing time floor(eps * t)
//     rows have come (eps may be below 1: eps=0.5 gives a row every 2 s). now() and the default
//     _tp_time of a row are the time of its tick, so a script sees exact times without sleeping.
//     eps=0 means no limit: one full block per tick. max_events ends the stream after that many
//     rows (the query then ends by itself).
//   Bounded (table(r), query_mode='table'): one block of 65409 rows, as Proton 1.6.
// The DEFAULT expressions are bound once against a clock owned by the source that reads the
// tick's time, so catching up several ticks in one pull stamps each block with its own time.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/Clock.h"
#include "engine/exec/ExpressionBinder.h"
#include "engine/exec/Operator.h"

namespace tideline::engine {

struct StreamInfo;

class RandomStreamSource final : public Operator {
public:
    struct Options {
        double eps = 1000;         // rows per second of processing time; 0: no limit
        int64_t intervalMs = 5;    // tick length
        int64_t maxEvents = 0;     // 0: unlimited
        bool bounded = false;      // table(r): one block, then End
    };
    static constexpr size_t kBoundedRows = 65409;

    // Binds the stored columns' DEFAULTs of `stream` (in dependency order) with `context`, whose
    // clock is replaced by the tick clock. Throws EngineError (47 for a DEFAULT cycle).
    RandomStreamSource(const StreamInfo &stream, BindContext context, const Clock &clock, Options options);
    Pull pull(Block &out) override;
    Recovery recovery(std::string &why) const override
    {
        why = "a random stream is generated on the clock and stores nothing a restart could read again";
        return Recovery::Inexact;
    }
    std::string name() const override { return "RandomStream"; }
    // The output columns, in stored order.
    const std::vector<std::string> &columnNames() const { return m_names; }
    const std::vector<DataTypePtr> &columnTypes() const { return m_types; }
    // Options from the stream's settings overridden by the query's (eps, interval_time, max_events).
    static Options options(const StreamInfo &stream, const std::map<std::string, std::string> &querySettings, bool bounded);

private:
    Block generate(size_t rows, int64_t tickMillis);
    int64_t rowsDueAt(int64_t tick) const;
    int64_t firstTickWithRows(int64_t emitted) const;

    struct Step {
        ExpressionPtr expr;
        size_t output; // position among the output columns
    };
    std::shared_ptr<ManualClock> m_tickClock = std::make_shared<ManualClock>();
    const Clock &m_clock;
    Options m_options;
    std::vector<Step> m_steps; // evaluation order; each step sees the columns of the steps before it
    std::vector<std::string> m_names;
    std::vector<DataTypePtr> m_types;
    int64_t m_startMillis = 0;
    int64_t m_nextTick = 1; // tick 0 is the query's start: nothing is due yet
    int64_t m_emitted = 0;
    bool m_ended = false;
};

} // namespace tideline::engine
