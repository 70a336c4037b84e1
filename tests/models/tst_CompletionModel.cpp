// Completion: what SqlCompletion offers in each context (keywords, objects after FROM, columns
// of the statement's streams, `alias.` columns, aliases, functions with docs), and the
// CompletionModel's asynchronous requests (latest wins, catalog from the explorer's model).
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>
#include "models/CompletionModel.h"
#include "models/ObjectTreeModel.h"
#include "tests/models/FakeClient.h"

using namespace tideline;
using models::CompletionKind;

namespace {

models::CompletionCatalog catalog()
{
    models::CompletionCatalog c;
    c.objects.append({QStringLiteral("devices"), CompletionKind::Stream,
                      {{QStringLiteral("device"), QStringLiteral("string")}, {QStringLiteral("temperature"), QStringLiteral("float64")},
                       {QStringLiteral("_tp_time"), QStringLiteral("datetime64(3, 'UTC')")}}});
    c.objects.append({QStringLiteral("orders"), CompletionKind::Stream, {{QStringLiteral("order_id"), QStringLiteral("int64")}}});
    c.objects.append({QStringLiteral("hot_devices"), CompletionKind::View, {{QStringLiteral("device"), QStringLiteral("string")}}});
    return c;
}

QStringList texts(const models::CompletionResult &r)
{
    QStringList out;
    for (const auto &i : r.items)
        out.append(i.text);
    return out;
}

models::CompletionResult at(const QString &textWithCaret)
{
    const int cursor = int(textWithCaret.indexOf(QLatin1Char('|')));
    QString text = textWithCaret;
    text.remove(cursor, 1);
    return models::SqlCompletion::complete(catalog(), text, cursor);
}

} // namespace

