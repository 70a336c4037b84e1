#pragma once
// Who may call the API: API keys (stored as SHA-256 hashes; the key itself is shown once, at
// creation) with optional expiry, and users with PBKDF2-SHA256 password hashes. The key given
// to tidelined with --api-key-file is held in memory only (the file is its storage).
#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QHash>
#include <QSet>
#include <QString>
#include <mutex>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class ResourceStore;

class Credentials {
public:
    explicit Credentials(ResourceStore &store);

    void addBootstrapKey(const QString &key);
    bool verifyApiKey(const QString &key) const;
    bool verifyUser(const QString &username, const QString &password) const;

    // API keys (kind "api_key"): create returns CreateAPIKeyResponse (with the key itself).
    Outcome<QJsonObject> createApiKey(const QJsonObject &request);
    QJsonArray apiKeys() const;
    Result deleteApiKey(const QString &id);

    // Users (kind "user", id = username).
    Result createUser(const QJsonObject &request);
    QJsonArray users() const;
    Outcome<QJsonObject> user(const QString &name) const;
    Result updateUser(const QString &name, const QJsonObject &request);
    Result deleteUser(const QString &name);

    static QString generateKey(); // 60 characters of the URL-safe base64 alphabet
    static QByteArray hashKey(const QString &key);

private:
    static QJsonObject publicKey(QJsonObject stored);
    QByteArray loginCacheKey(const QString &username, const QString &password) const;
    ResourceStore &m_store;
    mutable std::mutex m_mutex;
    QSet<QByteArray> m_bootstrapHashes;
    // Verified logins: HTTP Basic sends the password with every request, and 100 000 rounds of
    // PBKDF2 per request would make a signed-in user's every call cost ~100 ms of server time.
    // Keyed by a salted hash of user and password (never the password itself); an entry holds
    // the password hash it was verified against, so a new password or a deleted user ends it.
    struct VerifiedLogin {
        QString passwordHash;
        qint64 expiresAtMs = 0;
    };
    QByteArray m_loginCacheSalt;
    mutable QHash<QByteArray, VerifiedLogin> m_verifiedLogins; // under m_mutex
};

} // namespace tideline::workspace
