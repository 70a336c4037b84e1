#include "models/ChartData.h"
#include <charconv>
#include <cmath>
#include <limits>

namespace tideline::models {



namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int digits(QByteArrayView t, qsizetype at, int count)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = t[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

void PointRing::popFront(size_t count)
{
    m_head += std::min(count, size());
    // Compact once the dead prefix is as large as the live part: amortised O(1) per point.
    if (m_head > 4096 && m_head * 2 > m_x.size()) {
        m_x.erase(m_x.begin(), m_x.begin() + qsizetype(m_head));
        m_y.erase(m_y.begin(), m_y.begin() + qsizetype(m_head));
        m_head = 0;
    }
}

void PointRing::clear()
{
    m_x.clear();
    m_y.clear();
    m_head = 0;
}

ChartData::ChartData(QObject *parent) : QObject(parent)
{
    m_frame.setSingleShot(true);
    m_frame.setInterval(16);
    connect(&m_frame, &QTimer::timeout, this, &ChartData::flushNow);
}

void ChartData::attach(client::QueryHandle *handle)
{
    if (m_handle)
        disconnect(m_handle, nullptr, this, nullptr);
    m_handle = handle;
    clear();
    if (!handle)
        return;
    if (!handle->columns().isEmpty())
        setColumns(handle->columns());
    connect(handle, &client::QueryHandle::started, this, [this] {
        if (m_handle)
            setColumns(m_handle->columns());
    });
    connect(handle, &client::QueryHandle::rows, this, &ChartData::appendBatch);
}

void ChartData::setColumns(const QList<client::ColumnInfo> &columns)
{
    auto same = [&] {
        if (columns.size() != m_columns.size())
            return false;
        for (qsizetype i = 0; i < columns.size(); ++i)
            if (columns[i].name != m_columns[i].name || columns[i].type != m_columns[i].type)
                return false;
        return true;
    };
    if (same())
        return;
    m_columns = columns;
    clear();
    resolveBindings();
    Q_EMIT columnsChanged();
}

void ChartData::setConfig(const ChartConfig &config)
{
    const ChartConfig old = m_config;
    m_config = config;
    const bool reshaped = old.type() != config.type() || old.xAxis() != config.xAxis() || old.yAxis() != config.yAxis()
        || old.color() != config.color() || old.updateMode() != config.updateMode() || old.updateKey() != config.updateKey();
    if (reshaped) {
        m_series.clear();
        m_seriesIndex.clear();
        m_rows.clear();
        m_rowOfKey.clear();
        m_haveX = false;
        resolveBindings();
    }
    scheduleFrame(); // a format edit redraws without touching the data
}

void ChartData::clear()
{
    m_pending.clear();
    m_series.clear();
    m_seriesIndex.clear();
    m_rows.clear();
    m_rowOfKey.clear();
    m_haveX = false;
    m_received = 0;
    m_ordinal = 0;
    m_minY = m_maxY = 0;
    scheduleFrame();
}

void ChartData::appendBatch(const client::ResultBatch &batch)
{
    if (batch.columnCount() != m_columns.size() || batch.isEmpty())
        return;
    m_received += batch.rowCount();
    m_pending.push_back(batch);
    scheduleFrame();
}

void ChartData::scheduleFrame()
{
    if (!m_frame.isActive())
        m_frame.start();
}

void ChartData::flushNow()
{
    m_frame.stop();
    for (const auto &batch : m_pending)
        fold(batch);
    m_pending.clear();
    evictSeries();
    evictRows();
    recomputeYRange();
    ++m_frames;
    Q_EMIT changed();
}

int ChartData::columnIndex(const QString &name) const
{
    for (int i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name)
            return i;
    return -1;
}

void ChartData::resolveBindings()
{
    // Effective bindings: the config's where they name a column, else the suggestion's (the
    // config itself is not rewritten, so a loaded dashboard stays byte-for-byte the same).
    ChartConfig effective = m_config;
    effective.rebind(m_columns);
    m_x = columnIndex(effective.xAxis());
    m_y = columnIndex(effective.yAxis());
    m_color = columnIndex(effective.color());
    m_key = m_config.updateMode() == ChartConfig::UpdateMode::Key ? columnIndex(effective.updateKey()) : -1;
    m_xIsTime = m_x >= 0 && ChartConfig::isTimeType(m_columns[m_x].type);
}

double ChartData::xOf(const client::ResultBatch &batch, qsizetype row, qsizetype ordinal) const
{
    if (m_x < 0 || !(m_xIsTime || ChartConfig::isNumericType(m_columns[m_x].type)))
        return double(ordinal);
    return m_xIsTime ? parseTimeMs(batch.text(row, m_x)) : parseNumber(batch.text(row, m_x));
}

void ChartData::fold(const client::ResultBatch &batch)
{
    const bool frameMode = m_config.updateMode() == ChartConfig::UpdateMode::All;
    const bool frameByX = frameMode && m_x >= 0 && (m_xIsTime || ChartConfig::isNumericType(m_columns[m_x].type));
    if (frameMode && !frameByX) { // no x to tell frames apart: each batch is a frame
        m_series.clear();
        m_seriesIndex.clear();
        m_rows.clear();
    }
    const bool keepRows = m_config.type() != ChartType::Line && m_config.type() != ChartType::Area;
    for (qsizetype r = 0; r < batch.rowCount(); ++r) {
        const double x = xOf(batch, r, m_ordinal++);
        if (std::isnan(x))
            continue;
        if (frameByX) {
            if (m_haveX && x < m_frameX)
                continue; // a late row of an older frame
            if (!m_haveX || x > m_frameX) {
                m_series.clear();
                m_seriesIndex.clear();
                m_rows.clear();
                m_frameX = x;
            }
        }
        if (!m_haveX || x > m_maxX)
            m_maxX = x;
        m_haveX = true;
        foldSeries(batch, r, x);
        if (keepRows) // lines and areas draw the series only: no text copies for them
            foldRow(batch, r, x);
    }
}

void ChartData::foldSeries(const client::ResultBatch &batch, qsizetype row, double x)
{
    if (m_y < 0)
        return;
    const double y = parseNumber(batch.text(row, m_y));
    if (std::isnan(y))
        return;
    const QString name = m_color >= 0 ? batch.toString(row, m_color) : m_columns[m_y].name;
    auto it = m_seriesIndex.constFind(name);
    int index;
    if (it == m_seriesIndex.constEnd()) {
        index = int(m_series.size());
        m_seriesIndex.insert(name, index);
        m_series.push_back(Series{name, {}});
    } else {
        index = *it;
    }
    m_series[size_t(index)].points.push(x, y);
}

void ChartData::foldRow(const client::ResultBatch &batch, qsizetype row, double x)
{
    Row out;
    out.cells.reserve(batch.columnCount());
    for (int c = 0; c < batch.columnCount(); ++c)
        out.cells << (batch.isNull(row, c) ? QString() : batch.toString(row, c));
    if (m_key >= 0) {
        const QString key = out.cells[m_key];
        if (auto it = m_rowOfKey.constFind(key); it != m_rowOfKey.constEnd()) {
            Row &existing = m_rows[size_t(*it)];
            existing.previous = std::move(existing.cells);
            existing.cells = std::move(out.cells);
            return;
        }
        m_rowOfKey.insert(key, qsizetype(m_rows.size()));
    }
    m_rows.push_back(std::move(out));
    Q_UNUSED(x);
}

double ChartData::windowStart() const
{
    const double minutes = m_config.xRangeMinutes();
    if (m_config.updateMode() == ChartConfig::UpdateMode::Time && minutes > 0 && m_xIsTime)
        return m_maxX - minutes * 60000.0;
    return m_minX;
}

void ChartData::evictSeries()
{
    const double start = windowStart();
    const bool sliding = m_config.updateMode() == ChartConfig::UpdateMode::Time && m_config.xRangeMinutes() > 0 && m_xIsTime;
    m_minX = m_maxX;
    for (Series &s : m_series) {
        PointRing &p = s.points;
        size_t drop = p.size() > m_seriesCapacity ? p.size() - m_seriesCapacity : 0;
        if (sliding) // rows arrive in time order: the stale ones are a prefix
            while (drop < p.size() && p.xs()[drop] < start)
                ++drop;
        p.popFront(drop);
        if (!p.empty())
            m_minX = std::min(m_minX, p.xs()[0]);
    }
}

void ChartData::evictRows()
{
    const size_t max = size_t(m_config.maxItems());
    if (m_rows.size() <= max)
        return;
    m_rows.erase(m_rows.begin(), m_rows.begin() + qsizetype(m_rows.size() - max));
    if (m_key < 0)
        return;
    m_rowOfKey.clear();
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rowOfKey.insert(m_rows[i].cells[m_key], qsizetype(i));
}

void ChartData::recomputeYRange()
{
    bool any = false;
    for (const Series &s : m_series) {
        const double *ys = s.points.ys();
        for (size_t i = 0, n = s.points.size(); i < n; ++i) {
            if (!any || ys[i] < m_minY)
                m_minY = ys[i];
            if (!any || ys[i] > m_maxY)
                m_maxY = ys[i];
            any = true;
        }
    }
    if (!any)
        m_minY = m_maxY = 0;
}

QList<ChartData::Keyed> ChartData::latestByKey(const QString &keyColumn, const QString &column) const
{
    const int k = columnIndex(keyColumn), v = columnIndex(column);
    QList<Keyed> out;
    if (v < 0)
        return out;
    QHash<QString, qsizetype> at;
    for (const Row &row : m_rows) {
        const QString key = k >= 0 ? row.cells[k] : m_columns[v].name;
        const double value = row.cells[v].toDouble();
        const double before = row.previous.size() > v ? row.previous[v].toDouble() : kNaN;
        if (auto it = at.constFind(key); it != at.constEnd()) {
            Keyed &e = out[*it];
            e.previous = e.value;
            e.value = value;
            e.cells = row.cells;
        } else {
            at.insert(key, out.size());
            out.append(Keyed{key, value, before, row.cells});
        }
    }
    return out;
}

std::vector<double> ChartData::recentValues(const QString &column, int count) const
{
    std::vector<double> out;
    const int v = columnIndex(column);
    if (v < 0)
        return out;
    const size_t first = m_rows.size() > size_t(count) ? m_rows.size() - size_t(count) : 0;
    for (size_t i = first; i < m_rows.size(); ++i) {
        bool ok = false;
        const double d = m_rows[i].cells[v].toDouble(&ok);
        if (ok)
            out.push_back(d);
    }
    return out;
}

QList<QPointF> ChartData::decimate(const PointRing &points, double x0, double x1, int buckets)
{
    QList<QPointF> out;
    const size_t n = points.size();
    const double *xs = points.xs(), *ys = points.ys();
    if (n <= size_t(std::max(buckets, 1)) * 2 || x1 <= x0) {
        out.reserve(qsizetype(n));
        for (size_t i = 0; i < n; ++i)
            out.append(QPointF(xs[i], ys[i]));
        return out;
    }
    out.reserve(buckets * 2 + 2);
    const double scale = buckets / (x1 - x0);
    int bucket = -1;
    size_t lo = 0, hi = 0;
    auto flush = [&] {
        if (bucket < 0)
            return;
        const size_t a = std::min(lo, hi), b = std::max(lo, hi);
        out.append(QPointF(xs[a], ys[a]));
        if (b != a)
            out.append(QPointF(xs[b], ys[b]));
    };
    for (size_t i = 0; i < n; ++i) {
        if (xs[i] < x0)
            continue;
        const int b = std::min(int((xs[i] - x0) * scale), buckets - 1);
        if (b != bucket) {
            flush();
            bucket = b;
            lo = hi = i;
            continue;
        }
        if (ys[i] < ys[lo])
            lo = i;
        if (ys[i] > ys[hi])
            hi = i;
    }
    flush();
    return out;
}

double ChartData::parseTimeMs(QByteArrayView t)
{
    if (t.size() < 10 || t[4] != '-' || t[7] != '-')
        return kNaN;
    const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return kNaN;
    double ms = double(daysFromCivil(y, mo, d)) * 86400000.0;
    if (t.size() < 19 || (t[10] != ' ' && t[10] != 'T'))
        return ms;
    const int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
    if (h < 0 || mi < 0 || s < 0)
        return kNaN;
    ms += (h * 3600.0 + mi * 60.0 + s) * 1000.0;
    qsizetype i = 19;
    if (i < t.size() && t[i] == '.') {
        double scale = 100.0;
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, scale /= 10)
            ms += (t[i] - '0') * scale;
    }
    if (i + 5 < t.size() && (t[i] == '+' || t[i] == '-')) { // "+hh:mm" offset
        const int oh = digits(t, i + 1, 2), om = digits(t, i + 4, 2);
        if (oh >= 0 && om >= 0)
            ms -= (t[i] == '+' ? 1 : -1) * (oh * 60.0 + om) * 60000.0;
    }
    return ms;
}

double ChartData::parseNumber(QByteArrayView text)
{
    double v = kNaN;
    const char *begin = text.data(), *end = text.data() + text.size();
    if (begin != end && *begin == '+')
        ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || ptr != end) {
        if (text == "true")
            return 1;
        if (text == "false")
            return 0;
        return kNaN;
    }
    return v;
}

} // namespace tideline::models
