#pragma once
// Packs the group-by key columns of each row into N 64-bit words (1, 2 or 4: up to 32 bytes),
// so a multi-column key such as (window_start, k) or (int_div(ts, 1000), k) is hashed and
// compared as integers instead of being serialised into a byte string per row.
//
// Packable keys are fixed width: numbers, dates and times, decimals, uuid, ip, enums,
// fixed_string, nullable of those (one flag byte, value bytes left zero when NULL) and tuples of
// those. Floats are normalised (-0 packs as 0, as in the serialized path). Strings, arrays and
// maps are not packable: GroupedAggregation then keeps its serialized-key fallback.
// Columns are packed one at a time (a tight loop per column) into zeroed words.

#include <cstdint>
#include <vector>

#include "engine/column/Column.h"

namespace tideline::engine {

class GroupKeyPacker {
public:
    // Plans the layout for keys of these types; words() == 0 when they do not fit in 32 bytes
    // or one of them is not fixed width.
    explicit GroupKeyPacker(const std::vector<DataTypePtr> &keyTypes);

    // 0 (not packable), 1, 2 or 4.
    size_t words() const { return m_words; }
    size_t bytes() const { return m_bytes; }

    // out = rows * words() words; row r's key at out[r * words()].
    void pack(const std::vector<const Column *> &keys, size_t rows, std::vector<uint64_t> &out) const;

private:
    // One fixed-width leaf of the key: a column reached from a key column through nullable /
    // tuple children (`path`), `width` bytes at byte `offset` of the packed key.
    struct Field {
        size_t key = 0;
        std::vector<uint8_t> path; // child index per level (tuple element; 0 for nullable)
        size_t offset = 0;
        size_t width = 0;
        bool nullFlag = false; // this field is the null map of a nullable (1 byte)
        TypeKind kind = TypeKind::Nothing;
    };
    bool plan(const DataType &type, size_t key, std::vector<uint8_t> &path);
    void packField(const Field &f, const Column &column, size_t rows, uint64_t *out) const;

    std::vector<Field> m_fields;
    size_t m_bytes = 0;
    size_t m_words = 0;
};

} // namespace tideline::engine
