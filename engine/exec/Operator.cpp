#include "engine/exec/Operator.h"

#include <chrono>

#include <algorithm>

namespace tideline::engine {

Pull Operator::next(Block &out)
{
    auto start = std::chrono::steady_clock::now();
    Pull p = pull(out);
    stats.nanos += static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
    if (p == Pull::Block) {
        stats.rows += out.rows();
        stats.bytes += out.byteSize();
    }
    return p;
}


Pull BlocksSource::pull(Block &out)
{
    if (m_next >= m_blocks.size())
        return Pull::End;
    out = std::move(m_blocks[m_next++]);
    return Pull::Block;
}

Pull NumbersSource::pull(Block &out)
{
    if (m_next >= m_end)
        return Pull::End;
    uint64_t n = std::min<uint64_t>(m_blockSize, m_end - m_next);
    auto col = Column::create(makeType(TypeKind::UInt64));
    col->fixed.resize(n * sizeof(uint64_t));
    uint64_t *p = col->data<uint64_t>();
    for (uint64_t i = 0; i < n; ++i)
        p[i] = m_next + i;
    col->setSize(n);
    m_next += n;
    out = Block();
    out.add("number", col);
    return Pull::Block;
}

Pull ProjectOperator::pull(Block &in)
{
    Block input;
    Pull p = m_input->next(input);
    if (p != Pull::Block)
        return p;
    size_t rows = input.rows();
    Block out;
    for (size_t i = 0; i < m_exprs.size(); ++i)
        out.add(m_names[i], m_exprs[i]->evaluate(input, rows));
    out.setRowsWithoutColumns(rows);
    in = std::move(out);
    return Pull::Block;
}

std::vector<uint8_t> FilterOperator::mask(const Column &predicate)
{
    size_t rows = predicate.size();
    std::vector<uint8_t> m(rows, 0);
    const Column *values = &predicate;
    if (predicate.type()->isNullable())
        values = predicate.children[0].get();
    TypeKind kind = values->type()->kind;
    if (kind == TypeKind::Nothing)
        return m;
    size_t w = values->type()->valueSize();
    if (!w || values->type()->isStringLike())
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + predicate.type()->name() + " of column for filter. Must be uint8 or nullable(uint8).");
    const uint8_t *bytes = values->fixed.data();
    for (size_t r = 0; r < rows; ++r) {
        bool nonzero = false;
        for (size_t b = 0; b < w; ++b)
            nonzero |= bytes[r * w + b] != 0;
        m[r] = nonzero;
    }
    if (predicate.type()->isNullable())
        for (size_t r = 0; r < rows; ++r)
            m[r] &= !predicate.nullMap[r];
    return m;
}

Pull FilterOperator::pull(Block &out)
{
    for (;;) {
        Block input;
        Pull p = m_input->next(input);
        if (p != Pull::Block)
            return p;
        size_t rows = input.rows();
        if (rows == 0)
            continue;
        ColumnPtr pred = m_predicate->evaluate(input, rows);
        std::vector<uint8_t> m = mask(*pred);
        size_t kept = static_cast<size_t>(std::count(m.begin(), m.end(), 1));
        if (kept == 0)
            continue;
        if (kept == rows) {
            out = std::move(input);
            return Pull::Block;
        }
        out = input.filter(m.data(), kept);
        return Pull::Block;
    }
}

Pull LimitOperator::pull(Block &out)
{
    for (;;) {
        if (m_limit >= 0 && m_emitted >= static_cast<uint64_t>(m_limit))
            return Pull::End;
        Block input;
        Pull p = m_input->next(input);
        if (p != Pull::Block)
            return p;
        size_t rows = input.rows();
        size_t from = 0;
        if (m_seen < m_offset) {
            uint64_t skip = std::min<uint64_t>(m_offset - m_seen, rows);
            from = static_cast<size_t>(skip);
        }
        m_seen += rows;
        size_t count = rows - from;
        if (m_limit >= 0)
            count = static_cast<size_t>(std::min<uint64_t>(count, static_cast<uint64_t>(m_limit) - m_emitted));
        if (count == 0)
            continue;
        m_emitted += count;
        if (from == 0 && count == rows) {
            out = std::move(input);
            return Pull::Block;
        }
        out = input.slice(from, count);
        return Pull::Block;
    }
}

Pull UnionOperator::pull(Block &out)
{
    // Inputs are read in order. A streaming input with nothing now (Pending) lets the ones after
    // it run, so a union of streams interleaves them; bounded inputs never wait, so they are
    // concatenated.
    if (m_ended.size() != m_inputs.size())
        m_ended.assign(m_inputs.size(), 0);
    bool pending = false;
    for (size_t i = m_current; i < m_inputs.size(); ++i) {
        if (m_ended[i])
            continue;
        Pull p = m_inputs[i]->next(out);
        if (p == Pull::Block)
            return p;
        if (p == Pull::Pending) {
            pending = true;
            continue;
        }
        m_ended[i] = 1;
        while (m_current < m_inputs.size() && m_ended[m_current])
            ++m_current;
    }
    return pending ? Pull::Pending : Pull::End;
}

std::vector<Operator *> UnionOperator::children() const
{
    std::vector<Operator *> out;
    for (const auto &i : m_inputs)
        out.push_back(i.get());
    return out;
}

Pull TrimOperator::pull(Block &out)
{
    Block input;
    Pull p = m_input->next(input);
    if (p != Pull::Block)
        return p;
    size_t rows = input.rows();
    input.columns().resize(std::min(m_keep, input.columnCount()));
    input.setRowsWithoutColumns(rows);
    out = std::move(input);
    return Pull::Block;
}

} // namespace tideline::engine
