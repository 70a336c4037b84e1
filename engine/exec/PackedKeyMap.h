#pragma once
// Maps fixed-width keys of N 64-bit words (packed group-by keys, GroupKeyPacker) to dense ids:
// open addressing with linear probing, load <= 1/2, each slot holding its key next to its id so
// a probe touches one cache line. Keys are compared word by word; no per-row allocation and no
// byte-string hashing, which is what the serialized-key path of GroupedAggregation paid.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tideline::engine {

template <size_t N>
class PackedKeyMap {
public:
    static constexpr uint32_t kEmpty = UINT32_MAX;

    // No slots until the first insert: a streaming window state per window, most of them using
    // one of GroupedAggregation's three maps, should not allocate the others.
    PackedKeyMap() = default;

    // The id of `key` (N words), inserting `next` when absent (then *inserted = true).
    // Inline: it runs once per input row.
    uint32_t findOrInsert(const uint64_t *key, uint32_t next, bool *inserted)
    {
        if (m_slots.empty()) [[unlikely]]
            rehash(256);
        size_t pos = hash(key) & m_mask;
        for (;; pos = (pos + 1) & m_mask) {
            Slot &s = m_slots[pos];
            if (s.id == kEmpty)
                break;
            if (same(s.key, key)) {
                *inserted = false;
                return s.id;
            }
        }
        std::memcpy(m_slots[pos].key, key, sizeof(uint64_t) * N);
        m_slots[pos].id = next;
        *inserted = true;
        if (++m_size * 2 > m_slots.size())
            rehash(m_slots.size() * 2);
        return next;
    }

    uint32_t find(const uint64_t *key) const
    {
        if (m_slots.empty())
            return kEmpty;
        for (size_t pos = hash(key) & m_mask;; pos = (pos + 1) & m_mask) {
            const Slot &s = m_slots[pos];
            if (s.id == kEmpty)
                return kEmpty;
            if (same(s.key, key))
                return s.id;
        }
    }

    size_t size() const { return m_size; }

    // Multiply-xorshift over the words, then murmur's finaliser: keys that differ only in high
    // bits (window starts a multiple of 1000 apart) still spread over the low bits of the mask.
    static uint64_t hash(const uint64_t *key)
    {
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (size_t i = 0; i < N; ++i) {
            h ^= key[i];
            h *= 0xbf58476d1ce4e5b9ULL;
            h ^= h >> 31;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

private:
    struct Slot {
        uint64_t key[N];
        uint32_t id;
    };

    static bool same(const uint64_t *a, const uint64_t *b)
    {
        for (size_t i = 0; i < N; ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }

    void rehash(size_t capacity)
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, Slot{{}, kEmpty});
        m_mask = capacity - 1;
        for (const Slot &s : old) {
            if (s.id == kEmpty)
                continue;
            size_t pos = hash(s.key) & m_mask;
            while (m_slots[pos].id != kEmpty)
                pos = (pos + 1) & m_mask;
            m_slots[pos] = s;
        }
    }

    std::vector<Slot> m_slots;
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace tideline::engine
