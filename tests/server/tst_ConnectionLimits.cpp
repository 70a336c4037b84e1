// Per-connection limits, seen from a raw socket as a misbehaving client would see them: a body
// larger than the limit is refused with 413 while it is still arriving (the server does not
// read, let alone hold, the rest), and a connection is closed after its allowance of requests
// with every one of them answered. Other connections are not affected.
#include "ServerFixture.h"

using namespace tideline::server::testing;

namespace {

QByteArray getRequest()
{
    return "GET /default/api/v1beta2/streams HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + kKey.toUtf8() + "\r\n\r\n";
}

} // namespace

class ConnectionLimitsTest : public ServerFixture {
protected:
    void SetUp() override { startServer({.maxBodyBytes = 64 << 10, .maxRequestsPerConnection = 5}); }
};

TEST_F(ConnectionLimitsTest, AnOversizedBodyIsRefusedWhileItArrivesAndTheConnectionClosed)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    // Announces 1 GiB, then sends it in 64 KiB pieces while the server lets it.
    socket.write("POST /default/api/v1beta2/streams/s/ingest HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + kKey.toUtf8()
                 + "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
    QByteArray piece(64 << 10, 'x');
    qint64 sent = 0;
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && sent < (64 << 20) && timer.elapsed() < 20000) {
        if (socket.bytesToWrite() < (1 << 20)) {
            socket.write(piece);
            sent += piece.size();
        }
        socket.waitForBytesWritten(10);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        answer += socket.readAll();
    }
    spinUntil([&] { answer += socket.readAll(); return socket.state() != QAbstractSocket::ConnectedState; }, 5000);
    answer += socket.readAll();
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.left(200).toStdString();
    EXPECT_TRUE(answer.contains("\"message\"")) << answer.toStdString();
    EXPECT_NE(socket.state(), QAbstractSocket::ConnectedState) << "the server kept reading a body over its limit";
    EXPECT_LT(sent, 16 << 20) << "the server read " << sent << " bytes before refusing";
    // Others are served as before.
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams")).status, 200);
}

TEST_F(ConnectionLimitsTest, AConnectionIsClosedAfterItsRequestsAllAnswered)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write(getRequest().repeated(8)); // pipelined: 8 requests, 5 allowed
    QByteArray answers;
    spinUntil([&] { answers += socket.readAll(); return socket.state() == QAbstractSocket::UnconnectedState; }, 10000);
    answers += socket.readAll();
    EXPECT_EQ(socket.state(), QAbstractSocket::UnconnectedState) << "still open after its fifth request";
    EXPECT_EQ(answers.count("HTTP/1.1 200"), 5) << answers.toStdString();

    // A client that reconnects goes on; keep-alive clients (QNetworkAccessManager) do it themselves.
    for (int i = 0; i < 12; ++i)
        ASSERT_EQ(get(QStringLiteral("/v1beta2/streams")).status, 200) << "request " << i;
}

TEST_F(ConnectionLimitsTest, RefusedRequestsCountTowardsTheLimitToo)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    QByteArray unauthorized = "GET /default/api/v1beta2/streams HTTP/1.1\r\nHost: x\r\n\r\n";
    socket.write(unauthorized.repeated(7));
    QByteArray answers;
    spinUntil([&] { answers += socket.readAll(); return socket.state() == QAbstractSocket::UnconnectedState; }, 10000);
    answers += socket.readAll();
    EXPECT_EQ(answers.count("HTTP/1.1 401"), 5) << answers.toStdString();
}
