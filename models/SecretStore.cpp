#include "models/SecretStore.h"
#include <QDir>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>
#include "models/EncryptedSecretFile.h"

namespace tideline::models {

namespace {

// The keychain is absent (no Secret Service, no D-Bus session, unsupported platform), as
// opposed to present but refusing (the user denied access) or simply not holding the entry.
bool keychainMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented || error == QKeychain::OtherError;
}

} // namespace

SecretStore::SecretStore(const QString &service, const QString &fallbackDir, Backend backend, QObject *parent)
    : QObject(parent), m_service(service), m_file(std::make_unique<EncryptedSecretFile>(fallbackDir)),
      m_fallback(backend == Backend::EncryptedFile), m_forcedFile(backend == Backend::EncryptedFile)
{
}

SecretStore::~SecretStore() = default;

QString SecretStore::fallbackMessage() const
{
    if (m_forcedFile)
        return tr("Secrets are stored encrypted in %1.").arg(QDir::toNativeSeparators(m_file->secretsPath()));
    return tr("No system keychain is available (%1), so API keys and passwords are stored encrypted in %2, "
              "with a key only you can read (%3). Install and unlock a keychain (GNOME Keyring, KWallet) to use it instead.")
        .arg(m_reason, QDir::toNativeSeparators(m_file->secretsPath()), QDir::toNativeSeparators(m_file->keyPath()));
}

void SecretStore::read(const QString &key, Callback done)
{
    if (m_fallback)
        runOnFile(Op::Read, key, {}, std::move(done));
    else
        startKeychain(Op::Read, key, {}, std::move(done));
}

void SecretStore::write(const QString &key, const QString &secret, Callback done)
{
    if (m_fallback)
        runOnFile(Op::Write, key, secret, std::move(done));
    else
        startKeychain(Op::Write, key, secret, std::move(done));
}

void SecretStore::remove(const QString &key, Callback done)
{
    if (m_fallback)
        runOnFile(Op::Remove, key, {}, std::move(done));
    else
        startKeychain(Op::Remove, key, {}, std::move(done));
}

void SecretStore::startKeychain(Op op, const QString &key, const QString &secret, Callback done)
{
    QKeychain::Job *job = nullptr;
    if (op == Op::Read) {
        job = new QKeychain::ReadPasswordJob(m_service, this);
    } else if (op == Op::Write) {
        auto *w = new QKeychain::WritePasswordJob(m_service, this);
        w->setTextData(secret);
        job = w;
    } else {
        job = new QKeychain::DeletePasswordJob(m_service, this);
    }
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // it would write the secret in plain text to QSettings
    connect(job, &QKeychain::Job::finished, this, [this, op, key, secret, done](QKeychain::Job *j) {
        const QKeychain::Error error = j->error();
        if (keychainMissing(error)) {
            activateFallback(j->errorString());
            runOnFile(op, key, secret, done);
            return;
        }
        if (op == Op::Read && error == QKeychain::EntryNotFound) {
            runOnFile(op, key, secret, done); // saved while the keychain was unavailable
            return;
        }
        if (op == Op::Remove)
            runOnFile(op, key, secret, {}); // no copy left behind in the file either
        Result r;
        r.ok = error == QKeychain::NoError || (op == Op::Remove && error == QKeychain::EntryNotFound);
        r.found = op == Op::Read && r.ok;
        if (r.found)
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        if (!r.ok)
            r.error = j->errorString();
        if (done)
            done(r);
    });
    job->start();
}

void SecretStore::runOnFile(Op op, const QString &key, const QString &secret, Callback done)
{
    Result r;
    if (op == Op::Read) {
        r.found = m_file->read(key, &r.secret);
        r.ok = r.found || m_file->error().isEmpty();
    } else {
        r.ok = op == Op::Write ? m_file->write(key, secret) : m_file->remove(key);
    }
    r.error = m_file->error();
    if (!done)
        return;
    // Later, never inside the call: the same contract as the keychain's jobs.
    QTimer::singleShot(0, this, [done = std::move(done), r] { done(r); });
}

void SecretStore::activateFallback(const QString &reason)
{
    if (m_fallback)
        return;
    m_fallback = true;
    m_reason = reason.isEmpty() ? tr("no keychain service") : reason;
    Q_EMIT fallbackActivated(fallbackMessage());
}

} // namespace tideline::models
