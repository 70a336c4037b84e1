#include "engine/exec/DedupOperator.h"

namespace tideline::engine {

void DedupOperator::forget(int64_t now)
{
    // An entry is stale when its key was forgotten and passed again since: m_since moved on.
    auto stale = [&](const Remembered &r) { return m_since[r.id] != r.since; };
    while (!m_order.empty()) {
        const Remembered &front = m_order.front();
        if (stale(front)) {
            m_order.pop_front();
            continue;
        }
        bool expired = m_ttl > 0 && now - front.since >= m_ttl;
        if (!expired && m_live <= m_limit)
            break;
        m_since[front.id] = INT64_MIN;
        --m_live;
        m_order.pop_front();
    }
}

bool DedupOperator::admit(uint32_t id, bool inserted, int64_t now)
{
    if (inserted)
        m_since.push_back(INT64_MIN);
    if (m_since[id] != INT64_MIN)
        return false;
    m_since[id] = now;
    m_order.push_back({id, now});
    ++m_live;
    if (m_live > m_limit)
        forget(now);
    return true;
}

void DedupOperator::compact()
{
    if (!m_seen || m_seen->size() < 4096 || m_seen->size() < 2 * m_live)
        return;
    // m_order holds every remembered key once with its current `since`, plus stale entries.
    std::vector<uint32_t> keep;
    std::deque<Remembered> order;
    keep.reserve(m_live);
    for (const Remembered &r : m_order) {
        if (m_since[r.id] != r.since)
            continue;
        order.push_back({uint32_t(keep.size()), r.since});
        keep.push_back(r.id);
    }
    m_seen->retain(keep);
    m_since.assign(keep.size(), 0);
    for (const Remembered &r : order)
        m_since[r.id] = r.since;
    m_order = std::move(order);
}

Pull DedupOperator::pull(Block &out)
{
    for (;;) {
        Block block;
        Pull p = m_input->next(block);
        if (p != Pull::Block)
            return p;
        if (block.rows() == 0)
            continue;
        const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(block, m_keys, m_seen);
        const int64_t now = m_clock.nowNanos();
        forget(now);
        std::vector<uint8_t> mask(block.rows(), 0);
        size_t kept = 0;
        for (size_t r = 0; r < block.rows(); ++r) {
            bool inserted = false;
            uint32_t id = m_seen->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
            if (admit(id, inserted, now))
                mask[r] = 1, ++kept;
        }
        compact();
        if (kept == 0)
            continue;
        out = kept == block.rows() ? std::move(block) : block.filter(mask.data(), kept);
        return Pull::Block;
    }
}

} // namespace tideline::engine
