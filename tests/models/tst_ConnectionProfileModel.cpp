// Connection profiles: the list model (checked by QAbstractItemModelTester) persisted in
// QSettings redirected to a temporary folder; the manager saves secrets to the SecretStore,
// never to the settings; switching connections through the SwitchableClient.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include "models/ConnectionManager.h"
#include "models/ConnectionProfileModel.h"
#include "models/SecretStore.h"
#include "models/SwitchableClient.h"
#include "tests/models/FakeClient.h"

using namespace tideline;
using models::ConnectionProfile;

class tst_ConnectionProfileModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("tideline-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ConnectionProfileModel"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("config")));
    }
    void init() { QSettings().clear(); }

    void addEditRemovePersist()
    {
        const ConnectionProfile local = ConnectionProfile::newLocal(QStringLiteral("scratch"), QStringLiteral("/tmp/x"));
        ConnectionProfile remote = ConnectionProfile::newRemote(QStringLiteral("prod"), QUrl(QStringLiteral("https://tp.example:8000")), QStringLiteral("ws1"));
        remote.auth = ConnectionProfile::Auth::UserPassword;
        remote.user = QStringLiteral("ada");
        {
            models::ConnectionProfileModel model;
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QCOMPARE(model.rowCount(), 0);
            model.upsert(local);
            model.upsert(remote);
            QCOMPARE(model.rowCount(), 2);
            QCOMPARE(model.index(1).data().toString(), QStringLiteral("prod"));
            QCOMPARE(model.index(1).data(models::ConnectionProfileModel::SummaryRole).toString(), QStringLiteral("https://tp.example:8000 (ws1)"));
            remote.name = QStringLiteral("production");
            QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
            model.upsert(remote);
            QCOMPARE(changed.count(), 1);
            QCOMPARE(model.rowCount(), 2);
            model.setLastUsed(remote.id);
        }
        models::ConnectionProfileModel reopened;
        QAbstractItemModelTester tester(&reopened, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(reopened.rowCount(), 2);
        QCOMPARE(reopened.profile(remote.id), remote);
        QCOMPARE(reopened.profile(local.id), local);
        QCOMPARE(reopened.lastUsed(), remote.id);
        reopened.remove(remote.id);
        QCOMPARE(reopened.rowCount(), 1);
        QVERIFY(reopened.lastUsed().isEmpty());
        reopened.reload();
        QCOMPARE(reopened.rowCount(), 1);
    }

    void validation()
    {
        ConnectionProfile p = ConnectionProfile::newRemote(QStringLiteral("x"), QUrl(QStringLiteral("ftp://h")));
        QVERIFY(!p.validationError().isEmpty());
        p.url = QUrl(QStringLiteral("http://127.0.0.1:8000"));
        QVERIFY(p.validationError().isEmpty());
        p.auth = ConnectionProfile::Auth::UserPassword;
        QVERIFY(!p.validationError().isEmpty()); // no user
        QVERIFY(!ConnectionProfile::newLocal(QStringLiteral("l"), QString()).validationError().isEmpty());
        QVERIFY(!ConnectionProfile::newLocal(QString(), QStringLiteral("/d")).validationError().isEmpty());
    }

    void secretsGoToTheStoreNotTheSettings()
    {
        QTemporaryDir dir;
        models::SecretStore secrets(QStringLiteral("tideline-tests"), dir.path(), models::SecretStore::Backend::EncryptedFile);
        models::ConnectionManager manager([](const ConnectionProfile &, const QString &) { return std::make_unique<tests::FakeClient>(); }, &secrets);
        const ConnectionProfile p = ConnectionProfile::newRemote(QStringLiteral("prod"), QUrl(QStringLiteral("http://h:8000")));
        bool done = false, ok = false;
        manager.save(p, QStringLiteral("s3cret-api-key"), [&](bool o, const QString &) { done = true; ok = o; });
        QVERIFY(!done); // never inside the call
        QTRY_VERIFY(done);
        QVERIFY(ok);
        QString secret;
        manager.readSecret(p.id, [&](const QString &s, const QString &) { secret = s; });
        QTRY_COMPARE(secret, QStringLiteral("s3cret-api-key"));
        QSettings settings;
        settings.sync();
        QFile ini(settings.fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("s3cret"));
        QFile enc(dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(enc.open(QIODevice::ReadOnly));
        QVERIFY(!enc.readAll().contains("s3cret"));

        done = false;
        manager.save(ConnectionProfile::newLocal(QString(), QStringLiteral("/d")), std::nullopt, [&](bool o, const QString &m) {
            done = true;
            ok = o;
            QVERIFY(!m.isEmpty());
        });
        QTRY_VERIFY(done);
        QVERIFY(!ok); // refused: no name
        QCOMPARE(manager.profiles()->rowCount(), 1);
    }

    void switchingConnections()
    {
        QTemporaryDir dir;
        models::SecretStore secrets(QStringLiteral("tideline-tests"), dir.path(), models::SecretStore::Backend::EncryptedFile);
        QList<QPointer<tests::FakeClient>> made;
        models::ConnectionManager manager([&](const ConnectionProfile &, const QString &) {
            auto c = std::make_unique<tests::FakeClient>();
            c->rowsPerTick = 5;
            made << c.get();
            return c;
        }, &secrets);
        const ConnectionProfile a = ConnectionProfile::newLocal(QStringLiteral("a"), dir.filePath(QStringLiteral("a")));
        const ConnectionProfile b = ConnectionProfile::newLocal(QStringLiteral("b"), dir.filePath(QStringLiteral("b")));
        manager.profiles()->upsert(a);
        manager.profiles()->upsert(b);
        models::SwitchableClient *client = manager.client();
        QCOMPARE(client->state(), client::ConnectionState::Disconnected);
        QSignalSpy switched(&manager, &models::ConnectionManager::aboutToSwitch);
        manager.connectTo(a.id);
        QTRY_COMPARE(client->state(), client::ConnectionState::Connected);
        QCOMPARE(manager.currentId(), a.id);

        // A query and a request in flight on a, then the switch to b.
        QPointer<client::QueryHandle> handle = client->runQuery(QStringLiteral("SELECT * FROM s"));
        client::Reply late;
        bool answered = false;
        // Asked of a just before the switch: the answer comes after it.
        QMetaObject::Connection ask = connect(&manager, &models::ConnectionManager::aboutToSwitch, this, [&] {
            client->list(client::Resource::Stream, [&](const client::Reply &r) { late = r; answered = true; });
        });
        manager.connectTo(b.id);
        QTRY_COMPARE(manager.currentId(), b.id);
        QCOMPARE(switched.count(), 2);
        QTRY_VERIFY(answered);
        disconnect(ask);
        QVERIFY(!late.ok); // the answer of a belongs to the old connection
        QVERIFY(late.error.message.contains(QLatin1String("connection changed")));
        QVERIFY(made.at(0)); // kept alive: its query handle still exists
        QCOMPARE(client->retiredBackends(), 1);
        delete handle.data();
        QTRY_VERIFY(made.at(0).isNull()); // released once its last handle is gone
        QCOMPARE(client->retiredBackends(), 0);
        QCOMPARE(made.size(), 2);
        QCOMPARE(manager.profiles()->lastUsed(), b.id);

        manager.remove(b.id, [](bool, const QString &) {});
        QVERIFY(manager.currentId().isEmpty());
        QCOMPARE(client->state(), client::ConnectionState::Disconnected);
        bool failed = false;
        client->list(client::Resource::Stream, [&](const client::Reply &r) { failed = !r.ok; });
        QTRY_VERIFY(failed);
    }
};

QTEST_MAIN(tst_ConnectionProfileModel)
#include "tst_ConnectionProfileModel.moc"
