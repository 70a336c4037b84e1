// ObjectTreeModel: the explorer tree from WorkspaceClient::list, and its filter.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>
#include "models/ObjectTreeModel.h"
#include "tests/models/FakeClient.h"

using namespace tideline;
using client::Resource;
using Model = models::ObjectTreeModel;

class tst_ObjectTreeModel : public QObject {
    Q_OBJECT
private:
    static QJsonObject named(const QString &name, const QString &db = {})
    {
        QJsonObject o{{QStringLiteral("name"), name}};
        if (!db.isEmpty())
            o.insert(QStringLiteral("database"), db);
        return o;
    }
    static QModelIndex find(const QAbstractItemModel &m, const QString &name, const QModelIndex &parent = {})
    {
        for (int r = 0; r < m.rowCount(parent); ++r) {
            const QModelIndex i = m.index(r, 0, parent);
            if (i.data(Model::NameRole).toString() == name)
                return i;
            if (QModelIndex inner = find(m, name, i); inner.isValid())
                return inner;
        }
        return {};
    }

private Q_SLOTS:
    void buildsTheTree()
    {
        tests::FakeClient client;
        client.objects[int(Resource::Stream)] = {named(QStringLiteral("devices")), named(QStringLiteral("clicks"), QStringLiteral("web"))};
        client.objects[int(Resource::MaterializedView)] = {named(QStringLiteral("device_avg"))};
        QJsonObject saved{{QStringLiteral("id"), QStringLiteral("s1")}, {QStringLiteral("name"), QStringLiteral("Hot devices")}};
        client.objects[int(Resource::SavedQuery)] = {saved};
        Model model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClient(&client);
        QSignalSpy loaded(&model, &Model::loaded);
        model.reload();
        QVERIFY(loaded.wait());
        QCOMPARE(model.objectCount(), 4);
        const QModelIndex devices = find(model, QStringLiteral("devices"));
        QVERIFY(devices.isValid());
        QCOMPARE(devices.data(Model::KindRole).toInt(), int(Model::NodeKind::Object));
        QCOMPARE(devices.data(Model::DatabaseRole).toString(), QStringLiteral("default"));
        QCOMPARE(devices.parent().data(Model::ResourceRole).toInt(), int(Resource::Stream));
        QCOMPARE(devices.parent().parent().data().toString(), QStringLiteral("default"));
        QCOMPARE(find(model, QStringLiteral("clicks")).data(Model::DatabaseRole).toString(), QStringLiteral("web"));
        const QModelIndex hot = find(model, QStringLiteral("Hot devices"));
        QCOMPARE(hot.data(Model::ObjectRole).toJsonObject().value(QStringLiteral("id")).toString(), QStringLiteral("s1"));
        QVERIFY(!hot.parent().parent().isValid()); // saved queries are workspace-wide
    }

    void filterKeepsMatchesAndTheirGroups()
    {
        tests::FakeClient client;
        client.objects[int(Resource::Stream)] = {named(QStringLiteral("devices")), named(QStringLiteral("orders"))};
        client.objects[int(Resource::View)] = {named(QStringLiteral("device_view"))};
        Model model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClient(&client);
        QSignalSpy loaded(&model, &Model::loaded);
        model.reload();
        QVERIFY(loaded.wait());
        model.setFilter(QStringLiteral("DEVICE"));
        QVERIFY(find(model, QStringLiteral("devices")).isValid());
        QVERIFY(find(model, QStringLiteral("device_view")).isValid());
        QVERIFY(!find(model, QStringLiteral("orders")).isValid());
        QCOMPARE(model.rowCount(), 1); // only the database; empty workspace groups are hidden
        model.setFilter(QString());
        QVERIFY(find(model, QStringLiteral("orders")).isValid());
    }

