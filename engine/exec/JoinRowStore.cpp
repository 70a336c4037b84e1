#include "engine/exec/JoinRowStore.h"

#include "engine/common/Status.h"

namespace tideline::engine {

void checkJoinBufferedBytes(size_t bytes, size_t limit)
{
    constexpr int kSetSizeLimitExceeded = 191;
    if (bytes > limit)
        throw EngineError(Status(kSetSizeLimitExceeded, "Streaming join's memory reaches max size: " + std::to_string(limit) + ", current total: " +
                                                            std::to_string(bytes) + " (SETTINGS join_max_buffered_bytes)"));
}

JoinRowStore::JoinRowStore(std::vector<std::string> names, std::vector<DataTypePtr> types) : m_names(std::move(names))
{
    for (const auto &t : types) {
        auto c = Column::create(t);
        c->pushDefault();
        m_columns.push_back(std::move(c));
    }
    m_live.push_back(1); // the row of defaults is never released
}

uint32_t JoinRowStore::append(const Block &block, std::span<const uint32_t> rows)
{
    if (block.columnCount() != m_columns.size())
        throw EngineError(ErrorCode::LogicalError, "A join side's block does not have the columns planned for it");
    auto first = static_cast<uint32_t>(m_live.size());
    for (size_t c = 0; c < m_columns.size(); ++c) {
        ColumnPtr picked = block.at(c).column->gather(rows);
        m_columns[c]->pushRange(*picked, 0, picked->size());
    }
    m_live.resize(m_live.size() + rows.size(), 1);
    m_liveRows += rows.size();
    return first;
}

void JoinRowStore::release(uint32_t row)
{
    if (row == kDefaultRow || !m_live[row])
        return;
    m_live[row] = 0;
    --m_liveRows;
}

size_t JoinRowStore::byteSize() const
{
    size_t n = m_live.size();
    for (const auto &c : m_columns)
        n += c->byteSize();
    return n;
}

std::vector<uint32_t> JoinRowStore::compact()
{
    std::vector<uint32_t> remap(m_live.size(), kNone);
    std::vector<uint32_t> kept;
    kept.reserve(m_liveRows + 1);
    for (size_t r = 0; r < m_live.size(); ++r)
        if (m_live[r]) {
            remap[r] = static_cast<uint32_t>(kept.size());
            kept.push_back(static_cast<uint32_t>(r));
        }
    for (auto &c : m_columns)
        c = c->gather(kept);
    m_live.assign(kept.size(), 1);
    return remap;
}

} // namespace tideline::engine
