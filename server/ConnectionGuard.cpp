#include "server/ConnectionGuard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace tideline::server {

namespace {

// A QTcpServer that hands each new socket to `watch` before QHttpServer connects to it, so the
// guard's readyRead slot runs before the server's parser drains the socket.
class WatchedTcpServer final : public QTcpServer {
public:
    WatchedTcpServer(std::function<void(QTcpSocket *)> watch, QObject *parent) : QTcpServer(parent), m_watch(std::move(watch)) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        m_watch(socket);
        addPendingConnection(socket);
    }

private:
    std::function<void(QTcpSocket *)> m_watch;
};

QByteArray tooLarge(qint64 limit)
{
    QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("code"), 0},
                                                {QStringLiteral("message"), QStringLiteral("request over the connection limit of %1 bytes").arg(limit)},
                                                {QStringLiteral("system"), false}})
                          .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, QObject *parent) : QObject(parent), m_limits(limits) {}

QTcpServer *ConnectionGuard::listen(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls, QObject *parent)
{
    QTcpServer *server = nullptr;
    if (tls) {
        auto *ssl = new QSslServer(parent);
        ssl->setSslConfiguration(*tls);
        // Sockets of a TLS server are made by QSslServer; it names each one here, before the
        // handshake, long before QHttpServer takes it.
        QObject::connect(ssl, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket *socket) { watch(socket); });
        server = ssl;
    } else {
        server = new WatchedTcpServer([this](QTcpSocket *socket) { watch(socket); }, parent);
    }
    if (!server->listen(address, port)) {
        delete server;
        return nullptr;
    }
    return server;
}

void ConnectionGuard::watch(QTcpSocket *socket)
{
    m_connections.insert(socket, State{});
    QObject::connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    QObject::connect(socket, &QIODevice::readyRead, this, [this, socket] { onBytes(socket); });
}

// Runs before QHttpServer's own readyRead slot, which reads everything available: so what is
// available here is what arrived since, and adds to what the parser now holds for this request.
void ConnectionGuard::onBytes(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    if (it->refused) {
        socket->readAll(); // nothing more reaches the parser
        return;
    }
    it->buffered += socket->bytesAvailable();
    if (it->buffered <= m_limits.maxBufferedBytes)
        return;
    it->refused = true;
    socket->readAll();
    socket->write(tooLarge(m_limits.maxBufferedBytes));
    socket->disconnectFromHost(); // after the answer is written
}

bool ConnectionGuard::admit(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return true;
    it->buffered = 0; // the parser has handed this request over
    if (it->refused || it->requests >= m_limits.maxRequests)
        return false;
    ++it->requests;
    return true;
}

void ConnectionGuard::answered(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end() && it->requests >= m_limits.maxRequests) {
        it->refused = true; // pipelined requests behind the last one are dropped with the connection
        socket->disconnectFromHost();
    }
}

} // namespace tideline::server
