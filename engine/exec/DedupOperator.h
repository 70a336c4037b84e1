#pragma once
// dedup(src, key... [, ttl] [, limit]) (streaming-sql.md §10.3): passes only the first row of
// each distinct key; later rows with a remembered key are dropped, in one block or across blocks.
// A key is remembered for `ttl` of processing time (the injected clock) from the row that passed
// (0: forever; a duplicate does not extend it), and at most `limit` keys are remembered (default
// 100000): past that the earliest remembered key is forgotten. A forgotten key passes again.

#include <deque>

#include "engine/common/Clock.h"
#include "engine/exec/Operator.h"
#include "engine/exec/RowKeyTable.h"

namespace tideline::engine {

class DedupOperator final : public Operator {
public:
    static constexpr uint64_t kDefaultLimit = 100000;

    // Without a ttl no clock is read.
    DedupOperator(OperatorPtr input, std::vector<size_t> keyColumns) : DedupOperator(std::move(input), std::move(keyColumns), SystemClock::instance()) {}
    DedupOperator(OperatorPtr input, std::vector<size_t> keyColumns, const Clock &clock, int64_t ttlNanos = 0, uint64_t limit = kDefaultLimit)
        : m_input(std::move(input)), m_keys(std::move(keyColumns)), m_clock(clock), m_ttl(ttlNanos), m_limit(limit ? limit : kDefaultLimit)
    {
    }
    Pull pull(Block &out) override;
    std::string name() const override { return "Dedup"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }
    // Keys held in memory, remembered or not yet compacted away (for tests of the bound).
    size_t heldKeys() const { return m_seen ? m_seen->size() : 0; }
    // The limit forgets by count, which a replay repeats; the ttl forgets by processing time.
    Recovery recovery(std::string &why) const override
    {
        if (m_ttl <= 0)
            return Recovery::Replay;
        why = "dedup() with a ttl forgets keys on processing time";
        return Recovery::Inexact;
    }

private:
    // Forgets the keys whose ttl ran out by `now`, then the earliest ones beyond the limit.
    void forget(int64_t now);
    // Whether the key with table id `id` (just looked up or inserted) passes, remembering it.
    bool admit(uint32_t id, bool inserted, int64_t now);
    // Drops forgotten keys from the table once they outnumber the remembered ones, so memory
    // follows what is remembered, not every key ever seen.
    void compact();

    struct Remembered {
        uint32_t id;
        int64_t since; // processing time the key's row passed
    };
    OperatorPtr m_input;
    std::vector<size_t> m_keys;
    const Clock &m_clock;
    int64_t m_ttl;
    uint64_t m_limit;
    std::unique_ptr<RowKeyTable> m_seen;  // remembered keys, and forgotten ones until compact()
    std::vector<int64_t> m_since;         // by id: when the key passed; INT64_MIN once forgotten
    std::deque<Remembered> m_order;       // remembered keys, earliest first (may hold stale entries)
    uint64_t m_live = 0;
};

} // namespace tideline::engine
