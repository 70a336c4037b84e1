#include "models/ResultModel.h"
#include <QIODevice>
#include <QLocale>
#include <algorithm>
#include "models/CellFormat.h"

namespace tideline::models {

using client::ResultBatch;

namespace {

// 40 updates a second: rows streaming past faster than anyone reads them gain nothing from 60,
// and each repaint of the grid costs the same whatever the rate (B6a, bench/RESULTS.md).
constexpr int kFrameMs = 25;
// The counters line (rows, ev/s, elapsed) is read, not watched: four times a second is enough.
constexpr int kCountersMs = 250;

bool containsInsensitive(QByteArrayView haystack, const QByteArray &needleLower)
{
    if (needleLower.isEmpty())
        return true;
    const qsizetype n = needleLower.size();
    for (qsizetype i = 0; i + n <= haystack.size(); ++i) {
        qsizetype j = 0;
        while (j < n && char(std::tolower(static_cast<unsigned char>(haystack[i + j]))) == needleLower[j])
            ++j;
        if (j == n)
            return true;
    }
    return false;
}

} // namespace

ResultModel::ResultModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_frame.setInterval(kFrameMs);
    connect(&m_frame, &QTimer::timeout, this, &ResultModel::tick);
}

void ResultModel::attach(client::QueryHandle *handle)
{
    if (m_handle)
        disconnect(m_handle, nullptr, this, nullptr);
    clear();
    m_handle = handle;
    if (!handle)
        return;
    m_clock.start();
    m_finalElapsed = -1;
    setRunning(true);
    connect(handle, &client::QueryHandle::started, this, [this, handle] { setColumns(handle->columns()); });
    connect(handle, &client::QueryHandle::rows, this, &ResultModel::appendBatch);
    connect(handle, &client::QueryHandle::metricsUpdated, this, &ResultModel::setMetrics);
    auto end = [this] {
        m_finalElapsed = m_clock.isValid() ? m_clock.elapsed() : 0;
        flushNow();
        setRunning(false);
    };
    connect(handle, &client::QueryHandle::finished, this, end);
    connect(handle, &client::QueryHandle::failed, this, end);
    connect(handle, &QObject::destroyed, this, [this, end] { if (m_running) end(); });
}

void ResultModel::clear()
{
    beginResetModel();
    m_segments.clear();
    m_pending.clear();
    m_visible.clear();
    m_pendingRows = m_pausedRows = m_bufferRows = 0;
    m_headSeq = m_nextSeq = 0;
    m_received = 0;
    m_metrics = {};
    m_clock.invalidate();
    m_finalElapsed = -1;
    endResetModel();
    Q_EMIT countersChanged();
}

void ResultModel::setColumns(const QList<client::ColumnInfo> &columns)
{
    beginResetModel();
    m_columns = columns;
    m_numeric.assign(columns.size(), false);
    for (int c = 0; c < columns.size(); ++c)
        m_numeric[c] = CellFormat::isNumericType(columns[c].type);
    m_segments.clear();
    m_visible.clear();
    m_bufferRows = 0;
    m_headSeq = m_nextSeq;
    endResetModel();
}

void ResultModel::appendBatch(const ResultBatch &batch)
{
    if (batch.isEmpty() || batch.columnCount() != m_columns.size())
        return;
    const qsizetype rows = batch.rowCount();
    m_received += rows;
    m_pending.push_back(batch);
    m_pendingRows += rows;
    if (m_paused) {
        m_pausedRows += rows;
        // The queue holds at most a buffer's worth: older queued rows would be evicted anyway.
        while (m_pending.size() > 1 && m_pendingRows - m_pending.front().rowCount() >= m_capacity) {
            m_pendingRows -= m_pending.front().rowCount();
            m_pending.erase(m_pending.begin());
        }
    }
    m_countersDirty = true;
    if (!m_frame.isActive())
        m_frame.start();
}

void ResultModel::setMetrics(const client::QueryMetrics &metrics)
{
    m_metrics = metrics;
    m_countersDirty = true;
    if (!m_frame.isActive())
        m_frame.start();
}

void ResultModel::tick()
{
    if (!m_paused && !m_pending.empty())
        flushNow();
    if ((m_countersDirty || m_running) && (!m_countersClock.isValid() || m_countersClock.elapsed() >= kCountersMs)) {
        m_countersDirty = false;
        m_countersClock.start();
        Q_EMIT countersChanged();
    }
    if (!m_running && m_pending.empty() && !m_countersDirty)
        m_frame.stop();
}

void ResultModel::flushNow()
{
    if (m_paused || m_pending.empty())
        return;
    std::vector<ResultBatch> batches;
    batches.swap(m_pending);
    m_pendingRows = 0;
    appendToBuffer(batches);
    m_countersDirty = true;
}

