// The models behind the resource forms, the lineage view and the pipeline view, each under
// QAbstractItemModelTester: ColumnListModel (edits, moves, row errors, the ColumnDef JSON),
// FormValidation (names, Proton type names, durations, JSON), LineageGraph (columns left to
// right from a topology with sources and sinks, search, throughput from two stats answers) and
// PipelineModel (operators with depth, counters updated in place, stale answers dropped).
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>
#include "models/ColumnListModel.h"
#include "models/FormValidation.h"
#include "models/LineageGraph.h"
#include "models/PipelineModel.h"
#include "tests/models/FakeClient.h"

using namespace tideline;
using models::ColumnListModel;
using models::FormValidation;
using models::LineageGraph;
using models::PipelineModel;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

QJsonArray jsonArray(const char *text)
{
    return QJsonDocument::fromJson(text).array();
}

} // namespace

class tst_FormModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesFollowTheApiRule()
    {
        QVERIFY(FormValidation::nameError(QStringLiteral("devices_2"), QStringLiteral("stream")).isEmpty());
        QVERIFY(!FormValidation::nameError(QString(), QStringLiteral("stream")).isEmpty());
        QVERIFY(FormValidation::nameError(QStringLiteral("2devices"), QStringLiteral("stream")).contains(QLatin1String("start with a letter")));
        QVERIFY(FormValidation::nameError(QStringLiteral("my-stream"), QStringLiteral("stream")).contains(QLatin1String("letters, numbers")));
        QVERIFY(!FormValidation::nameError(QString(65, QLatin1Char('a')), QStringLiteral("stream")).isEmpty());
        QVERIFY(FormValidation::nameError(QString(64, QLatin1Char('a')), QStringLiteral("stream")).isEmpty());
    }

    void typeNames_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("valid");
        for (const char *ok : {"int8", "uint256", "float64", "string", "bool", "uuid", "ipv4", "json", "date", "datetime", "datetime64",
                               "datetime64(3)", "datetime64(3, 'UTC')", "DateTime64(3, 'Europe/Berlin')", "decimal(18, 4)",
                               "decimal32(2)", "fixed_string(16)", "nullable(string)", "low_cardinality(string)", "array(int32)",
                               "map(string, array(float64))", "tuple(a int32, b string)", "tuple(int32, string)",
                               "enum8('a' = 1, 'b' = 2)"})
            QTest::newRow(ok) << QString::fromLatin1(ok) << true;
        for (const char *bad : {"", "strng", "int", "decimal", "array()", "array(strng)", "map(string)x", "nullable(string", "float64(3)",
                                "datetime64(3, UTC)"})
            QTest::newRow(bad[0] ? bad : "empty") << QString::fromLatin1(bad) << false;
    }

    void typeNames()
    {
        QFETCH(QString, type);
        QFETCH(bool, valid);
        QCOMPARE(FormValidation::isType(type), valid);
    }

    void durationsJsonAndUrls()
    {
        QVERIFY(FormValidation::durationError(QStringLiteral("24h")).isEmpty());
        QVERIFY(FormValidation::durationError(QStringLiteral("1h30m")).isEmpty());
        QVERIFY(!FormValidation::durationError(QStringLiteral("a day")).isEmpty());
        QVERIFY(FormValidation::jsonObjectError(QStringLiteral(R"({"a": 1})")).isEmpty());
        QVERIFY(!FormValidation::jsonObjectError(QStringLiteral("[1]")).isEmpty());
        QVERIFY(!FormValidation::jsonObjectError(QStringLiteral("{nope")).isEmpty());
        QVERIFY(FormValidation::urlError(QStringLiteral("https://example.com/x")).isEmpty());
        QVERIFY(!FormValidation::urlError(QStringLiteral("example.com")).isEmpty());
    }

    void columnListModel()
    {
        ColumnListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns(jsonArray(R"j([{"name":"_tp_time","type":"datetime64(3, 'UTC')"},{"name":"device","type":"string"},
                                       {"name":"temp","type":"float64","default":"0","codec":"ZSTD(1)"}])j"));
        QCOMPARE(model.rowCount(), 2); // the engine's _tp_ columns are not the user's
        QCOMPARE(model.index(1, ColumnListModel::Codec).data().toString(), QStringLiteral("ZSTD(1)"));
        const int added = model.addColumn();
        QCOMPARE(model.index(added, ColumnListModel::Name).data().toString(), QStringLiteral("new_column"));
        QCOMPARE(model.firstBadRow(), -1);
        QVERIFY(model.setData(model.index(added, ColumnListModel::Type), QStringLiteral("strng")));
        QCOMPARE(model.firstBadRow(), added);
        QVERIFY(model.rowError(added).contains(QLatin1String("strng")));
        QVERIFY(model.setData(model.index(added, ColumnListModel::Type), QStringLiteral("int64")));
        QVERIFY(model.setData(model.index(added, ColumnListModel::Name), QStringLiteral("device")));
        QVERIFY(model.rowError(added).contains(QLatin1String("twice")));
        QVERIFY(model.setData(model.index(added, ColumnListModel::Name), QStringLiteral("seq")));
        model.moveColumn(added, -1);
        model.moveColumn(0, 1);
        QCOMPARE(model.names(), (QStringList{QStringLiteral("seq"), QStringLiteral("device"), QStringLiteral("temp")}));
        const QJsonArray defs = model.columnDefs();
        QCOMPARE(defs.size(), 3);
        QCOMPARE(defs[2].toObject(), json(R"j({"name":"temp","type":"float64","default":"0","codec":"ZSTD(1)"})j"));
        QVERIFY(!defs[0].toObject().contains(QStringLiteral("default"))); // empty optional fields are left out
        model.removeColumnAt(0);
        QCOMPARE(model.rowCount(), 2);
        model.setReadOnly(true);
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("x")));
    }

    void lineageColumnsLeftToRight()
    {
        LineageGraph graph(nullptr);
        QAbstractItemModelTester tester(&graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
        graph.build(json(R"({"nodes":[{"id":"stream:devices","name":"devices","type":"stream"},
                                      {"id":"materialized_view:hot","name":"hot","type":"materialized_view"},
                                      {"id":"stream:hot_devices","name":"hot_devices","type":"stream"},
                                      {"id":"view:recent","name":"recent","type":"view"},
                                      {"id":"sink:s1","name":"alerts_out","type":"sink"}],
                             "edges":[{"source":"stream:devices","target":"materialized_view:hot"},
                                      {"source":"materialized_view:hot","target":"stream:hot_devices"},
                                      {"source":"stream:devices","target":"view:recent"}]})"),
                    jsonArray(R"([{"id":"src1","name":"generator","stream":"devices"}])"),
                    jsonArray(R"([{"id":"s1","name":"alerts_out","query":"SELECT * FROM hot_devices WHERE temp > 40"}])"));
        QCOMPARE(graph.rowCount(), 6); // the topology's sink node is replaced by the sink from its list
        auto layer = [&](const QString &id) { return graph.nodes().at(graph.indexOf(id)).layer; };
        QCOMPARE(layer(QStringLiteral("source:src1")), 0);
        QCOMPARE(layer(QStringLiteral("stream:devices")), 1);
        QCOMPARE(layer(QStringLiteral("materialized_view:hot")), 2);
        QCOMPARE(layer(QStringLiteral("view:recent")), 2);
        QCOMPARE(layer(QStringLiteral("stream:hot_devices")), 3);
        QCOMPARE(layer(QStringLiteral("sink:s1")), 4);
        QCOMPARE(graph.layerCount(), 5);
        QCOMPARE(graph.edges().size(), 5);
        QCOMPARE(graph.nodes().at(graph.find(QStringLiteral("HOT"))).name, QStringLiteral("hot")); // exact name first
        QCOMPARE(graph.nodes().at(graph.find(QStringLiteral("hot_d"))).name, QStringLiteral("hot_devices"));
        QCOMPARE(graph.find(QStringLiteral("nothing")), -1);
        const QModelIndex sink = graph.index(graph.indexOf(QStringLiteral("sink:s1")));
        QCOMPARE(client::Resource(sink.data(LineageGraph::ResourceRole).toInt()), client::Resource::Sink);
        QCOMPARE(sink.data(LineageGraph::ObjectRole).toJsonObject().value(QStringLiteral("id")).toString(), QStringLiteral("s1"));
    }

    void lineageThroughputFromStats()
    {
        tests::FakeClient client;
        client.open();
        // FakeClient's topology is empty: the graph is the source and the sink from their lists.
        client.objects[int(client::Resource::Source)] = {json(R"({"id":"g","name":"gen","stream":"devices"})")};
        client.objects[int(client::Resource::Sink)] = {json(R"({"id":"s1","name":"out","query":"SELECT * FROM devices"})")};
        const QString key = QString::number(int(client::Resource::Sink)) + QStringLiteral("/s1");
        client.statsFor.insert(key, json(R"({"success_count": 10})"));
        LineageGraph graph(&client);
        QAbstractItemModelTester tester(&graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
        graph.reload();
        QTRY_VERIFY(graph.isLoaded());
        QCOMPARE(graph.rowCount(), 2);
        QVERIFY(graph.edges().isEmpty()); // "devices" is not in the (empty) topology: no edge to nowhere
        const QModelIndex sink = graph.index(graph.indexOf(QStringLiteral("sink:s1")));
        QCOMPARE(sink.data(LineageGraph::ThroughputRole).toDouble(), -1.0); // one answer is not a rate
        QTRY_COMPARE(graph.nodes().at(sink.row()).lastCount, qint64(10));
        client.statsFor.insert(key, json(R"({"success_count": 30})"));
        // A rate needs time between two answers: ask until one answer came later than the
        // last; the answers after it (no new rows) rightly read 0 again.
        double most = 0;
        connect(&graph, &LineageGraph::throughputChanged, this, [&] { most = std::max(most, sink.data(LineageGraph::ThroughputRole).toDouble()); });
        QTRY_VERIFY((graph.refreshThroughput(), most > 0));
        QVERIFY(most <= 20.0 * 1000); // 20 rows in at least a millisecond
        QVERIFY(sink.data(Qt::ToolTipRole).toString().contains(QLatin1String("ev/s")));
        disconnect(&graph, nullptr, this, nullptr);
    }

    void pipelineModel()
    {
        tests::FakeClient client;
        client.open();
        PipelineModel model(&client);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        client.pipelineAnswer = json(R"({"nodes":[{"id":0,"name":"Projection","status":"running","metric":{"processed_rows":10,"processed_bytes":800,"processing_time_ns":5000}},
                                                  {"id":1,"name":"Filter","status":"running","metric":{"processed_rows":20,"processed_bytes":1600,"processing_time_ns":9000}},
                                                  {"id":2,"name":"StreamingScan","status":"running","metric":{"processed_rows":40,"processed_bytes":3200,"processing_time_ns":20000}}],
                                         "edges":[{"from":1,"to":0},{"from":2,"to":1}]})");
        model.setQueryId(QStringLiteral("q1"));
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, PipelineModel::Operator).data(PipelineModel::DepthRole).toInt(), 2);
        QVERIFY(model.index(2, PipelineModel::Operator).data().toString().endsWith(QLatin1String("StreamingScan")));
        QCOMPARE(model.index(2, PipelineModel::Rows).data().toString(), QLocale().toString(40));
        // Same operators, more rows: updated in place, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        client.pipelineAnswer = json(R"({"nodes":[{"id":0,"name":"Projection","metric":{"processed_rows":15}},
                                                  {"id":1,"name":"Filter","metric":{"processed_rows":30}},
                                                  {"id":2,"name":"StreamingScan","metric":{"processed_rows":90}}],
                                         "edges":[{"from":1,"to":0},{"from":2,"to":1}]})");
        model.refresh();
        QTRY_COMPARE(model.nodes().at(2).rows, qint64(90));
        QCOMPARE(resets.count(), 0);
        QVERIFY(changes.count() >= 1);
        // A spec-only server has no row counter: shown as a dash, not as zero.
        model.apply(json(R"({"nodes":[{"id":0,"name":"Source","metric":{"processed_bytes":10}}]})"));
        QCOMPARE(model.index(0, PipelineModel::Rows).data().toString(), QStringLiteral("–"));
        // Another query: the answer about the old one is dropped.
        model.refresh();
        model.setQueryId(QStringLiteral("q2"));
        QCOMPARE(model.rowCount(), 0);
        QTest::qWait(0);
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(), 0);
        // Polling runs only while active.
        model.setInterval(20);
        model.setActive(true);
        QTRY_VERIFY(model.answers() >= 2);
        model.setActive(false);
        QVERIFY(!model.isActive());
    }
};

QTEST_MAIN(tst_FormModels)
#include "tst_FormModels.moc"
