#pragma once
// The data behind one live chart: a query's ResultBatch rows shaped by a ChartConfig.
//
// Batches are queued as they arrive and folded in once per frame (a ~16 ms single-shot timer),
// which then emits changed() once: a chart redraws at most once per frame however fast rows
// come. Two stores are kept, both bounded:
//   - numeric series (line/area): per `color` group, x and y as contiguous doubles (x of a time
//     column is epoch milliseconds), a sliding window of `xRange` minutes behind the newest x
//     (updateMode "time"), or only the newest frame (updateMode "all");
//   - rows (bars, tiles, table, markdown; not kept for lines and areas): the newest `maxItems` rows as text, or the newest
//     frame, or the latest row per `updateKey` with the previous value kept for trend arrows.
// decimate() reduces a series to at most two points (min and max) per pixel column, so a
// 100 k-point window costs a chart a few thousand points. GUI thread only.
#include <QHash>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <vector>
#include "client/QueryHandle.h"
#include "models/ChartConfig.h"

namespace tideline::models {

// Contiguous x/y points with cheap removal at the front (compacted when half is dead).
class PointRing {
public:
    void push(double x, double y)
    {
        m_x.push_back(x);
        m_y.push_back(y);
    }
    void popFront(size_t count);
    void clear();
    size_t size() const { return m_x.size() - m_head; }
    bool empty() const { return size() == 0; }
    const double *xs() const { return m_x.data() + m_head; }
    const double *ys() const { return m_y.data() + m_head; }
    double lastX() const { return m_x.back(); }

private:
    std::vector<double> m_x, m_y;
    size_t m_head = 0;
};

class ChartData : public QObject {
    Q_OBJECT
public:
    explicit ChartData(QObject *parent = nullptr);

    struct Series {
        QString name; // the `color` group value, or the y column's name when ungrouped
        PointRing points;
    };
    struct Row {
        QStringList cells;
        QStringList previous; // key mode: the row this key had before (empty when new)
    };

    // Follows a query (its columns, batches). Clears the data.
    void attach(client::QueryHandle *handle);
    void setColumns(const QList<client::ColumnInfo> &columns);
    const QList<client::ColumnInfo> &columns() const { return m_columns; }
    // New settings; bindings or mode that changed clear the data (format-only edits do not).
    void setConfig(const ChartConfig &config);
    const ChartConfig &config() const { return m_config; }
    void appendBatch(const client::ResultBatch &batch);
    void clear();
    void flushNow(); // folds queued batches in and emits changed() now (tests, benchmarks)
    // Points kept per series at most, whatever the window (default 1 M).
    void setSeriesCapacity(size_t points) { m_seriesCapacity = points; }

    const std::vector<Series> &series() const { return m_series; }
    bool xIsTime() const { return m_xIsTime; }
    // The x interval the chart shows: the sliding window behind the newest x, or the data's.
    double windowStart() const;
    double windowEnd() const { return m_maxX; }
    double yMin() const { return m_minY; }
    double yMax() const { return m_maxY; }
    const std::deque<Row> &rows() const { return m_rows; }
    int columnIndex(const QString &name) const;
    qint64 rowsReceived() const { return m_received; }
    qint64 frames() const { return m_frames; }

    // The latest value of `column` per distinct `keyColumn` value, in first-seen order, with
    // the value before it (NaN when none): multiple-value tiles and {{@key::col}}.
    struct Keyed {
        QString key;
        double value = 0;
        double previous = 0;
        QStringList cells;
    };
    QList<Keyed> latestByKey(const QString &keyColumn, const QString &column) const;
    // The last `count` values of `column` in arrival order (sparklines, deltas).
    std::vector<double> recentValues(const QString &column, int count) const;

    // At most two points per bucket (its min and max, in x order) over [x0, x1].
    static QList<QPointF> decimate(const PointRing &points, double x0, double x1, int buckets);
    // Epoch milliseconds of "2026-11-25 23:00:00.123", RFC 3339 or a date; NaN if not a time.
    static double parseTimeMs(QByteArrayView text);
    static double parseNumber(QByteArrayView text);

Q_SIGNALS:
    void changed();        // at most once per frame
    void columnsChanged(); // a new header: settings forms refresh their column lists

private:
    void scheduleFrame();
    void fold(const client::ResultBatch &batch);
    void foldSeries(const client::ResultBatch &batch, qsizetype row, double x);
    void foldRow(const client::ResultBatch &batch, qsizetype row, double x);
    void evictSeries();
    void evictRows();
    double xOf(const client::ResultBatch &batch, qsizetype row, qsizetype ordinal) const;
    void resolveBindings();
    void recomputeYRange();

    ChartConfig m_config;
    QList<client::ColumnInfo> m_columns;
    int m_x = -1, m_y = -1, m_color = -1, m_key = -1;
    bool m_xIsTime = false;
    std::vector<Series> m_series;
    QHash<QString, int> m_seriesIndex;
    std::deque<Row> m_rows;
    QHash<QString, qsizetype> m_rowOfKey; // key mode: position in m_rows (rebuilt on eviction)
    double m_frameX = 0;                  // "all" mode: the x of the frame shown
    double m_maxX = 0, m_minX = 0;
    double m_minY = 0, m_maxY = 0;
    bool m_haveX = false;
    size_t m_seriesCapacity = 1'000'000;
    std::vector<client::ResultBatch> m_pending;
    qint64 m_received = 0;
    qint64 m_ordinal = 0; // row number, the x of rows without an x column
    qint64 m_frames = 0;
    QTimer m_frame;
    QPointer<client::QueryHandle> m_handle;
};

} // namespace tideline::models