void ResultModel::appendToBuffer(std::vector<ResultBatch> &batches)
{
    qsizetype incoming = 0;
    for (const ResultBatch &b : batches)
        incoming += b.rowCount();
    if (incoming >= m_capacity) { // the whole buffer turns over: one reset is cheaper
        beginResetModel();
        m_segments.clear();
        m_bufferRows = 0;
        m_headSeq = m_nextSeq;
        for (ResultBatch &b : batches) {
            m_segments.push_back({b, m_nextSeq, 0});
            m_nextSeq += b.rowCount();
            m_bufferRows += b.rowCount();
        }
        evictTo(m_capacity);
        rebuildFilter();
        endResetModel();
        return;
    }
    const qsizetype excess = m_bufferRows + incoming - m_capacity;
    if (excess == incoming && m_filter.isEmpty() && persistentIndexList().isEmpty()) {
        shiftBuffer(batches);
        return;
    }
    if (excess > 0) {
        const qint64 newHead = m_headSeq + excess;
        const qsizetype removed = m_filter.isEmpty()
            ? excess
            : std::lower_bound(m_visible.begin(), m_visible.end(), newHead) - m_visible.begin();
        if (removed > 0)
            beginRemoveRows({}, 0, int(removed - 1));
        evictTo(m_bufferRows - excess);
        if (!m_filter.isEmpty())
            m_visible.erase(m_visible.begin(), m_visible.begin() + removed);
        if (removed > 0)
            endRemoveRows();
    }
    std::vector<qint64> matched;
    if (!m_filter.isEmpty()) {
        const QByteArray needle = m_filter.toLower().toUtf8();
        qint64 seq = m_nextSeq;
        for (const ResultBatch &b : batches)
            for (qsizetype r = 0; r < b.rowCount(); ++r, ++seq)
                for (int c = 0; c < b.columnCount(); ++c)
                    if (containsInsensitive(b.text(r, c), needle)) {
                        matched.push_back(seq);
                        break;
                    }
    }
    const qsizetype added = m_filter.isEmpty() ? incoming : qsizetype(matched.size());
    const int first = rowCount();
    if (added > 0)
        beginInsertRows({}, first, int(first + added - 1));
    for (ResultBatch &b : batches) {
        m_segments.push_back({b, m_nextSeq, 0});
        m_nextSeq += b.rowCount();
        m_bufferRows += b.rowCount();
    }
    m_visible.insert(m_visible.end(), matched.begin(), matched.end());
    if (added > 0)
        endInsertRows();
}

// A full ring that nobody holds an index into (no selection, no current row): the rows keep
// their count and the content moves up, told as one dataChanged. Removing rows at the front and
// inserting as many at the end would make the views' headers move their per-section records
// (a million of them with a large ring) 40 times a second for the same picture. The row numbers
// (vertical header data) move with the content; no headerDataChanged, which makes every
// QAbstractItemView lay itself out again (a second repaint per frame): ui::RowNumberHeader
// repaints on dataChanged.
void ResultModel::shiftBuffer(std::vector<ResultBatch> &batches)
{
    for (ResultBatch &b : batches) {
        m_segments.push_back({b, m_nextSeq, 0});
        m_nextSeq += b.rowCount();
        m_bufferRows += b.rowCount();
    }
    evictTo(m_capacity);
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

// Drops the oldest rows until `rows` remain; returns how many were dropped.
qsizetype ResultModel::evictTo(qsizetype rows)
{
    qsizetype dropped = 0;
    while (m_bufferRows > rows && !m_segments.empty()) {
        Segment &front = m_segments.front();
        const qsizetype available = front.batch.rowCount() - front.skip;
        const qsizetype drop = m_bufferRows - rows;
        if (available <= drop) {
            m_segments.pop_front();
            m_bufferRows -= available;
            m_headSeq += available;
            dropped += available;
        } else {
            front.skip += drop;
            m_bufferRows -= drop;
            m_headSeq += drop;
            dropped += drop;
        }
    }
    return dropped;
}

ResultModel::Cell ResultModel::locate(qint64 seq) const
{
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), seq,
                               [](qint64 s, const Segment &seg) { return s < seg.firstSeq; });
    if (it == m_segments.begin())
        return {};
    --it;
    return {&it->batch, qsizetype(seq - it->firstSeq)};
}

qint64 ResultModel::seqOfRow(int row) const
{
    return m_filter.isEmpty() ? m_headSeq + row : m_visible[size_t(row)];
}

bool ResultModel::matches(qint64 seq) const
{
    const Cell cell = locate(seq);
    const QByteArray needle = m_filter.toLower().toUtf8();
    for (int c = 0; cell.batch && c < cell.batch->columnCount(); ++c)
        if (containsInsensitive(cell.batch->text(cell.row, c), needle))
            return true;
    return false;
}

