// ChartConfig (Console dialect, suggestion, rebinding that keeps format) and ChartData (the three
// streaming modes, one changed() per frame, decimation, time parsing).
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include "models/ChartConfig.h"
#include "models/ChartData.h"

using namespace tideline;
using models::ChartConfig;
using models::ChartData;
using models::ChartType;

namespace {

QList<client::ColumnInfo> timeDeviceValue()
{
    return {{QStringLiteral("ts"), QStringLiteral("datetime64(3, 'UTC')")},
            {QStringLiteral("device"), QStringLiteral("string")},
            {QStringLiteral("value"), QStringLiteral("float64")}};
}

// Rows (ts seconds after 2026-01-01 00:00:00, device, value).
client::ResultBatch batch(std::initializer_list<std::tuple<int, const char *, double>> rows)
{
    client::ResultBatch b(3);
    for (const auto &[sec, device, value] : rows) {
        const QDateTime t = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(sec);
        b.appendCell(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8());
        b.appendCell(QByteArray(device));
        b.appendCell(QByteArray::number(value));
    }
    return b;
}

ChartConfig config(const char *json)
{
    return ChartConfig(QJsonDocument::fromJson(json).object());
}

} // namespace

class tst_ChartData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void consoleConfigReadsAndRoundTrips()
    {
        const char *json = R"({"chartType":"line","config":{"xAxis":"ts","yAxis":"value","color":"device",
            "xRange":"5","updateMode":"time","fractionDigits":1,"unit":{"position":"right","value":"ms"},
            "yRange":{"min":0,"max":null},"legend":false,"somethingNew":{"a":[1,2]}}})";
        ChartConfig c = config(json);
        QCOMPARE(c.type(), ChartType::Line);
        QCOMPARE(c.xRangeMinutes(), 5.0);
        QCOMPARE(c.updateMode(), ChartConfig::UpdateMode::Time);
        QCOMPARE(c.yMin(), std::optional<double>(0));
        QVERIFY(!c.yMax());
        QVERIFY(!c.legend());
        QCOMPARE(c.formatValue(1234.56), QStringLiteral("1,234.6 ms"));
        QVERIFY(!c.rebind(timeDeviceValue())); // valid bindings: nothing added
        QCOMPARE(c.toJson(), QJsonDocument::fromJson(json).object());
    }

    void suggestionFollowsTheColumns()
    {
        ChartConfig line = ChartConfig::suggest(timeDeviceValue());
        QCOMPARE(line.type(), ChartType::Line);
        QCOMPARE(line.xAxis(), QStringLiteral("ts"));
        QCOMPARE(line.yAxis(), QStringLiteral("value"));
        QCOMPARE(line.color(), QStringLiteral("device"));
        ChartConfig bar = ChartConfig::suggest({{QStringLiteral("device"), QStringLiteral("string")}, {QStringLiteral("n"), QStringLiteral("uint64")}});
        QCOMPARE(bar.type(), ChartType::Bar);
        QCOMPARE(bar.updateMode(), ChartConfig::UpdateMode::Key);
        QCOMPARE(ChartConfig::suggest({{QStringLiteral("n"), QStringLiteral("int64")}}).type(), ChartType::SingleValue);
        QCOMPARE(ChartConfig::suggest({{QStringLiteral("s"), QStringLiteral("string")}}).type(), ChartType::Table);
        QVERIFY(!ChartConfig::unsupportedReason(ChartType::Line, {{QStringLiteral("s"), QStringLiteral("string")}}).isEmpty());
    }

    void formatSurvivesSqlEdits()
    {
        ChartConfig c = ChartConfig::suggest(timeDeviceValue());
        c.setTitle(QStringLiteral("Temperature"));
        c.setDecimals(3);
        c.setYRange(10, 90);
        // The query now names the value `temp` and drops the device.
        QVERIFY(c.rebind({{QStringLiteral("ts"), QStringLiteral("datetime")}, {QStringLiteral("temp"), QStringLiteral("float32")}}));
        QCOMPARE(c.yAxis(), QStringLiteral("temp"));
        QVERIFY(c.color().isEmpty());
        QCOMPARE(c.title(), QStringLiteral("Temperature"));
        QCOMPARE(c.decimals(), 3);
        QCOMPARE(c.yMax(), std::optional<double>(90));
    }

    void slidingWindowKeepsTheRangeAndRedrawsOncePerFrame()
    {
        ChartData data;
        data.setConfig(config(R"({"chartType":"line","config":{"xAxis":"ts","yAxis":"value","color":"device","xRange":"1","updateMode":"time"}})"));
        data.setColumns(timeDeviceValue());
        QSignalSpy changed(&data, &ChartData::changed);
        changed.clear();
        for (int i = 0; i < 10; ++i) // 10 batches before a frame: one redraw
            data.appendBatch(batch({{i * 10, "a", double(i)}, {i * 10, "b", double(-i)}}));
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(int(data.series().size()), 2);
        QCOMPARE(data.series()[0].name, QStringLiteral("a"));
        // 0..90 s, a 60 s window behind 90 s keeps 30..90 s.
        QCOMPARE(int(data.series()[0].points.size()), 7);
        QCOMPARE(data.windowEnd() - data.windowStart(), 60000.0);
        QCOMPARE(data.yMax(), 9.0);
        QCOMPARE(data.yMin(), -9.0);
        QCOMPARE(data.rowsReceived(), 20);
    }

    void latestFrameReplacesOlderFrames()
    {
        ChartData data;
        data.setConfig(config(R"({"chartType":"bar","config":{"xAxis":"device","yAxis":"value","updateMode":"all"}})"));
        data.setColumns(timeDeviceValue());
        data.setConfig(config(R"({"chartType":"column","config":{"xAxis":"ts","yAxis":"value","color":"device","updateMode":"all"}})"));
        data.appendBatch(batch({{0, "a", 1}, {0, "b", 2}}));
        data.appendBatch(batch({{5, "a", 3}}));
        data.flushNow();
        QCOMPARE(int(data.rows().size()), 1);
        QCOMPARE(data.rows()[0].cells[2], QStringLiteral("3"));
        data.appendBatch(batch({{5, "b", 4}, {1, "c", 9}})); // same frame, then a late row
        data.flushNow();
        QCOMPARE(int(data.rows().size()), 2);
    }

    void latestRowPerKeyKeepsThePreviousValue()
    {
        ChartData data;
        data.setConfig(config(R"({"chartType":"table","config":{"updateMode":"key","updateKey":"device"}})"));
        data.setColumns(timeDeviceValue());
        data.appendBatch(batch({{0, "a", 1}, {0, "b", 2}, {1, "a", 5}}));
        data.flushNow();
        QCOMPARE(int(data.rows().size()), 2);
        QCOMPARE(data.rows()[0].cells[2], QStringLiteral("5"));
        QCOMPARE(data.rows()[0].previous[2], QStringLiteral("1"));
        QVERIFY(data.rows()[1].previous.isEmpty());
        const auto tiles = data.latestByKey(QStringLiteral("device"), QStringLiteral("value"));
        QCOMPARE(tiles.size(), 2);
        QCOMPARE(tiles[0].value, 5.0);
        QCOMPARE(tiles[0].previous, 1.0);
        QVERIFY(std::isnan(tiles[1].previous));
    }

    void decimationKeepsExtremesWithinTwoPointsPerBucket()
    {
        models::PointRing ring;
        for (int i = 0; i < 100000; ++i)
            ring.push(i, (i % 1000 == 500) ? 1000.0 : std::sin(i / 100.0));
        ring.popFront(10000);
        QCOMPARE(int(ring.size()), 90000);
        const QList<QPointF> points = ChartData::decimate(ring, 10000, 99999, 500);
        QVERIFY(points.size() <= 1000);
        QVERIFY(points.size() >= 500);
        double maxY = -1;
        for (qsizetype i = 1; i < points.size(); ++i) {
            QVERIFY(points[i].x() >= points[i - 1].x()); // x order kept
            maxY = std::max(maxY, points[i].y());
        }
        QCOMPARE(maxY, 1000.0); // the spikes survive
        QCOMPARE(points.first().x(), 10000.0);
    }

    void parsesTimesAndNumbers()
    {
        QCOMPARE(ChartData::parseTimeMs("1970-01-01 00:00:01.5"), 1500.0);
        QCOMPARE(ChartData::parseTimeMs("2026-01-01T00:00:00Z"), double(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch()));
        QCOMPARE(ChartData::parseTimeMs("2026-01-01T01:00:00+01:00"), ChartData::parseTimeMs("2026-01-01 00:00:00"));
        QCOMPARE(ChartData::parseTimeMs("2026-01-02"), ChartData::parseTimeMs("2026-01-01 00:00:00") + 86400000.0);
        QVERIFY(std::isnan(ChartData::parseTimeMs("device-1")));
        QCOMPARE(ChartData::parseNumber("-12.5e1"), -125.0);
        QCOMPARE(ChartData::parseNumber("9007199254740993"), 9007199254740992.0);
        QVERIFY(std::isnan(ChartData::parseNumber("x")));
    }
};

QTEST_MAIN(tst_ChartData)
#include "tst_ChartData.moc"
