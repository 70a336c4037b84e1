#include "server/ApiServer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QPointer>
#include <QSslKey>
#include <QTcpServer>
#include "api/SchemaValidator.h"
#include "engine/exec/Engine.h"
#include "server/QueryRoutes.h"
#include "server/ResourceRoutes.h"
#include "server/StreamRoutes.h"
#include "workspace/Credentials.h"
#include "workspace/ThreadHandOver.h"
#include "workspace/Workspace.h"

namespace tideline::server {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    default: return "OTHER";
    }
}

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &lowerName)
{
    for (const auto &[name, value] : request.headers())
        if (name.toLower() == lowerName)
            return value;
    return {};
}

} // namespace

ApiServer::ApiServer(workspace::Workspace &workspace, ServerOptions options, QObject *parent)
    : QAbstractHttpServer(parent), m_workspace(workspace), m_options(options),
      m_throttle(std::make_unique<LoginThrottle>(options.maxFailedLogins, options.failedLoginWindowMs,
                                                 options.clock ? *options.clock : workspace.engine().clock())),
      // Twice the body limit (plus headers): a body somewhat over the limit still arrives whole and
      // gets the ordinary 413 with its error body; only a far larger one is cut off mid-upload.
      m_guard(new ConnectionGuard({2 * options.maxBodyBytes + (1 << 20), options.maxRequestsPerConnection}, this))
{
    // Off-thread handlers wait on peers (probes, previews) rather than compute: a few slow ones
    // must not keep a source create queued behind them.
    m_pool.setMaxThreadCount(8);
    QueryRoutes::install(m_router, workspace);
    StreamRoutes::install(m_router, workspace);
    ResourceRoutes::install(m_router, workspace);
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone(); // its handlers use the router and the workspace
}

quint16 ApiServer::listen(const QHostAddress &address, quint16 port)
{
    QTcpServer *server = m_guard->listen(address, port, m_tls, this);
    if (!server)
        return 0;
    bind(server);
    return server->serverPort();
}

void ApiServer::sslSetup(const QSslCertificate &certificate, const QSslKey &privateKey)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate);
    tls.setPrivateKey(privateKey);
    tls.setProtocol(QSsl::SecureProtocols);
    m_tls = tls;
}

std::optional<QString> ApiServer::authenticate(const QHttpServerRequest &request) const
{
    auto &credentials = m_workspace.credentials();
    if (QByteArray key = headerValue(request, "x-api-key"); !key.isEmpty())
        return credentials.verifyApiKey(QString::fromUtf8(key)) ? std::optional<QString>(QStringLiteral("api-key")) : std::nullopt;
    QByteArray authorization = headerValue(request, "authorization").trimmed();
    qsizetype space = authorization.indexOf(' ');
    QByteArray scheme = authorization.left(space).toLower();
    QByteArray value = authorization.mid(space + 1).trimmed();
    if (scheme == "apikey" || scheme == "bearer")
        return credentials.verifyApiKey(QString::fromUtf8(value)) ? std::optional<QString>(QStringLiteral("api-key")) : std::nullopt;
    if (scheme == "basic") {
        QByteArray decoded = QByteArray::fromBase64(value);
        qsizetype colon = decoded.indexOf(':');
        if (colon < 0)
            return std::nullopt;
        QString user = QString::fromUtf8(decoded.left(colon));
        if (credentials.verifyUser(user, QString::fromUtf8(decoded.mid(colon + 1))))
            return user;
    }
    return std::nullopt;
}

// Credentials checked, wrong ones counted against the client's address (missing ones are not:
// that client is not guessing); nullopt = the request was answered with 401 or 429.
std::optional<QString> ApiServer::admit(const QHttpServerRequest &request, const QHostAddress &peer, QHttpServerResponder &responder)
{
    if (qint64 wait = m_throttle->blockedFor(peer); wait > 0) {
        send(responder, Reply::failure({429, 0, QStringLiteral("too many failed logins from %1; try again in %2 s").arg(peer.toString()).arg((wait + 999) / 1000)}));
        return std::nullopt;
    }
    if (auto who = authenticate(request)) {
        m_throttle->succeeded(peer);
        return who;
    }
    if (!headerValue(request, "x-api-key").isEmpty() || !headerValue(request, "authorization").isEmpty())
        m_throttle->failed(peer);
    send(responder, Reply::failure(workspace::Failure::unauthorized(QStringLiteral("missing or invalid credentials"))));
    return std::nullopt;
}

