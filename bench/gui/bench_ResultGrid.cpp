// B6a (performance.md): the live result grid fed by a streaming query at 100 k and 1 M rows/s.
//
// The real GUI path: a producer thread builds ResultBatch rows at the target rate (open loop,
// paced by the clock, as a query's thread would) and hands them to a QueryHandle the way
// client/local does - at most one queued drain per handle, paced by client::DrainPacer, rows
// arriving meanwhile appended to the waiting batch. A ResultView (QTableView over ResultModel,
// its 25 ms frame coalescing, follow-the-tail scrolling) shows them
// in a 1280x800 window. Measured: GUI-thread CPU (CLOCK_THREAD_CPUTIME_ID) as % of one core,
// the intervals between paints of the grid (p50/p99/max), RSS growth per buffered row, and
// correctness (every produced row counted, the newest row on screen is the last one produced).
//
// Run under Xvfb:  xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_ResultGrid [--seconds 10] [--rates 100000,1000000]
#include <QApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>
#include "client/DrainPacer.h"
#include "client/QueryHandle.h"
#include "models/ResultModel.h"
#include "ui/ResultView.h"

using namespace tideline;

namespace {

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

qint64 rssBytes()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return qint64(resident) * sysconf(_SC_PAGESIZE);
}

// A QueryHandle fed from another thread with client/local's coalescing.
class BenchHandle : public client::QueryHandle {
public:
    BenchHandle() { m_pending = client::ResultBatch(3); }
    QString id() const override { return QStringLiteral("bench"); }
    QString sql() const override { return QStringLiteral("SELECT id, device, value FROM bench"); }
    bool isRunning() const override { return m_running; }
    bool isStreaming() const override { return true; }
    QList<client::ColumnInfo> columns() const override
    {
        return {{QStringLiteral("id"), QStringLiteral("int64")}, {QStringLiteral("device"), QStringLiteral("string")},
                {QStringLiteral("value"), QStringLiteral("float64")}};
    }
    void cancel() override { m_running = false; }

    void begin()
    {
        m_running = true;
        Q_EMIT started(QJsonObject{{QStringLiteral("id"), id()}});
    }
    // Producer thread.
    void offer(const client::ResultBatch &batch)
    {
        QMutexLocker lock(&m_mutex);
        m_pending.append(batch);
        if (m_drainQueued)
            return;
        m_drainQueued = true;
        QMetaObject::invokeMethod(this, [this] { m_pacer.request(); }, Qt::QueuedConnection);
    }
    void end()
    {
        QMetaObject::invokeMethod(this, [this] {
            drain();
            m_running = false;
            Q_EMIT finished(QJsonObject{{QStringLiteral("status"), QStringLiteral("finished")}});
        }, Qt::QueuedConnection);
    }

private:
    void drain()
    {
        client::ResultBatch batch;
        {
            QMutexLocker lock(&m_mutex);
            batch = std::exchange(m_pending, client::ResultBatch(3));
            m_drainQueued = false;
        }
        if (!batch.isEmpty())
            Q_EMIT rows(batch);
    }

    QMutex m_mutex;
    client::DrainPacer m_pacer{this, [this] { drain(); }};
    client::ResultBatch m_pending;
    bool m_drainQueued = false;
    bool m_running = false;
};

// Builds rows at `rate` per second for `seconds`, open loop (what is due by the clock).
class Producer : public QThread {
public:
    Producer(BenchHandle *handle, qint64 rate, double seconds) : m_handle(handle), m_rate(rate), m_seconds(seconds) {}
    std::atomic<qint64> produced{0};

protected:
    void run() override
    {
        const auto t0 = std::chrono::steady_clock::now();
        qint64 next = 0;
        const qint64 total = qint64(double(m_rate) * m_seconds);
        while (next < total) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const qint64 due = std::min(total, qint64(elapsed * double(m_rate)));
            if (due <= next) {
                QThread::usleep(500);
                continue;
            }
            client::ResultBatch batch(3);
            batch.reserve((due - next) * 3, (due - next) * 24);
            for (; next < due; ++next) {
                batch.appendCell(QByteArray::number(next));
                batch.appendCell(QByteArrayView(kDevices[next % 8]));
                batch.appendCell(QByteArray::number(double(next % 1000) / 10.0));
            }
            m_handle->offer(batch);
            produced.store(next);
        }
        m_handle->end();
    }

