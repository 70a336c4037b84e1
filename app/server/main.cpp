// tidelined: the Timeplus REST API v1beta2 with SSE, served from the embedded engine.
//
//   tidelined --data-dir DIR --listen HOST:PORT --api-key-file FILE [--tls-cert C --tls-key K]
//
// Composition root only: opens the workspace, the HTTP server, and shuts both down cleanly on
// SIGTERM/SIGINT (queries cancelled, logs closed).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThreadPool>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>
#include "api/SchemaValidator.h"
#include "server/ApiServer.h"
#include "workspace/Credentials.h"
#include "workspace/Workspace.h"

using namespace tideline;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(g_signalFds[1], &byte, 1); // async-signal-safe
}

// SIGTERM/SIGINT end the event loop through a socket pair, the one safe path from a handler.
void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFds[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

// The admin key: read from FILE, or generated and written there (mode 0600) when it is missing.
std::optional<QString> loadOrCreateKey(const QString &path, QString *error)
{
    QFile file(path);
    if (file.exists()) {
        // Like ssh with a private key: a key that others can read may already be theirs, so the
        // server refuses it rather than serve with it.
        const auto shared = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (file.permissions() & shared) {
            *error = QStringLiteral("the API key file %1 is readable or writable by other users; chmod 600 it").arg(path);
            return std::nullopt;
        }
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        return QString::fromUtf8(file.readAll()).trimmed();
    }
    QString key = workspace::Credentials::generateKey();
    // Created with mode 0600 by open() itself: a chmod after creating it would leave a moment in
    // which the umask's mode (often 0644) lets other users read the key.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return std::nullopt;
    file.write(key.toUtf8() + '\n');
    return key;
}

void fail(const QString &message)
{
    std::fprintf(stderr, "tidelined: %s\n", qPrintable(message));
    // The OpenAPI document may still be parsing on a pool thread: exit() would destroy the
    // statics it is using under it (a crash instead of exit code 1).
    QThreadPool::globalInstance()->waitForDone();
    std::exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tidelined"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Timeplus REST API v1beta2 server on the Tideline engine"));
    parser.addHelpOption();
    QString defaultData = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/tideline/server");
    parser.addOptions({{QStringLiteral("data-dir"), QStringLiteral("Data folder."), QStringLiteral("DIR"), defaultData},
                       {QStringLiteral("listen"), QStringLiteral("Address to listen on (port 0 picks a free one)."), QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8000")},
                       {QStringLiteral("api-key-file"), QStringLiteral("File holding the admin API key (created with a random key if missing)."), QStringLiteral("FILE")},
                       {QStringLiteral("tls-cert"), QStringLiteral("PEM certificate for HTTPS."), QStringLiteral("FILE")},
                       {QStringLiteral("tls-key"), QStringLiteral("PEM private key for HTTPS."), QStringLiteral("FILE")},
                       {QStringLiteral("max-body-bytes"), QStringLiteral("Largest request body accepted."), QStringLiteral("N"), QStringLiteral("67108864")},
                       {QStringLiteral("no-auth"), QStringLiteral("Accept requests without credentials (local development only).")}});
    parser.process(app);

    // The first request is validated against the OpenAPI document (~7 ms to parse): parse it
    // while the workspace opens (mostly waiting on fsync), not in the first client's time.
    QThreadPool::globalInstance()->start([] { api::SchemaValidator::embedded(); });
    auto ws = workspace::Workspace::open({.dataDir = parser.value(QStringLiteral("data-dir"))});
    if (!ws)
        fail(ws.failure().message);
    QString keyFile = parser.value(QStringLiteral("api-key-file"));
    if (keyFile.isEmpty())
        keyFile = parser.value(QStringLiteral("data-dir")) + QStringLiteral("/api-key");
    QString keyError;
    auto key = loadOrCreateKey(keyFile, &keyError);
    if (!keyError.isEmpty())
        fail(keyError);
    if (!key || key->isEmpty())
        fail(QStringLiteral("cannot read or create the API key file %1").arg(keyFile));
    (*ws)->credentials().addBootstrapKey(*key);

    server::ServerOptions options;
    options.maxBodyBytes = parser.value(QStringLiteral("max-body-bytes")).toLongLong();
    options.requireAuth = !parser.isSet(QStringLiteral("no-auth"));
    server::ApiServer server(**ws, options);
    if (parser.isSet(QStringLiteral("tls-cert"))) {
        QFile certFile(parser.value(QStringLiteral("tls-cert"))), keyPem(parser.value(QStringLiteral("tls-key")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyPem.open(QIODevice::ReadOnly))
            fail(QStringLiteral("cannot read the TLS certificate or key"));
        QByteArray pem = keyPem.readAll();
        QSslKey sslKey(pem, QSsl::Rsa);
        if (sslKey.isNull())
            sslKey = QSslKey(pem, QSsl::Ec);
        QSslCertificate certificate(&certFile);
        if (sslKey.isNull() || certificate.isNull())
            fail(QStringLiteral("the TLS certificate or key is not valid PEM"));
        server.sslSetup(certificate, sslKey);
    }
    QString listen = parser.value(QStringLiteral("listen"));
    qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    QHostAddress address(colon > 0 ? listen.left(colon) : QStringLiteral("127.0.0.1"));
    if (!options.requireAuth && !address.isLoopback())
        fail(QStringLiteral("refusing --no-auth on %1: without authentication tidelined serves only a loopback address").arg(address.toString()));
    quint16 port = server.listen(address, static_cast<quint16>(listen.mid(colon + 1).toUInt()));
    if (port == 0)
        fail(QStringLiteral("cannot listen on %1").arg(listen));
    std::printf("listening on %s:%u\n", qPrintable(address.toString()), port);
    std::fflush(stdout);

    quitOnSignals(app);
    int rc = app.exec();
    (*ws)->shutdown();
    return rc;
}
