#pragma once
// Hash aggregation (bounded): consumes its whole input, then emits one row per group: the key
// columns followed by one column per aggregate. Keys are specialised: a single fixed-width key
// of up to 8 bytes goes through an open-addressing table of uint64; anything else is serialised
// into a byte string per row. Aggregate states live in an arena, one fixed-size row per group,
// and are updated with one addBatch() call per aggregate per block.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/exec/Operator.h"
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
    uint32_t findOrInsert(uint64_t key, uint32_t next, bool *inserted);
    size_t size() const { return m_size; }

private:
    void rehash(size_t capacity);
    std::vector<uint64_t> m_keys;
    std::vector<uint32_t> m_values; // UINT32_MAX = empty
    size_t m_size = 0;
    size_t m_mask = 0;
};

class AggregateOperator final : public Operator {
public:
    AggregateOperator(OperatorPtr input, std::vector<size_t> keyIndices, std::vector<std::string> keyNames, std::vector<AggregateSpec> aggregates);
    ~AggregateOperator() override;
    Pull pull(Block &out) override;
    std::string name() const override { return "Aggregate"; }
    std::vector<Operator *> children() const override { return {m_input.get()}; }

private:
    void consume(const Block &block);
    void groupIds(const Block &block, std::vector<uint32_t> &ids);
    uint32_t newGroup(const Block &block, size_t row);
    char *allocateState();

    OperatorPtr m_input;
    std::vector<size_t> m_keyIndices;
    std::vector<std::string> m_keyNames;
    std::vector<AggregateSpec> m_aggregates;
    std::vector<size_t> m_offsets; // state offset of each aggregate within a group row
    size_t m_stride = 0;

    std::vector<MutableColumnPtr> m_keyColumns; // one row per group, in group-id order
    std::vector<char *> m_states;               // per group
    std::vector<std::unique_ptr<char[]>> m_arena;
    size_t m_arenaUsed = 0;
    size_t m_arenaCapacity = 0;
    U64GroupMap m_u64;
    std::unordered_map<std::string, uint32_t> m_generic;
    bool m_singleU64 = false;
    bool m_consumed = false;
    size_t m_emitted = 0;
};

} // namespace tideline::engine
