#pragma once
// Per-connection limits of tidelined. QHttpServer (6.4) buffers a request's whole body before
// anyone sees it, so a client announcing a huge body could make the server hold gigabytes: the
// guard counts the bytes each connection has buffered since its last complete request and, past
// the limit, answers 413 and closes that connection at once. It also closes a connection after
// it has been answered `maxRequests` times, so one client cannot hold a connection forever;
// HTTP clients reconnect. The guard sees every socket first because it makes the listening
// servers itself (plain TCP, or TLS through QSslServer).
#include <QHash>
#include <QObject>
#include <QSslConfiguration>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace tideline::server {

struct ConnectionLimits {
    qint64 maxBufferedBytes = (128ll << 20) + (1 << 20); // ApiServer: twice the body limit + 1 MiB
    int maxRequests = 1000;                               // answered requests before the server closes it
};

class ConnectionGuard final : public QObject {
public:
    ConnectionGuard(ConnectionLimits limits, QObject *parent);

    // A listening server whose sockets are watched (TLS when `tls` is set); nullptr on failure.
    QTcpServer *listen(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls, QObject *parent);

    // Called for each complete request: false when the connection has used up its requests
    // (it is being closed and the request must not be answered).
    bool admit(QTcpSocket *socket);
    // True when the admitted request is the connection's last one.
    bool lastRequest(QTcpSocket *socket) const
    {
        auto it = m_connections.find(socket);
        return it != m_connections.end() && it->requests >= m_limits.maxRequests;
    }
    // After a non-streaming answer: closes the connection if that was its last request.
    void answered(QTcpSocket *socket);
    qsizetype connections() const { return m_connections.size(); }

private:
    struct State {
        qint64 buffered = 0;
        int requests = 0;
        bool refused = false;
    };
    void watch(QTcpSocket *socket);
    void onBytes(QTcpSocket *socket);

    ConnectionLimits m_limits;
    QHash<QTcpSocket *, State> m_connections;
};

} // namespace tideline::server
