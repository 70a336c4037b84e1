#include "engine/exec/HashJoinOperator.h"

#include <algorithm>

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

namespace {

using Kind = JoinSpec::Kind;
using Strictness = JoinSpec::Strictness;

constexpr size_t kCrossBlockRows = 65536;

// ClickHouse cannot wrap composites in nullable; with join_use_nulls they keep their defaults.
bool canBeInsideNullable(const DataType &t)
{
    return !(t.isNullable() || t.kind == TypeKind::Array || t.kind == TypeKind::Map || t.kind == TypeKind::Tuple || t.isNothing());
}

DataTypePtr filledType(const DataTypePtr &t, bool nullable)
{
    return nullable && canBeInsideNullable(*t) ? makeNullable(t) : t;
}

ColumnPtr toNullable(const ColumnPtr &c)
{
    if (!canBeInsideNullable(*c->type()))
        return c;
    auto out = Column::create(makeNullable(c->type()));
    out->nullMap.assign(c->size(), 0);
    out->children[0]->pushRange(*c, 0, c->size());
    out->setSize(c->size());
    return out;
}

// The key columns of a block with nullable wrappers removed, and which rows have a NULL key
// (such rows never match).
struct KeyView {
    std::vector<const Column *> columns;
    std::vector<uint8_t> hasNull;
    bool anyNull = false;
};

KeyView keyView(const Block &block, const std::vector<size_t> &keys)
{
    KeyView v;
    v.hasNull.assign(block.rows(), 0);
    for (size_t k : keys) {
        const Column *c = block.at(k).column.get();
        if (c->type()->isNullable()) {
            for (size_t r = 0; r < c->size(); ++r)
                v.hasNull[r] |= c->nullMap[r];
            v.anyNull = true;
            c = c->children[0].get();
        }
        v.columns.push_back(c);
    }
    return v;
}

const Column &innerColumn(const Column &c)
{
    return c.type()->isNullable() ? *c.children[0] : c;
}

} // namespace

HashJoinOperator::HashJoinOperator(OperatorPtr left, OperatorPtr right, JoinSpec spec)
    : m_left(std::move(left)), m_right(std::move(right)), m_spec(std::move(spec))
{
    Kind k = m_spec.kind;
    Strictness s = m_spec.strictness;
    if (m_spec.leftKeys.size() != m_spec.rightKeys.size())
        fail(ErrorCode::LogicalError, "Join: left and right key counts differ");
    if (k == Kind::Cross && (!m_spec.leftKeys.empty() || s != Strictness::All))
        fail(ErrorCode::NotImplemented, "CROSS JOIN takes no keys and no strictness");
    if (s == Strictness::Any && k == Kind::Full)
        fail(ErrorCode::NotImplemented, "ANY FULL JOINs are not implemented");
    if ((s == Strictness::Semi || s == Strictness::Anti) && k != Kind::Left && k != Kind::Right)
        fail(ErrorCode::NotImplemented, "SEMI and ANTI joins are LEFT or RIGHT only");
    if (s == Strictness::Asof && k != Kind::Inner && k != Kind::Left)
        fail(ErrorCode::NotImplemented, "ASOF JOIN is INNER or LEFT only");
}

HashJoinOperator::~HashJoinOperator() = default;

Pull HashJoinOperator::build()
{
    for (;;) {
        Block b;
        Pull p = m_right->next(b);
        if (p == Pull::Pending)
            return p;
        if (p == Pull::End)
            break;
        if (m_rightNames.empty() && b.columnCount()) {
            m_spec.rightTypes.clear();
            for (const auto &c : b.columns()) {
                m_rightNames.push_back(c.name);
                m_spec.rightTypes.push_back(c.type());
            }
        }
        if (b.rows())
            m_rightBlocks.push_back(std::move(b));
    }
    if (!m_rightBlocks.empty()) {
        m_rightBlock = SortOperator::concatenate(m_rightBlocks);
    } else {
        // An empty right side still contributes its (typed) columns.
        for (size_t i = 0; i < m_spec.rightTypes.size(); ++i)
            m_rightBlock.add(i < m_rightNames.size() ? m_rightNames[i] : std::string(), Column::create(m_spec.rightTypes[i]));
    }
    m_rightBlocks.clear();
    buildTable();
    m_built = true;
    return Pull::Block;
}

