// ObjectDetails (a detail page's view-model) and SchemaModel against FakeClient: DDL from
// SHOW CREATE, stats with a live rate from row-count deltas and the hourly history, a bounded
// preview; documents show their JSON.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>
#include "models/ObjectDetails.h"
#include "models/ResultModel.h"
#include "models/SchemaModel.h"
#include "tests/models/FakeClient.h"

using namespace tideline;
using client::Resource;
using models::ObjectDetails;

class tst_ObjectDetails : public QObject {
    Q_OBJECT
private:
    static QJsonObject devices()
    {
        return {{QStringLiteral("name"), QStringLiteral("devices")},
                {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                                       QJsonObject{{QStringLiteral("name"), QStringLiteral("temp")}, {QStringLiteral("type"), QStringLiteral("float64")},
                                                                   {QStringLiteral("default"), QStringLiteral("0")}}}}};
    }
    static QJsonObject stats(qint64 rows)
    {
        return {{QStringLiteral("row_count"), rows},
                {QStringLiteral("earliest_event"), QStringLiteral("2024-05-01T10:00:00.000Z")},
                {QStringLiteral("latest_event"), QStringLiteral("2024-05-01T11:30:00.500Z")},
                {QStringLiteral("written_eps"), 12.5},
                {QStringLiteral("read_eps"), 3.0},
                {QStringLiteral("history"), QJsonArray{QJsonObject{{QStringLiteral("written_eps"), 4.0}}, QJsonObject{{QStringLiteral("written_eps"), 9.0}}}}};
    }

private Q_SLOTS:
    void schemaDdlAndPreview()
    {
        tests::FakeClient client;
        ObjectDetails details(&client, Resource::Stream, QStringLiteral("devices"), QStringLiteral("default"), devices());
        QAbstractItemModelTester schemaTester(details.schema(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester previewTester(details.preview(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(details.schema()->rowCount(), 2);
        QCOMPARE(details.schema()->index(1, models::SchemaModel::Type).data().toString(), QStringLiteral("float64"));
        QCOMPARE(details.schema()->index(1, models::SchemaModel::Default).data().toString(), QStringLiteral("0"));
        QVERIFY(details.hasData() && details.hasStats());

        QSignalSpy ddl(&details, &ObjectDetails::ddlChanged);
        details.loadDdl();
        QVERIFY(ddl.wait());
        QVERIFY2(details.ddl().startsWith(QLatin1String("CREATE STREAM devices")), qPrintable(details.ddl()));

        details.loadPreview(20);
        QCOMPARE(client.lastHandle->sql(), QStringLiteral("SELECT * FROM table(devices) ORDER BY _tp_time DESC LIMIT 20"));
        QTRY_COMPARE(details.preview()->rowCount(), client.rowsPerTick);
        QTRY_VERIFY(!details.preview()->isRunning());
    }

    void statsGiveLiveAndHourlyRates()
    {
        tests::FakeClient client;
        const QString key = QStringLiteral("%1/devices").arg(int(Resource::Stream));
        client.statsFor[key] = stats(100);
        ObjectDetails details(&client, Resource::Stream, QStringLiteral("devices"), QStringLiteral("default"), devices());
        QSignalSpy changed(&details, &ObjectDetails::statsChanged);
        details.refreshStats();
        details.refreshStats(); // one request in flight at a time
        QVERIFY(changed.wait());
        QCOMPARE(client.statsRequests, 1);
        QCOMPARE(client.lastHistoryDays, 1);
        QCOMPARE(details.stats().rowCount, 100);
        QCOMPARE(details.stats().earliest, QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC));
        QCOMPARE(details.stats().latest.time().msec(), 500);
        QCOMPARE(details.stats().writtenEps, 12.5);
        QVERIFY(details.liveRates().isEmpty()); // a rate needs two answers
        QCOMPARE(details.hourlyRates(), (QList<double>{4.0, 9.0}));

        QTest::qWait(50); // time must pass between two samples for a rate
        client.statsFor[key] = stats(600);
        details.refreshStats();
        QVERIFY(changed.wait());
        QCOMPARE(details.liveRates().size(), 1);
        QVERIFY(details.liveRates().first() > 0);
        QTest::qWait(5);
        client.statsFor[key] = stats(10); // retention dropped rows: not a negative rate
        details.refreshStats();
        QVERIFY(changed.wait());
        QCOMPARE(details.liveRates().last(), 0.0);
    }

    void documentsShowTheirDefinition()
    {
        tests::FakeClient client;
        const QJsonObject alert{{QStringLiteral("id"), QStringLiteral("a-1")}, {QStringLiteral("name"), QStringLiteral("Too hot")},
                                {QStringLiteral("trigger_sql"), QStringLiteral("SELECT * FROM devices WHERE temp > 90")}};
        ObjectDetails details(&client, Resource::Alert, QStringLiteral("Too hot"), {}, alert);
        QVERIFY(!details.hasData());
        QVERIFY(!details.hasStats());
        QVERIFY(details.ddl().contains(QLatin1String("\"trigger_sql\": \"SELECT * FROM devices WHERE temp > 90\"")));
        details.refreshStats();
        details.loadPreview();
        QTest::qWait(10);
        QCOMPARE(client.statsRequests, 0);
        QCOMPARE(client.queriesRun, 0);
    }

    void sqlOfEachKind()
    {
        QCOMPARE(ObjectDetails::querySql(Resource::Stream, QStringLiteral("s")), QStringLiteral("SELECT * FROM s"));
        QCOMPARE(ObjectDetails::querySql(Resource::MaterializedView, QStringLiteral("m"), true), QStringLiteral("SELECT * FROM table(m)"));
        QCOMPARE(ObjectDetails::querySql(Resource::ExternalTable, QStringLiteral("t"), true), QStringLiteral("SELECT * FROM t"));
        QCOMPARE(ObjectDetails::previewSql(Resource::View, QStringLiteral("v"), 5), QStringLiteral("SELECT * FROM table(v) LIMIT 5"));
        QCOMPARE(ObjectDetails::showCreateSql(Resource::MaterializedView, QStringLiteral("db.m")), QStringLiteral("SHOW CREATE MATERIALIZED VIEW db.m"));
    }
};

QTEST_MAIN(tst_ObjectDetails)
#include "tst_ObjectDetails.moc"
