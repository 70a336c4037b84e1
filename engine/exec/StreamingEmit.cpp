#include "engine/exec/StreamingEmit.h"

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

bool EmitTimer::due()
{
    if (m_period <= 0)
        return false;
    int64_t now = m_clock.nowNanos();
    if (now < m_next)
        return false;
    // Skip the ticks missed while idle: one emit per due tick at most.
    m_next += ((now - m_next) / m_period + 1) * m_period;
    return true;
}

namespace emitcolumns {

void appendEmitVersion(Block &block, uint64_t version)
{
    auto c = Column::create(makeType(TypeKind::Int64), block.rows());
    for (size_t i = 0; i < block.rows(); ++i)
        c->push<int64_t>(static_cast<int64_t>(version));
    size_t rows = block.rows();
    block.add(kEmitVersion, std::move(c));
    block.setRowsWithoutColumns(rows);
}

void appendDelta(Block &block, int8_t delta)
{
    auto c = Column::create(makeType(TypeKind::Int8), block.rows());
    for (size_t i = 0; i < block.rows(); ++i)
        c->push<int8_t>(delta);
    size_t rows = block.rows();
    block.add(kDelta, std::move(c));
    block.setRowsWithoutColumns(rows);
}

} // namespace emitcolumns

Block ChangelogTracker::changes(const std::vector<uint32_t> &groups, const Block &current)
{
    Block retracted;
    std::vector<MutableColumnPtr> columns;
    for (const auto &c : current.columns())
        columns.push_back(c.column->cloneEmpty());
    for (uint32_t g : groups) {
        if (g >= m_last.size())
            m_last.resize(g + 1);
        const Location &loc = m_last[g];
        if (loc.block == UINT32_MAX)
            continue;
        const Block &from = m_blocks[loc.block];
        for (size_t c = 0; c < columns.size(); ++c)
            columns[c]->pushFrom(*from.at(c).column, loc.row);
    }
    for (size_t c = 0; c < columns.size(); ++c)
        retracted.add(current.at(c).name, std::move(columns[c]));
    // The new rows become the groups' last emitted values.
    auto blockIndex = static_cast<uint32_t>(m_blocks.size());
    m_blocks.push_back(current);
    m_keptRows += current.rows();
    for (size_t i = 0; i < groups.size(); ++i) {
        if (m_last[groups[i]].block == UINT32_MAX)
            ++m_liveGroups;
        m_last[groups[i]] = {blockIndex, static_cast<uint32_t>(i)};
    }
    if (m_keptRows > 2 * m_liveGroups + 1024)
        compact();
    Block added = current;
    emitcolumns::appendDelta(retracted, -1);
    emitcolumns::appendDelta(added, 1);
    std::vector<Block> parts{std::move(retracted), std::move(added)};
    return SortOperator::concatenate(parts);
}

void ChangelogTracker::compact()
{
    if (m_blocks.empty())
        return;
    std::vector<MutableColumnPtr> columns;
    for (const auto &c : m_blocks.front().columns())
        columns.push_back(c.column->cloneEmpty());
    uint32_t row = 0;
    for (Location &loc : m_last) {
        if (loc.block == UINT32_MAX)
            continue;
        for (size_t c = 0; c < columns.size(); ++c)
            columns[c]->pushFrom(*m_blocks[loc.block].at(c).column, loc.row);
        loc = {0, row++};
    }
    Block merged;
    for (size_t c = 0; c < columns.size(); ++c)
        merged.add(m_blocks.front().at(c).name, std::move(columns[c]));
    m_blocks.clear();
    m_blocks.push_back(std::move(merged));
    m_keptRows = row;
}

} // namespace tideline::engine