void HashJoinOperator::buildTable()
{
    m_rightRows = static_cast<uint32_t>(m_rightBlock.rows());
    uint32_t n = m_rightRows;
    bool asof = m_spec.strictness == Strictness::Asof;
    std::vector<uint32_t> groupOf(n, RowKeyTable::kNone);
    // An empty right side (possibly of unknown schema) needs no table: nothing can match.
    if (m_spec.kind != Kind::Cross && n > 0) {
        KeyView keys = keyView(m_rightBlock, m_spec.rightKeys);
        if (asof) {
            const Column &a = *m_rightBlock.at(m_spec.rightAsof).column;
            for (uint32_t r = 0; r < n; ++r)
                keys.hasNull[r] |= a.isNullAt(r);
        }
        std::vector<DataTypePtr> types;
        for (const Column *c : keys.columns)
            types.push_back(c->type());
        m_table = std::make_unique<RowKeyTable>(types);
        std::vector<uint64_t> hashes;
        RowKeyTable::hashRows(keys.columns, n, hashes);
        bool inserted = false;
        for (uint32_t r = 0; r < n; ++r)
            if (!keys.hasNull[r])
                groupOf[r] = m_table->findOrInsert(keys.columns, r, hashes[r], &inserted);
        // CSR layout: rows of one key contiguous, in insertion order.
        m_groupStart.assign(m_table->size() + 1, 0);
        for (uint32_t g : groupOf)
            if (g != RowKeyTable::kNone)
                ++m_groupStart[g + 1];
        for (size_t g = 1; g < m_groupStart.size(); ++g)
            m_groupStart[g] += m_groupStart[g - 1];
        std::vector<uint32_t> fill(m_groupStart.begin(), m_groupStart.end() - 1);
        m_groupRows.resize(m_groupStart.back());
        for (uint32_t r = 0; r < n; ++r)
            if (groupOf[r] != RowKeyTable::kNone)
                m_groupRows[fill[groupOf[r]]++] = r;
        if (asof)
            sortGroupsByAsof();
    }
    bool nullable = m_spec.useNulls && (m_spec.kind == Kind::Left || m_spec.kind == Kind::Full);
    m_rightPadded.clear();
    for (const auto &c : m_rightBlock.columns()) {
        ColumnPtr src = nullable ? toNullable(c.column) : c.column;
        auto padded = Column::create(src->type(), n + 1);
        padded->pushRange(*src, 0, n);
        padded->pushDefault();
        m_rightPadded.push_back(std::move(padded));
    }
    // The padded copies (and the key table) are all that probing needs: keep only the schema.
    for (auto &c : m_rightBlock.columns())
        c.column = c.column->cloneEmpty();
    m_rightUsed.assign(n, 0);
}

void HashJoinOperator::sortGroupsByAsof()
{
    const Column &a = innerColumn(*m_rightBlock.at(m_spec.rightAsof).column);
    for (size_t g = 0; g + 1 < m_groupStart.size(); ++g) {
        auto b = m_groupRows.begin() + m_groupStart[g], e = m_groupRows.begin() + m_groupStart[g + 1];
        std::stable_sort(b, e, [&](uint32_t x, uint32_t y) { return a.compareAt(x, a, y) < 0; });
    }
}

// The closest right row of `group` for the left ASOF value at `row`, or m_rightRows.
uint32_t HashJoinOperator::asofMatch(uint32_t group, const Column &leftAsof, size_t row) const
{
    const Column &a = innerColumn(*m_rightPadded[m_spec.rightAsof]);
    auto b = m_groupRows.begin() + m_groupStart[group], e = m_groupRows.begin() + m_groupStart[group + 1];
    // rightLess(r): right value < left value; rightLessEq(r): right value <= left value.
    auto cmp = [&](uint32_t r) { return a.compareAt(r, leftAsof, row); };
    switch (m_spec.asofOp) {
    case JoinSpec::AsofOp::GreaterOrEquals: { // greatest right <= left
        auto it = std::partition_point(b, e, [&](uint32_t r) { return cmp(r) <= 0; });
        return it == b ? m_rightRows : *(it - 1);
    }
    case JoinSpec::AsofOp::Greater: { // greatest right < left
        auto it = std::partition_point(b, e, [&](uint32_t r) { return cmp(r) < 0; });
        return it == b ? m_rightRows : *(it - 1);
    }
    case JoinSpec::AsofOp::LessOrEquals: { // smallest right >= left
        auto it = std::partition_point(b, e, [&](uint32_t r) { return cmp(r) < 0; });
        return it == e ? m_rightRows : *it;
    }
    case JoinSpec::AsofOp::Less: { // smallest right > left
        auto it = std::partition_point(b, e, [&](uint32_t r) { return cmp(r) <= 0; });
        return it == e ? m_rightRows : *it;
    }
    }
    return m_rightRows;
}

