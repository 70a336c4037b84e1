#include "models/EncryptedSecretFile.h"
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tideline::models {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString tr(const char *text)
{
    return QCoreApplication::translate("EncryptedSecretFile", text);
}

struct CipherContext {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    ~CipherContext() { EVP_CIPHER_CTX_free(ctx); }
};

// nonce | ciphertext | tag; the entry name is authenticated so a value cannot be moved to
// another entry.
QByteArray seal(const QByteArray &key, const QByteArray &aad, const QByteArray &plain)
{
    QByteArray nonce(kNonceBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(nonce.data()), kNonceBytes) != 1)
        return {};
    CipherContext c;
    QByteArray out(plain.size() + kTagBytes, Qt::Uninitialized);
    int len = 0, total = 0;
    auto u = [](QByteArray &b) { return reinterpret_cast<unsigned char *>(b.data()); };
    auto cu = [](const QByteArray &b) { return reinterpret_cast<const unsigned char *>(b.constData()); };
    if (!c.ctx || EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, cu(key), cu(nonce)) != 1
        || EVP_EncryptUpdate(c.ctx, nullptr, &len, cu(aad), int(aad.size())) != 1
        || EVP_EncryptUpdate(c.ctx, u(out), &len, cu(plain), int(plain.size())) != 1)
        return {};
    total = len;
    if (EVP_EncryptFinal_ex(c.ctx, u(out) + total, &len) != 1)
        return {};
    total += len;
    if (EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, u(out) + total) != 1)
        return {};
    out.resize(total + kTagBytes);
    return nonce + out;
}

bool open(const QByteArray &key, const QByteArray &aad, const QByteArray &sealed, QByteArray *plain)
{
    if (sealed.size() < kNonceBytes + kTagBytes)
        return false;
    const QByteArray nonce = sealed.left(kNonceBytes);
    QByteArray tag = sealed.right(kTagBytes);
    const QByteArray cipher = sealed.mid(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
    auto cu = [](const QByteArray &b) { return reinterpret_cast<const unsigned char *>(b.constData()); };
    CipherContext c;
    QByteArray out(cipher.size() + 16, Qt::Uninitialized);
    int len = 0, total = 0;
    if (!c.ctx || EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, cu(key), cu(nonce)) != 1
        || EVP_DecryptUpdate(c.ctx, nullptr, &len, cu(aad), int(aad.size())) != 1
        || EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char *>(out.data()), &len, cu(cipher), int(cipher.size())) != 1)
        return false;
    total = len;
    if (EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1
        || EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char *>(out.data()) + total, &len) != 1)
        return false; // wrong key or tampered data
    out.resize(total + len);
    *plain = out;
    return true;
}

} // namespace

EncryptedSecretFile::EncryptedSecretFile(const QString &directory) : m_dir(directory) {}

QString EncryptedSecretFile::secretsPath() const
{
    return QDir(m_dir).filePath(QStringLiteral("secrets.json"));
}

QString EncryptedSecretFile::keyPath() const
{
    return QDir(m_dir).filePath(QStringLiteral("secrets.key"));
}

bool EncryptedSecretFile::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool EncryptedSecretFile::loadKey(bool create)
{
    if (m_key.size() == kKeyBytes)
        return true;
    const QByteArray path = QFile::encodeName(keyPath());
    QFile file(keyPath());
    if (file.exists()) {
        // A key file someone made readable by others is tightened, not trusted as is.
        if (file.permissions() & ~(kOwnerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser))
            ::chmod(path.constData(), S_IRUSR | S_IWUSR);
        if (!file.open(QIODevice::ReadOnly))
            return fail(tr("Cannot read the key file %1: %2").arg(keyPath(), file.errorString()));
        m_key = file.readAll();
        return m_key.size() == kKeyBytes || fail(tr("The key file %1 is damaged.").arg(keyPath()));
    }
    if (!create)
        return false;
    if (!QDir().mkpath(m_dir))
        return fail(tr("Cannot create %1").arg(m_dir));
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), kKeyBytes) != 1)
        return fail(tr("No random numbers for a new key."));
    // Created 0600 by open(2) itself: no moment where the key is readable by others.
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return fail(tr("Cannot create the key file %1").arg(keyPath()));
    const bool ok = ::write(fd, key.constData(), size_t(key.size())) == key.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok)
        return fail(tr("Cannot write the key file %1").arg(keyPath()));
    m_key = key;
    return true;
}

bool EncryptedSecretFile::loadEntries(QJsonObject *entries)
{
    QFile file(secretsPath());
    if (!file.exists()) {
        *entries = {};
        return true;
    }
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read %1: %2").arg(secretsPath(), file.errorString()));
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        return fail(tr("%1 is damaged.").arg(secretsPath()));
    *entries = doc.object();
    return true;
}

bool EncryptedSecretFile::saveEntries(const QJsonObject &entries)
{
    QSaveFile file(secretsPath());
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("Cannot write %1: %2").arg(secretsPath(), file.errorString()));
    file.setPermissions(kOwnerOnly);
    file.write(QJsonDocument(entries).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(tr("Cannot write %1: %2").arg(secretsPath(), file.errorString()));
    QFile::setPermissions(secretsPath(), kOwnerOnly);
    return true;
}

bool EncryptedSecretFile::write(const QString &name, const QString &secret)
{
    m_error.clear();
    QJsonObject entries;
    if (!loadKey(true) || !loadEntries(&entries))
        return false;
    const QByteArray sealed = seal(m_key, name.toUtf8(), secret.toUtf8());
    if (sealed.isEmpty())
        return fail(tr("Encryption failed."));
    entries.insert(name, QString::fromLatin1(sealed.toBase64()));
    return saveEntries(entries);
}

bool EncryptedSecretFile::read(const QString &name, QString *secret)
{
    m_error.clear();
    QJsonObject entries;
    if (!loadEntries(&entries) || !entries.contains(name))
        return false;
    if (!loadKey(false))
        return m_error.isEmpty() ? fail(tr("The key file %1 is missing.").arg(keyPath())) : false;
    QByteArray plain;
    if (!open(m_key, name.toUtf8(), QByteArray::fromBase64(entries.value(name).toString().toLatin1()), &plain))
        return fail(tr("The secret \"%1\" cannot be decrypted (the key file changed?).").arg(name));
    *secret = QString::fromUtf8(plain);
    return true;
}

bool EncryptedSecretFile::remove(const QString &name)
{
    m_error.clear();
    QJsonObject entries;
    if (!loadEntries(&entries))
        return false;
    if (!entries.contains(name))
        return true;
    entries.remove(name);
    return saveEntries(entries);
}

} // namespace tideline::models
