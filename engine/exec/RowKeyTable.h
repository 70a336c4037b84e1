#pragma once
// A hash set of key rows (one or more key columns) assigning dense ids in insertion order. Shared
// by DISTINCT, LIMIT BY, the hash join and window partitioning. Hashes are computed a column at a
// time first (hashRows); lookups then compare against stored copies of the keys. A single
// fixed-width integer key of up to 8 bytes is kept packed as uint64 and compared as such.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/column/Block.h"
#include "engine/column/Column.h"

namespace tideline::engine {

class RowKeyTable {
public:
    // `keyTypes` are the types of the key columns later passed to find/findOrInsert.
    explicit RowKeyTable(const std::vector<DataTypePtr> &keyTypes);

    // out[r] = combined hash of the key columns at row r, for rows [0, rows).
    static void hashRows(std::span<const Column *const> keys, size_t rows, std::vector<uint64_t> &out);

    // The key columns at `positions` of one block, hashed: what an operator keyed by some of its
    // input's columns looks rows up with. `table` is made on the first block, for their types.
    struct BlockKeys {
        std::vector<const Column *> columns;
        std::vector<uint64_t> hashes;
    };
    static BlockKeys keysOf(const Block &block, std::span<const size_t> positions, std::unique_ptr<RowKeyTable> &table);

    // The id of the key at `row`, inserting a copy of it when absent (*inserted then true).
    uint32_t findOrInsert(std::span<const Column *const> keys, size_t row, uint64_t hash, bool *inserted);
    // The id of the key at `row`, or kNone.
    uint32_t find(std::span<const Column *const> keys, size_t row, uint64_t hash) const;
    size_t size() const { return m_hashes.size(); }
    // Keeps only the keys `ids` (distinct), which become ids 0..ids.size()-1 in that order; the
    // table shrinks to fit them. For users that forget keys (dedup's ttl and limit).
    void retain(std::span<const uint32_t> ids);

    static constexpr uint32_t kNone = UINT32_MAX;

private:
    bool equal(uint32_t id, std::span<const Column *const> keys, size_t row) const;
    uint64_t packed(const Column &c, size_t row) const;
    void grow();
    void rehash(size_t slots);

    std::vector<uint32_t> m_slots;        // id + 1; 0 = empty
    size_t m_mask = 0;
    std::vector<uint64_t> m_hashes;       // per id
    std::vector<MutableColumnPtr> m_keys; // per key column, one row per id (generic mode)
    std::vector<uint64_t> m_packed;       // per id (packed mode)
    bool m_packedMode = false;
    size_t m_width = 0;
};

} // namespace tideline::engine