private:
    static constexpr const char *kDevices[8] = {"device-0", "device-1", "device-2", "device-3",
                                               "device-4", "device-5", "device-6", "device-7"};
    BenchHandle *m_handle;
    qint64 m_rate;
    double m_seconds;
};

// Timestamps every paint of the grid's viewport.
class PaintClock : public QObject {
public:
    std::vector<double> paintsMs;
    QElapsedTimer clock;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            paintsMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        return QObject::eventFilter(watched, event);
    }
};

struct Outcome {
    qint64 rate = 0;
    double cpuPercent = 0, p50 = 0, p99 = 0, max = 0, bytesPerRow = 0;
    qint64 produced = 0, received = 0, buffered = 0;
    size_t paints = 0;
    bool correct = false;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

Outcome runAt(qint64 rate, double seconds, qsizetype capacity)
{
    models::ResultModel model;
    model.setCapacity(capacity);
    ui::ResultView view(&model);
    view.resize(1280, 800);
    view.show();
    QCoreApplication::processEvents();
    BenchHandle handle;
    model.attach(&handle);
    handle.begin();
    PaintClock paints;
    view.table()->viewport()->installEventFilter(&paints);
    const qint64 rssBefore = rssBytes();
    Producer producer(&handle, rate, seconds);
    QEventLoop loop;
    QObject::connect(&handle, &client::QueryHandle::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    const double cpu0 = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    paints.clock.start();
    producer.start();
    loop.exec();
    const double cpu = threadCpuSeconds() - cpu0;
    const double wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    producer.wait();
    model.flushNow();
    QCoreApplication::processEvents();

    Outcome o;
    o.rate = rate;
    o.cpuPercent = 100.0 * cpu / wallSeconds;
    std::vector<double> gaps;
    for (size_t i = 1; i < paints.paintsMs.size(); ++i)
        gaps.push_back(paints.paintsMs[i] - paints.paintsMs[i - 1]);
    o.p50 = percentile(gaps, 0.50);
    o.p99 = percentile(gaps, 0.99);
    o.max = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    o.paints = paints.paintsMs.size();
    o.produced = producer.produced.load();
    o.received = model.rowsReceived();
    o.buffered = model.bufferedRows();
    o.bytesPerRow = double(rssBytes() - rssBefore) / double(std::max<qsizetype>(1, o.buffered));
    const QString lastId = model.index(model.rowCount() - 1, 0).data(models::ResultModel::RawTextRole).toString();
    o.correct = o.received == o.produced && o.buffered == std::min<qint64>(capacity, o.produced)
        && lastId == QString::number(o.produced - 1);
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    double seconds = 10;
    QList<qint64> rates = {100000, 1000000};
    qsizetype capacity = 100000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--capacity"))
            capacity = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--rates")) {
            rates.clear();
            for (const QString &r : args[i + 1].split(QLatin1Char(',')))
                rates.append(r.toLongLong());
        }
    }
    std::printf("B6a result grid: platform %s, %.0f s per rate, ring buffer %lld rows, %d CPUs\n",
                qPrintable(QGuiApplication::platformName()), seconds, qlonglong(capacity), QThread::idealThreadCount());
    std::printf("%10s %8s %9s %9s %9s %7s %10s %12s %12s %8s\n", "rows/s", "GUI CPU%", "p50 gap", "p99 gap", "max gap",
                "paints", "B/row", "produced", "received", "correct");
    bool allCorrect = true;
    for (qint64 rate : rates) {
        const Outcome o = runAt(rate, seconds, capacity);
        allCorrect = allCorrect && o.correct;
        std::printf("%10lld %7.1f%% %7.1fms %7.1fms %7.1fms %7zu %10.1f %12lld %12lld %8s\n", qlonglong(o.rate), o.cpuPercent, o.p50,
                    o.p99, o.max, o.paints, o.bytesPerRow, qlonglong(o.produced), qlonglong(o.received), o.correct ? "yes" : "NO");
        std::fflush(stdout);
    }
    std::printf("targets: <= 10%% CPU at 100k, <= 25%% at 1M, p99 gap <= 33 ms, max <= 100 ms, <= 32 B/row\n");
    return allCorrect ? 0 : 1;
}