    void columnsDependentsAndLookups()
    {
        tests::FakeClient client;
        QJsonObject devices = named(QStringLiteral("devices"));
        devices.insert(QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                                            QJsonObject{{QStringLiteral("name"), QStringLiteral("temperature")}, {QStringLiteral("type"), QStringLiteral("float64")}}});
        client.objects[int(Resource::Stream)] = {devices, named(QStringLiteral("orders")), named(QStringLiteral("odd name"), QStringLiteral("web"))};
        QJsonObject avg = named(QStringLiteral("device_avg"));
        avg.insert(QStringLiteral("query"), QStringLiteral("SELECT avg(temperature) FROM devices"));
        QJsonObject copy = named(QStringLiteral("copier"));
        copy.insert(QStringLiteral("target_stream"), QStringLiteral("devices"));
        copy.insert(QStringLiteral("query"), QStringLiteral("SELECT * FROM devices_raw"));
        client.objects[int(Resource::MaterializedView)] = {avg, copy};
        client.objects[int(Resource::Dashboard)] = {QJsonObject{{QStringLiteral("id"), QStringLiteral("d-1")}, {QStringLiteral("name"), QStringLiteral("Ops")}}};
        Model model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClient(&client);
        QSignalSpy loaded(&model, &Model::loaded);
        model.reload();
        QVERIFY(loaded.wait());

        const QModelIndex dev = model.findObject(Resource::Stream, QStringLiteral("devices"));
        QVERIFY(dev.isValid());
        QCOMPARE(model.rowCount(dev), 2);
        const QModelIndex temp = model.index(1, 0, dev);
        QCOMPARE(temp.data(Model::KindRole).toInt(), int(Model::NodeKind::Column));
        QCOMPARE(temp.data(Model::TypeRole).toString(), QStringLiteral("float64"));
        QCOMPARE(temp.data().toString(), QStringLiteral("temperature · float64"));
        QCOMPARE(dev.data(Model::QualifiedNameRole).toString(), QStringLiteral("devices"));
        QCOMPARE(model.findObject(Resource::Stream, QStringLiteral("odd name")).data(Model::QualifiedNameRole).toString(),
                 QStringLiteral("web.`odd name`"));
        QVERIFY(!model.findObject(Resource::View, QStringLiteral("devices")).isValid());

        // "What depends on it": a reader (word match, not devices_raw) and a writer (target).
        QCOMPARE(model.dependents(QStringLiteral("devices")),
                 (QStringList{QStringLiteral("materialized view device_avg"), QStringLiteral("materialized view copier")}));
        QCOMPARE(model.dependents(QStringLiteral("orders")), QStringList());

        const auto all = model.allObjects();
        QCOMPARE(all.size(), 6);
        auto ops = std::find_if(all.begin(), all.end(), [](const Model::ObjectRef &o) { return o.name == QLatin1String("Ops"); });
        QVERIFY(ops != all.end());
        QCOMPARE(ops->key(), QStringLiteral("d-1")); // documents are removed by id
        QVERIFY(ops->database.isEmpty());

        model.setFilter(QStringLiteral("temper")); // a column name finds its stream
        QVERIFY(model.findObject(Resource::Stream, QStringLiteral("devices")).isValid());
        QVERIFY(!model.findObject(Resource::Stream, QStringLiteral("orders")).isValid());
        QVERIFY(model.findObject(Resource::MaterializedView, QStringLiteral("device_avg")).isValid() == false);
    }

    void supersededReloadIsDropped()
    {
        tests::FakeClient client;
        client.objects[int(Resource::Stream)] = {named(QStringLiteral("a"))};
        Model model;
        model.setClient(&client);
        QSignalSpy loaded(&model, &Model::loaded);
        model.reload();
        model.reload();
        QVERIFY(loaded.wait());
        QTest::qWait(20);
        QCOMPARE(loaded.count(), 1);
    }
};

QTEST_MAIN(tst_ObjectTreeModel)
#include "tst_ObjectTreeModel.moc"
