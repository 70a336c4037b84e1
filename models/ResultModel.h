#pragma once
// The live result grid's model: a bounded ring buffer of ResultBatch rows.
//
// Rows arrive as batches (possibly hundreds per second); they are queued and merged into the
// buffer by a 25 ms timer, so the view sees at most one rowsRemoved (oldest rows evicted) and
// one rowsInserted per frame. Cells stay as UTF-8 inside the batches; data() builds a QString
// only for the cells the view asks for. Pausing freezes the view (the query keeps running and
// its rows wait in the queue, itself bounded by the capacity). The keyword filter is a row
// predicate kept as a list of matching buffer positions, never a proxy model.
// GUI thread only.
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <vector>
#include "client/QueryHandle.h"

class QIODevice;

namespace tideline::models {

class ResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { IsNullRole = Qt::UserRole + 1, RawTextRole };

    explicit ResultModel(QObject *parent = nullptr);

    // Follows a running query: its columns, batches, metrics and end. Clears the buffer.
    void attach(client::QueryHandle *handle);
    void clear();
    void setColumns(const QList<client::ColumnInfo> &columns);
    // Queues a batch; it reaches the view at the next frame tick.
    void appendBatch(const client::ResultBatch &batch);
    void setMetrics(const client::QueryMetrics &metrics);
    void flushNow(); // merges queued batches at once (tests, end of query)

    void setCapacity(qsizetype rows);
    qsizetype capacity() const { return m_capacity; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    qsizetype rowsWhilePaused() const { return m_pausedRows; }
    // Case-insensitive substring over every cell of a row; empty shows all rows.
    void setFilter(const QString &keyword);
    QString filter() const { return m_filter; }

    qint64 rowsReceived() const { return m_received; }
    qsizetype bufferedRows() const { return m_bufferRows; }
    double eventsPerSecond() const { return m_metrics.eps; }
    qint64 elapsedMs() const;
    bool isRunning() const { return m_running; }
    const client::QueryMetrics &metrics() const { return m_metrics; }
    const QList<client::ColumnInfo> &columns() const { return m_columns; }

    // The rows the view shows (filtered), in order. Return false when the device fails.
    bool writeCsv(QIODevice *device) const;
    bool writeJson(QIODevice *device) const;
    // The given view rows as tab-separated text (NULL spelled out), for the clipboard.
    QString rowsAsText(const QList<int> &rows, bool withHeader = true) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Rows, eps, elapsed moved (at most four times a second), or the running, paused or filter
    // state changed (at once).
    void countersChanged();
    void runningChanged(bool running);

private:
    struct Segment {
        client::ResultBatch batch;
        qint64 firstSeq = 0; // sequence number of the batch's row 0
        qsizetype skip = 0;  // leading rows already evicted
    };
    struct Cell {
        const client::ResultBatch *batch = nullptr;
        qsizetype row = 0;
    };

    void tick();
    void appendToBuffer(std::vector<client::ResultBatch> &batches);
    void shiftBuffer(std::vector<client::ResultBatch> &batches);
    qsizetype evictTo(qsizetype rows);
    Cell locate(qint64 seq) const;
    qint64 seqOfRow(int row) const;
    bool matches(qint64 seq) const;
    void rebuildFilter();
    void setRunning(bool running);
    bool isNumeric(int column) const;

    QList<client::ColumnInfo> m_columns;
    std::vector<bool> m_numeric;
    std::deque<Segment> m_segments;
    qint64 m_headSeq = 0;   // sequence number of the oldest buffered row
    qint64 m_nextSeq = 0;   // sequence number the next appended row gets
    qsizetype m_bufferRows = 0;
    qsizetype m_capacity = 100000;
    std::vector<client::ResultBatch> m_pending;
    qsizetype m_pendingRows = 0;
    qsizetype m_pausedRows = 0;
    bool m_paused = false;
    QString m_filter;
    std::deque<qint64> m_visible; // matching sequence numbers while a filter is set
    qint64 m_received = 0;
    client::QueryMetrics m_metrics;
    QElapsedTimer m_clock;
    QElapsedTimer m_countersClock; // since countersChanged was last emitted by the frame tick
    qint64 m_finalElapsed = -1;
    bool m_running = false;
    bool m_countersDirty = false;
    QTimer m_frame;
    QPointer<client::QueryHandle> m_handle;
};

} // namespace tideline::models
