#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace tideline::api {

// The JSON type a cell had on the wire. Consumers convert text by the column's SQL type from
// result.header; the kind tells a string "[1]" from an array [1] and null from "null".
// Missing: the input had no value at all (a key absent from a streaming-ingest object), so the
// column's default applies rather than NULL; toJson() writes it as null.
enum class CellKind : quint8 { Null, String, Number, Bool, Array, Object, Missing };

// A batch of rows (one SSE data event, one compact ingest body) as text cells, row-major:
// all cell texts in one UTF-8 buffer with uint32 offsets, one kind byte per cell (its null bit).
// Strings are unescaped; numbers keep their exact JSON text (int64/uint64 beyond 2^53, big
// decimals); booleans are "true"/"false"; nested arrays/objects are compact JSON text.
class RowBatch
{
public:
    static constexpr qsizetype MaxTextBytes = 0xFFFFFFFFLL; // uint32 offsets

    RowBatch() = default;
    // A batch whose rows must each have `columnCount` cells; -1 lets the first row decide.
    explicit RowBatch(qsizetype columnCount) : m_columnCount(columnCount) {}

    qsizetype rowCount() const { return m_rowCount; }
    qsizetype columnCount() const { return m_columnCount < 0 ? 0 : m_columnCount; }
    qsizetype cellCount() const { return qsizetype(m_kinds.size()); }
    bool isEmpty() const { return m_rowCount == 0; }

    CellKind kind(qsizetype row, qsizetype column) const { return m_kinds[index(row, column)]; }
    bool isNull(qsizetype row, qsizetype column) const { return kind(row, column) == CellKind::Null; }
    QByteArrayView text(qsizetype row, qsizetype column) const { return cellText(index(row, column)); }
    QString toString(qsizetype row, qsizetype column) const { return QString::fromUtf8(text(row, column)); }

    // Raw storage, for consumers that copy whole columns at once.
    CellKind cellKind(qsizetype cell) const { return m_kinds[size_t(cell)]; }
    QByteArrayView cellText(qsizetype cell) const;
    const QByteArray &textBuffer() const { return m_text; }
    const std::vector<quint32> &offsets() const { return m_offsets; }

    // Building. appendCell() returns false when the text buffer would pass MaxTextBytes;
    // endRow() returns false when the row's cell count differs from columnCount().
    void reserve(qsizetype cells, qsizetype textBytes);
    bool appendCell(CellKind kind, QByteArrayView text = {});
    QByteArray &textForAppend() { return m_text; } // append bytes, then commitCell()
    bool commitCell(CellKind kind);
    bool endRow();
    qsizetype cellsInOpenRow() const { return cellCount() - m_rowCount * columnCount(); }
    // Appends the rows of `other`; false (nothing appended) if the column counts differ.
    bool append(const RowBatch &other);
    void clear();

    // The v1beta2 row payload `[[...],...]` for this batch: numbers as their exact text.
    QByteArray toJson() const;

    friend bool operator==(const RowBatch &, const RowBatch &) = default;

private:
    size_t index(qsizetype row, qsizetype column) const
    {
        Q_ASSERT(row >= 0 && row < m_rowCount && column >= 0 && column < m_columnCount);
        return size_t(row * m_columnCount + column);
    }

    QByteArray m_text;
    std::vector<quint32> m_offsets{0};
    std::vector<CellKind> m_kinds;
    qsizetype m_rowCount = 0;
    qsizetype m_columnCount = -1;
};

} // namespace tideline::api
