#pragma once
// WorkspaceClient over HTTP + SSE to any v1beta2 server (tidelined, Timeplus Enterprise/Cloud)
// with QNetworkAccessManager, on the thread that owns the client. Paths are
// {base}/{workspace}/api/v1beta2/...; credentials are an API key (X-Api-Key) or a user and
// password (Basic).
//
// Connection state: open() checks GET /workspace (Connecting -> Connected, or Failed when the
// server answers 401/403/404: retrying would not help). A network failure - at open or on any
// later request - goes Reconnecting and probes again after 1 s, 2 s, 4 s ... (at most 30 s)
// until the server answers, then Connected. Requests made while not connected fail at once
// (queued) with httpStatus 0 and a message that says so; requests in flight have a transfer
// timeout, so nothing hangs.
#include <QNetworkAccessManager>
#include <QTimer>
#include <QUrl>
#include "client/WorkspaceClient.h"

class QNetworkReply;

namespace tideline::client {

struct RemoteOptions {
    QUrl baseUrl;                          // "http://127.0.0.1:8000"
    QString workspace = QStringLiteral("default");
    QString apiKey;                        // X-Api-Key when set, else Basic with user/password
    QString user;
    QString password;
    int requestTimeoutMs = 30000;          // per request (not for query streams)
    int maxBackoffMs = 30000;
};

class RemoteClient final : public WorkspaceClient {
    Q_OBJECT
public:
    explicit RemoteClient(RemoteOptions options, QObject *parent = nullptr);
    ~RemoteClient() override;

    QString description() const override;
    ConnectionState state() const override { return m_state; }
    void open() override;
    void close() override;

    RequestId list(Resource resource, Callback done) override;
    RequestId get(Resource resource, const QString &key, Callback done) override;
    RequestId create(Resource resource, const QJsonObject &body, Callback done) override;
    RequestId update(Resource resource, const QString &key, const QJsonObject &body, Callback done) override;
    RequestId remove(Resource resource, const QString &key, Callback done) override;
    RequestId action(Resource resource, const QString &key, const QString &action, Callback done) override;
    RequestId stats(Resource resource, const QString &key, Callback done, int historyDays = 0) override;

    RequestId analyze(const QString &sql, Callback done) override;
    RequestId format(const QString &sql, Callback done) override;
    RequestId ingest(const QString &stream, IngestFormat format, const QByteArray &body, Callback done) override;
    RequestId topology(Callback done) override;
    RequestId pipeline(const QString &queryId, Callback done) override;
    RequestId workspaceInfo(Callback done) override;
    RequestId preview(Resource resource, const QJsonObject &body, Callback done) override;
    RequestId inferColumns(const QJsonArray &events, Callback done) override;

    QueryHandle *runQuery(const QString &sql, const QueryOptions &options = {}, QObject *parent = nullptr) override;

    // For the query handles: an authenticated request for `path` below /api/v1beta2/.
    QNetworkRequest request(const QString &path) const;
    QNetworkAccessManager &network() { return m_network; }
    // A handle or request saw the server go away: start reconnecting.
    void reportNetworkFailure(const QString &message);
    int currentBackoffMs() const { return m_backoffMs; }

    // Error of a finished reply: the {code, message, system} body, the position of a syntax
    // error ("at position N", 1-based in the text) as a 0-based offset; httpStatus 0 when the
    // network failed. nullopt when the reply succeeded.
    static std::optional<ErrorInfo> errorOf(QNetworkReply *reply, const QByteArray &body);
    static int positionInMessage(const QString &message);

private:
    RequestId send(const QByteArray &method, const QString &path, const QByteArray &body, Callback done,
                   const QByteArray &contentType = "application/json");
    void failLater(Callback done, const ErrorInfo &error);
    void setState(ConnectionState state, const QString &message = {});
    void probe();
    void scheduleProbe();
    static QString itemPath(Resource resource, const QString &key);

    RemoteOptions m_options;
    QNetworkAccessManager m_network;
    ConnectionState m_state = ConnectionState::Disconnected;
    QTimer m_retry;
    int m_backoffMs = 1000;
    bool m_probing = false;
    RequestId m_nextId = 0;
};

} // namespace tideline::client
