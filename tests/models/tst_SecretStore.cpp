// Secrets: the AES-GCM file (0600 files, no plain text, tamper and wrong-key detection) and the
// store's choice between the OS keychain and that file (on a machine without a keychain, the
// fallback is announced once and works; with one, the keychain round-trips).
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>
#include "models/EncryptedSecretFile.h"
#include "models/SecretStore.h"

using namespace tideline;
using models::SecretStore;

namespace {

SecretStore::Result wait(const std::function<void(SecretStore::Callback)> &call)
{
    SecretStore::Result result;
    bool done = false;
    call([&](const SecretStore::Result &r) { result = r; done = true; });
    if (done)
        qFatal("callback inside the call");
    QTest::qWaitFor([&] { return done; }, 30000);
    return result;
}

} // namespace

class tst_SecretStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encryptedFile()
    {
        QTemporaryDir dir;
        models::EncryptedSecretFile file(dir.filePath(QStringLiteral("sub")));
        QString secret;
        QVERIFY(!file.read(QStringLiteral("a"), &secret));
        QVERIFY(file.error().isEmpty()); // missing, not broken
        QVERIFY2(file.write(QStringLiteral("a"), QStringLiteral("key-ÅÄÖ-123")), qPrintable(file.error()));
        QVERIFY(file.write(QStringLiteral("b"), QStringLiteral("other")));
        const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const QString &path : {file.keyPath(), file.secretsPath()}) { // mode 0600
            QCOMPARE(QFile::permissions(path) & groupOrOther, QFileDevice::Permissions());
            QVERIFY(QFile::permissions(path).testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        }
        QFile raw(file.secretsPath());
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        QVERIFY(!bytes.contains("key-") && !bytes.contains("other"));
        raw.close();

        models::EncryptedSecretFile again(dir.filePath(QStringLiteral("sub")));
        QVERIFY(again.read(QStringLiteral("a"), &secret));
        QCOMPARE(secret, QStringLiteral("key-ÅÄÖ-123"));
        QVERIFY(again.remove(QStringLiteral("a")));
        QVERIFY(!again.read(QStringLiteral("a"), &secret));
        QVERIFY(again.read(QStringLiteral("b"), &secret));

        // Another key cannot open it: the secret is not readable without the key file.
        QVERIFY(QFile::remove(file.keyPath()));
        QFile key(file.keyPath());
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(QByteArray(32, 'x'));
        key.close();
        models::EncryptedSecretFile wrongKey(dir.filePath(QStringLiteral("sub")));
        QVERIFY(!wrongKey.read(QStringLiteral("b"), &secret));
        QVERIFY(!wrongKey.error().isEmpty());
    }

    void forcedFileStore()
    {
        QTemporaryDir dir;
        SecretStore store(QStringLiteral("tideline-tests"), dir.path(), SecretStore::Backend::EncryptedFile);
        QVERIFY(store.usingFallback());
        QVERIFY(wait([&](auto cb) { store.write(QStringLiteral("k"), QStringLiteral("v"), cb); }).ok);
        const SecretStore::Result r = wait([&](auto cb) { store.read(QStringLiteral("k"), cb); });
        QVERIFY(r.ok && r.found);
        QCOMPARE(r.secret, QStringLiteral("v"));
        QVERIFY(wait([&](auto cb) { store.remove(QStringLiteral("k"), cb); }).ok);
        const SecretStore::Result gone = wait([&](auto cb) { store.read(QStringLiteral("k"), cb); });
        QVERIFY(gone.ok && !gone.found);
    }

    // Whichever this machine has: a keychain (round trip there, nothing in the file) or none
    // (the fallback is announced once, with where the secrets are, and works).
    void keychainOrAnnouncedFallback()
    {
        QTemporaryDir dir;
        const QString service = QStringLiteral("tideline-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        SecretStore store(service, dir.path());
        QVERIFY(!store.usingFallback());
        QSignalSpy announced(&store, &SecretStore::fallbackActivated);
        QVERIFY(wait([&](auto cb) { store.write(QStringLiteral("k"), QStringLiteral("v1"), cb); }).ok);
        QVERIFY(wait([&](auto cb) { store.write(QStringLiteral("k2"), QStringLiteral("v2"), cb); }).ok);
        const SecretStore::Result r = wait([&](auto cb) { store.read(QStringLiteral("k"), cb); });
        QCOMPARE(r.secret, QStringLiteral("v1"));
        if (store.usingFallback()) {
            QCOMPARE(announced.count(), 1);
            QVERIFY(announced.first().first().toString().contains(dir.path()));
            QVERIFY(QFile::exists(dir.filePath(QStringLiteral("secrets.json"))));
        } else {
            QCOMPARE(announced.count(), 0);
            QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("secrets.json"))));
        }
        QVERIFY(wait([&](auto cb) { store.remove(QStringLiteral("k"), cb); }).ok);
        QVERIFY(wait([&](auto cb) { store.remove(QStringLiteral("k2"), cb); }).ok);
        QVERIFY(!wait([&](auto cb) { store.read(QStringLiteral("k"), cb); }).found);
    }
};

QTEST_MAIN(tst_SecretStore)
#include "tst_SecretStore.moc"
