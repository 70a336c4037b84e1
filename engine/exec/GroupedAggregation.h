#pragma once
// The state of a hash aggregation: groups keyed by the key columns, one arena row of aggregate
// states per group. Keys are specialised: a single fixed-width key of up to 8 bytes goes through
// an open-addressing table of uint64; anything else is serialised into a byte string per row.
// Each block updates the states with one addBatch() call per aggregate. Results can be read at
// any time without disturbing the states (streaming emits read them repeatedly).

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/column/Block.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

struct AggregateSpec {
    AggregateFunctionPtr function;
    std::vector<size_t> argIndices; // positions in the input block
    std::string name;               // output column name
};

// Maps uint64 keys to dense group ids; open addressing, linear probing, load <= 50 %.
class U64GroupMap {
public:
    U64GroupMap() { rehash(1024); }
    // Returns the group id of `key`, inserting `next` if absent (then *inserted = true).
    // Inline: it runs once per input row.
    uint32_t findOrInsert(uint64_t key, uint32_t next, bool *inserted)
    {
        size_t pos = hash(key) & m_mask;
        while (m_values[pos] != UINT32_MAX) {
            if (m_keys[pos] == key) {
                *inserted = false;
                return m_values[pos];
            }
            pos = (pos + 1) & m_mask;
        }
        m_keys[pos] = key;
        m_values[pos] = next;
        *inserted = true;
        if (++m_size * 2 > m_keys.size())
            rehash(m_keys.size() * 2);
        return next;
    }
    size_t size() const { return m_size; }
    static uint64_t hash(uint64_t h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

private:
    void rehash(size_t capacity);
    std::vector<uint64_t> m_keys;
    std::vector<uint32_t> m_values; // UINT32_MAX = empty
    size_t m_size = 0;
    size_t m_mask = 0;
};

class GroupedAggregation {
public:
    GroupedAggregation(std::vector<size_t> keyIndices, std::vector<std::string> keyNames, std::vector<AggregateSpec> aggregates);
    ~GroupedAggregation();
    GroupedAggregation(const GroupedAggregation &) = delete;
    GroupedAggregation &operator=(const GroupedAggregation &) = delete;

    // Adds a block; `touched`, when given, receives the ids of the groups the block updated.
    // With a delta column (changelog input), rows whose _tp_delta is negative are retracted.
    void consume(const Block &block, std::vector<uint32_t> *touched = nullptr);
    void setDeltaColumn(int column) { m_deltaColumn = column; }
    // Without keys there is always exactly one group, even before any row (count() = 0).
    void ensureSingleGroup();
    size_t groupCount() const { return m_states.size(); }
    bool hasKeys() const { return !m_keyIndices.empty(); }
    // Keys then aggregate results, for groups [from, from+count) or for the listed groups.
    Block result(size_t from, size_t count) const;
    Block result(const std::vector<uint32_t> &groups) const;

private:
    void initialise(const Block &block);
    void groupIds(const Block &block, std::vector<uint32_t> &ids);
    void touchedGroups(const std::vector<uint32_t> &ids, std::vector<uint32_t> &touched);
    template <typename Key>
    void singleKeyIds(const Block &block, const Column &col, std::vector<uint32_t> &ids);
    uint32_t newGroup(const Block &block, size_t row);
    char *allocateState();

    std::vector<size_t> m_keyIndices;
    std::vector<std::string> m_keyNames;
    std::vector<AggregateSpec> m_aggregates;
    std::vector<size_t> m_offsets; // state offset of each aggregate within a group row
    size_t m_stride = 0;

    bool m_initialised = false;
    std::vector<MutableColumnPtr> m_keyColumns; // one row per group, in group-id order
    std::vector<char *> m_states;               // per group
    std::vector<std::unique_ptr<char[]>> m_arena;
    size_t m_arenaUsed = 0;
    size_t m_arenaCapacity = 0;
    U64GroupMap m_u64;
    std::unordered_map<std::string, uint32_t> m_generic;
    bool m_singleU64 = false;
    int m_deltaColumn = -1;
    std::vector<uint8_t> m_touchedMark; // all zero between calls of touchedGroups
};

} // namespace tideline::engine
