// B6c (performance.md): a live line chart with a 100 k-point sliding window and 1 k new points
// per frame, raster (no GPU), in a 1280x800 window.
//
// Each frame goes the real path: a ResultBatch of 1 k rows (ts, value) as a query delivers it,
// ChartData folds it in and slides the window, ChartView/XYChart decimates to two points per
// pixel column and hands QtCharts one replace() per series, then the view repaints (synchronous
// repaint(), so the paint is inside the measurement). Building the batch is the query's work
// on another thread and is not timed. Reported: ms per frame (p50, p99, max) and, as the
// reference, QtCharts replace() of the whole undecimated window (the 107 ms row of B6c).
// Correctness: the window holds exactly the newest 100 k points, the newest point is the last
// produced, and the decimated points keep the window's true maximum (a spike every 997 points).
//
// Run under Xvfb:  xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_Chart [--frames 600]
#include <QApplication>
#include <QChart>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLineSeries>
#include <QThread>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include "models/ChartData.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/XYChart.h"

using namespace tideline;

namespace {

constexpr int kWindowPoints = 100000;
constexpr int kPointsPerFrame = 1000;

double valueAt(qint64 i)
{
    return i % 997 == 0 ? 500.0 + double(i % 13) : 100.0 * std::sin(double(i) / 5000.0) + double(i % 17);
}

// Rows [first, first + count): one point per millisecond, so 100 k points are a 100 s window.
client::ResultBatch makeBatch(qint64 first, int count)
{
    client::ResultBatch b(2);
    b.reserve(qsizetype(count) * 2, qsizetype(count) * 40);
    const QDateTime epoch(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    for (qint64 i = first; i < first + count; ++i) {
        b.appendCell(epoch.addMSecs(i).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8());
        b.appendCell(QByteArray::number(valueAt(i), 'f', 3));
    }
    return b;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

// QtCharts replace() of the whole window, as a chart without decimation would do each frame.
double undecimatedReplaceMs(QWidget *parentWindow, int frames)
{
    QChartView view(parentWindow);
    auto *series = new QLineSeries;
    view.chart()->addSeries(series);
    view.chart()->createDefaultAxes();
    view.resize(parentWindow->size());
    view.show();
    QList<QPointF> points;
    for (int i = 0; i < kWindowPoints; ++i)
        points.append(QPointF(i, valueAt(i)));
    std::vector<double> times;
    for (int f = 0; f < frames; ++f) {
        for (int i = 0; i < kPointsPerFrame; ++i) {
            points.removeFirst();
            const qint64 x = kWindowPoints + qint64(f) * kPointsPerFrame + i;
            points.append(QPointF(double(x), valueAt(x)));
        }
        QElapsedTimer t;
        t.start();
        series->replace(points);
        view.chart()->axes(Qt::Horizontal).first()->setRange(points.first().x(), points.last().x());
        QCoreApplication::sendPostedEvents();
        view.repaint();
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return percentile(times, 0.5);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int frames = 600;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2)
        if (args[i] == QLatin1String("--frames"))
            frames = args[i + 1].toInt();

    models::ChartData data;
    data.setConfig(models::ChartConfig(QJsonDocument::fromJson(
        R"({"chartType":"line","config":{"xAxis":"ts","yAxis":"value","xRange":"Infinity","updateMode":"time","legend":false}})").object()));
    data.setColumns({{QStringLiteral("ts"), QStringLiteral("datetime64(3, 'UTC')")}, {QStringLiteral("value"), QStringLiteral("float64")}});
    data.setSeriesCapacity(kWindowPoints); // the sliding window: the newest 100 k points
    ui::charts::ChartView view(&data);
    view.resize(1280, 800);
    view.show();
    QApplication::processEvents();

    // Fill the window first (not timed), then slide it.
    qint64 next = 0;
    for (; next < kWindowPoints; next += kPointsPerFrame)
        data.appendBatch(makeBatch(next, kPointsPerFrame));
    data.flushNow();
    std::vector<client::ResultBatch> batches;
    for (int f = 0; f < frames; ++f)
        batches.push_back(makeBatch(next + qint64(f) * kPointsPerFrame, kPointsPerFrame));

    std::vector<double> times, foldTimes;
    qsizetype maxDrawn = 0;
    int overBudget = 0;
    for (int f = 0; f < frames; ++f) {
        // The width this frame decimates to (the plot area as last laid out).
        const int buckets = std::max(50, int(view.xyChart()->qchart()->plotArea().width()));
        QElapsedTimer t;
        t.start();
        data.appendBatch(batches[size_t(f)]);
        data.flushNow(); // emits changed(): ChartView redraws (decimate + one replace())
        foldTimes.push_back(double(t.nsecsElapsed()) / 1e6);
        QCoreApplication::sendPostedEvents(); // the chart's re-layout for the new axis range
        view.xyChart()->viewport()->repaint();
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        maxDrawn = std::max(maxDrawn, view.xyChart()->pointsDrawn());
        overBudget += view.xyChart()->pointsDrawn() > 2 * buckets + 2; // more than two points per pixel column
        next += kPointsPerFrame;
    }

    // Correctness against the generator.
    const auto &points = data.series().at(0).points;
    double trueMax = -1e300;
    for (qint64 i = next - kWindowPoints; i < next; ++i)
        trueMax = std::max(trueMax, valueAt(i));
    const QDateTime epoch(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const double lastX = double(epoch.addMSecs(next - 1).toMSecsSinceEpoch());
    auto *line = static_cast<QLineSeries *>(view.xyChart()->qchart()->series().at(0));
    double drawnMax = -1e300;
    for (const QPointF &p : line->points())
        drawnMax = std::max(drawnMax, p.y());
    const bool correct = points.size() == size_t(kWindowPoints) && points.lastX() == lastX
        && std::fabs(drawnMax - trueMax) < 1e-6 && overBudget == 0 && data.rowsReceived() == next;

    const double reference = undecimatedReplaceMs(&view, 20);
    const double p50 = percentile(times, 0.5), p99 = percentile(times, 0.99);
    std::printf("B6c live line chart: platform %s, %d frames, window %d points, %d new points per frame, %d CPUs\n",
                qPrintable(QGuiApplication::platformName()), frames, kWindowPoints, kPointsPerFrame, QThread::idealThreadCount());
    std::printf("%12s %10s %10s %10s %14s %18s %8s\n", "", "p50", "p99", "max", "points drawn", "undecimated p50", "correct");
    std::printf("%12s %8.2fms %8.2fms %8.2fms %14lld %16.1fms %8s\n", "tideline", p50, p99, percentile(times, 1.0),
                qlonglong(maxDrawn), reference, correct ? "yes" : "NO");
    std::printf("(of which fold + decimate + replace: p50 %.2f ms, the rest is the repaint)\n", percentile(foldTimes, 0.5));
    std::printf("target: <= 16 ms per frame on raster; %.1fx faster than undecimated replace()\n", reference / std::max(p50, 1e-3));
    return correct ? 0 : 1;
}
