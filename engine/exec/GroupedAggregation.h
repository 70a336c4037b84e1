#pragma once
// The state of a hash aggregation: groups keyed by the key columns, one arena row of aggregate
// states per group. Keys are specialised: a single integer key of up to 8 bytes is read straight
// from its column; fixed-width keys of up to 32 bytes in all (several columns, nullable, tuples,
// floats) are packed into 1, 2 or 4 words (GroupKeyPacker); both go through an open-addressing
// table of packed keys (PackedKeyMap). Only variable-width keys (strings, arrays, maps) are
// serialised into a byte string per row.
// Each block updates the states with one addBatch() call per aggregate. Results can be read at
// any time without disturbing the states (streaming emits read them repeatedly).

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/column/Block.h"
#include "engine/exec/GroupKeyPacker.h"
#include "engine/exec/PackedKeyMap.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

struct AggregateSpec {
    AggregateFunctionPtr function;
    std::vector<size_t> argIndices; // positions in the input block
    std::string name;               // output column name
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

    // Merges foreign states (of another GroupedAggregation with the same aggregates) into the
    // groups of `keys` (a block holding just the key columns, in key order; the key indices of
    // this aggregation must be 0..k-1): row r's group gets sources[r]. Hop panes use it.
    void mergeStates(const Block &keys, const std::vector<const char *> &sources);
    const char *state(uint32_t group) const { return m_states[group]; }
    // The key columns, one row per group in group-id order (empty before the first block).
    const std::vector<MutableColumnPtr> &keyColumns() const { return m_keyColumns; }
    const std::vector<AggregateSpec> &aggregates() const { return m_aggregates; }

private:
    void initialise(const Block &block);
    void groupIds(const Block &block, std::vector<uint32_t> &ids);
    void touchedGroups(const std::vector<uint32_t> &ids, std::vector<uint32_t> &touched);
    template <typename Key>
    void singleKeyIds(const Block &block, const Column &col, std::vector<uint32_t> &ids);
    template <size_t N>
    void packedIds(const Block &block, PackedKeyMap<N> &map, std::vector<uint32_t> &ids);
    void serializedIds(const Block &block, std::vector<uint32_t> &ids);
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
    // How rows find their group: the key mode picks one of the tables below.
    enum class KeyMode : uint8_t { None, SingleInt, Packed1, Packed2, Packed4, Serialized };
    KeyMode m_mode = KeyMode::None;
    std::unique_ptr<GroupKeyPacker> m_packer;
    PackedKeyMap<1> m_map1; // SingleInt and Packed1
    PackedKeyMap<2> m_map2;
    PackedKeyMap<4> m_map4;
    std::unordered_map<std::string, uint32_t> m_generic;
    // Per-block scratch, kept so its storage is reused instead of reallocated (and zeroed).
    std::vector<uint32_t> m_ids;
    std::vector<char *> m_places;
    std::vector<uint64_t> m_packed;
    std::vector<const Column *> m_keyView;
    int m_deltaColumn = -1;
    std::vector<uint8_t> m_touchedMark; // all zero between calls of touchedGroups
};

} // namespace tideline::engine
