#pragma once
// The secret store used where no OS keychain is available (headless machines, CI, a desktop
// without a Secret Service): secrets encrypted with AES-256-GCM (OpenSSL libcrypto), each with
// its own random nonce and its entry name as associated data, in `secrets.json`; the 256-bit
// key is random, in `secrets.key` beside it, mode 0600 (created so, never wider). This keeps
// secrets out of settings files, backups of them and casual reads; it does not protect them
// from the same user's processes (nothing without a keychain or a passphrase could), which is
// why the UI says clearly when it is in use. Synchronous and small: SecretStore calls it.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tideline::models {

class EncryptedSecretFile {
public:
    explicit EncryptedSecretFile(const QString &directory);

    QString directory() const { return m_dir; }
    QString secretsPath() const;
    QString keyPath() const;

    // false with error() set when the files cannot be read, written or decrypted.
    bool write(const QString &name, const QString &secret);
    // nullopt-like: false and an empty error() when there is no such entry.
    bool read(const QString &name, QString *secret);
    bool remove(const QString &name);
    QString error() const { return m_error; }

private:
    bool loadKey(bool create);
    bool loadEntries(QJsonObject *entries);
    bool saveEntries(const QJsonObject &entries);
    bool fail(const QString &message);

    QString m_dir;
    QByteArray m_key;
    QString m_error;
};

} // namespace tideline::models
