#include "engine/exec/SortOperator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tideline::engine {

namespace {

bool isSpecialAt(const Column &c, size_t row)
{
    switch (c.type()->kind) {
    case TypeKind::Float32: return std::isnan(c.data<float>()[row]);
    case TypeKind::Float64: return std::isnan(c.data<double>()[row]);
    default: return false;
    }
}

// Three-way comparison honouring direction, with NULL/NaN placement independent of it.
int compareRows(const Column &c, size_t a, size_t b, const SortKey &key)
{
    const Column *values = &c;
    if (c.type()->isNullable()) {
        bool an = c.nullMap[a], bn = c.nullMap[b];
        if (an || bn)
            return an == bn ? 0 : ((an ? 1 : -1) * (key.nullsFirst ? -1 : 1));
        values = c.children[0].get();
    }
    bool as = isSpecialAt(*values, a), bs = isSpecialAt(*values, b);
    if (as || bs)
        return as == bs ? 0 : ((as ? 1 : -1) * (key.nullsFirst ? -1 : 1));
    int r = values->compareAt(a, *values, b);
    return key.descending ? -r : r;
}

} // namespace

Block SortOperator::concatenate(std::vector<Block> &blocks)
{
    if (blocks.empty())
        return {};
    if (blocks.size() == 1)
        return std::move(blocks[0]);
    size_t total = 0;
    for (const auto &b : blocks)
        total += b.rows();
    Block out;
    for (size_t c = 0; c < blocks[0].columnCount(); ++c) {
        auto col = blocks[0].at(c).column->cloneEmpty();
        col->reserve(total);
        for (const auto &b : blocks)
            col->pushRange(*b.at(c).column, 0, b.rows());
        out.add(blocks[0].at(c).name, col);
    }
    out.setRowsWithoutColumns(total);
    return out;
}

std::vector<uint32_t> SortOperator::sortPermutation(const Block &block, const std::vector<SortKey> &keys, int64_t limit)
{
    std::vector<uint32_t> perm(block.rows());
    std::iota(perm.begin(), perm.end(), 0);
    auto less = [&](uint32_t a, uint32_t b) {
        for (const auto &k : keys) {
            int r = compareRows(*block.at(k.column).column, a, b, k);
            if (r)
                return r < 0;
        }
        return false;
    };
    if (limit >= 0 && static_cast<size_t>(limit) < perm.size()) {
        std::partial_sort(perm.begin(), perm.begin() + limit, perm.end(), [&](uint32_t a, uint32_t b) { return less(a, b) || (!less(b, a) && a < b); });
        perm.resize(static_cast<size_t>(limit));
    } else {
        std::stable_sort(perm.begin(), perm.end(), less);
    }
    return perm;
}

Pull SortOperator::pull(Block &out)
{
    if (!m_sorted) {
        std::vector<Block> blocks;
        for (;;) {
            Block b;
            Pull p = m_input->next(b);
            if (p == Pull::End)
                break;
            if (p == Pull::Pending)
                return p;
            if (b.rows())
                blocks.push_back(std::move(b));
        }
        m_all = concatenate(blocks);
        m_order = sortPermutation(m_all, m_keys, m_limit);
        m_sorted = true;
    }
    if (m_emitted >= m_order.size())
        return Pull::End;
    size_t n = std::min<size_t>(65536, m_order.size() - m_emitted);
    std::span<const uint32_t> rows(m_order.data() + m_emitted, n);
    Block block;
    for (const auto &c : m_all.columns())
        block.add(c.name, c.column->gather(rows));
    block.setRowsWithoutColumns(n);
    m_emitted += n;
    out = std::move(block);
    return Pull::Block;
}

} // namespace tideline::engine
