#include "client/local/BlockBatchWriter.h"

namespace tideline::client {

void BlockBatchWriter::append(const engine::Block &block, size_t from, size_t count, ResultBatch &out)
{
    const size_t ncols = block.columnCount();
    m_cells.resize(ncols);
    m_nulls.assign(ncols, nullptr);
    size_t bytes = 0;
    for (size_t c = 0; c < ncols; ++c) {
        const engine::Column &column = *block.at(c).column;
        m_cells[c].clear();
        if (column.type()->isNullable()) {
            // The nested values at NULL rows are defaults; their text is written but not used.
            engine::writeColumn(column.nested(), from, count, engine::TextFormat::Plain, m_cells[c]);
            if (!column.nullMap.empty())
                m_nulls[c] = column.nullMap.data() + from;
        } else {
            engine::writeColumn(column, from, count, engine::TextFormat::Plain, m_cells[c]);
        }
        bytes += m_cells[c].chars.size();
    }
    out.reserve(static_cast<qsizetype>(count * ncols), out.byteSize() + static_cast<qsizetype>(bytes));
    for (size_t r = 0; r < count; ++r)
        for (size_t c = 0; c < ncols; ++c) {
            if (m_nulls[c] && m_nulls[c][r]) {
                out.appendCell({}, true);
                continue;
            }
            std::string_view cell = m_cells[c].at(r);
            out.appendCell(QByteArrayView(cell.data(), static_cast<qsizetype>(cell.size())));
        }
}

} // namespace tideline::client
