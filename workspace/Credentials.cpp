#include "workspace/Credentials.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QRegularExpression>
#include "workspace/QueryRun.h"
#include "workspace/ResourceStore.h"

namespace tideline::workspace {

namespace {

const QString kApiKey = QStringLiteral("api_key");
const QString kUser = QStringLiteral("user");
constexpr int kPbkdf2Iterations = 100000;

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes;
}

QByteArray derive(const QString &password, const QByteArray &salt)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, kPbkdf2Iterations, 32);
}

// "24h", "30m", "90s", "7d" -> seconds; -1 when malformed.
qint64 parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)(s|m|h|d)$"));
    auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return -1;
    qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2)[0].toLatin1()) {
    case 'd': return n * 86400;
    case 'h': return n * 3600;
    case 'm': return n * 60;
    default: return n;
    }
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

Credentials::Credentials(ResourceStore &store) : m_store(store), m_loginCacheSalt(randomBytes(32)) {}

QByteArray Credentials::loginCacheKey(const QString &username, const QString &password) const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(m_loginCacheSalt);
    h.addData(username.toUtf8());
    h.addData(QByteArrayView("\0", 1));
    h.addData(password.toUtf8());
    return h.result();
}

QString Credentials::generateKey()
{
    // 45 random bytes are exactly 60 base64 characters.
    return QString::fromLatin1(randomBytes(45).toBase64(QByteArray::Base64UrlEncoding));
}

QByteArray Credentials::hashKey(const QString &key)
{
    return QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
}

void Credentials::addBootstrapKey(const QString &key)
{
    std::lock_guard lock(m_mutex);
    m_bootstrapHashes.insert(hashKey(key));
}

bool Credentials::verifyApiKey(const QString &key) const
{
    if (key.isEmpty())
        return false;
    QByteArray hash = hashKey(key);
    {
        // Every stored hash is compared in full, with no early exit, so the time taken says
        // nothing about how close a guess came.
        std::lock_guard lock(m_mutex);
        bool bootstrap = false;
        for (const QByteArray &known : m_bootstrapHashes)
            bootstrap = constantTimeEquals(known, hash) || bootstrap;
        if (bootstrap)
            return true;
    }
    qint64 now = wallClockMs() / 1000;
    for (const auto &value : m_store.list(kApiKey)) {
        QJsonObject stored = value.toObject();
        if (!constantTimeEquals(stored.value(QStringLiteral("hash")).toString().toLatin1(), hash))
            continue;
        qint64 expireAt = stored.value(QStringLiteral("expire_at")).toInteger();
        return expireAt <= 0 || now < expireAt;
    }
    return false;
}

bool Credentials::verifyUser(const QString &username, const QString &password) const
{
    auto stored = m_store.get(kUser, username);
    if (!stored) {
        // The same PBKDF2 work as for a real user, so the answer's timing does not tell which
        // user names exist.
        static const QByteArray dummySalt = randomBytes(16);
        constantTimeEquals(derive(password, dummySalt), dummySalt);
        return false;
    }
    const QString passwordHash = stored->value(QStringLiteral("password_hash")).toString();
    const QByteArray cacheKey = loginCacheKey(username, password);
    const qint64 now = wallClockMs();
    {
        std::lock_guard lock(m_mutex);
        auto it = m_verifiedLogins.constFind(cacheKey);
        if (it != m_verifiedLogins.cend() && it->passwordHash == passwordHash && now < it->expiresAtMs)
            return true;
    }
    QByteArray salt = QByteArray::fromHex(stored->value(QStringLiteral("salt")).toString().toLatin1());
    QByteArray expected = QByteArray::fromHex(passwordHash.toLatin1());
    if (!constantTimeEquals(derive(password, salt), expected))
        return false;
    constexpr qint64 kVerifiedForMs = 5 * 60 * 1000;
    constexpr qsizetype kMaxVerifiedLogins = 4096;
    std::lock_guard lock(m_mutex);
    if (m_verifiedLogins.size() >= kMaxVerifiedLogins)
        m_verifiedLogins.clear(); // rare (that many distinct logins in 5 minutes): start over
    m_verifiedLogins.insert(cacheKey, {passwordHash, now + kVerifiedForMs});
    return true;
}

QJsonObject Credentials::publicKey(QJsonObject stored)
{
    stored.remove(QStringLiteral("hash"));
    stored.remove(QStringLiteral("last_updated_at"));
    stored[QStringLiteral("created_at")] = stored.value(QStringLiteral("created_epoch")).toInteger();
    stored.remove(QStringLiteral("created_epoch"));
    return stored;
}