class tst_CompletionModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keywordsFollowTheTypedCase()
    {
        QVERIFY(texts(at(QStringLiteral("sel|"))).contains(QStringLiteral("select")));
        QVERIFY(texts(at(QStringLiteral("SEL|"))).contains(QStringLiteral("SELECT")));
        const auto r = at(QStringLiteral("SELECT 1 FR|"));
        QCOMPARE(r.prefix, QStringLiteral("FR"));
        QCOMPARE(r.start, 9);
    }

    void objectsAfterFromAndJoin()
    {
        const QStringList afterFrom = texts(at(QStringLiteral("SELECT * FROM |")));
        QCOMPARE(afterFrom.mid(0, 3), (QStringList{QStringLiteral("devices"), QStringLiteral("hot_devices"), QStringLiteral("orders")}));
        QVERIFY(afterFrom.contains(QStringLiteral("tumble"))); // table functions too
        QVERIFY(!afterFrom.contains(QStringLiteral("SELECT")));
        QCOMPARE(texts(at(QStringLiteral("select * from devices d join or|"))), QStringList{QStringLiteral("orders")});
    }

    void columnsOfTheStatementsStreams()
    {
        const auto r = at(QStringLiteral("SELECT te| FROM devices"));
        QCOMPARE(r.items.first().text, QStringLiteral("temperature"));
        QCOMPARE(r.items.first().kind, CompletionKind::Column);
        QCOMPARE(r.items.first().detail, QStringLiteral("float64 · devices"));
        // Through a window function and in the next statement only its own streams count.
        QVERIFY(texts(at(QStringLiteral("SELECT dev| FROM tumble(devices, 5s) GROUP BY device"))).contains(QStringLiteral("device")));
        QVERIFY(!texts(at(QStringLiteral("SELECT * FROM devices; SELECT te| FROM orders"))).contains(QStringLiteral("temperature")));
    }

    void qualifiedColumnsThroughAliases()
    {
        QCOMPARE(texts(at(QStringLiteral("SELECT d.| FROM devices AS d"))),
                 (QStringList{QStringLiteral("device"), QStringLiteral("temperature"), QStringLiteral("_tp_time")}));
        QCOMPARE(texts(at(QStringLiteral("SELECT o.ord| FROM devices d JOIN orders o ON 1"))), QStringList{QStringLiteral("order_id")});
        QCOMPARE(texts(at(QStringLiteral("SELECT w.te| FROM tumble(devices, 5s) w"))), QStringList{QStringLiteral("temperature")});
        QCOMPARE(texts(at(QStringLiteral("SELECT devices.dev| FROM devices"))), QStringList{QStringLiteral("device")});
        QVERIFY(texts(at(QStringLiteral("SELECT x.| FROM devices"))).isEmpty());
    }

    void aliasesAndFunctionsWithDocs()
    {
        const auto r = at(QStringLiteral("SELECT avg(temperature) AS avg_temp FROM devices d ORDER BY av|"));
        QCOMPARE(r.items.first().text, QStringLiteral("avg_temp"));
        QCOMPARE(r.items.first().kind, CompletionKind::Alias);
        bool sawAvg = false;
        for (const auto &i : r.items)
            if (i.text == QLatin1String("avg") && i.kind == CompletionKind::Function)
                sawAvg = i.detail.startsWith(QLatin1String("avg(x)"));
        QVERIFY(sawAvg);
        const auto tumble = at(QStringLiteral("SELECT * FROM tum|"));
        QCOMPARE(tumble.items.size(), 1);
        QVERIFY(tumble.items.first().detail.contains(QLatin1String("window")));
        QVERIFY(texts(at(QStringLiteral("SELECT d| FROM devices d"))).contains(QStringLiteral("d")));
    }

    void halfWrittenSqlAndCancellation()
    {
        QVERIFY(!texts(at(QStringLiteral("SELECT 'from x' , (|"))).isEmpty()); // no crash on unbalanced text
        std::atomic_bool cancelled{true};
        const auto r = models::SqlCompletion::complete(catalog(), QStringLiteral("SELECT t FROM devices"), 8, &cancelled);
        QVERIFY(r.items.size() <= 3); // stops after the cheap part when superseded
    }

    void modelAnswersOnlyTheLatestRequest()
    {
        models::CompletionModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCatalog(catalog());
        QSignalSpy ready(&model, &models::CompletionModel::ready);
        model.request(QStringLiteral("SELECT * FROM de"), 16);
        const quint64 latest = model.request(QStringLiteral("SELECT * FROM or"), 16);
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(ready.first().first().toULongLong(), latest);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("orders"));
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("stream · 1 columns"));
        QCOMPARE(model.index(0, 0).data(models::CompletionModel::KindRole).toInt(), int(CompletionKind::Stream));
        QCOMPARE(model.prefix(), QStringLiteral("or"));
        QCOMPARE(model.prefixStart(), 14);
        QTest::qWait(20); // the superseded answer never arrives
        QCOMPARE(ready.size(), 1);
    }

    void catalogFollowsTheExplorer()
    {
        tests::FakeClient client;
        client.objects[int(client::Resource::Stream)] = {QJsonObject{
            {QStringLiteral("name"), QStringLiteral("devices")},
            {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("temperature")},
                                                               {QStringLiteral("type"), QStringLiteral("float64")}}}}}};
        client.objects[int(client::Resource::View)] = {QJsonObject{{QStringLiteral("name"), QStringLiteral("hot")}}};
        models::ObjectTreeModel tree;
        tree.setClient(&client);
        models::CompletionModel model;
        model.setObjectModel(&tree);
        QSignalSpy loaded(&tree, &models::ObjectTreeModel::loaded);
        client.open();
        tree.reload();
        QVERIFY(loaded.wait());
        tree.setFilter(QStringLiteral("zzz")); // the explorer's search does not hide objects from completion
        QCOMPARE(model.catalog().objects.size(), 2);
        QSignalSpy ready(&model, &models::CompletionModel::ready);
        model.request(QStringLiteral("SELECT tem FROM devices"), 10);
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("temperature"));
    }
};

QTEST_MAIN(tst_CompletionModel)
#include "tst_CompletionModel.moc"
