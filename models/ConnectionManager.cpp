#include "models/ConnectionManager.h"
#include <QTimer>
#include "client/WorkspaceClient.h"
#include "models/ConnectionProfileModel.h"
#include "models/SecretStore.h"
#include "models/SwitchableClient.h"

namespace tideline::models {

using client::ConnectionState;

ConnectionManager::ConnectionManager(ClientFactory factory, SecretStore *secrets, QObject *parent)
    : QObject(parent), m_factory(std::move(factory)), m_secrets(secrets), m_profiles(new ConnectionProfileModel(this)),
      m_client(new SwitchableClient(this))
{
}

ConnectionManager::~ConnectionManager()
{
    delete m_testClient;
}

void ConnectionManager::readSecret(const QString &id, std::function<void(const QString &, const QString &)> done)
{
    const ConnectionProfile p = m_profiles->profile(id);
    if (p.id.isEmpty() || p.kind == ConnectionProfile::Kind::Local) {
        QTimer::singleShot(0, this, [done] { done({}, {}); }); // a local engine has no secret
        return;
    }
    m_secrets->read(p.secretKey(), [done](const SecretStore::Result &r) { done(r.secret, r.ok ? QString() : r.error); });
}

void ConnectionManager::connectTo(const QString &id)
{
    const ConnectionProfile profile = m_profiles->profile(id);
    if (profile.id.isEmpty()) {
        Q_EMIT connectFailed(tr("There is no saved connection %1.").arg(id));
        return;
    }
    const quint64 request = ++m_connectRequest; // a later connectTo() wins
    readSecret(id, [this, request, profile](const QString &secret, const QString &error) {
        if (request != m_connectRequest)
            return;
        if (!error.isEmpty()) {
            Q_EMIT connectFailed(tr("Cannot read the secret of %1: %2").arg(profile.name, error));
            return;
        }
        Q_EMIT aboutToSwitch(profile.id);
        m_client->setBackend(m_factory(profile, secret));
        m_currentId = profile.id;
        m_profiles->setLastUsed(profile.id);
        Q_EMIT currentChanged(profile.id);
        m_client->open();
    });
}

void ConnectionManager::save(const ConnectionProfile &profile, const std::optional<QString> &secret, Done done)
{
    if (const QString invalid = profile.validationError(); !invalid.isEmpty()) {
        QTimer::singleShot(0, this, [done, invalid] { done(false, invalid); });
        return;
    }
    m_profiles->upsert(profile);
    if (!secret || profile.kind == ConnectionProfile::Kind::Local) {
        QTimer::singleShot(0, this, [done] { done(true, {}); });
        return;
    }
    auto finished = [done](const SecretStore::Result &r) { done(r.ok, r.error); };
    if (secret->isEmpty())
        m_secrets->remove(profile.secretKey(), finished);
    else
        m_secrets->write(profile.secretKey(), *secret, finished);
}

void ConnectionManager::remove(const QString &id, Done done)
{
    const ConnectionProfile profile = m_profiles->profile(id);
    m_profiles->remove(id);
    if (id == m_currentId) { // the connection in use goes away with its profile
        Q_EMIT aboutToSwitch({});
        m_client->setBackend(nullptr);
        m_currentId.clear();
        Q_EMIT currentChanged({});
    }
    m_secrets->remove(profile.secretKey(), [done](const SecretStore::Result &r) { done(r.ok, r.error); });
}

void ConnectionManager::test(const ConnectionProfile &profile, const QString &secret, Done done)
{
    const quint64 request = ++m_testRequest;
    delete m_testClient; // a newer test supersedes the one still waiting
    if (const QString invalid = profile.validationError(); !invalid.isEmpty()) {
        QTimer::singleShot(0, this, [done, invalid] { done(false, invalid); });
        return;
    }
    // The engine of the connection in use is already open; a second one on the same folder
    // would write the same logs. Its health is the answer.
    if (profile.kind == ConnectionProfile::Kind::Local && profile.id == m_currentId
        && m_profiles->profile(m_currentId).dataDir == profile.dataDir) {
        const bool ok = m_client->state() == ConnectionState::Connected;
        const QString state = client::connectionStateName(m_client->state());
        QTimer::singleShot(0, this, [done, ok, state] { done(ok, ok ? tr("Connected (in use).") : state); });
        return;
    }
    std::unique_ptr<client::WorkspaceClient> c = m_factory(profile, secret);
    m_testClient = c.release();
    m_testClient->setParent(this);
    client::WorkspaceClient *tested = m_testClient;
    auto verdict = [this, request, tested, done](bool ok, const QString &message) {
        if (request != m_testRequest || tested != m_testClient)
            return;
        m_testClient = nullptr;
        tested->deleteLater();
        done(ok, message);
    };
    connect(tested, &client::WorkspaceClient::stateChanged, this, [tested, verdict](ConnectionState s, const QString &message) {
        if (s == ConnectionState::Connected)
            verdict(true, tr("Connected to %1.").arg(tested->description()));
        else if (s == ConnectionState::Failed || s == ConnectionState::Reconnecting) // the first network error is the answer
            verdict(false, message.isEmpty() ? client::connectionStateName(s) : message);
    });
    QTimer::singleShot(kTestTimeoutMs, tested, [verdict] { verdict(false, tr("No answer within %1 s.").arg(kTestTimeoutMs / 1000)); });
    tested->open();
}

} // namespace tideline::models
