// The tidelined executable as an operator runs it: --listen with port 0 prints the address,
// a missing --api-key-file gets a random key written with mode 0600, requests need that key,
// and SIGTERM ends the process cleanly with what was created still there on the next start;
// with --tls-cert/--tls-key it serves HTTPS (SSE included) and refuses plain HTTP.
#include <QFile>
#include <QSslConfiguration>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include "ServerFixture.h"

using namespace tideline::server::testing;

namespace {

struct Tidelined {
    QProcess process;
    QString address;

    bool start(const QString &dataDir, const QString &keyFile, const QStringList &extra = {})
    {
        process.setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"));
        process.setArguments(QStringList{QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                         QStringLiteral("--api-key-file"), keyFile}
                             + extra);
        process.start();
        if (!process.waitForStarted(10000))
            return false;
        spinUntil([&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }, 20000);
        QString line = QString::fromUtf8(process.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on ")))
            return false;
        address = line.mid(13);
        return true;
    }
    int stop()
    {
        process.terminate(); // SIGTERM
        process.waitForFinished(20000);
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
};

struct Response {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

Response fetch(QNetworkAccessManager &nam, const QString &url, const QByteArray &method, const QByteArray &key, const QByteArray &body = {},
               const QSslConfiguration *tls = nullptr)
{
    QNetworkRequest r{QUrl(url)};
    if (tls)
        r.setSslConfiguration(*tls);
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!key.isEmpty())
        r.setRawHeader("X-Api-Key", key);
    QNetworkReply *reply = nam.sendCustomRequest(r, method, body);
    spinUntil([&] { return reply->isFinished(); });
    Response response{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), reply->error()};
    reply->deleteLater();
    return response;
}

int request(QNetworkAccessManager &nam, const QString &url, const QByteArray &method, const QByteArray &key, const QByteArray &body = {})
{
    return fetch(nam, url, method, key, body).status;
}

} // namespace

TEST(TidelinedProcess, StartsWithAGeneratedKeyServesAndStopsCleanlyOnSigterm)
{
    QTemporaryDir dir;
    QString keyFile = dir.filePath(QStringLiteral("key"));
    Tidelined server;
    ASSERT_TRUE(server.start(dir.filePath(QStringLiteral("data")), keyFile)) << server.process.readAllStandardError().toStdString();
    struct stat st {};
    ASSERT_EQ(::stat(QFile::encodeName(keyFile).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    QFile file(keyFile);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QByteArray key = file.readAll().trimmed();
    EXPECT_EQ(key.size(), 60);

    QNetworkAccessManager nam;
    QString base = QStringLiteral("http://%1/default/api/v1beta2").arg(server.address);
    EXPECT_EQ(request(nam, base + QStringLiteral("/streams"), "GET", {}), 401);
    EXPECT_EQ(request(nam, base + QStringLiteral("/streams"), "POST", key, R"({"name":"kept","columns":[{"name":"a","type":"int32"}]})"), 201);
    EXPECT_EQ(server.stop(), 0);

    Tidelined again; // same data folder and key file: the stream and the key are still there
    ASSERT_TRUE(again.start(dir.filePath(QStringLiteral("data")), keyFile));
    EXPECT_EQ(request(nam, QStringLiteral("http://%1/default/api/v1beta2/streams/kept").arg(again.address), "GET", key), 200);
    EXPECT_EQ(again.stop(), 0);
}

TEST(TidelinedProcess, ServesHttpsWithTheGivenCertificateIncludingSse)
{
    QTemporaryDir dir;
    QString certs = qEnvironmentVariable("TIDELINE_SOURCE_DIR") + QStringLiteral("/tests/server/data/");
    QString keyFile = dir.filePath(QStringLiteral("key"));
    Tidelined server;
    ASSERT_TRUE(server.start(dir.filePath(QStringLiteral("data")), keyFile,
                             {QStringLiteral("--tls-cert"), certs + QStringLiteral("tls-test.crt"), QStringLiteral("--tls-key"),
                              certs + QStringLiteral("tls-test.key")}))
        << server.process.readAllStandardError().toStdString();
    QFile file(keyFile);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QByteArray key = file.readAll().trimmed();

    // Trust exactly the test certificate, as a client given the server's self-signed cert would.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(certs + QStringLiteral("tls-test.crt")));
    QNetworkAccessManager nam;
    QString base = QStringLiteral("https://%1/default/api/v1beta2").arg(server.address);
    EXPECT_EQ(fetch(nam, base + QStringLiteral("/streams"), "GET", {}, {}, &tls).status, 401);
    Response streams = fetch(nam, base + QStringLiteral("/streams"), "GET", key, {}, &tls);
    EXPECT_EQ(streams.status, 200) << streams.error;
    EXPECT_EQ(streams.body.trimmed(), "[]");

    Response sse = fetch(nam, base + QStringLiteral("/queries"), "POST", key, R"({"sql":"SELECT 41 + 1 AS answer"})", &tls);
    EXPECT_EQ(sse.status, 200) << sse.error;
    EXPECT_TRUE(sse.body.contains("event: query")) << sse.body.toStdString();
    EXPECT_TRUE(sse.body.contains("[[42]]")) << sse.body.toStdString();

    // Plain HTTP to the TLS port gets no HTTP answer.
    Response plain = fetch(nam, QStringLiteral("http://%1/default/api/v1beta2/streams").arg(server.address), "GET", key);
    EXPECT_EQ(plain.status, 0);
    EXPECT_NE(plain.error, QNetworkReply::NoError);

    // A client that does not trust the certificate is refused by its own TLS check.
    QNetworkAccessManager fresh; // nam would reuse its already-verified connection
    Response untrusted = fetch(fresh, base + QStringLiteral("/streams"), "GET", key);
    EXPECT_EQ(untrusted.error, QNetworkReply::SslHandshakeFailedError);
    EXPECT_EQ(server.stop(), 0);
}

TEST(TidelinedProcess, RefusesToServeWithoutAuthOnANonLoopbackAddress)
{
    QTemporaryDir dir;
    QProcess process;
    process.start(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"),
                  {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"),
                   QStringLiteral("--api-key-file"), dir.filePath(QStringLiteral("key")), QStringLiteral("--no-auth")});
    ASSERT_TRUE(process.waitForFinished(20000));
    EXPECT_EQ(process.exitCode(), 1);
    EXPECT_TRUE(process.readAllStandardError().contains("refusing --no-auth"));

    Tidelined loopback; // on loopback --no-auth is allowed (local development)
    ASSERT_TRUE(loopback.start(dir.filePath(QStringLiteral("data")), dir.filePath(QStringLiteral("key")), {QStringLiteral("--no-auth")}));
    QNetworkAccessManager nam;
    EXPECT_EQ(request(nam, QStringLiteral("http://%1/default/api/v1beta2/streams").arg(loopback.address), "GET", {}), 200);
    EXPECT_EQ(loopback.stop(), 0);
}

TEST(TidelinedProcess, RefusesAKeyFileThatOtherUsersCanRead)
{
    QTemporaryDir dir;
    QString keyFile = dir.filePath(QStringLiteral("key"));
    {
        QFile file(keyFile);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("tl_someone_elses_copy\n");
    }
    ASSERT_EQ(::chmod(QFile::encodeName(keyFile).constData(), 0644), 0);
    QProcess process;
    process.start(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"),
                  {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                   QStringLiteral("--api-key-file"), keyFile});
    ASSERT_TRUE(process.waitForFinished(20000));
    EXPECT_EQ(process.exitCode(), 1);
    EXPECT_TRUE(process.readAllStandardError().contains("chmod 600")) << "the message says how to fix it";

    ASSERT_EQ(::chmod(QFile::encodeName(keyFile).constData(), 0600), 0);
    Tidelined server; // once only its owner can read it, the same file is accepted
    ASSERT_TRUE(server.start(dir.filePath(QStringLiteral("data")), keyFile));
    QNetworkAccessManager nam;
    EXPECT_EQ(request(nam, QStringLiteral("http://%1/default/api/v1beta2/streams").arg(server.address), "GET", "tl_someone_elses_copy"), 200);
    EXPECT_EQ(server.stop(), 0);
}
