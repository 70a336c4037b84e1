#include "engine/exec/ChangelogJoinOperator.h"

#include "engine/exec/StreamingEmit.h"

namespace tideline::engine {

ChangelogJoinOperator::Side::Side(SideSpec s) : spec(std::move(s)), store(spec.names, spec.types) {}

ChangelogJoinOperator::ChangelogJoinOperator(SideSpec left, SideSpec right, bool leftOuter, ExpressionPtr residual,
                                             std::vector<std::string> outputNames)
    : m_sides{Side(std::move(left)), Side(std::move(right))}, m_leftOuter(leftOuter), m_residual(std::move(residual)),
      m_names(std::move(outputNames))
{
}

void ChangelogJoinOperator::Changes::add(uint32_t l, uint32_t r, int8_t d)
{
    // A LEFT default row added earlier in the same block and retracted now never shows.
    if (r == JoinRowStore::kDefaultRow && d < 0) {
        auto it = unmatched.find(l);
        if (it != unmatched.end()) {
            delta[it->second] = 0;
            unmatched.erase(it);
            return;
        }
    }
    if (r == JoinRowStore::kDefaultRow && d > 0)
        unmatched[l] = delta.size();
    left.push_back(l);
    right.push_back(r);
    delta.push_back(d);
}

// The primary key id and the join key id of every row of `block`.
void ChangelogJoinOperator::ids(Side &side, const Block &block, std::vector<uint32_t> &pks, std::vector<uint32_t> &keys)
{
    auto columns = [&](const std::vector<size_t> &positions, std::vector<const Column *> &cols, std::vector<DataTypePtr> &types) {
        for (size_t p : positions) {
            cols.push_back(block.at(p).column.get());
            types.push_back(block.at(p).type());
        }
    };
    std::vector<const Column *> pkCols, keyCols;
    std::vector<DataTypePtr> pkTypes, keyTypes;
    columns(side.spec.primaryKey, pkCols, pkTypes);
    columns(side.spec.joinKeys, keyCols, keyTypes);
    if (!side.pkTable)
        side.pkTable = std::make_unique<RowKeyTable>(pkTypes);
    if (!m_keyTable)
        m_keyTable = std::make_unique<RowKeyTable>(keyTypes);
    std::vector<uint64_t> hashes;
    bool inserted = false;
    RowKeyTable::hashRows(pkCols, block.rows(), hashes);
    pks.resize(block.rows());
    for (size_t r = 0; r < block.rows(); ++r)
        pks[r] = side.pkTable->findOrInsert(pkCols, r, hashes[r], &inserted);
    RowKeyTable::hashRows(keyCols, block.rows(), hashes);
    keys.resize(block.rows());
    for (size_t r = 0; r < block.rows(); ++r)
        keys[r] = m_keyTable->findOrInsert(keyCols, r, hashes[r], &inserted);
}

// How a block applies. Versioned: the last row of each key wins; every key's current row is
// removed first, then the winners are inserted. Changelog: row by row, a -1 row removes its
// key's row, a +1 row replaces it.
std::vector<ChangelogJoinOperator::Step> ChangelogJoinOperator::steps(const Side &side, const Block &block,
                                                                       const std::vector<uint32_t> &pks) const
{
    std::vector<Step> out;
    if (side.spec.delta >= 0) {
        const int8_t *delta = block.at(static_cast<size_t>(side.spec.delta)).column->data<int8_t>();
        for (size_t r = 0; r < block.rows(); ++r) {
            out.push_back({static_cast<uint32_t>(r), false});
            if (delta[r] >= 0)
                out.push_back({static_cast<uint32_t>(r), true});
        }
        return out;
    }
    std::unordered_map<uint32_t, uint32_t> winner; // pk id -> last row
    std::vector<uint32_t> order;
    for (size_t r = 0; r < block.rows(); ++r)
        if (winner.insert_or_assign(pks[r], static_cast<uint32_t>(r)).second)
            order.push_back(pks[r]);
    for (uint32_t pk : order)
        out.push_back({winner[pk], false});
    for (uint32_t pk : order)
        out.push_back({winner[pk], true});
    return out;
}

void ChangelogJoinOperator::remove(size_t s, uint32_t pk, Changes &changes)
{
    Side &side = m_sides[s];
    const Side &other = m_sides[1 - s];
    uint32_t row = pk < side.rowOfPk.size() ? side.rowOfPk[pk] : JoinRowStore::kNone;
    if (row == JoinRowStore::kNone)
        return;
    side.rowOfPk[pk] = JoinRowStore::kNone;
    uint32_t key = side.keyOfRow[row];
    std::vector<uint32_t> &mine = side.rowsOfKey[key];
    std::erase(mine, row);
    static const std::vector<uint32_t> kEmpty;
    const std::vector<uint32_t> &theirs = key < other.rowsOfKey.size() ? other.rowsOfKey[key] : kEmpty;
    if (s == 0) {
        for (uint32_t r : theirs)
            changes.add(row, r, -1);
        if (theirs.empty() && m_leftOuter)
            changes.add(row, JoinRowStore::kDefaultRow, -1);
    } else {
        for (uint32_t l : theirs)
            changes.add(l, row, -1);
        if (m_leftOuter && mine.empty())
            for (uint32_t l : theirs)
                changes.add(l, JoinRowStore::kDefaultRow, 1);
    }
    side.store.release(row);
}

void ChangelogJoinOperator::insert(size_t s, uint32_t row, uint32_t pk, uint32_t key, Changes &changes)
{
    Side &side = m_sides[s];
    if (pk >= side.rowOfPk.size())
        side.rowOfPk.resize(pk + 1, JoinRowStore::kNone);
    side.rowOfPk[pk] = row;
    if (row >= side.keyOfRow.size())
        side.keyOfRow.resize(row + 1, 0);
    side.keyOfRow[row] = key;
    for (Side &each : m_sides)
        if (key >= each.rowsOfKey.size())
            each.rowsOfKey.resize(key + 1);
    std::vector<uint32_t> &mine = side.rowsOfKey[key];
    const std::vector<uint32_t> &theirs = m_sides[1 - s].rowsOfKey[key];
    if (s == 0) {
        for (uint32_t r : theirs)
            changes.add(row, r, 1);
        if (theirs.empty() && m_leftOuter)
            changes.add(row, JoinRowStore::kDefaultRow, 1);
    } else {
        if (m_leftOuter && mine.empty())
            for (uint32_t l : theirs)
                changes.add(l, JoinRowStore::kDefaultRow, -1);
        for (uint32_t l : theirs)
            changes.add(l, row, 1);
    }
    mine.push_back(row);
}

Block ChangelogJoinOperator::process(size_t s, const Block &block)
{
    Side &side = m_sides[s];
    std::vector<uint32_t> pks, keys;
    ids(side, block, pks, keys);
    std::vector<Step> plan = steps(side, block, pks);
    // The inserted rows go into the store at once; step i's row then has its store index.
    std::vector<uint32_t> inserted;
    for (const Step &step : plan)
        if (step.insert)
            inserted.push_back(step.row);
    uint32_t next = inserted.empty() ? 0 : side.store.append(block, inserted);
    Changes changes;
    for (const Step &step : plan) {
        if (step.insert)
            insert(s, next++, pks[step.row], keys[step.row], changes);
        else
            remove(s, pks[step.row], changes);
    }
    Block out = assemble(changes);
    if (side.store.wantsCompaction())
        compact(side);
    checkJoinBufferedBytes(keptBytes(), m_maxBytes);
    return out;
}

Block ChangelogJoinOperator::assemble(const Changes &changes) const
{
    std::vector<uint32_t> left, right;
    auto delta = Column::create(makeType(TypeKind::Int8), changes.delta.size());
    for (size_t i = 0; i < changes.delta.size(); ++i) {
        if (changes.delta[i] == 0)
            continue;
        left.push_back(changes.left[i]);
        right.push_back(changes.right[i]);
        delta->push<int8_t>(changes.delta[i]);
    }
    Block out;
    if (left.empty())
        return out;
    size_t name = 0;
    for (const Side *side : {&m_sides[0], &m_sides[1]}) {
        const std::vector<uint32_t> &rows = side == &m_sides[0] ? left : right;
        for (size_t c = 0; c < side->store.columnCount(); ++c, ++name)
            out.add(name < m_names.size() ? m_names[name] : side->store.name(c), side->store.gather(c, rows));
    }
    out.add(emitcolumns::kDelta, std::move(delta));
    out.setRowsWithoutColumns(left.size());
    if (!m_residual)
        return out;
    std::vector<uint8_t> mask = FilterOperator::mask(*m_residual->evaluate(out, out.rows()));
    size_t kept = 0;
    for (uint8_t m : mask)
        kept += m != 0;
    return kept == out.rows() ? out : out.filter(mask.data(), kept);
}

void ChangelogJoinOperator::compact(Side &side)
{
    std::vector<uint32_t> remap = side.store.compact();
    for (uint32_t &row : side.rowOfPk)
        if (row != JoinRowStore::kNone)
            row = remap[row];
    for (auto &rows : side.rowsOfKey)
        for (uint32_t &row : rows)
            row = remap[row];
    std::vector<uint32_t> keyOfRow(side.store.liveRows() + 1, 0);
    for (size_t r = 0; r < side.keyOfRow.size() && r < remap.size(); ++r)
        if (remap[r] != JoinRowStore::kNone)
            keyOfRow[remap[r]] = side.keyOfRow[r];
    side.keyOfRow = std::move(keyOfRow);
}

Pull ChangelogJoinOperator::pull(Block &out)
{
    for (;;) {
        bool progressed = false;
        for (size_t s : {size_t(1), size_t(0)}) { // the right side first: its changes apply before later left rows
            Side &side = m_sides[s];
            if (side.ended)
                continue;
            Block block;
            Pull p = side.spec.input->next(block);
            if (p == Pull::End)
                side.ended = true;
            if (p != Pull::Block || block.rows() == 0)
                continue;
            progressed = true;
            if (Block changed = process(s, block); changed.rows()) {
                out = std::move(changed);
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
