#include "engine/exec/AsofStreamJoinOperator.h"

namespace tideline::engine {

AsofStreamJoinOperator::AsofStreamJoinOperator(OperatorPtr left, OperatorPtr right, Spec spec)
    : m_left(std::move(left)), m_right(std::move(right)), m_spec(std::move(spec)), m_store(m_spec.rightNames, m_spec.rightTypes)
{
}

namespace {

// The values of an integer, date or time column as int64; false for other types.
bool int64Values(const Column &c, std::vector<int64_t> &out)
{
    auto copy = [&]<typename T>() {
        const T *v = c.data<T>();
        out.assign(v, v + c.size());
        return true;
    };
    switch (c.type()->kind) {
    case TypeKind::Int8: case TypeKind::Enum8: return copy.operator()<int8_t>();
    case TypeKind::Int16: case TypeKind::Enum16: return copy.operator()<int16_t>();
    case TypeKind::Int32: case TypeKind::Date32: return copy.operator()<int32_t>();
    case TypeKind::Int64: case TypeKind::DateTime64: return copy.operator()<int64_t>();
    case TypeKind::Bool: case TypeKind::UInt8: return copy.operator()<uint8_t>();
    case TypeKind::UInt16: case TypeKind::Date: return copy.operator()<uint16_t>();
    case TypeKind::UInt32: case TypeKind::DateTime: return copy.operator()<uint32_t>();
    default: return false;
    }
}

// The closest version: vsLeft(v) and vsBest(v, best) give the sign of v's value minus the left
// value and minus the best version's value. Among equal values, >= and > take the latest
// version, <= and < the earliest (as the bounded ASOF join does).
template <typename VsLeft, typename VsBest>
uint32_t closestVersion(JoinSpec::AsofOp op, size_t count, VsLeft vsLeft, VsBest vsBest)
{
    uint32_t best = JoinRowStore::kNone;
    for (size_t v = 0; v < count; ++v) {
        int toLeft = vsLeft(v);
        bool ok = false, better = false;
        int toBest = best == JoinRowStore::kNone ? 0 : vsBest(v, best);
        switch (op) {
        case JoinSpec::AsofOp::GreaterOrEquals: ok = toLeft <= 0, better = toBest >= 0; break; // greatest right <= left
        case JoinSpec::AsofOp::Greater: ok = toLeft < 0, better = toBest >= 0; break;          // greatest right < left
        case JoinSpec::AsofOp::LessOrEquals: ok = toLeft >= 0, better = toBest < 0; break;     // smallest right >= left
        case JoinSpec::AsofOp::Less: ok = toLeft > 0, better = toBest < 0; break;              // smallest right > left
        }
        if (ok && (best == JoinRowStore::kNone || better))
            best = static_cast<uint32_t>(v);
    }
    return best;
}

int sign(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

} // namespace

// A right block: every row becomes the newest version of its key; beyond keepVersions the
// oldest version of the key is dropped.
void AsofStreamJoinOperator::keep(const Block &block)
{
    const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(block, m_spec.rightKeys, m_keys);
    std::vector<int64_t> values;
    int64Values(*block.at(m_spec.rightAsof).column, values);
    std::vector<uint32_t> all(block.rows());
    for (size_t r = 0; r < all.size(); ++r)
        all[r] = static_cast<uint32_t>(r);
    uint32_t stored = m_store.append(block, all);
    bool inserted = false;
    for (size_t r = 0; r < block.rows(); ++r, ++stored) {
        uint32_t id = m_keys->findOrInsert(keys.columns, r, keys.hashes[r], &inserted);
        if (id >= m_versions.size())
            m_versions.resize(id + 1);
        std::vector<Version> &versions = m_versions[id];
        versions.push_back({stored, values.empty() ? 0 : values[r]});
        if (versions.size() > m_spec.keepVersions) {
            m_store.release(versions.front().row);
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
        for (Version &v : versions)
            v.row = remap[v.row];
}

uint32_t AsofStreamJoinOperator::closest(const std::vector<Version> &versions, const Column &leftAsof, size_t row,
                                         const std::vector<int64_t> &leftValues) const
{
    uint32_t best = JoinRowStore::kNone;
    if (!leftValues.empty()) {
        int64_t left = leftValues[row];
        best = closestVersion(
            m_spec.op, versions.size(), [&](size_t v) { return sign(versions[v].value, left); },
            [&](size_t v, uint32_t b) { return sign(versions[v].value, versions[b].value); });
    } else {
        const Column &right = m_store.column(m_spec.rightAsof);
        best = closestVersion(
            m_spec.op, versions.size(), [&](size_t v) { return right.compareAt(versions[v].row, leftAsof, row); },
            [&](size_t v, uint32_t b) { return right.compareAt(versions[v].row, right, versions[b].row); });
    }
    return best == JoinRowStore::kNone ? best : versions[best].row;
}

Block AsofStreamJoinOperator::probe(const Block &block)
{
    const RowKeyTable::BlockKeys keys = RowKeyTable::keysOf(block, m_spec.leftKeys, m_keys);
    const Column &leftAsof = *block.at(m_spec.leftAsof).column;
    std::vector<int64_t> leftValues;
    int64Values(leftAsof, leftValues);
    std::vector<uint32_t> leftRows, rightRows;
    for (size_t r = 0; r < block.rows(); ++r) {
        uint32_t id = m_keys->find(keys.columns, r, keys.hashes[r]);
        uint32_t match = id < m_versions.size() ? closest(m_versions[id], leftAsof, r, leftValues) : JoinRowStore::kNone;
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
