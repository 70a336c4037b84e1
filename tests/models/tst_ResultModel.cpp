// ResultModel: ring buffer eviction, one insert per frame, pause, filter, export.
#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>
#include "models/ResultModel.h"
#include "tests/models/FakeClient.h"

using namespace tideline;

class tst_ResultModel : public QObject {
    Q_OBJECT
private:
    tests::FakeClient m_client;

    // A model following a fake query whose rows the test pushes itself.
    tests::FakeQueryHandle *startQuery(models::ResultModel &model)
    {
        m_client.rowsPerTick = 0;
        auto *handle = static_cast<tests::FakeQueryHandle *>(m_client.runQuery(QStringLiteral("SELECT * FROM s"), {}, &model));
        model.attach(handle);
        [&] { QTRY_COMPARE(model.columnCount(), 3); }();
        return handle;
    }

private Q_SLOTS:
    void rowsArriveCoalesced()
    {
        models::ResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *handle = startQuery(model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 20; ++i)
            handle->pushRows(10);
        QCOMPARE(model.rowCount(), 0); // nothing before the frame tick
        QTRY_COMPARE(model.rowCount(), 200);
        QCOMPARE(inserted.count(), 1); // 20 batches, one insert
        QCOMPARE(model.data(model.index(5, 0)).toString(), QStringLiteral("5"));
        QCOMPARE(model.data(model.index(5, 1)).toString(), QStringLiteral("device-5"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("temp"));
        QCOMPARE(model.data(model.index(0, 0), Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(model.rowsReceived(), 200);
        QVERIFY(model.isRunning());
        handle->finish();
        QTRY_VERIFY(!model.isRunning());
    }

    void ringBufferEvictsOldest()
    {
        models::ResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(100);
        auto *handle = startQuery(model);
        handle->pushRows(60);
        model.flushNow();
        handle->pushRows(60);
        model.flushNow();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("20"));
        QCOMPARE(model.data(model.index(99, 0)).toString(), QStringLiteral("119"));
        handle->pushRows(250); // more than the capacity at once: a reset keeps the newest
        model.flushNow();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.data(model.index(0, 0), models::ResultModel::RawTextRole).toString(), QStringLiteral("270"));
        QCOMPARE(model.rowsReceived(), 370);
    }

    void aFullRingMovesItsContentUnlessARowIsHeld()
    {
        models::ResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(100);
        auto *handle = startQuery(model);
        handle->pushRows(100);
        model.flushNow();
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        handle->pushRows(30);
        model.flushNow();
        QCOMPARE(removed.count(), 0); // nothing holds a row: the same rows, new content
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("30"));
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("31"));
        QCOMPARE(model.data(model.index(99, 0)).toString(), QStringLiteral("129"));
        // A selected row is held: it keeps pointing at its row as the ring moves past it.
        QPersistentModelIndex held(model.index(50, 0));
        handle->pushRows(10);
        model.flushNow();
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(held.row(), 40);
        QCOMPARE(held.data().toString(), QStringLiteral("80"));
    }

    void pauseFreezesTheView()
    {
        models::ResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *handle = startQuery(model);
        handle->pushRows(10);
        model.flushNow();
        model.setPaused(true);
        handle->pushRows(15);
        QTest::qWait(50);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.rowsWhilePaused(), 15);
        model.setPaused(false);
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(model.rowsWhilePaused(), 0);
    }

    void filterIsARowPredicate()
    {
        models::ResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(50);
        auto *handle = startQuery(model);
        handle->pushRows(35);
        model.flushNow();
        model.setFilter(QStringLiteral("DEVICE-3"));
        QCOMPARE(model.rowCount(), 5); // 3, 10, 17, 24, 31
        QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("10"));
        handle->pushRows(35); // 35..69; evicts 0..19
        model.flushNow();
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("24"));
        QCOMPARE(model.rowCount(), 7); // 24 31 38 45 52 59 66
        model.setFilter(QString());
        QCOMPARE(model.rowCount(), 50);
    }

    void exportsCsvAndJson()
    {
        models::ResultModel model;
        auto *handle = startQuery(model);
        client::ResultBatch batch(3);
        batch.appendCell("1");
        batch.appendCell("a,\"b\"");
        batch.appendCell({}, true);
        Q_EMIT handle->rows(batch);
        handle->pushRows(1);
        model.flushNow();
        QBuffer csv;
        csv.open(QIODevice::WriteOnly);
        QVERIFY(model.writeCsv(&csv));
        QCOMPARE(csv.data(), QByteArray("id,device,temp\n1,\"a,\"\"b\"\"\",\n0,device-0,20\n"));
        QBuffer json;
        json.open(QIODevice::WriteOnly);
        QVERIFY(model.writeJson(&json));
        const QJsonArray rows = QJsonDocument::fromJson(json.data()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].toObject().value(QStringLiteral("device")).toString(), QStringLiteral("a,\"b\""));
        QVERIFY(rows[0].toObject().value(QStringLiteral("temp")).isNull());
        QCOMPARE(rows[1].toObject().value(QStringLiteral("id")).toInt(), 0);
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("NULL"));
    }

    void failureStopsRunning()
    {
        models::ResultModel model;
        m_client.rowsPerTick = 0;
        model.attach(m_client.runQuery(QStringLiteral("SELECT bad"), {}, &model));
        QVERIFY(model.isRunning());
        QTRY_VERIFY(!model.isRunning());
    }
};

QTEST_MAIN(tst_ResultModel)
#include "tst_ResultModel.moc"
