#pragma once
// One saved connection: the embedded engine on a data folder, or a remote v1beta2 server
// (tidelined, Timeplus Enterprise/Cloud) with a workspace and an API key or a user and password.
// The profile never holds the secret itself: the API key or password lives in the SecretStore
// under secretKey(), so nothing secret reaches QSettings.
#include <QString>
#include <QUrl>

class QSettings;

namespace tideline::models {

struct ConnectionProfile {
    enum class Kind { Local, Remote };
    enum class Auth { ApiKey, UserPassword };

    QString id;      // stable, generated once (a UUID); the settings group and the secret's key
    QString name;    // what the switcher shows
    Kind kind = Kind::Local;
    QString dataDir; // Local
    QUrl url;        // Remote: "http://127.0.0.1:8000"
    QString workspace = QStringLiteral("default");
    Auth auth = Auth::ApiKey;
    QString user;    // Auth::UserPassword

    static ConnectionProfile newLocal(const QString &name, const QString &dataDir);
    static ConnectionProfile newRemote(const QString &name, const QUrl &url, const QString &workspace = QStringLiteral("default"));

    // "local: ~/data" or "http://host:8000 (default)".
    QString summary() const;
    // The SecretStore entry holding the API key or the password.
    QString secretKey() const { return QStringLiteral("connection/") + id; }
    // Empty when the profile can be used; else what is missing, for the dialog.
    QString validationError() const;

    // Reads/writes the non-secret fields in the settings' current group.
    void save(QSettings &settings) const;
    static ConnectionProfile load(QSettings &settings, const QString &id);

    bool operator==(const ConnectionProfile &other) const = default;
};

} // namespace tideline::models