Outcome<QJsonObject> Credentials::createApiKey(const QJsonObject &request)
{
    qint64 now = wallClockMs() / 1000;
    qint64 expireAt = 0;
    QString expireAtText = request.value(QStringLiteral("expire_at")).toString();
    QString expireIn = request.value(QStringLiteral("expire_in")).toString();
    if (!expireAtText.isEmpty() && !expireIn.isEmpty())
        return Failure::badRequest(QStringLiteral("expire_at and expire_in cannot be used together"));
    if (!expireAtText.isEmpty()) {
        QDateTime at = QDateTime::fromString(expireAtText, Qt::ISODate);
        if (!at.isValid())
            return Failure::badRequest(QStringLiteral("expire_at: '%1' is not an RFC 3339 time").arg(expireAtText));
        expireAt = at.toSecsSinceEpoch();
    } else if (!expireIn.isEmpty()) {
        qint64 seconds = parseDuration(expireIn);
        if (seconds <= 0)
            return Failure::badRequest(QStringLiteral("expire_in: '%1' is not a duration like 24h").arg(expireIn));
        expireAt = now + seconds;
    }
    QString key = generateKey();
    QString masked = key.left(4) + QStringLiteral("****") + key.right(4);
    QString name = request.value(QStringLiteral("name")).toString();
    QJsonObject stored{{QStringLiteral("name"), name.isEmpty() ? masked : QStringLiteral("%1 (%2)").arg(name, masked)},
                       {QStringLiteral("hash"), QString::fromLatin1(hashKey(key))},
                       {QStringLiteral("created_epoch"), now},
                       {QStringLiteral("expire_at"), expireAt},
                       {QStringLiteral("permissions"), QJsonArray{QStringLiteral("read:query"), QStringLiteral("write:query")}}};
    auto created = m_store.create(kApiKey, stored);
    if (!created)
        return created.failure();
    QJsonObject response = publicKey(*created);
    response[QStringLiteral("api_key")] = key;
    return response;
}

QJsonArray Credentials::apiKeys() const
{
    QJsonArray out;
    for (const auto &value : m_store.list(kApiKey))
        out.append(publicKey(value.toObject()));
    return out;
}

Result Credentials::deleteApiKey(const QString &id)
{
    return m_store.remove(kApiKey, id);
}

Result Credentials::createUser(const QJsonObject &request)
{
    QString username = request.value(QStringLiteral("username")).toString();
    QString password = request.value(QStringLiteral("password")).toString();
    QString role = request.value(QStringLiteral("role")).toString(QStringLiteral("read_only"));
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z][A-Za-z0-9_.@-]{0,63}$"));
    if (!validName.match(username).hasMatch())
        return Failure::badRequest(QStringLiteral("username '%1' is invalid").arg(username));
    if (password.isEmpty())
        return Failure::badRequest(QStringLiteral("password is required"));
    if (role != QLatin1String("admin") && role != QLatin1String("read_only"))
        return Failure::badRequest(QStringLiteral("role must be admin or read_only, not '%1'").arg(role));
    QByteArray salt = randomBytes(16);
    QJsonObject stored{{QStringLiteral("username"), username},
                       {QStringLiteral("role"), role},
                       {QStringLiteral("salt"), QString::fromLatin1(salt.toHex())},
                       {QStringLiteral("password_hash"), QString::fromLatin1(derive(password, salt).toHex())}};
    auto created = m_store.create(kUser, stored, username);
    if (!created)
        return created.failure();
    return done();
}

QJsonArray Credentials::users() const
{
    QJsonArray out;
    for (const auto &value : m_store.list(kUser)) {
        QJsonObject u = value.toObject();
        out.append(QJsonObject{{QStringLiteral("username"), u.value(QStringLiteral("username"))}, {QStringLiteral("role"), u.value(QStringLiteral("role"))}});
    }
    return out;
}

Outcome<QJsonObject> Credentials::user(const QString &name) const
{
    auto u = m_store.get(kUser, name);
    if (!u)
        return Failure::notFound(QStringLiteral("user '%1' not found").arg(name));
    return QJsonObject{{QStringLiteral("username"), u->value(QStringLiteral("username"))}, {QStringLiteral("role"), u->value(QStringLiteral("role"))}};
}

Result Credentials::updateUser(const QString &name, const QJsonObject &request)
{
    QJsonObject patch;
    if (request.contains(QStringLiteral("role"))) {
        QString role = request.value(QStringLiteral("role")).toString();
        if (role != QLatin1String("admin") && role != QLatin1String("read_only"))
            return Failure::badRequest(QStringLiteral("role must be admin or read_only, not '%1'").arg(role));
        patch[QStringLiteral("role")] = role;
    }
    if (request.contains(QStringLiteral("password"))) {
        QByteArray salt = randomBytes(16);
        patch[QStringLiteral("salt")] = QString::fromLatin1(salt.toHex());
        patch[QStringLiteral("password_hash")] = QString::fromLatin1(derive(request.value(QStringLiteral("password")).toString(), salt).toHex());
    }
    auto patched = m_store.patch(kUser, name, patch);
    if (!patched)
        return patched.failure();
    return done();
}

Result Credentials::deleteUser(const QString &name)
{
    return m_store.remove(kUser, name);
}

} // namespace tideline::workspace
