// Remote UDFs against a real HTTP peer on loopback: a QTcpServer on its own thread (the query
// thread blocks while the request is out) that answers Proton's protocol, checks the auth
// header, or never answers (the timeout). Batches: one POST per block.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <atomic>
#include <gtest/gtest.h>
#include <mutex>
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/formats/ValueWriter.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/Workspace.h"

using namespace tideline;
using namespace tideline::workspace;

namespace {

// Answers POST /upper with {"result": [upper-cased "ip" values]}, POST /secret the same but
// only with header X-Key: k1 (else 401), and never answers POST /slow.
class UdfPeer : public QObject {
public:
    UdfPeer()
    {
        m_thread.start();
        moveToThread(&m_thread);
        QMetaObject::invokeMethod(this, [this] { listen(); }, Qt::BlockingQueuedConnection);
    }
    ~UdfPeer() override
    {
        QMetaObject::invokeMethod(this, [this] { delete m_server; m_server = nullptr; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    QString url(const char *path) const { return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(QLatin1String(path)); }
    int requests() const { return m_requests; }
    QByteArray lastBody()
    {
        std::lock_guard lock(m_mutex);
        return m_lastBody;
    }

private:
    void listen()
    {
        m_server = new QTcpServer;
        m_server->listen(QHostAddress::LocalHost, 0);
        m_port = m_server->serverPort();
        QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    QByteArray head = buffer->left(end).toLower();
                    qsizetype at = head.indexOf("content-length:");
                    qsizetype length = at < 0 ? 0 : head.mid(at + 15, head.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
                    if (buffer->size() < end + 4 + length)
                        return;
                    answer(socket, head, buffer->mid(end + 4, length));
                });
            }
        });
    }
    void answer(QTcpSocket *socket, const QByteArray &head, const QByteArray &body)
    {
        ++m_requests;
        {
            std::lock_guard lock(m_mutex);
            m_lastBody = body;
        }
        if (head.startsWith("post /slow"))
            return; // never answers
        if (head.startsWith("post /secret") && !head.contains("\r\nx-key: k1")) {
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 6\r\nConnection: close\r\n\r\ndenied");
            socket->disconnectFromHost();
            return;
        }
        QJsonArray result;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QStringLiteral("ip")).toArray())
            result.append(v.toString().toUpper());
        QByteArray reply = QJsonDocument(QJsonObject{{QStringLiteral("result"), result}}).toJson(QJsonDocument::Compact);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + QByteArray::number(reply.size())
                      + "\r\n\r\n" + reply);
        socket->disconnectFromHost();
    }

    QThread m_thread;
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_requests{0};
    std::mutex m_mutex;
    QByteArray m_lastBody;
};

class RemoteFunctionTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto ws = Workspace::open({.dataDir = m_dir.path()});
        ASSERT_TRUE(ws) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
        m_session = m_ws->engine().createSession();
    }
    void run(const QString &sql)
    {
        auto r = m_session->execute(sql.toStdString());
        ASSERT_TRUE(r.isOk()) << sql.toStdString() << ": " << r.status().message();
    }
    std::vector<std::string> rows(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        if (!r.isOk())
            return {"error " + std::to_string(r.status().code())};
        std::vector<std::string> out;
        engine::Block b;
        for (;;) {
            auto more = (*r)->next(b);
            if (!more.isOk())
                return {"error " + std::to_string(more.status().code()) + ": " + more.status().message()};
            if (!*more)
                break;
            for (size_t i = 0; i < b.rows(); ++i)
                out.push_back(engine::valueToString(*b.at(0).column, i));
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    UdfPeer m_peer;
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<engine::Session> m_session;
};

using Rows = std::vector<std::string>;

} // namespace

TEST_F(RemoteFunctionTest, PostsOneBatchPerBlockAndReadsTheResultArray)
{
    run(QStringLiteral("CREATE REMOTE FUNCTION upper_ip(ip string) RETURNS string URL '%1' AUTH_METHOD 'none'").arg(m_peer.url("upper")));
    run(QStringLiteral("CREATE STREAM s (ip string)"));
    run(QStringLiteral("INSERT INTO s (ip) VALUES ('a.b'), ('c.d'), ('e.f')"));
    int before = m_peer.requests();
    EXPECT_EQ(rows("SELECT upper_ip(ip) FROM table(s)"), (Rows{"A.B", "C.D", "E.F"}));
    EXPECT_EQ(m_peer.requests() - before, 1) << "three rows, one POST";
    EXPECT_EQ(m_peer.lastBody().toStdString(), R"({"ip":["a.b","c.d","e.f"]})");
}

TEST_F(RemoteFunctionTest, SendsTheAuthHeaderAndReportsRefusals)
{
    run(QStringLiteral("CREATE REMOTE FUNCTION with_key(ip string) RETURNS string URL '%1' AUTH_METHOD 'auth_header' AUTH_HEADER 'X-Key' AUTH_KEY 'k1'")
            .arg(m_peer.url("secret")));
    run(QStringLiteral("CREATE REMOTE FUNCTION without_key(ip string) RETURNS string URL '%1' AUTH_METHOD 'none'").arg(m_peer.url("secret")));
    EXPECT_EQ(rows("SELECT with_key('x')"), (Rows{"X"}));
    Rows refused = rows("SELECT without_key('x')");
    EXPECT_TRUE(refused[0].starts_with("error 2533") && refused[0].find("401") != std::string::npos) << refused[0];
}

TEST_F(RemoteFunctionTest, TimesOutWithCode159AndStaysUsable)
{
    run(QStringLiteral("CREATE REMOTE FUNCTION slow(ip string) RETURNS string URL '%1' AUTH_METHOD 'none' EXECUTION_TIMEOUT 300").arg(m_peer.url("slow")));
    run(QStringLiteral("CREATE REMOTE FUNCTION upper_ip(ip string) RETURNS string URL '%1' AUTH_METHOD 'none'").arg(m_peer.url("upper")));
    Rows stopped = rows("SELECT slow('x')");
    EXPECT_TRUE(stopped[0].starts_with("error 159")) << stopped[0];
    EXPECT_EQ(rows("SELECT upper_ip('y')"), (Rows{"Y"}));
}

TEST_F(RemoteFunctionTest, UdfDocumentOfTypeRemoteCreatesTheFunction)
{
    ResourceCatalog catalog(*m_ws);
    QJsonObject doc{{QStringLiteral("name"), QStringLiteral("rest_upper")},
                    {QStringLiteral("type"), QStringLiteral("remote")},
                    {QStringLiteral("arguments"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("ip")}, {QStringLiteral("type"), QStringLiteral("string")}}}},
                    {QStringLiteral("return_type"), QStringLiteral("string")},
                    {QStringLiteral("url"), m_peer.url("secret")},
                    {QStringLiteral("auth_method"), QStringLiteral("auth_header")},
                    {QStringLiteral("auth_context"), QJsonObject{{QStringLiteral("key_name"), QStringLiteral("X-Key")}, {QStringLiteral("key_value"), QStringLiteral("k1")}}}};
    auto created = catalog.create(QStringLiteral("udf"), doc);
    ASSERT_TRUE(created) << created.failure().message.toStdString();
    EXPECT_EQ(rows("SELECT rest_upper('q')"), (Rows{"Q"}));

    QJsonObject noUrl = doc;
    noUrl[QStringLiteral("name")] = QStringLiteral("no_url");
    noUrl.remove(QStringLiteral("url"));
    auto refused = catalog.create(QStringLiteral("udf"), noUrl);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.failure().code, 36);
}
