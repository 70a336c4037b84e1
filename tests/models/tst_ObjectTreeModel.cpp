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
