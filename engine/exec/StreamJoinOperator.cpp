#include "engine/exec/StreamJoinOperator.h"

#include "engine/exec/JoinRowStore.h"
#include "engine/exec/SortOperator.h"

namespace tideline::engine {

StreamJoinOperator::StreamJoinOperator(OperatorPtr left, OperatorPtr right, std::vector<size_t> leftKeys, std::vector<size_t> rightKeys,
                                       ExpressionPtr residual, std::vector<std::string> outputNames)
    : m_residual(std::move(residual)), m_names(std::move(outputNames))
{
    m_sides[0].input = std::move(left);
    m_sides[0].keys = std::move(leftKeys);
    m_sides[1].input = std::move(right);
    m_sides[1].keys = std::move(rightKeys);
}

namespace {
// The newest time of a datetime / datetime64 column, in milliseconds.
int64_t maxMillis(const Column &c)
{
    int64_t best = INT64_MIN;
    if (c.type()->kind == TypeKind::DateTime) {
        for (size_t i = 0; i < c.size(); ++i)
            best = std::max<int64_t>(best, int64_t(c.data<uint32_t>()[i]) * 1000);
        return best;
    }
    for (size_t i = 0; i < c.size(); ++i)
        best = std::max(best, c.data<int64_t>()[i]);
    if (best == INT64_MIN)
        return best;
    for (uint32_t p = c.type()->precision; p > 3; --p)
        best /= 10;
    for (uint32_t p = c.type()->precision; p < 3; ++p)
        best *= 10;
    return best;
}
} // namespace

void StreamJoinOperator::setRange(size_t leftTime, size_t rightTime, int64_t rangeNanos)
{
    m_sides[0].timeColumn = static_cast<int>(leftTime);
    m_sides[1].timeColumn = static_cast<int>(rightTime);
    m_rangeMs = rangeNanos / 1000000;
}

void StreamJoinOperator::reindex(Side &side)
{
    for (auto &entries : side.rowsOf)
        std::erase_if(entries, [&](const std::pair<uint32_t, uint32_t> &e) { return e.first < side.base; });
    side.staleEntries = 0;
}

void StreamJoinOperator::evict(Side &side, int64_t thresholdMs)
{
    while (!side.blocks.empty() && side.blockMaxMs.front() < thresholdMs) {
        side.staleEntries += side.blocks.front().rows();
        side.keptRows -= side.blocks.front().rows();
        side.keptBytes -= side.blocks.front().byteSize();
        side.blocks.pop_front();
        side.blockMaxMs.pop_front();
        ++side.base;
    }
    if (side.staleEntries > side.keptRows + 1024)
        reindex(side);
}

// Enrichment: the right side keeps one row per key; once most kept rows are replaced versions,
// the live ones are copied into one block.
void StreamJoinOperator::compactLatest(Side &side)
{
    if (side.blocks.empty())
        return;
    std::vector<MutableColumnPtr> columns;
    for (const auto &c : side.blocks.front().columns())
        columns.push_back(c.column->cloneEmpty());
    uint32_t row = 0;
    for (auto &entries : side.rowsOf)
        for (auto &[b, r] : entries) {
            for (size_t c = 0; c < columns.size(); ++c)
                columns[c]->pushFrom(*side.blocks[b - side.base].at(c).column, r);
            b = side.base, r = row++;
        }
    Block merged;
    for (size_t c = 0; c < columns.size(); ++c)
        merged.add(side.blocks.front().at(c).name, std::move(columns[c]));
    merged.setRowsWithoutColumns(row);
    side.blocks.clear();
    side.blocks.push_back(std::move(merged));
    side.keptRows = row;
    side.keptBytes = side.blocks.front().byteSize();
    side.staleEntries = 0;
}

void StreamJoinOperator::setEnrichment(bool leftOuter, std::vector<DataTypePtr> rightTypes, int rightDeltaColumn)
{
    m_rightDelta = rightDeltaColumn;
    m_enrich = true;
    m_leftOuter = leftOuter;
    m_rightTypes = std::move(rightTypes);
    m_next = 1;
}

// LEFT enrichment: the left rows without a match, the right columns at their defaults.
Block StreamJoinOperator::unmatched(const Block &left, const std::vector<uint8_t> &matched) const
{
    std::vector<uint32_t> rows;
    for (size_t r = 0; r < matched.size(); ++r)
        if (!matched[r])
            rows.push_back(static_cast<uint32_t>(r));
    Block out;
    if (rows.empty())
        return out;
    size_t i = 0;
    for (const auto &c : left.columns())
        out.add(i < m_names.size() ? m_names[i++] : c.name, c.column->gather(rows));
    for (const auto &type : m_rightTypes) {
        auto d = Column::create(type, rows.size());
        d->pushDefaults(rows.size());
        out.add(i < m_names.size() ? m_names[i++] : std::string(), std::move(d));
    }
    out.setRowsWithoutColumns(rows.size());
    return out;
}

// The pairs (block[rows[i]], other[otherRows[i]]) as output rows, left columns first.
Block StreamJoinOperator::joined(size_t s, const Block &block, const std::vector<uint32_t> &rows, const Block &other,
                                 const std::vector<uint32_t> &otherRows) const
{
    const Block &left = s == 0 ? block : other;
    const Block &right = s == 0 ? other : block;
    const std::vector<uint32_t> &leftRows = s == 0 ? rows : otherRows;
    const std::vector<uint32_t> &rightRows = s == 0 ? otherRows : rows;
    Block out;
    size_t i = 0;
    for (const auto &c : left.columns())
        out.add(i < m_names.size() ? m_names[i++] : c.name, c.column->gather(leftRows));
    for (const auto &c : right.columns())
        out.add(i < m_names.size() ? m_names[i++] : c.name, c.column->gather(rightRows));
    out.setRowsWithoutColumns(rows.size());
    if (m_residual && out.rows()) {
        ColumnPtr keep = m_residual->evaluate(out, out.rows());
        std::vector<uint8_t> mask = FilterOperator::mask(*keep);
        size_t kept = 0;
        for (uint8_t m : mask)
            kept += m != 0;
        if (kept != out.rows())
            out = out.filter(mask.data(), kept);
    }
    return out;
}

Block StreamJoinOperator::probe(size_t s, const Block &block, const std::vector<const Column *> &keys, const std::vector<uint64_t> &hashes)
{
    const Side &other = m_sides[1 - s];
    // Pairs grouped by the other side's block, so each part is built with gathers.
    std::vector<std::vector<uint32_t>> rows(other.blocks.size()), otherRows(other.blocks.size());
    std::vector<uint8_t> matched(block.rows(), 0);
    for (size_t r = 0; r < block.rows() && !other.blocks.empty(); ++r) {
        uint32_t id = other.table->find(keys, r, hashes[r]);
        if (id == RowKeyTable::kNone || id >= other.rowsOf.size())
            continue;
        for (auto [b, row] : other.rowsOf[id]) {
            if (b < other.base)
                continue; // an evicted block
            rows[b - other.base].push_back(static_cast<uint32_t>(r));
            otherRows[b - other.base].push_back(row);
            matched[r] = 1;
        }
    }
    std::vector<Block> parts;
    if (m_enrich && m_leftOuter)
        if (Block rest = unmatched(block, matched); rest.rows())
            parts.push_back(std::move(rest));
    for (size_t b = 0; b < other.blocks.size(); ++b)
        if (!rows[b].empty())
            if (Block part = joined(s, block, rows[b], other.blocks[b], otherRows[b]); part.rows())
                parts.push_back(std::move(part));
    return SortOperator::concatenate(parts);
}

void StreamJoinOperator::keep(size_t s, Block block, const std::vector<const Column *> &keys, const std::vector<uint64_t> &hashes)
{
    Side &side = m_sides[s];
    auto index = static_cast<uint32_t>(side.base + side.blocks.size());
    const int8_t *deletes = m_enrich && m_rightDelta >= 0 ? block.at(static_cast<size_t>(m_rightDelta)).column->data<int8_t>() : nullptr;
    for (size_t r = 0; r < block.rows(); ++r) {
        bool inserted = false;
        uint32_t id = side.table->findOrInsert(keys, r, hashes[r], &inserted);
        if (id >= side.rowsOf.size())
            side.rowsOf.resize(id + 1);
        if (m_enrich) {
            // versioned_kv: the latest row of the key replaces the previous one
            side.staleEntries += side.rowsOf[id].size();
            side.rowsOf[id].clear();
            if (deletes && deletes[r] < 0) {
                ++side.staleEntries; // the deletion row itself is kept but never joined
                continue;
            }
        }
        side.rowsOf[id].emplace_back(index, static_cast<uint32_t>(r));
    }
    if (side.timeColumn >= 0) {
        side.blockMaxMs.push_back(maxMillis(*block.at(static_cast<size_t>(side.timeColumn)).column));
        side.maxMs = std::max(side.maxMs, side.blockMaxMs.back());
    }
    side.keptRows += block.rows();
    side.keptBytes += block.byteSize();
    side.blocks.push_back(std::move(block));
    if (m_enrich && side.staleEntries > side.keptRows / 2 + 1024)
        compactLatest(side);
}

Block StreamJoinOperator::process(size_t s, Block block)
{
    Side &side = m_sides[s];
    std::vector<const Column *> keys;
    std::vector<DataTypePtr> types;
    for (size_t k : side.keys) {
        keys.push_back(block.at(k).column.get());
        types.push_back(block.at(k).type());
    }
    if (!side.table) {
        // Both sides index with the same key types (the planner casts them to a common type).
        m_sides[0].table = std::make_unique<RowKeyTable>(types);
        m_sides[1].table = std::make_unique<RowKeyTable>(types);
    }
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys, block.rows(), hashes);
    if (m_enrich && s == 1) {
        keep(s, std::move(block), keys, hashes);
        checkJoinBufferedBytes(side.keptBytes, m_maxBytes);
        return {};
    }
    bool probeNeeded = !m_sides[1 - s].blocks.empty() || (m_enrich && m_leftOuter);
    Block out = probeNeeded ? probe(s, block, keys, hashes) : Block();
    if (!m_enrich)
        keep(s, std::move(block), keys, hashes);
    if (m_rangeMs >= 0) {
        for (size_t k = 0; k < 2; ++k)
            if (m_sides[1 - k].maxMs != INT64_MIN)
                evict(m_sides[k], m_sides[1 - k].maxMs - m_rangeMs);
    }
    checkJoinBufferedBytes(m_sides[0].keptBytes + m_sides[1].keptBytes, m_maxBytes);
    return out;
}

Pull StreamJoinOperator::pull(Block &out)
{
    for (;;) {
        bool progressed = false;
        for (size_t attempt = 0; attempt < 2; ++attempt) {
            size_t s = (m_next + attempt) % 2;
            if (m_sides[s].ended)
                continue;
            Block block;
            Pull p = m_sides[s].input->next(block);
            if (p == Pull::End)
                m_sides[s].ended = true;
            if (p != Pull::Block || block.rows() == 0)
                continue;
            m_next = m_enrich ? 1 : 1 - s;
            progressed = true;
            if (Block joinedRows = process(s, std::move(block)); joinedRows.rows()) {
                out = std::move(joinedRows);
                return Pull::Block;
            }
            break;
        }
        if (m_sides[0].ended && m_sides[1].ended)
            return Pull::End;
        if (!progressed)
            return Pull::Pending;
    }
}

} // namespace tideline::engine
