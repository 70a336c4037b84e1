#pragma once
// A Workspace on a fresh data folder with a ManualClock, the ResourceCatalog calls a client
// makes for sources, bounded reads of the target stream, and a poll-with-deadline that keeps
// the event loop turning (peers such as a QWebSocketServer live on the test's thread).
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <gtest/gtest.h>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include "engine/common/Clock.h"
#include "engine/exec/Session.h"
#include "workspace/BlockJsonEncoder.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/SourceRunner.h"
#include "workspace/Workspace.h"

namespace tideline::workspace::testing {

// Polls `done` (turning the event loop) until true or the deadline; false on timeout.
template <class Pred>
bool waitUntil(Pred done, int timeoutMs = 15000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2); // a poll interval, not a wait for correctness
    }
    return true;
}

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

class SourceFixture : public ::testing::Test {
protected:
    void SetUp() override { openWorkspace(); }
    void TearDown() override { m_ws.reset(); }

    void openWorkspace()
    {
        auto ws = Workspace::open({.dataDir = m_dir.path(), .clock = &m_clock});
        ASSERT_TRUE(ws) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
    }
    // Closes and reopens the workspace on the same folder: a tidelined restart.
    void reopen()
    {
        m_ws.reset();
        openWorkspace();
    }
    void exec(const QString &sql)
    {
        auto done = m_ws->execute(sql);
        ASSERT_TRUE(done) << done.failure().message.toStdString();
    }
    // Rows of a bounded query as JSON arrays.
    // A result of one row. (QJsonArray{QJsonArray{...}} is that row itself under clang: a single
    // element of the class's own type copy-initializes.)
    static QJsonArray oneRow(QJsonArray row) { return QJsonArray{QJsonValue(std::move(row))}; }

    QJsonArray query(const QString &sql)
    {
        auto session = m_ws->engine().createSession();
        auto cursor = session->execute(sql.toStdString());
        EXPECT_TRUE(cursor) << cursor.status().message();
        QJsonArray out;
        if (!cursor)
            return out;
        BlockJsonEncoder encoder;
        engine::Block block;
        while (true) {
            auto more = (*cursor)->next(block);
            if (!more || !*more)
                break;
            std::string json;
            encoder.encodeRows(block, 0, block.rows(), json);
            for (const auto &row : QJsonDocument::fromJson(QByteArray::fromStdString(json)).array())
                out.append(row);
        }
        return out;
    }
    qint64 count(const QString &stream) { return query(QStringLiteral("SELECT count() FROM table(%1)").arg(stream)).at(0).toArray().at(0).toInteger(); }

    // From another thread, as an HTTP handler would: the create probes the peer, which may be
    // a server on this thread's event loop (kept turning meanwhile).
    Outcome<QJsonObject> create(const QJsonObject &doc)
    {
        std::optional<Outcome<QJsonObject>> made;
        std::atomic<bool> done{false};
        std::thread caller([&] { made.emplace(ResourceCatalog(*m_ws).create(QStringLiteral("source"), doc)); done = true; });
        waitUntil([&] { return done.load(); }, 60000);
        caller.join();
        return *made;
    }
    QString createSource(const QJsonObject &doc)
    {
        auto made = create(doc);
        EXPECT_TRUE(made) << made.failure().message.toStdString();
        return made ? made->value(QStringLiteral("id")).toString() : QString();
    }
    void action(const QString &id, const QString &what)
    {
        auto done = ResourceCatalog(*m_ws).action(QStringLiteral("source"), id, what);
        ASSERT_TRUE(done) << done.failure().message.toStdString();
    }
    QJsonObject stats(const QString &id) { return *ResourceCatalog(*m_ws).stats(QStringLiteral("source"), id); }
    // The failure of a create that must be refused, and that nothing was stored.
    Failure refused(const QJsonObject &doc)
    {
        auto made = create(doc);
        EXPECT_FALSE(made) << "stored: " << QJsonDocument(made ? *made : QJsonObject()).toJson().toStdString();
        EXPECT_TRUE(ResourceCatalog(*m_ws).list(QStringLiteral("source")).isEmpty());
        return made ? Failure{} : made.failure();
    }

    QTemporaryDir m_dir;
    engine::ManualClock m_clock{1'700'000'000'000'000'000LL};
    std::unique_ptr<Workspace> m_ws;
};

// nats-server from Debian (setup.sh installs it; /usr/sbin is not on every PATH).
inline QString natsServerBinary()
{
    QString found = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(QStringLiteral("nats-server"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return found;
}

// A nats-server child on a free loopback port with JetStream on a temporary store.
class NatsServer {
public:
    bool start(QString *why)
    {
        QString binary = natsServerBinary();
        if (binary.isEmpty()) {
            *why = QStringLiteral("nats-server is not installed (scripts/setup.sh installs it: apt-get install nats-server)");
            return false;
        }
        m_port = freePort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(binary, {QStringLiteral("-a"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                                 QStringLiteral("-js"), QStringLiteral("-sd"), m_store.path()});
        if (!m_process.waitForStarted(5000)) {
            *why = QStringLiteral("cannot start %1: %2").arg(binary, m_process.errorString());
            return false;
        }
        bool up = waitUntil([&] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            return socket.waitForConnected(100);
        }, 10000);
        if (!up)
            *why = QStringLiteral("nats-server did not listen: ") + QString::fromUtf8(m_process.readAll());
        return up;
    }
    ~NatsServer()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
    QString url() const { return QStringLiteral("nats://127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_process;
    QTemporaryDir m_store;
    quint16 m_port = 0;
};

} // namespace tideline::workspace::testing
