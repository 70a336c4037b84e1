#pragma once
// Where connection secrets (API keys, passwords) live: the OS keychain through QtKeychain
// (Secret Service/KWallet, macOS Keychain, Windows Credential Manager), and where there is none
// (a headless machine, CI, a desktop without a Secret Service) an EncryptedSecretFile in the
// app's data folder. The switch happens the first time the keychain answers "no backend" or
// fails to reach its service; fallbackActivated() then fires once so the UI can say so.
// Secrets never go to QSettings (QtKeychain's own "insecure fallback" would put them there in
// plain text, so it stays off).
//
// Asynchronous like every other call the GUI makes: each callback runs exactly once, later, on
// the caller's thread.
#include <QObject>
#include <functional>
#include <memory>

namespace tideline::models {

class EncryptedSecretFile;

class SecretStore : public QObject {
    Q_OBJECT
public:
    enum class Backend { Auto, EncryptedFile };
    struct Result {
        bool ok = false;
        bool found = false; // read: there is such an entry
        QString secret;
        QString error;
    };
    using Callback = std::function<void(const Result &)>;

    // `service` names the keychain entries ("tideline"); `fallbackDir` holds the encrypted
    // file. Backend::EncryptedFile skips the keychain (tests, or a user's explicit choice).
    SecretStore(const QString &service, const QString &fallbackDir, Backend backend = Backend::Auto, QObject *parent = nullptr);
    ~SecretStore() override;

    void read(const QString &key, Callback done);
    void write(const QString &key, const QString &secret, Callback done);
    void remove(const QString &key, Callback done);

    bool usingFallback() const { return m_fallback; }
    // A sentence for the user: where secrets are and why.
    QString fallbackMessage() const;

Q_SIGNALS:
    void fallbackActivated(const QString &message);

private:
    enum class Op { Read, Write, Remove };
    void startKeychain(Op op, const QString &key, const QString &secret, Callback done);
    void runOnFile(Op op, const QString &key, const QString &secret, Callback done);
    void activateFallback(const QString &reason);

    QString m_service;
    std::unique_ptr<EncryptedSecretFile> m_file;
    bool m_fallback = false;
    bool m_forcedFile = false;
    QString m_reason;
};

} // namespace tideline::models
