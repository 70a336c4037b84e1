#pragma once
// Matches a method and a path below the API base ("/v1beta2/streams/iot") against templates
// ("/v1beta2/streams/{name}") and calls the route's handler with the captured parameters.
// Both base paths of the API (/{workspace}/api and /api) are stripped before matching, so each
// route is declared once.
#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>
#include <functional>
#include <optional>
#include <vector>
#include "workspace/Outcome.h"

class QHttpServerRequest;
class QHttpServerResponder;

namespace tideline::server {

// One request as a handler sees it.
// A copy of what the handler may read, so that an off-thread handler can keep it.
struct Call {
    QList<QPair<QByteArray, QByteArray>> headers;
    QHash<QString, QString> params;  // {name} captures
    QUrlQuery query;
    QByteArray body;
    QString workspace;               // "default" unless the path named one
    QString user;                    // who authenticated (key id or user name)

    QString param(const QString &name) const { return params.value(name); }
    QByteArray header(const QByteArray &lowerName) const;
    // Copies every byte it shares with the HTTP server's request, for a handler on another
    // thread: the server frees the request on its own thread, and reference counts touched
    // inside Qt's libraries are invisible to ThreadSanitizer.
    void detach();
    // The body as a JSON object; a failure (400) that says what is wrong otherwise.
    workspace::Outcome<QJsonObject> jsonObject() const;
};

// What a plain (non-streaming) handler answers.
struct Reply {
    int status = 200;
    QByteArray body;                 // empty: no body (204, 201 without content)
    QByteArray contentType = "application/json";

    static Reply json(const QJsonValue &value, int status = 200);
    static Reply noContent(int status = 204) { return {status, {}, {}}; }
    static Reply failure(const workspace::Failure &failure);
    template <class T>
    static Reply from(const workspace::Outcome<T> &outcome, int status = 200)
    {
        return outcome ? json(QJsonValue(outcome.value()), status) : failure(outcome.failure());
    }
    static Reply from(const workspace::Result &result, int status = 204)
    {
        return result ? noContent(status) : failure(result.failure());
    }
};

class Router {
public:
    using Handler = std::function<Reply(const Call &)>;
    // A handler that answers by itself (SSE): it takes the responder.
    using StreamingHandler = std::function<void(const Call &, QHttpServerResponder &&)>;

    void add(const char *method, const QString &pathTemplate, Handler handler);
    void addStreaming(const char *method, const QString &pathTemplate, StreamingHandler handler);
    // A handler that may wait for a peer (probing a source, collecting preview samples): it runs
    // on the server's worker pool and its reply is sent from the server's thread when ready, so
    // other clients are answered meanwhile. It must only use what is safe off the server's
    // thread (the workspace's catalogs are: the desktop client calls them from a pool too).
    void addOffThread(const char *method, const QString &pathTemplate, Handler handler);

    struct Match {
        const Handler *handler = nullptr;
        const StreamingHandler *streaming = nullptr;
        bool offThread = false;
        QHash<QString, QString> params;
        bool pathKnown = false; // the path matched some route, with another method (405)
    };
    Match match(const QByteArray &method, const QString &path) const;

    // "/default/api/v1beta2/x" -> ("default", "/v1beta2/x"); "/api/v1beta2/x" -> ("default", ...).
    // nullopt when the path is outside the API.
    static std::optional<std::pair<QString, QString>> splitBase(const QString &path);

private:
    struct Route {
        QByteArray method;
        QStringList segments;
        Handler handler;
        StreamingHandler streaming;
        bool offThread = false;
    };
    std::vector<Route> m_routes;
};

} // namespace tideline::server
