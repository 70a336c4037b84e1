#include "workspace/StreamMetrics.h"

#include "engine/exec/ExternalStream.h"

#include <algorithm>
#include "engine/exec/Engine.h"
#include "workspace/ObjectJson.h"
#include "workspace/ResourceStore.h"

namespace tideline::workspace {

namespace {

const QString kKind = QStringLiteral("stream_metrics");
constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kPersistEveryMs = kMinuteMs;

using Traffic = engine::StreamLog::Traffic;

void accumulate(Traffic &into, const Traffic &delta)
{
    into.writtenRows += delta.writtenRows;
    into.writtenBytes += delta.writtenBytes;
    into.readRows += delta.readRows;
    into.readBytes += delta.readBytes;
}

bool isZero(const Traffic &t)
{
    return t.writtenRows == 0 && t.writtenBytes == 0 && t.readRows == 0 && t.readBytes == 0;
}

// Counters only grow while a log is open; smaller ones mean a reopened log counting from zero.
Traffic since(const Traffic &now, const Traffic &before)
{
    auto d = [](uint64_t a, uint64_t b) { return a >= b ? a - b : a; };
    return {d(now.writtenRows, before.writtenRows), d(now.writtenBytes, before.writtenBytes), d(now.readRows, before.readRows),
            d(now.readBytes, before.readBytes)};
}

void setRates(QJsonObject &into, const Traffic &t, double seconds)
{
    seconds = std::max(seconds, 1.0);
    into[QStringLiteral("read_eps")] = double(t.readRows) / seconds;
    into[QStringLiteral("read_bps")] = double(t.readBytes) / seconds;
    into[QStringLiteral("written_eps")] = double(t.writtenRows) / seconds;
    into[QStringLiteral("written_bps")] = double(t.writtenBytes) / seconds;
}

} // namespace

StreamMetrics::StreamMetrics(engine::Engine &engine, ResourceStore &store) : m_engine(engine), m_store(store)
{
    load();
}

StreamMetrics::~StreamMetrics()
{
    stop();
}

// Hour buckets of streams that still exist come back; those of dropped streams are removed.
void StreamMetrics::load()
{
    std::map<std::string, bool> live;
    for (const auto &info : m_engine.objects())
        live[info->object.uuid] = true;
    for (const auto &value : m_store.list(kKind)) {
        QJsonObject doc = value.toObject();
        QString id = doc.value(QStringLiteral("id")).toString();
        if (!live.count(id.toStdString())) {
            m_store.remove(kKind, id);
            continue;
        }
        Series &series = m_series[id.toStdString()];
        for (const auto &h : doc.value(QStringLiteral("hours")).toArray()) {
            QJsonArray a = h.toArray();
            auto n = [&](int i) { return static_cast<uint64_t>(a.at(i).toDouble()); };
            series.hours.push_back({static_cast<int64_t>(a.at(0).toDouble()), Traffic{n(1), n(2), n(3), n(4)}});
        }
        series.trackedSinceMs = -1; // set at the first sample
    }
}

void StreamMetrics::sample()
{
    int64_t now = m_engine.clock().nowMillis();
    std::lock_guard lock(m_mutex);
    std::map<std::string, bool> live;
    for (const auto &info : m_engine.objects()) {
        if (!info->log && !info->external)
            continue;
        live[info->object.uuid] = true;
        auto [it, fresh] = m_series.try_emplace(info->object.uuid);
        Series &series = it->second;
        Traffic current;
        if (info->log) {
            current = info->log->traffic();
        } else { // an external stream: the rows this server wrote to and read from its topic
            engine::ExternalStreamCounters c = info->external->counters();
            current = {c.rowsWritten, c.bytesWritten, c.rowsRead, c.bytesRead};
        }
        if (fresh || series.trackedSinceMs <= 0)
            series.trackedSinceMs = now;
        Traffic delta = since(current, series.seen);
        series.seen = current;
        if (!isZero(delta))
            add(series, now, delta);
        if (series.dirty && now - series.persistedMs >= kPersistEveryMs)
            persist(it->first, series);
    }
    for (auto it = m_series.begin(); it != m_series.end();) { // dropped streams take their history along
        if (live.count(it->first)) {
            ++it;
            continue;
        }
        m_store.remove(kKind, QString::fromStdString(it->first));
        it = m_series.erase(it);
    }
}

void StreamMetrics::add(Series &series, int64_t nowMs, const Traffic &delta)
{
    int64_t minute = nowMs - nowMs % kMinuteMs, hour = nowMs - nowMs % kHourMs;
    if (series.minutes.empty() || series.minutes.back().startMs != minute)
        series.minutes.push_back({minute, {}});
    accumulate(series.minutes.back().traffic, delta);
    while (series.minutes.front().startMs < nowMs - kRateWindowMs)
        series.minutes.pop_front();
    if (series.hours.empty() || series.hours.back().startMs != hour)
        series.hours.push_back({hour, {}});
    accumulate(series.hours.back().traffic, delta);
    int64_t oldest = nowMs - kHistoryDaysMax * 24 * kHourMs;
    series.hours.erase(series.hours.begin(),
                       std::find_if(series.hours.begin(), series.hours.end(), [&](const Bucket &b) { return b.startMs >= oldest; }));
    series.dirty = true;
}

void StreamMetrics::persist(const std::string &uuid, Series &series)
{
    QJsonArray hours;
    for (const Bucket &b : series.hours) {
        const Traffic &t = b.traffic;
        hours.append(QJsonArray{double(b.startMs), double(t.writtenRows), double(t.writtenBytes), double(t.readRows), double(t.readBytes)});
    }
    QString id = QString::fromStdString(uuid);
    QJsonObject doc{{QStringLiteral("hours"), hours}};
    auto written = m_store.get(kKind, id) ? m_store.update(kKind, id, doc) : m_store.create(kKind, doc, id);
    if (written) {
        series.dirty = false;
        series.persistedMs = m_engine.clock().nowMillis();
    }
}

void StreamMetrics::describe(const std::string &uuid, int historyDays, QJsonObject &stats)
{
    sample();
    int64_t now = m_engine.clock().nowMillis();
    std::lock_guard lock(m_mutex);
    auto it = m_series.find(uuid);
    Traffic recent;
    double seconds = 1;
    QJsonArray history;
    if (it != m_series.end()) {
        const Series &series = it->second;
        for (const Bucket &b : series.minutes)
            if (b.startMs >= now - kRateWindowMs)
                accumulate(recent, b.traffic);
        seconds = double(std::min(kRateWindowMs, now - series.trackedSinceMs)) / 1000.0;
        for (const Bucket &b : series.hours) {
            if (historyDays <= 0 || b.startMs + kHourMs <= now - historyDays * 24 * kHourMs)
                continue;
            QJsonObject point{{QStringLiteral("start_time"), rfc3339(b.startMs)}};
            setRates(point, b.traffic, double(std::min(kHourMs, now - b.startMs)) / 1000.0); // the running hour so far
            history.append(point);
        }
    }
    setRates(stats, recent, seconds);
    if (historyDays > 0)
        stats[QStringLiteral("history")] = history;
}

void StreamMetrics::startSampling(std::chrono::milliseconds period)
{
    m_thread = std::thread([this, period] { run(period); });
}

void StreamMetrics::run(std::chrono::milliseconds period)
{
    std::unique_lock lock(m_stopMutex);
    while (!m_stopWake.wait_for(lock, period, [&] { return m_stopping; })) {
        lock.unlock();
        sample();
        lock.lock();
    }
}

void StreamMetrics::stop()
{
    {
        std::lock_guard lock(m_stopMutex);
        m_stopping = true;
    }
    m_stopWake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    sample(); // the last moments' traffic
    std::lock_guard lock(m_mutex);
    for (auto &[uuid, series] : m_series)
        if (series.dirty)
            persist(uuid, series);
}

} // namespace tideline::workspace
