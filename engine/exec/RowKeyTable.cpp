#include "engine/exec/RowKeyTable.h"

#include <cstring>

namespace tideline::engine {

namespace {

uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

bool packable(const DataType &t)
{
    size_t w = t.valueSize();
    return w > 0 && w <= 8 && !t.isFloat() && !t.isNullable() && t.kind != TypeKind::FixedString;
}

} // namespace

RowKeyTable::RowKeyTable(const std::vector<DataTypePtr> &keyTypes)
{
    m_slots.assign(1024, 0);
    m_mask = m_slots.size() - 1;
    m_packedMode = keyTypes.size() == 1 && packable(*keyTypes[0]);
    if (m_packedMode) {
        m_width = keyTypes[0]->valueSize();
        return;
    }
    for (const auto &t : keyTypes)
        m_keys.push_back(Column::create(t));
}

void RowKeyTable::hashRows(std::span<const Column *const> keys, size_t rows, std::vector<uint64_t> &out)
{
    out.assign(rows, 0x2545f4914f6cdd1dULL);
    for (const Column *c : keys)
        for (size_t r = 0; r < rows; ++r)
            out[r] = mix64(out[r] * 31 + c->hashAt(r));
}

RowKeyTable::BlockKeys RowKeyTable::keysOf(const Block &block, std::span<const size_t> positions, std::unique_ptr<RowKeyTable> &table)
{
    BlockKeys keys;
    for (size_t k : positions)
        keys.columns.push_back(block.at(k).column.get());
    if (!table) {
        std::vector<DataTypePtr> types;
        for (size_t k : positions)
            types.push_back(block.at(k).type());
        table = std::make_unique<RowKeyTable>(types);
    }
    hashRows(keys.columns, block.rows(), keys.hashes);
    return keys;
}

uint64_t RowKeyTable::packed(const Column &c, size_t row) const
{
    uint64_t v = 0;
    std::memcpy(&v, c.fixed.data() + row * m_width, m_width);
    return v;
}

bool RowKeyTable::equal(uint32_t id, std::span<const Column *const> keys, size_t row) const
{
    if (m_packedMode)
        return m_packed[id] == packed(*keys[0], row);
    for (size_t k = 0; k < keys.size(); ++k)
        if (!m_keys[k]->equalAt(id, *keys[k], row))
            return false;
    return true;
}

uint32_t RowKeyTable::find(std::span<const Column *const> keys, size_t row, uint64_t hash) const
{
    for (size_t pos = hash & m_mask;; pos = (pos + 1) & m_mask) {
        uint32_t s = m_slots[pos];
        if (s == 0)
            return kNone;
        if (m_hashes[s - 1] == hash && equal(s - 1, keys, row))
            return s - 1;
    }
}

uint32_t RowKeyTable::findOrInsert(std::span<const Column *const> keys, size_t row, uint64_t hash, bool *inserted)
{
    size_t pos = hash & m_mask;
    for (;; pos = (pos + 1) & m_mask) {
        uint32_t s = m_slots[pos];
        if (s == 0)
            break;
        if (m_hashes[s - 1] == hash && equal(s - 1, keys, row)) {
            *inserted = false;
            return s - 1;
        }
    }
    uint32_t id = static_cast<uint32_t>(m_hashes.size());
    m_hashes.push_back(hash);
    if (m_packedMode)
        m_packed.push_back(packed(*keys[0], row));
    else
        for (size_t k = 0; k < keys.size(); ++k)
            m_keys[k]->pushFrom(*keys[k], row);
    m_slots[pos] = id + 1;
    *inserted = true;
    // Load factor <= 1/2 keeps probe chains short.
    if (m_hashes.size() * 2 > m_slots.size())
        grow();
    return id;
}

void RowKeyTable::grow()
{
    rehash(m_slots.size() * 2);
}

void RowKeyTable::rehash(size_t slots)
{
    m_slots.assign(slots, 0);
    m_mask = m_slots.size() - 1;
    for (uint32_t id = 0; id < m_hashes.size(); ++id) {
        size_t pos = m_hashes[id] & m_mask;
        while (m_slots[pos])
            pos = (pos + 1) & m_mask;
        m_slots[pos] = id + 1;
    }
}

void RowKeyTable::retain(std::span<const uint32_t> ids)
{
    std::vector<uint64_t> hashes;
    hashes.reserve(ids.size());
    for (uint32_t id : ids)
        hashes.push_back(m_hashes[id]);
    m_hashes = std::move(hashes);
    if (m_packedMode) {
        std::vector<uint64_t> packedKeys;
        packedKeys.reserve(ids.size());
        for (uint32_t id : ids)
            packedKeys.push_back(m_packed[id]);
        m_packed = std::move(packedKeys);
    } else {
        for (auto &column : m_keys)
            column = column->gather(ids);
    }
    size_t slots = 1024;
    while (slots < m_hashes.size() * 2)
        slots *= 2;
    rehash(slots);
}

} // namespace tideline::engine
