#pragma once
// tidelined as an operator runs it, for GUI tests on the remote backend:
// `tidelined --data-dir D --listen 127.0.0.1:0 --api-key-file F` prints "listening on host:port"
// and writes its bootstrap API key to F. Stopped (SIGTERM) when this goes out of scope.
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QtTest>

namespace tideline::tests {

// The server as an operator runs it: tidelined --listen 127.0.0.1:0 prints its address.
struct Tidelined {
    QProcess process;
    QString url;
    QString key;

    bool start(const QString &dataDir, const QString &keyFile)
    {
        process.setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"));
        process.setArguments({QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--api-key-file"), keyFile});
        process.start();
        if (!process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(30000);
        while (!process.canReadLine() && process.state() == QProcess::Running && !deadline.hasExpired())
            QTest::qWait(20); // spinning: the event loop runs while we wait for the first line
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on ")))
            return false;
        url = QStringLiteral("http://") + line.mid(13);
        QFile file(keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        key = QString::fromUtf8(file.readAll()).trimmed();
        return true;
    }
    ~Tidelined()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(20000);
        }
    }
};

} // namespace tideline::tests
