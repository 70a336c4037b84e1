#pragma once
// The real tidelined executable as a child process of a test, plus a blocking HTTP client for
// it. The crash, full-disk and load tests drive the binary users run (not an in-process
// ApiServer), so a SIGKILL, a file-size limit or an RSS reading concerns the whole server.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <csignal>
#include <functional>
#include <memory>
#include "ServerFixture.h"
#include "api/SseDecoder.h"

namespace tideline::server::testing {

class TidelinedChild {
public:
    // Writes `key` to the key file (mode 0600) the first time, so every restart uses one key.
    TidelinedChild(QString dataDir, QString keyFile, QByteArray key)
        : m_dataDir(std::move(dataDir)), m_keyFile(std::move(keyFile)), m_key(std::move(key))
    {
        QFile file(m_keyFile);
        if (!file.exists() && file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            file.write(m_key + '\n');
    }
    ~TidelinedChild() { kill(); }

    // Runs `modifier` in the child between fork and exec (e.g. setrlimit).
    void setChildModifier(std::function<void()> modifier) { m_modifier = std::move(modifier); }

    bool start(const QStringList &extra = {})
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"));
        m_process->setArguments(QStringList{QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                            QStringLiteral("--api-key-file"), m_keyFile}
                                + extra);
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        if (m_modifier)
            m_process->setChildProcessModifier(m_modifier);
        m_process->start();
        if (!m_process->waitForStarted(10000))
            return false;
        spinUntil([&] { return m_process->canReadLine() || m_process->state() == QProcess::NotRunning; }, 60000);
        QString line = QString::fromUtf8(m_process->readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on "))) {
            m_error = line + QString::fromUtf8(m_process->readAllStandardError());
            return false;
        }
        m_base = QStringLiteral("http://%1").arg(line.mid(13));
        return true;
    }
    // SIGKILL: no handler runs, nothing is flushed or closed by the server.
    void kill()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        ::kill(static_cast<pid_t>(m_process->processId()), SIGKILL);
        m_process->waitForFinished(20000);
    }
    int terminate()
    {
        m_process->terminate();
        m_process->waitForFinished(30000);
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    }
    bool running() const { return m_process && m_process->state() == QProcess::Running; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    QString error() const { return m_error + (m_process ? QString::fromUtf8(m_process->readAllStandardError()) : QString()); }
    const QByteArray &key() const { return m_key; }
    QString url(const QString &path) const { return m_base + QStringLiteral("/default/api/v1beta2") + path; }

    // A /proc/<pid>/status field in KiB: VmRSS now, VmHWM the peak so far.
    qint64 memoryKb(const char *field = "VmRSS:") const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith(field))
                return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
        return -1;
    }

private:
    QString m_dataDir, m_keyFile, m_base, m_error;
    QByteArray m_key;
    std::function<void()> m_modifier;
    std::unique_ptr<QProcess> m_process;
};

// Blocking requests (the event loop spins meanwhile, so in-process receivers keep serving).
class BlockingHttp {
public:
    explicit BlockingHttp(const TidelinedChild &server) : m_server(server) {}

    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body = {}, int timeoutMs = 30000)
    {
        QNetworkRequest request(QUrl(m_server.url(path)));
        request.setRawHeader("X-Api-Key", m_server.key());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        HttpReply out;
        if (spinUntil([&] { return reply->isFinished(); }, timeoutMs)) {
            out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            out.body = reply->readAll();
        } else {
            reply->abort();
        }
        reply->deleteLater();
        return out;
    }
    HttpReply post(const QString &path, const QJsonObject &json) { return send("POST", path, QJsonDocument(json).toJson(QJsonDocument::Compact)); }

    // The rows of a bounded query, or nullopt when it failed (status or error event).
    std::optional<QJsonArray> query(const QString &sql, int timeoutMs = 30000)
    {
        HttpReply reply = send("POST", QStringLiteral("/queries"), QJsonDocument(QJsonObject{{QStringLiteral("sql"), sql}}).toJson(QJsonDocument::Compact), timeoutMs);
        if (reply.status != 200)
            return std::nullopt;
        api::SseDecoder decoder;
        QList<api::SseEvent> events;
        decoder.feed(reply.body, events);
        QJsonArray rows;
        for (const auto &e : events) {
            if (e.event == "error")
                return std::nullopt;
            if (e.event == "message")
                for (const auto &row : QJsonDocument::fromJson(e.data).array())
                    rows.append(row);
        }
        return rows;
    }
    QNetworkAccessManager &nam() { return m_nam; }

private:
    const TidelinedChild &m_server;
    QNetworkAccessManager m_nam;
};

} // namespace tideline::server::testing