void HashJoinOperator::prepareLeftSchema(const Block &left)
{
    if (!m_leftNames.empty() || !left.columnCount())
        return;
    m_leftTypes.clear();
    for (const auto &c : left.columns()) {
        m_leftNames.push_back(c.name);
        m_leftTypes.push_back(c.type());
    }
    // The planner casts keys to a common type; only nullability may differ.
    for (size_t k = 0; k < m_spec.leftKeys.size() && m_rightBlock.columnCount(); ++k) {
        const auto &lt = removeNullable(left.at(m_spec.leftKeys[k]).type());
        const auto &rt = removeNullable(m_rightBlock.at(m_spec.rightKeys[k]).type());
        if (lt->kind != rt->kind || lt->valueSize() != rt->valueSize())
            fail(ErrorCode::TypeMismatch, "Join key types differ: " + lt->name() + " and " + rt->name());
    }
    if (m_spec.strictness == Strictness::Asof && m_rightBlock.columnCount()) {
        const auto &lt = removeNullable(left.at(m_spec.leftAsof).type());
        const auto &rt = removeNullable(m_rightBlock.at(m_spec.rightAsof).type());
        if (lt->kind != rt->kind || lt->valueSize() != rt->valueSize())
            fail(ErrorCode::TypeMismatch, "ASOF column types differ: " + lt->name() + " and " + rt->name());
    }
}

// Every (left row, right row) pair the keys allow for left rows [from, from+count).
void HashJoinOperator::candidates(const Block &left, size_t from, size_t count, Pairs &pairs) const
{
    if (m_rightRows == 0)
        return;
    if (m_spec.kind == Kind::Cross) {
        for (size_t l = from; l < from + count; ++l)
            for (uint32_t r = 0; r < m_rightRows; ++r) {
                pairs.left.push_back(static_cast<uint32_t>(l));
                pairs.right.push_back(r);
            }
        return;
    }
    KeyView keys = keyView(left, m_spec.leftKeys);
    std::vector<uint64_t> hashes;
    RowKeyTable::hashRows(keys.columns, left.rows(), hashes);
    bool asof = m_spec.strictness == Strictness::Asof;
    const Column *leftAsof = asof ? left.at(m_spec.leftAsof).column.get() : nullptr;
    // Without a residual, ANY/SEMI/ANTI of a left-driven join only need the first match.
    bool firstOnly = !m_spec.residual && m_spec.kind != Kind::Right && m_spec.strictness != Strictness::All;
    for (size_t l = from; l < from + count; ++l) {
        if (keys.hasNull[l] || (asof && leftAsof->isNullAt(l)))
            continue;
        uint32_t g = m_table->find(keys.columns, l, hashes[l]);
        if (g == RowKeyTable::kNone)
            continue;
        if (asof) {
            uint32_t r = asofMatch(g, innerColumn(*leftAsof), l);
            if (r != m_rightRows) {
                pairs.left.push_back(static_cast<uint32_t>(l));
                pairs.right.push_back(r);
            }
            continue;
        }
        uint32_t end = firstOnly ? std::min(m_groupStart[g] + 1, m_groupStart[g + 1]) : m_groupStart[g + 1];
        for (uint32_t i = m_groupStart[g]; i < end; ++i) {
            pairs.left.push_back(static_cast<uint32_t>(l));
            pairs.right.push_back(m_groupRows[i]);
        }
    }
}

std::vector<uint8_t> HashJoinOperator::residualMask(const Block &left, const Pairs &pairs) const
{
    Block joined = assemble(left, pairs);
    ColumnPtr pred = m_spec.residual->evaluate(joined, joined.rows());
    return FilterOperator::mask(*pred);
}

// Applies the strictness and kind to the pairs that passed the residual (ordered by left row):
// picks first matches, adds unmatched left rows, and records which right rows matched.
HashJoinOperator::Pairs HashJoinOperator::reduce(Pairs passing, size_t from, size_t count)
{
    Kind kind = m_spec.kind;
    Strictness s = m_spec.strictness;
    bool anti = s == Strictness::Anti;
    // Unmatched left rows are kept by LEFT/FULL, and are the whole output of LEFT ANTI.
    bool fillLeft = ((kind == Kind::Left || kind == Kind::Full) && s != Strictness::Semi) || (anti && kind == Kind::Left);
    bool trackRight = kind == Kind::Right || kind == Kind::Full;
    bool rightOnce = kind == Kind::Right && (s == Strictness::Any || s == Strictness::Semi);
    bool firstOnly = kind != Kind::Right && s != Strictness::All;
    if (!fillLeft && !trackRight && !rightOnce && !firstOnly)
        return passing; // INNER ALL and CROSS: every passing pair, as is
    Pairs out;
    out.left.reserve(passing.left.size() + count);
    out.right.reserve(passing.left.size() + count);
    auto push = [&](uint32_t l, uint32_t r) {
        out.left.push_back(l);
        out.right.push_back(r);
    };
    size_t p = 0;
    for (size_t l = from; l < from + count; ++l) {
        bool matched = false;
        for (; p < passing.left.size() && passing.left[p] == l; ++p) {
            uint32_t r = passing.right[p];
            if (rightOnce) {
                // RIGHT ANY/SEMI: each right row joins once, with the first left row that matches it.
                if (!m_rightUsed[r]) {
                    m_rightUsed[r] = 1;
                    push(static_cast<uint32_t>(l), r);
                }
                continue;
            }
            if (trackRight)
                m_rightUsed[r] = 1;
            if (!anti && !(firstOnly && matched))
                push(static_cast<uint32_t>(l), r);
            matched = true;
        }
        if (!matched && fillLeft)
            push(static_cast<uint32_t>(l), m_rightRows);
    }
    return out;
}