void ResultModel::rebuildFilter()
{
    m_visible.clear();
    if (m_filter.isEmpty())
        return;
    for (qint64 seq = m_headSeq; seq < m_nextSeq; ++seq)
        if (matches(seq))
            m_visible.push_back(seq);
}

void ResultModel::setCapacity(qsizetype rows)
{
    rows = std::max<qsizetype>(1, rows);
    if (rows == m_capacity)
        return;
    m_capacity = rows;
    if (m_bufferRows > rows) {
        beginResetModel();
        evictTo(rows);
        rebuildFilter();
        endResetModel();
    }
}

void ResultModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused) {
        m_pausedRows = 0;
        flushNow();
    }
    m_countersDirty = true;
    Q_EMIT countersChanged();
}

void ResultModel::setFilter(const QString &keyword)
{
    const QString trimmed = keyword.trimmed();
    if (trimmed == m_filter)
        return;
    beginResetModel();
    m_filter = trimmed;
    rebuildFilter();
    endResetModel();
    Q_EMIT countersChanged();
}

qint64 ResultModel::elapsedMs() const
{
    if (m_finalElapsed >= 0)
        return m_finalElapsed;
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

void ResultModel::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    if (running && !m_frame.isActive())
        m_frame.start();
    Q_EMIT runningChanged(running);
    Q_EMIT countersChanged();
}

bool ResultModel::isNumeric(int column) const
{
    return column >= 0 && size_t(column) < m_numeric.size() && m_numeric[size_t(column)];
}

int ResultModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_filter.isEmpty() ? m_bufferRows : qsizetype(m_visible.size()));
}

int ResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Cell cell = locate(seqOfRow(index.row()));
    if (!cell.batch)
        return {};
    const bool null = cell.batch->isNull(cell.row, index.column());
    switch (role) {
    case Qt::DisplayRole: {
        if (null)
            return QStringLiteral("NULL");
        const QByteArrayView text = cell.batch->text(cell.row, index.column());
        if (isNumeric(index.column()) && !text.contains('.') && text.size() > 3) {
            bool ok = false;
            const qlonglong v = QByteArray(text.data(), text.size()).toLongLong(&ok);
            if (ok) // thousands separators of the user's locale, only for the cells on screen
                return QLocale().toString(v);
        }
        return QString::fromUtf8(text);
    }
    case Qt::EditRole:
    case RawTextRole:
        return null ? QVariant() : QVariant(cell.batch->toString(cell.row, index.column()));
    case IsNullRole:
        return null;
    case Qt::TextAlignmentRole:
        return isNumeric(index.column()) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                         : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    default:
        return {};
    }
}

QVariant ResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) { // the row's number in the query's output, not in the buffer
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
            return QString::number(seqOfRow(section) + 1);
        return {};
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return m_columns[section].name;
    if (role == Qt::ToolTipRole)
        return m_columns[section].name + QStringLiteral(" : ") + m_columns[section].type;
    return {};
}

bool ResultModel::writeCsv(QIODevice *device) const
{
    QByteArray line;
    for (int c = 0; c < m_columns.size(); ++c) {
        if (c)
            line += ',';
        CellFormat::appendCsv(line, m_columns[c].name.toUtf8());
    }
    if (device->write(line + '\n') < 0)
        return false;
    for (int r = 0, n = rowCount(); r < n; ++r) {
        const Cell cell = locate(seqOfRow(r));
        line.clear();
        CellFormat::appendCsvRow(line, *cell.batch, cell.row);
        if (device->write(line) < 0)
            return false;
    }
    return true;
}

bool ResultModel::writeJson(QIODevice *device) const
{
    const QList<QByteArray> keys = CellFormat::jsonKeys(m_columns);
    if (device->write("[") < 0)
        return false;
    QByteArray line;
    for (int r = 0, n = rowCount(); r < n; ++r) {
        const Cell cell = locate(seqOfRow(r));
        line = r ? ",\n" : "\n";
        CellFormat::appendJsonRow(line, *cell.batch, cell.row, keys, m_numeric);
        if (device->write(line) < 0)
            return false;
    }
    return device->write("\n]\n") >= 0;
}

QString ResultModel::rowsAsText(const QList<int> &rows, bool withHeader) const
{
    // Tab-separated with a header line: pastes into spreadsheets and editors alike.
    QStringList lines;
    if (withHeader) {
        QStringList names;
        for (const client::ColumnInfo &col : m_columns)
            names.append(col.name);
        lines.append(names.join(QLatin1Char('\t')));
    }
    for (int r : rows) {
        if (r < 0 || r >= rowCount())
            continue;
        const Cell cell = locate(seqOfRow(r));
        QStringList cells;
        for (int c = 0; c < m_columns.size(); ++c)
            cells.append(cell.batch->isNull(cell.row, c) ? QStringLiteral("NULL") : cell.batch->toString(cell.row, c));
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace tideline::models
