#pragma once
// Helpers shared by the operator tests: build columns from literals, drain an operator, and
// render its output rows as text ("1,'a',NULL") so expectations read like query results.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "engine/exec/Operator.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine::test {

template <typename T>
inline ColumnPtr col(const DataTypePtr &type, std::initializer_list<T> values)
{
    auto c = Column::create(type);
    for (T v : values)
        c->push<T>(v);
    return c;
}

inline ColumnPtr i64(std::initializer_list<int64_t> v) { return col<int64_t>(makeType(TypeKind::Int64), v); }
inline ColumnPtr u64(std::initializer_list<uint64_t> v) { return col<uint64_t>(makeType(TypeKind::UInt64), v); }

inline ColumnPtr str(std::initializer_list<const char *> values)
{
    auto c = Column::create(makeType(TypeKind::String));
    for (const char *v : values)
        c->pushString(v);
    return c;
}

// Nullable int64; std::nullopt is NULL.
inline ColumnPtr ni64(std::initializer_list<std::optional<int64_t>> values)
{
    auto c = Column::create(makeNullable(makeType(TypeKind::Int64)));
    for (const auto &v : values) {
        c->nullMap.push_back(!v.has_value());
        c->children[0]->push<int64_t>(v.value_or(0));
    }
    c->setSize(values.size());
    return c;
}

// Array(int64) from nested lists.
inline ColumnPtr arr(std::initializer_list<std::initializer_list<int64_t>> rows)
{
    auto c = Column::create(makeArray(makeType(TypeKind::Int64)));
    for (const auto &r : rows) {
        for (int64_t v : r)
            c->children[0]->push<int64_t>(v);
        c->offsets.push_back(c->children[0]->size());
    }
    c->setSize(rows.size());
    return c;
}

inline Block block(std::vector<std::pair<std::string, ColumnPtr>> cols)
{
    Block b;
    for (auto &[n, c] : cols)
        b.add(n, c);
    return b;
}

inline OperatorPtr source(std::vector<Block> blocks) { return std::make_unique<BlocksSource>(std::move(blocks)); }

// Like BlocksSource, but answers Pending once before every block, as a streaming source that
// is waiting for data would; operators must keep their partial state across such pulls.
class PendingSource final : public Operator {
public:
    explicit PendingSource(std::vector<Block> blocks) : m_blocks(std::move(blocks)) {}
    Pull pull(Block &out) override
    {
        if (m_next >= m_blocks.size())
            return Pull::End;
        if ((m_pendingGiven = !m_pendingGiven))
            return Pull::Pending;
        out = std::move(m_blocks[m_next++]);
        return Pull::Block;
    }
    std::string name() const override { return "Pending"; }

private:
    std::vector<Block> m_blocks;
    size_t m_next = 0;
    bool m_pendingGiven = false;
};

inline OperatorPtr pendingSource(std::vector<Block> blocks) { return std::make_unique<PendingSource>(std::move(blocks)); }

struct Drained {
    std::vector<std::string> names;
    std::vector<std::string> types;
    std::vector<std::string> rows;
    size_t blocks = 0;
    size_t pendings = 0;
};

inline Drained drain(Operator &op)
{
    Drained d;
    for (;;) {
        Block b;
        Pull p = op.pull(b);
        if (p == Pull::Pending) {
            ++d.pendings;
            continue;
        }
        if (p != Pull::Block)
            break;
        ++d.blocks;
        if (d.names.empty())
            for (const auto &c : b.columns()) {
                d.names.push_back(c.name);
                d.types.push_back(c.type()->name());
            }
        for (size_t r = 0; r < b.rows(); ++r) {
            std::string row;
            for (size_t c = 0; c < b.columnCount(); ++c) {
                if (c)
                    row += ',';
                row += valueToString(*b.at(c).column, r, TextFormat::Quoted);
            }
            d.rows.push_back(row);
        }
    }
    return d;
}

using Rows = std::vector<std::string>;

} // namespace tideline::engine::test
