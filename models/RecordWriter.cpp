#include "models/RecordWriter.h"
#include <QFile>
#include "models/CellFormat.h"

namespace tideline::models {

RecordWriter::RecordWriter(const QString &path, Format format) : m_file(new QFile(path, this)), m_format(format) {}

bool RecordWriter::open(QString *error)
{
    if (m_file->open(QIODevice::WriteOnly | QIODevice::Truncate))
        return true;
    *error = m_file->errorString();
    return false;
}

void RecordWriter::setColumns(const QList<client::ColumnInfo> &columns)
{
    m_keys = CellFormat::jsonKeys(columns);
    m_numeric.clear();
    for (const client::ColumnInfo &col : columns)
        m_numeric.push_back(CellFormat::isNumericType(col.type));
    if (m_format != Format::Csv || m_closed)
        return;
    QByteArray header;
    for (int c = 0; c < columns.size(); ++c) {
        if (c)
            header += ',';
        CellFormat::appendCsv(header, columns[c].name.toUtf8());
    }
    header += '\n';
    if (m_file->write(header) < 0)
        m_error = m_file->errorString();
}

void RecordWriter::write(const client::ResultBatch &batch)
{
    if (m_closed || !m_error.isEmpty() || batch.columnCount() != int(m_numeric.size()))
        return;
    m_buffer.clear(); // keeps its capacity: no allocation per batch once warmed up
    for (qsizetype r = 0; r < batch.rowCount(); ++r) {
        if (m_format == Format::Csv) {
            CellFormat::appendCsvRow(m_buffer, batch, r);
        } else {
            CellFormat::appendJsonRow(m_buffer, batch, r, m_keys, m_numeric);
            m_buffer += '\n';
        }
    }
    if (m_file->write(m_buffer) < 0) {
        m_error = m_file->errorString();
        close();
        return;
    }
    m_rows += batch.rowCount();
    Q_EMIT written(m_rows);
}

void RecordWriter::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (!m_file->flush() && m_error.isEmpty())
        m_error = m_file->errorString();
    m_file->close();
    Q_EMIT closed(m_rows, m_error);
}

} // namespace tideline::models
