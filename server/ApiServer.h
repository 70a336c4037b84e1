#pragma once
// tidelined's HTTP server: the v1beta2 API of one workspace. Requests are authenticated
// (X-Api-Key in any casing, Authorization: ApiKey, Authorization: Basic), bodies over the
// configured limit are refused with 413, and every route answers JSON errors
// {code, message, system}; repeated wrong credentials from one address get 429 for a while
// (LoginThrottle). Runs on the thread that owns it; query work runs on the queries'
// own threads (see SseStream).
#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QThreadPool>
#include <memory>
#include "server/ConnectionGuard.h"
#include "server/LoginThrottle.h"
#include "server/Router.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::server {

struct ServerOptions {
    qint64 maxBodyBytes = 64ll << 20; // 64 MiB
    bool requireAuth = true;
    int maxFailedLogins = 10;          // wrong credentials per address and window before 429; 0 = no limit
    qint64 failedLoginWindowMs = 60000;
    int maxRequestsPerConnection = 1000; // answered requests before the server closes the connection
    const engine::Clock *clock = nullptr; // null = the workspace engine's clock
};

class ApiServer final : public QAbstractHttpServer {
    Q_OBJECT
public:
    ApiServer(workspace::Workspace &workspace, ServerOptions options = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    // These hide QAbstractHttpServer's: the listening servers are made by the ConnectionGuard,
    // so every connection is under its limits. listen() returns the port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    void sslSetup(const QSslCertificate &certificate, const QSslKey &privateKey);

    workspace::Workspace &workspace() { return m_workspace; }
    const Router &router() const { return m_router; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool respond(const QHttpServerRequest &request, QTcpSocket *socket);
    std::optional<QString> authenticate(const QHttpServerRequest &request) const;
    std::optional<QString> admit(const QHttpServerRequest &request, const QHostAddress &peer, QHttpServerResponder &responder);
    void send(QHttpServerResponder &responder, const Reply &reply) { send(responder, reply, m_closing); }
    static void send(QHttpServerResponder &responder, const Reply &reply, bool closing);
    void answerOffThread(Call call, const Router::Handler &handler, QHttpServerResponder &&responder, QTcpSocket *socket);
    std::optional<workspace::Failure> validateBody(const QByteArray &method, const QString &path, const QByteArray &body) const;

    workspace::Workspace &m_workspace;
    ServerOptions m_options;
    Router m_router;
    std::unique_ptr<LoginThrottle> m_throttle;
    ConnectionGuard *m_guard;
    std::optional<QSslConfiguration> m_tls;
    bool m_closing = false; // the request being answered is its connection's last
    QThreadPool m_pool;     // Router::addOffThread handlers; waited for by the destructor
};

} // namespace tideline::server
