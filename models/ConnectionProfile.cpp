#include "models/ConnectionProfile.h"
#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QUuid>

namespace tideline::models {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

ConnectionProfile ConnectionProfile::newLocal(const QString &name, const QString &dataDir)
{
    ConnectionProfile p;
    p.id = newId();
    p.name = name;
    p.kind = Kind::Local;
    p.dataDir = dataDir;
    return p;
}

ConnectionProfile ConnectionProfile::newRemote(const QString &name, const QUrl &url, const QString &workspace)
{
    ConnectionProfile p;
    p.id = newId();
    p.name = name;
    p.kind = Kind::Remote;
    p.url = url;
    p.workspace = workspace;
    return p;
}

QString ConnectionProfile::summary() const
{
    if (kind == Kind::Local)
        return QCoreApplication::translate("ConnectionProfile", "local: %1").arg(QDir::toNativeSeparators(dataDir));
    return QStringLiteral("%1 (%2)").arg(url.toString(QUrl::RemoveUserInfo), workspace);
}

QString ConnectionProfile::validationError() const
{
    auto tr = [](const char *text) { return QCoreApplication::translate("ConnectionProfile", text); };
    if (name.trimmed().isEmpty())
        return tr("Give the connection a name.");
    if (kind == Kind::Local)
        return dataDir.trimmed().isEmpty() ? tr("Choose a data folder.") : QString();
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("The server URL must look like http://host:8000 or https://host.");
    if (workspace.trimmed().isEmpty())
        return tr("Name the workspace (\"default\" on a self-hosted server).");
    if (auth == Auth::UserPassword && user.trimmed().isEmpty())
        return tr("Enter the user name.");
    return {};
}

void ConnectionProfile::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("name"), name);
    settings.setValue(QStringLiteral("kind"), kind == Kind::Local ? QStringLiteral("local") : QStringLiteral("remote"));
    settings.setValue(QStringLiteral("dataDir"), dataDir);
    settings.setValue(QStringLiteral("url"), url.toString());
    settings.setValue(QStringLiteral("workspace"), workspace);
    settings.setValue(QStringLiteral("auth"), auth == Auth::ApiKey ? QStringLiteral("apiKey") : QStringLiteral("userPassword"));
    settings.setValue(QStringLiteral("user"), user);
}

ConnectionProfile ConnectionProfile::load(QSettings &settings, const QString &id)
{
    ConnectionProfile p;
    p.id = id;
    p.name = settings.value(QStringLiteral("name")).toString();
    p.kind = settings.value(QStringLiteral("kind")).toString() == QLatin1String("remote") ? Kind::Remote : Kind::Local;
    p.dataDir = settings.value(QStringLiteral("dataDir")).toString();
    p.url = QUrl(settings.value(QStringLiteral("url")).toString());
    p.workspace = settings.value(QStringLiteral("workspace"), QStringLiteral("default")).toString();
    p.auth = settings.value(QStringLiteral("auth")).toString() == QLatin1String("userPassword") ? Auth::UserPassword : Auth::ApiKey;
    p.user = settings.value(QStringLiteral("user")).toString();
    return p;
}

} // namespace tideline::models
