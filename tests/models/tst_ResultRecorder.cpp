// Record-to-file: every row of the query reaches the file (not only what the ring buffer keeps),
// CSV and JSON lines, header once, stop on the query's end or on demand, bad paths refused.
// Also QueryVariables: names, safe quoting, substitution and error positions mapped back.
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include "models/CellFormat.h"
#include "models/QueryVariables.h"
#include "models/ResultModel.h"
#include "models/ResultRecorder.h"
#include "tests/models/FakeClient.h"

using namespace tideline;

namespace {

QList<QByteArray> lines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> out = f.readAll().split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

} // namespace

class tst_ResultRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordsEveryRowPastTheRingBuffer()
    {
        tests::FakeClient client;
        client.rowsPerTick = 0;
        auto *handle = static_cast<tests::FakeQueryHandle *>(client.runQuery(QStringLiteral("SELECT * FROM devices"), {}, nullptr));
        models::ResultModel model;
        model.setCapacity(50);
        model.attach(handle);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rows.csv"));
        models::ResultRecorder recorder;
        QSignalSpy changed(&recorder, &models::ResultRecorder::recordingChanged);
        QSignalSpy finished(&recorder, &models::ResultRecorder::finished);
        QVERIFY(recorder.start(handle, path, models::ResultRecorder::formatForPath(path)));
        QVERIFY(recorder.isRecording());
        QVERIFY(!recorder.start(handle, path, models::ResultRecorder::Format::Csv)); // one at a time
        QTRY_VERIFY(handle->isRunning()); // started(): the header is known now
        for (int i = 0; i < 30; ++i)
            handle->pushRows(100);
        QTRY_COMPARE(recorder.rowsWritten(), 3000);
        handle->finish();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!recorder.isRecording());
        QCOMPARE(changed.size(), 2);
        QCOMPARE(finished.first().at(0).toLongLong(), 3000);
        model.flushNow();
        QCOMPARE(model.rowCount(), 50); // the grid kept only its capacity...
        const QList<QByteArray> csv = lines(path);
        QCOMPARE(csv.size(), 3001); // ...the file has every row
        QCOMPARE(csv.first(), QByteArray("id,device,temp"));
        QCOMPARE(csv.at(1), QByteArray("0,device-0,20"));
        QCOMPARE(csv.last().split(',').first(), QByteArray("2999"));
        delete handle;
    }

    void jsonLinesAndStopOnDemand()
    {
        tests::FakeClient client;
        client.rowsPerTick = 0;
        auto *handle = static_cast<tests::FakeQueryHandle *>(client.runQuery(QStringLiteral("SELECT * FROM devices"), {}, nullptr));
        QTRY_VERIFY(handle->isRunning());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rows.jsonl"));
        models::ResultRecorder recorder;
        QSignalSpy finished(&recorder, &models::ResultRecorder::finished);
        QVERIFY(recorder.start(handle, path, models::ResultRecorder::formatForPath(path)));
        handle->pushRows(10);
        recorder.stop();
        handle->pushRows(10); // after stop: not recorded
        QTRY_COMPARE(finished.size(), 1);
        const QList<QByteArray> json = lines(path);
        QCOMPARE(json.size(), 10);
        const QJsonObject first = QJsonDocument::fromJson(json.first()).object();
        QCOMPARE(first.value(QStringLiteral("id")).toInteger(), 0); // a number, not a string
        QCOMPARE(first.value(QStringLiteral("device")).toString(), QStringLiteral("device-0"));
        QCOMPARE(json.at(3), QByteArray(R"({"id":3,"device":"device-3","temp":20.3})"));
        delete handle;
    }

    void badPathIsRefused()
    {
        tests::FakeClient client;
        QScopedPointer<client::QueryHandle> handle(client.runQuery(QStringLiteral("SELECT 1"), {}, nullptr));
        models::ResultRecorder recorder;
        QVERIFY(!recorder.start(handle.data(), QStringLiteral("/nonexistent-dir/x.csv"), models::ResultRecorder::Format::Csv));
        QVERIFY(!recorder.errorString().isEmpty());
        QVERIFY(!recorder.isRecording());
        QVERIFY(!recorder.start(nullptr, QStringLiteral("x.csv"), models::ResultRecorder::Format::Csv));
    }

    void cellFormats()
    {
        QByteArray out;
        models::CellFormat::appendCsv(out, "a,\"b\"");
        QCOMPARE(out, QByteArray("\"a,\"\"b\"\"\""));
        out.clear();
        models::CellFormat::appendJsonString(out, "x\"\n\x01");
        QCOMPARE(out, QByteArray("\"x\\\"\\n\\u0001\""));
        QVERIFY(models::CellFormat::isJsonNumber("-1.5e3"));
        QVERIFY(!models::CellFormat::isJsonNumber("inf"));
        QVERIFY(!models::CellFormat::isJsonNumber("0x10"));
        QVERIFY(!models::CellFormat::isJsonNumber("1."));
        QVERIFY(models::CellFormat::isNumericType(QStringLiteral("nullable(uint64)")));
    }

    void variablesAreFoundAndQuotedSafely()
    {
        using models::QueryVariables;
        QCOMPARE(QueryVariables::names(QStringLiteral("SELECT {{a}}, {{ b }}, {{a}} FROM s WHERE x = '{{not a var'")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(QueryVariables::quote(QStringLiteral("42")), QStringLiteral("42"));
        QCOMPARE(QueryVariables::quote(QStringLiteral("-1.5e3")), QStringLiteral("-1.5e3"));
        QCOMPARE(QueryVariables::quote(QStringLiteral("it's")), QStringLiteral("'it\\'s'"));
        QCOMPARE(QueryVariables::quote(QStringLiteral("a\\' OR 1=1 --")), QStringLiteral("'a\\\\\\' OR 1=1 --'"));
        QCOMPARE(QueryVariables::quote(QStringLiteral("1; DROP STREAM s")), QStringLiteral("'1; DROP STREAM s'"));
    }

    void substitutionMapsPositionsBack()
    {
        using models::QueryVariables;
        const QString sql = QStringLiteral("SELECT * FROM s WHERE d = {{device}} AND t > {{min}} AND bad");
        const auto sub = QueryVariables::substitute(sql, {{QStringLiteral("device"), QStringLiteral("dev-1")}, {QStringLiteral("min"), QStringLiteral("30")}});
        QCOMPARE(sub.sql, QStringLiteral("SELECT * FROM s WHERE d = 'dev-1' AND t > 30 AND bad"));
        QVERIFY(sub.missing.isEmpty());
        QCOMPARE(sub.toOriginal(int(sub.sql.indexOf(QLatin1String("bad")))), int(sql.indexOf(QLatin1String("bad"))));
        QCOMPARE(sub.toOriginal(5), 5);
        QCOMPARE(sub.toOriginal(int(sub.sql.indexOf(QLatin1String("dev-1")))), int(sql.indexOf(QLatin1String("{{device}}"))));
        const auto missing = QueryVariables::substitute(sql, {{QStringLiteral("device"), QStringLiteral("x")}});
        QCOMPARE(missing.missing, QStringList{QStringLiteral("min")});
    }
};

QTEST_MAIN(tst_ResultRecorder)
#include "tst_ResultRecorder.moc"
