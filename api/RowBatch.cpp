#include "api/RowBatch.h"

#include "api/JsonWriter.h"

namespace tideline::api {

QByteArrayView RowBatch::cellText(qsizetype cell) const
{
    const quint32 begin = m_offsets[size_t(cell)];
    const quint32 end = m_offsets[size_t(cell) + 1];
    return QByteArrayView(m_text.constData() + begin, qsizetype(end - begin));
}

void RowBatch::reserve(qsizetype cells, qsizetype textBytes)
{
    m_kinds.reserve(size_t(cells));
    m_offsets.reserve(size_t(cells) + 1);
    m_text.reserve(textBytes);
}

bool RowBatch::appendCell(CellKind kind, QByteArrayView text)
{
    if (m_text.size() + text.size() > MaxTextBytes)
        return false;
    m_text.append(text.data(), text.size());
    return commitCell(kind);
}

bool RowBatch::commitCell(CellKind kind)
{
    if (m_text.size() > MaxTextBytes)
        return false;
    m_kinds.push_back(kind);
    m_offsets.push_back(quint32(m_text.size()));
    return true;
}

bool RowBatch::endRow()
{
    const qsizetype cells = cellCount() - m_rowCount * columnCount();
    if (m_columnCount < 0)
        m_columnCount = cells;
    else if (cells != m_columnCount)
        return false;
    ++m_rowCount;
    return true;
}

bool RowBatch::append(const RowBatch &other)
{
    if (other.m_rowCount == 0)
        return true;
    if (m_rowCount > 0 && m_columnCount != other.m_columnCount)
        return false;
    if (m_text.size() + other.m_text.size() > MaxTextBytes)
        return false;
    m_columnCount = other.m_columnCount;
    const auto base = quint32(m_text.size());
    m_text.append(other.m_text);
    m_kinds.insert(m_kinds.end(), other.m_kinds.begin(), other.m_kinds.end());
    m_offsets.reserve(m_offsets.size() + other.m_kinds.size());
    for (size_t i = 1; i < other.m_offsets.size(); ++i)
        m_offsets.push_back(base + other.m_offsets[i]);
    m_rowCount += other.m_rowCount;
    return true;
}

void RowBatch::clear()
{
    const qsizetype columns = m_columnCount;
    *this = RowBatch(columns);
}

QByteArray RowBatch::toJson() const
{
    QByteArray out;
    out.reserve(m_text.size() + cellCount() * 3 + m_rowCount * 3 + 2);
    out.append('[');
    for (qsizetype row = 0; row < m_rowCount; ++row) {
        out.append(row ? ",[" : "[");
        for (qsizetype col = 0; col < m_columnCount; ++col) {
            if (col)
                out.append(',');
            const size_t cell = index(row, col);
            switch (m_kinds[cell]) {
            case CellKind::Null:
            case CellKind::Missing: out.append("null", 4); break;
            case CellKind::String: JsonWriter::appendString(out, cellText(qsizetype(cell))); break;
            default: out.append(cellText(qsizetype(cell))); break;
            }
        }
        out.append(']');
    }
    out.append(']');
    return out;
}

} // namespace tideline::api