void ApiServer::send(QHttpServerResponder &responder, const Reply &reply, bool closing)
{
    auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    if (closing) // the connection's last answer: says so, so keep-alive clients open a new one
        responder.write(reply.body, {{"Content-Type", reply.contentType}, {"Connection", "close"}}, status);
    else if (reply.body.isEmpty() && reply.contentType.isEmpty())
        responder.write(status);
    else
        responder.write(reply.body, reply.contentType, status);
}

// Bodies are checked against the operation's request schema of the OpenAPI document before
// any handler runs, so a wrong type or a missing required field changes nothing and the
// message names the field ("$.columns[2].type: expected string, got number").
std::optional<workspace::Failure> ApiServer::validateBody(const QByteArray &method, const QString &path, const QByteArray &body) const
{
    const auto &validator = api::SchemaValidator::embedded();
    auto pathTemplate = validator.matchPath(path);
    if (!pathTemplate || pathTemplate->endsWith(QLatin1String("/ingest"))) // ingest bodies have four formats of their own
        return std::nullopt;
    auto operation = validator.operation(QString::fromLatin1(method), *pathTemplate);
    if (!operation || operation->request.isEmpty())
        return std::nullopt;
    if (body.trimmed().isEmpty()) {
        if (!operation->requestRequired)
            return std::nullopt;
        return workspace::Failure::badRequest(QStringLiteral("a JSON request body is required"));
    }
    auto errors = validator.validateJson(body, operation->request);
    if (errors.isEmpty())
        return std::nullopt;
    QStringList messages;
    for (const auto &e : errors.mid(0, 5))
        messages << e.toString();
    return workspace::Failure::badRequest(QStringLiteral("invalid request body: ") + messages.join(QStringLiteral("; ")));
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_guard->admit(socket))
        return true; // the connection used up its requests and is closing
    m_closing = m_guard->lastRequest(socket);
    if (!respond(request, socket))
        m_guard->answered(socket);
    m_closing = false;
    return true;
}

// Answers one request; true when it became a streaming (SSE) response that is still running.
bool ApiServer::respond(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    QString path = request.url().path();
    auto based = Router::splitBase(path);
    if (!based) {
        send(responder, Reply::failure(workspace::Failure::notFound(QStringLiteral("no such endpoint: %1").arg(path))));
        return false;
    }
    std::optional<QString> who = m_options.requireAuth ? admit(request, socket->peerAddress(), responder) : QStringLiteral("anonymous");
    if (!who)
        return false;
    if (request.body().size() > m_options.maxBodyBytes) {
        send(responder, Reply::failure({413, 0, QStringLiteral("request body of %1 bytes is over the limit of %2 bytes")
                                                      .arg(request.body().size()).arg(m_options.maxBodyBytes)}));
        return false;
    }
    Router::Match match = m_router.match(methodName(request.method()), based->second);
    if (!match.handler && !match.streaming) {
        send(responder, Reply::failure(match.pathKnown ? workspace::Failure{405, 0, QStringLiteral("method not allowed")}
                                                       : workspace::Failure::notFound(QStringLiteral("no such endpoint: %1").arg(path))));
        return false;
    }
    if (auto invalid = validateBody(methodName(request.method()), based->second, request.body())) {
        send(responder, Reply::failure(*invalid));
        return false;
    }
    Call call{request.headers(), match.params, QUrlQuery(request.url()), request.body(), based->first, *who};
    if (match.streaming) {
        (*match.streaming)(call, std::move(responder));
        return true;
    }
    if (match.offThread) {
        answerOffThread(std::move(call), *match.handler, std::move(responder), socket);
        return true;
    }
    send(responder, (*match.handler)(call));
    return false;
}

// The reply is sent, and the connection's request counted, on the server's thread; the
// responder is only touched there (it lives in the shared_ptr until then).
void ApiServer::answerOffThread(Call call, const Router::Handler &handler, QHttpServerResponder &&responder, QTcpSocket *socket)
{
    call.detach();
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> connection(socket);
    const bool closing = m_closing;
    workspace::startOnPool(m_pool, [this, call = std::move(call), &handler, held = std::move(held), connection, closing]() mutable {
        Reply reply = handler(call);
        QMetaObject::invokeMethod(this, [this, reply = std::move(reply), held = std::move(held), connection, closing] {
            if (!connection)
                return;
            send(*held, reply, closing);
            m_guard->answered(connection);
        }, Qt::QueuedConnection);
    });
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    send(responder, Reply::failure(workspace::Failure::notFound(QStringLiteral("no such endpoint"))));
}

} // namespace tideline::server
