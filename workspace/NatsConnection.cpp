#include "workspace/NatsConnection.h"

#include <vector>

namespace tideline::workspace {

NatsSettings NatsSettings::read(SourceProperties &props)
{
    NatsSettings s;
    s.urls = props.list(QStringLiteral("url"));
    if (s.urls.isEmpty())
        props.fail(QStringLiteral("properties.url is required (a list like [nats://127.0.0.1:4222])"));
    s.token = props.string(QStringLiteral("token"));
    s.username = props.string(QStringLiteral("username"), props.string(QStringLiteral("user")));
    s.password = props.string(QStringLiteral("password"));
    s.credentialsFile = props.string(QStringLiteral("credentials_file"));
    QJsonValue disable = props.value(QStringLiteral("tls.disable"));
    s.secure = (disable.isBool() && !disable.toBool());
    for (const QString &u : s.urls)
        s.secure = s.secure || u.startsWith(QLatin1String("tls://"));
    s.skipVerify = props.flag(QStringLiteral("tls.skip_verify_server"), false);
    return s;
}

QString natsError(natsStatus status)
{
    QString text = QString::fromUtf8(natsStatus_GetText(status));
    if (const char *last = nats_GetLastError(nullptr); last && *last)
        text += QStringLiteral(" (") + QString::fromUtf8(last) + QLatin1Char(')');
    return text;
}

NatsConnection::~NatsConnection()
{
    if (m_nc)
        natsConnection_Destroy(m_nc);
}

QString NatsConnection::connect(const NatsSettings &settings, int timeoutMs)
{
    natsOptions *opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    std::vector<QByteArray> urls;
    for (const QString &u : settings.urls)
        urls.push_back(u.toUtf8());
    std::vector<const char *> servers;
    for (const auto &u : urls)
        servers.push_back(u.constData());
    const QByteArray token = settings.token.toUtf8(), user = settings.username.toUtf8(), password = settings.password.toUtf8();
    const QByteArray creds = settings.credentialsFile.toUtf8();
    if (s == NATS_OK)
        s = natsOptions_SetServers(opts, servers.data(), static_cast<int>(servers.size()));
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(opts, timeoutMs);
    if (s == NATS_OK && !token.isEmpty())
        s = natsOptions_SetToken(opts, token.constData());
    if (s == NATS_OK && !user.isEmpty())
        s = natsOptions_SetUserInfo(opts, user.constData(), password.constData());
    if (s == NATS_OK && !creds.isEmpty())
        s = natsOptions_SetUserCredentialsFromFiles(opts, creds.constData(), nullptr);
    if (s == NATS_OK && settings.secure)
        s = natsOptions_SetSecure(opts, true);
    if (s == NATS_OK && settings.skipVerify)
        s = natsOptions_SkipServerVerification(opts, true);
    // A source reconnects on its own (with its stats showing why); libnats' own reconnects
    // would keep a dead connection looking alive for a minute.
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(opts, 5);
    if (s == NATS_OK)
        s = natsConnection_Connect(&m_nc, opts);
    QString error = s == NATS_OK ? QString() : natsError(s);
    natsOptions_Destroy(opts);
    return error;
}

} // namespace tideline::workspace
