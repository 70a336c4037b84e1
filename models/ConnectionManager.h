#pragma once
// The connections of the workbench: the saved profiles, their secrets, and the one live
// connection (a SwitchableClient the window keeps). The composition root gives it a factory
// that turns a profile and its secret into a backend (LocalClient or RemoteClient), so
// models/ and ui/ never name a backend.
//
// Everything is asynchronous: connectTo() reads the secret (the keychain may take a moment),
// then switches the backend and opens it; test() opens a throw-away client and reports the
// first verdict; save() writes the profile at once and the secret through the SecretStore.
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>
#include "models/ConnectionProfile.h"

namespace tideline::client {
class WorkspaceClient;
}

namespace tideline::models {

class ConnectionProfileModel;
class SecretStore;
class SwitchableClient;

using ClientFactory = std::function<std::unique_ptr<client::WorkspaceClient>(const ConnectionProfile &, const QString &secret)>;

class ConnectionManager : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(bool ok, const QString &message)>;

    ConnectionManager(ClientFactory factory, SecretStore *secrets, QObject *parent = nullptr);
    ~ConnectionManager() override;

    ConnectionProfileModel *profiles() const { return m_profiles; }
    SecretStore *secrets() const { return m_secrets; }
    SwitchableClient *client() const { return m_client; }
    QString currentId() const { return m_currentId; }

    // Switches to the profile (the previous connection's queries should be cancelled by the
    // caller first: aboutToSwitch() says when). Remembered as the last one used.
    void connectTo(const QString &id);
    // Saves the profile; the secret too when `secret` is set (an empty string removes it).
    void save(const ConnectionProfile &profile, const std::optional<QString> &secret, Done done);
    void remove(const QString &id, Done done);
    // Opens a client for the profile with this secret and reports the first verdict: connected
    // (ok, with the server's description) or the error. A newer test supersedes an older one.
    void test(const ConnectionProfile &profile, const QString &secret, Done done);
    // Reads the profile's stored secret (empty when none).
    void readSecret(const QString &id, std::function<void(const QString &secret, const QString &error)> done);

    static constexpr int kTestTimeoutMs = 15000;

Q_SIGNALS:
    void aboutToSwitch(const QString &id);
    void currentChanged(const QString &id);
    // The switch could not start (the secret could not be read, the profile is incomplete).
    void connectFailed(const QString &message);

private:
    ClientFactory m_factory;
    SecretStore *m_secrets;
    ConnectionProfileModel *m_profiles;
    SwitchableClient *m_client;
    QString m_currentId;
    quint64 m_connectRequest = 0;
    quint64 m_testRequest = 0;
    QPointer<client::WorkspaceClient> m_testClient;
};

} // namespace tideline::models
