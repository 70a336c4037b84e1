// The tidelined executable as an operator runs it: --listen with port 0 prints the address,
// a missing --api-key-file gets a random key written with mode 0600, requests need that key,
// and SIGTERM ends the process cleanly with what was created still there on the next start.
#include <QFile>
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

    bool start(const QString &dataDir, const QString &keyFile)
    {
        process.setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"));
        process.setArguments({QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--api-key-file"), keyFile});
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

int request(QNetworkAccessManager &nam, const QString &url, const QByteArray &method, const QByteArray &key, const QByteArray &body = {})
{
    QNetworkRequest r{QUrl(url)};
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!key.isEmpty())
        r.setRawHeader("X-Api-Key", key);
    QNetworkReply *reply = nam.sendCustomRequest(r, method, body);
    spinUntil([&] { return reply->isFinished(); });
    int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
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