Block HashJoinOperator::assemble(const Block &left, const Pairs &pairs) const
{
    bool leftNullable = m_spec.useNulls && (m_spec.kind == Kind::Right || m_spec.kind == Kind::Full);
    Block out;
    size_t i = 0;
    auto nameOf = [&](const std::string &fallback) {
        const auto &names = m_spec.outputNames;
        return i < names.size() ? names[i] : fallback;
    };
    for (const auto &c : left.columns()) {
        ColumnPtr g = c.column->gather(pairs.left);
        out.add(nameOf(c.name), leftNullable ? toNullable(g) : g);
        ++i;
    }
    for (size_t c = 0; c < m_rightPadded.size(); ++c) {
        out.add(nameOf(m_rightBlock.at(c).name), m_rightPadded[c]->gather(pairs.right));
        ++i;
    }
    out.setRowsWithoutColumns(pairs.left.size());
    return out;
}

// RIGHT/FULL tail: right rows that never matched, with default (or NULL) left columns.
Block HashJoinOperator::unmatchedRight() const
{
    std::vector<uint32_t> rows;
    for (uint32_t r = 0; r < m_rightRows; ++r)
        if (!m_rightUsed[r])
            rows.push_back(r);
    if (rows.empty())
        return {};
    bool leftNullable = m_spec.useNulls;
    Block out;
    size_t i = 0;
    const auto &names = m_spec.outputNames;
    for (size_t c = 0; c < m_leftTypes.size(); ++c, ++i) {
        auto col = Column::create(filledType(m_leftTypes[c], leftNullable), rows.size());
        col->pushDefaults(rows.size());
        out.add(i < names.size() ? names[i] : (c < m_leftNames.size() ? m_leftNames[c] : std::string()), std::move(col));
    }
    for (size_t c = 0; c < m_rightPadded.size(); ++c, ++i)
        out.add(i < names.size() ? names[i] : m_rightBlock.at(c).name, m_rightPadded[c]->gather(rows));
    out.setRowsWithoutColumns(rows.size());
    return out;
}

// Joins the next slice of the current left block; false when it is exhausted.
bool HashJoinOperator::processNext(Block &out)
{
    size_t rows = m_current.rows();
    while (m_currentOffset < rows) {
        size_t count = rows - m_currentOffset;
        if (m_spec.kind == Kind::Cross)
            count = std::min(count, std::max<size_t>(1, kCrossBlockRows / std::max<size_t>(1, m_rightRows)));
        size_t from = m_currentOffset;
        m_currentOffset += count;
        Pairs pairs;
        candidates(m_current, from, count, pairs);
        if (m_spec.residual && !pairs.left.empty()) {
            std::vector<uint8_t> mask = residualMask(m_current, pairs);
            size_t kept = 0;
            for (size_t i = 0; i < mask.size(); ++i)
                if (mask[i]) {
                    pairs.left[kept] = pairs.left[i];
                    pairs.right[kept++] = pairs.right[i];
                }
            pairs.left.resize(kept);
            pairs.right.resize(kept);
        }
        Pairs final = reduce(std::move(pairs), from, count);
        if (final.left.empty())
            continue;
        out = assemble(m_current, final);
        return true;
    }
    m_current = Block();
    m_currentOffset = 0;
    return false;
}

Pull HashJoinOperator::pull(Block &out)
{
    if (!m_built) {
        Pull p = build();
        if (p != Pull::Block)
            return p;
    }
    for (;;) {
        if (processNext(out))
            return Pull::Block;
        if (!m_leftDone) {
            Block b;
            Pull p = m_left->next(b);
            if (p == Pull::Pending)
                return p;
            if (p == Pull::End) {
                m_leftDone = true;
                continue;
            }
            prepareLeftSchema(b);
            m_current = std::move(b);
            m_currentOffset = 0;
            continue;
        }
        if (!m_tailEmitted) {
            m_tailEmitted = true;
            bool tail = (m_spec.kind == Kind::Right || m_spec.kind == Kind::Full) && m_spec.strictness != Strictness::Semi;
            if (tail) {
                if (m_leftTypes.empty())
                    m_leftTypes = m_spec.leftTypes;
                Block t = unmatchedRight();
                if (t.rows()) {
                    out = std::move(t);
                    return Pull::Block;
                }
            }
        }
        return Pull::End;
    }
}

} // namespace tideline::engine
