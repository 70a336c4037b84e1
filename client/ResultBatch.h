#pragma once
// Result rows as the GUI receives them: row-major text cells in one UTF-8 buffer with uint32
// offsets and a null flag per cell (kept only once a cell is NULL: most results have none, and a
// live grid holds a million rows). Both backends produce it without a per-cell allocation
// (the local one from engine blocks, the remote one from SSE row arrays), numbers keep their
// exact text (int64/uint64 never pass through double), and models build a QString only for the
// cells on screen. Implicitly shared buffers make it cheap to pass through queued signals.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

namespace tideline::client {

class ResultBatch {
public:
    ResultBatch() = default;
    explicit ResultBatch(int columnCount) : m_columns(columnCount) {}

    int columnCount() const { return m_columns; }
    qsizetype rowCount() const { return m_columns ? m_ends.size() / m_columns : 0; }
    bool isEmpty() const { return rowCount() == 0; }
    QByteArrayView text(qsizetype row, int column) const
    {
        qsizetype cell = row * m_columns + column;
        quint32 begin = cell == 0 ? 0 : m_ends[cell - 1];
        return QByteArrayView(m_text.constData() + begin, m_ends[cell] - begin);
    }
    QString toString(qsizetype row, int column) const { return QString::fromUtf8(text(row, column)); }
    bool isNull(qsizetype row, int column) const { return !m_nulls.isEmpty() && m_nulls[row * m_columns + column] != 0; }

    // Building: cells row by row; a row is complete after columnCount() cells.
    void reserve(qsizetype cells, qsizetype bytes)
    {
        m_ends.reserve(cells);
        m_text.reserve(bytes);
    }
    void appendCell(QByteArrayView text, bool isNull = false)
    {
        m_text.append(text);
        commitCell(isNull);
    }
    QByteArray &textForAppend() { return m_text; } // append bytes, then commitCell()
    void commitCell(bool isNull = false)
    {
        m_ends.append(static_cast<quint32>(m_text.size()));
        if (isNull || !m_nulls.isEmpty())
            flagLast(isNull);
    }
    qsizetype byteSize() const { return m_text.size() + m_ends.size() * 4 + m_nulls.size(); }

    // Appends the rows of `other` (same column count): three bulk copies, used to coalesce
    // batches that wait for the GUI thread into one rows() signal.
    void append(const ResultBatch &other)
    {
        const quint32 base = static_cast<quint32>(m_text.size());
        m_text.append(other.m_text);
        m_ends.reserve(m_ends.size() + other.m_ends.size());
        for (quint32 end : other.m_ends)
            m_ends.append(base + end);
        if (!other.m_nulls.isEmpty()) {
            m_nulls.resize(m_ends.size() - other.m_ends.size(), 0); // this one's cells had none
            m_nulls.append(other.m_nulls);
        } else if (!m_nulls.isEmpty()) {
            m_nulls.resize(m_ends.size(), 0);
        }
    }
    // Adopts whole buffers (cell ends; one null byte per cell, or none when no cell is NULL): a decoder that already has the
    // cells in this layout hands them over without a per-cell copy.
    static ResultBatch fromBuffers(int columnCount, QByteArray text, QList<quint32> ends, QByteArray nulls)
    {
        ResultBatch batch(columnCount);
        batch.m_text = std::move(text);
        batch.m_ends = std::move(ends);
        batch.m_nulls = std::move(nulls);
        return batch;
    }

private:
    void flagLast(bool isNull)
    {
        m_nulls.resize(m_ends.size() - 1, 0); // the cells before had no NULL
        m_nulls.append(isNull ? 1 : 0);
    }

    int m_columns = 0;
    QByteArray m_text;
    QList<quint32> m_ends;
    QByteArray m_nulls; // empty while no cell is NULL, else one byte per cell
};

} // namespace tideline::client

Q_DECLARE_METATYPE(tideline::client::ResultBatch)
