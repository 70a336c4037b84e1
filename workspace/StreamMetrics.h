#pragma once
// Read and write traffic of every stored stream (streams and materialized views' inner
// streams), for the stats endpoints: rates averaged over the last 30 minutes, and an hourly
// history of up to 7 days. It samples the logs' cumulative counters (StreamLog::traffic()) -
// on its own thread every few seconds and before each stats answer - and adds the deltas to
// minute buckets (kept in memory for the rates) and hour buckets (stored in the resource store,
// kind "stream_metrics", one document per stream uuid, so the history survives a restart).
// Bucket times read the engine's injected clock, so tests move time by hand.
#include <QJsonArray>
#include <QJsonObject>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include "engine/storage/StreamLog.h"

namespace tideline::engine {
class Engine;
}

namespace tideline::workspace {

class ResourceStore;

class StreamMetrics {
public:
    StreamMetrics(engine::Engine &engine, ResourceStore &store);
    ~StreamMetrics();

    // Samples on a thread of its own every `period` until destroyed (or stop()).
    void startSampling(std::chrono::milliseconds period);
    void stop();
    // Reads every log's counters now and adds what moved since the last sample.
    void sample();
    // Fills read_eps/read_bps/written_eps/written_bps and, when historyDays > 0, history[] for
    // the stream whose catalog uuid is given.
    void describe(const std::string &uuid, int historyDays, QJsonObject &stats);

    static constexpr int64_t kRateWindowMs = 30 * 60 * 1000;
    static constexpr int64_t kHistoryDaysMax = 7;

private:
    using Traffic = engine::StreamLog::Traffic;
    struct Bucket {
        int64_t startMs = 0;
        Traffic traffic;
    };
    struct Series {
        Traffic seen;                 // the log's counters at the last sample
        int64_t trackedSinceMs = 0;   // first sample in this process: the rate window's floor
        std::deque<Bucket> minutes;   // the last 30 minutes
        std::vector<Bucket> hours;    // the last 7 days, oldest first
        int64_t persistedMs = 0;
        bool dirty = false;
    };

    void load();
    void add(Series &series, int64_t nowMs, const Traffic &delta);
    void persist(const std::string &uuid, Series &series);
    void run(std::chrono::milliseconds period);

    engine::Engine &m_engine;
    ResourceStore &m_store;
    std::mutex m_mutex;
    std::map<std::string, Series> m_series; // by catalog uuid
    std::thread m_thread;
    std::mutex m_stopMutex;
    std::condition_variable m_stopWake;
    bool m_stopping = false;
};

} // namespace tideline::workspace
