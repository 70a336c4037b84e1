#include "engine/exec/AsofStreamJoinOperator.h"

namespace tideline::engine {

AsofStreamJoinOperator::AsofStreamJoinOperator(OperatorPtr left, OperatorPtr right, Spec spec)
    : m_left(std::move(left)), m_right(std::move(right)), m_spec(std::move(spec)), m_store(m_spec.rightNames, m_spec.rightTypes)
{
}

std::vector<const Column *> AsofStreamJoinOperator::keyColumns(const Block &block, const std::vector<size_t> &keys)
{
    std::vector<const Column *> cols;
    for (size_t k : keys)
        cols.push_back(block.at(k).column.get());
    if (!m_keys) {
        std::vector<DataTypePtr> types;
        for (size_t k : keys)
            types.push_back(block.at(k).type());
        m_keys = std::make_unique<RowKeyTable>(types);
    }
    return cols;
}

// A right block: every row becomes the newest version of its key; beyond keepVersions the
// oldest version of the key is dropped.
void AsofStreamJoinOperator::keep(const Block &block)
{
    std::vector<const Column *> keys = keyColumns(block, m_spec.rightKeys);
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys, block.rows(), hashes);
    std::vector<uint32_t> all(block.rows());
    for (size_t r = 0; r < all.size(); ++r)
        all[r] = static_cast<uint32_t>(r);
    uint32_t stored = m_store.append(block, all);
    bool inserted = false;
    for (size_t r = 0; r < block.rows(); ++r, ++stored) {
        uint32_t id = m_keys->findOrInsert(keys, r, hashes[r], &inserted);
        if (id >= m_versions.size())
            m_versions.resize(id + 1);
        std::vector<uint32_t> &versions = m_versions[id];
        versions.push_back(stored);
        if (versions.size() > m_spec.keepVersions) {
            m_store.release(versions.front());
            versions.erase(versions.begin());
        }
    }
    if (m_store.wantsCompaction())
        compact();
    checkJoinBufferedBytes(m_store.byteSize(), m_spec.maxBufferedBytes);
}

void AsofStreamJoinOperator::compact()
{
    std::vector<uint32_t> remap = m_store.compact();
    for (auto &versions : m_versions)
        for (uint32_t &row : versions)
            row = remap[row];
}

// The version closest to the left value that satisfies the inequality, or kNone.
uint32_t AsofStreamJoinOperator::closest(const std::vector<uint32_t> &versions, const Column &leftAsof, size_t row) const
{
    const Column &right = m_store.column(m_spec.rightAsof);
    uint32_t best = JoinRowStore::kNone;
    for (uint32_t v : versions) {
        int vsLeft = right.compareAt(v, leftAsof, row); // sign of right - left
        bool ok = false, better = false;
        int vsBest = best == JoinRowStore::kNone ? 0 : right.compareAt(v, right, best);
        switch (m_spec.op) {
        case JoinSpec::AsofOp::GreaterOrEquals: ok = vsLeft <= 0, better = vsBest >= 0; break; // greatest right <= left
        case JoinSpec::AsofOp::Greater: ok = vsLeft < 0, better = vsBest >= 0; break;          // greatest right < left
        case JoinSpec::AsofOp::LessOrEquals: ok = vsLeft >= 0, better = vsBest < 0; break;     // smallest right >= left
        case JoinSpec::AsofOp::Less: ok = vsLeft > 0, better = vsBest < 0; break;              // smallest right > left
        }
        if (ok && (best == JoinRowStore::kNone || better))
            best = v;
    }
    return best;
}

Block AsofStreamJoinOperator::probe(const Block &block)
{
    std::vector<const Column *> keys = keyColumns(block, m_spec.leftKeys);
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys, block.rows(), hashes);
    const Column &leftAsof = *block.at(m_spec.leftAsof).column;
    std::vector<uint32_t> leftRows, rightRows;
    for (size_t r = 0; r < block.rows(); ++r) {
        uint32_t id = m_keys->find(keys, r, hashes[r]);
        uint32_t match = id < m_versions.size() ? closest(m_versions[id], leftAsof, r) : JoinRowStore::kNone;
        if (match == JoinRowStore::kNone && !m_spec.leftOuter)
            continue;
        leftRows.push_back(static_cast<uint32_t>(r));
        rightRows.push_back(match == JoinRowStore::kNone ? JoinRowStore::kDefaultRow : match);
    }
    Block out;
    if (leftRows.empty())
        return out;
    size_t name = 0;
    for (const auto &c : block.columns())
        out.add(name < m_spec.outputNames.size() ? m_spec.outputNames[name++] : c.name, c.column->gather(leftRows));
    for (size_t c = 0; c < m_store.columnCount(); ++c)
        out.add(name < m_spec.outputNames.size() ? m_spec.outputNames[name++] : m_store.name(c), m_store.gather(c, rightRows));
    out.setRowsWithoutColumns(leftRows.size());
    if (!m_spec.residual)
        return out;
    std::vector<uint8_t> mask = FilterOperator::mask(*m_spec.residual->evaluate(out, out.rows()));
    size_t kept = 0;
    for (uint8_t m : mask)
        kept += m != 0;
    return kept == out.rows() ? out : out.filter(mask.data(), kept);
}

Pull AsofStreamJoinOperator::pull(Block &out)
{
    for (;;) {
        Block block;
        if (!m_rightEnded) { // the right side first: its versions are in place before later left rows
            Pull p = m_right->next(block);
            m_rightEnded = p == Pull::End;
            if (p == Pull::Block) {
                if (block.rows())
                    keep(block);
                continue;
            }
        }
        if (m_leftEnded)
            return Pull::End; // only left rows produce output
        Pull p = m_left->next(block);
        if (p == Pull::End) {
            m_leftEnded = true;
            continue;
        }
        if (p == Pull::Pending)
            return Pull::Pending;
        if (block.rows())
            if (Block joined = probe(block); joined.rows()) {
                out = std::move(joined);
                return Pull::Block;
            }
    }
}

} // namespace tideline::engine
