#include "client/remote/RemoteClient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QUrlQuery>
#include "api/ErrorBody.h"
#include "client/remote/RemoteQueryHandle.h"

namespace tideline::client {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue parseBody(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return QJsonValue::Null;
    QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isArray())
        return doc.array();
    if (doc.isObject())
        return doc.object();
    return QJsonValue::Null;
}

// Collections the API replaces with PUT; the others are updated with PATCH.
bool updatesWithPut(Resource resource)
{
    switch (resource) {
    case Resource::SavedQuery: case Resource::Dashboard: case Resource::Schema: case Resource::Udf:
    case Resource::Source: case Resource::Sink: case Resource::Alert:
        return true;
    default:
        return false;
    }
}

QString ingestFormatName(IngestFormat format)
{
    switch (format) {
    case IngestFormat::Compact: return QStringLiteral("compact");
    case IngestFormat::Streaming: return QStringLiteral("streaming");
    case IngestFormat::Raw: return QStringLiteral("raw");
    case IngestFormat::Lines: return QStringLiteral("lines");
    }
    return {};
}

} // namespace

RemoteClient::RemoteClient(RemoteOptions options, QObject *parent) : WorkspaceClient(parent), m_options(std::move(options))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RemoteClient::probe);
}

RemoteClient::~RemoteClient() = default;

QString RemoteClient::description() const
{
    return QStringLiteral("%1 (%2)").arg(m_options.baseUrl.toString(QUrl::RemoveUserInfo), m_options.workspace);
}

void RemoteClient::setState(ConnectionState state, const QString &message)
{
    if (m_state == state && message.isEmpty())
        return;
    m_state = state;
    Q_EMIT stateChanged(state, message);
}

void RemoteClient::open()
{
    if (m_state == ConnectionState::Connected || m_state == ConnectionState::Connecting)
        return;
    m_backoffMs = 1000;
    setState(ConnectionState::Connecting);
    probe();
}

void RemoteClient::close()
{
    m_retry.stop();
    setState(ConnectionState::Disconnected);
}

QNetworkRequest RemoteClient::request(const QString &path) const
{
    QUrl url = m_options.baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QString rest = path;
    QString query;
    if (qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    url.setPath(base + QLatin1Char('/') + m_options.workspace + QStringLiteral("/api/v1beta2/") + rest, QUrl::StrictMode);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest req(url);
    if (!m_options.apiKey.isEmpty())
        req.setRawHeader("X-Api-Key", m_options.apiKey.toUtf8());
    else if (!m_options.user.isEmpty())
        req.setRawHeader("Authorization", "Basic " + (m_options.user + QLatin1Char(':') + m_options.password).toUtf8().toBase64());
    return req;
}

QString RemoteClient::itemPath(Resource resource, const QString &key)
{
    return resourcePath(resource) + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(key));
}

int RemoteClient::positionInMessage(const QString &message)
{
    static const QRegularExpression re(QStringLiteral("at position (\\d+)"));
    auto match = re.match(message);
    return match.hasMatch() ? match.captured(1).toInt() - 1 : -1;
}

std::optional<ErrorInfo> RemoteClient::errorOf(QNetworkReply *reply, const QByteArray &body)
{
    QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) // no HTTP answer at all: the network failed
        return ErrorInfo{0, 0, QStringLiteral("cannot reach the server: %1").arg(reply->errorString()), -1};
    int http = status.toInt();
    if (http < 400)
        return std::nullopt;
    ErrorInfo error;
    error.httpStatus = http;
    if (auto parsed = api::ErrorBody::fromJson(body)) {
        error.code = static_cast<int>(parsed->code);
        error.message = parsed->message;
    } else {
        error.message = QStringLiteral("HTTP %1: %2").arg(http).arg(QString::fromUtf8(body.left(500)));
    }
    error.position = positionInMessage(error.message);
    return error;
}

void RemoteClient::failLater(Callback done, const ErrorInfo &error)
{
    QMetaObject::invokeMethod(this, [done = std::move(done), error] {
        if (done)
            done(Reply{false, QJsonValue::Null, error});
    }, Qt::QueuedConnection);
}

void RemoteClient::reportNetworkFailure(const QString &message)
{
    if (m_state != ConnectionState::Connected && m_state != ConnectionState::Connecting)
        return; // already reconnecting (or closed / failed)
    setState(ConnectionState::Reconnecting, message);
    scheduleProbe();
}

void RemoteClient::scheduleProbe()
{
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, m_options.maxBackoffMs);
}

// GET /workspace: the server is there and takes our credentials.
void RemoteClient::probe()
{
    if (m_probing || m_state == ConnectionState::Disconnected)
        return;
    m_probing = true;
    QNetworkRequest req = request(QStringLiteral("workspace"));
    req.setTransferTimeout(std::min(m_options.requestTimeoutMs, 10000));
    QNetworkReply *reply = m_network.get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_probing = false;
        if (m_state == ConnectionState::Disconnected)
            return;
        auto error = errorOf(reply, reply->readAll());
        if (!error) {
            m_backoffMs = 1000;
            setState(ConnectionState::Connected);
        } else if (error->httpStatus == 0 || error->httpStatus >= 500) {
            setState(ConnectionState::Reconnecting, error->message);
            scheduleProbe();
        } else { // 401, 403, 404: retrying would get the same answer
            setState(ConnectionState::Failed, error->message);
        }
    });
}

RequestId RemoteClient::send(const QByteArray &method, const QString &path, const QByteArray &body, Callback done, const QByteArray &contentType)
{
    const RequestId id = ++m_nextId;
    if (m_state != ConnectionState::Connected && m_state != ConnectionState::Connecting) {
        failLater(std::move(done), ErrorInfo{0, 0, QStringLiteral("not connected to %1 (%2)").arg(description(), connectionStateName(m_state)), -1});
        return id;
    }
    QNetworkRequest req = request(path);
    req.setTransferTimeout(m_options.requestTimeoutMs);
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        QByteArray bytes = reply->readAll();
        auto error = errorOf(reply, bytes);
        if (error && error->httpStatus == 0)
            reportNetworkFailure(error->message);
        if (done)
            done(error ? Reply{false, QJsonValue::Null, *error} : Reply{true, parseBody(bytes), {}});
    });
    return id;
}

RequestId RemoteClient::list(Resource resource, Callback done)
{
    return send("GET", resourcePath(resource), {}, std::move(done));
}

RequestId RemoteClient::get(Resource resource, const QString &key, Callback done)
{
    return send("GET", itemPath(resource, key), {}, std::move(done));
}

RequestId RemoteClient::create(Resource resource, const QJsonObject &body, Callback done)
{
    return send("POST", resourcePath(resource), compact(body), std::move(done));
}

RequestId RemoteClient::update(Resource resource, const QString &key, const QJsonObject &body, Callback done)
{
    return send(updatesWithPut(resource) ? "PUT" : "PATCH", itemPath(resource, key), compact(body), std::move(done));
}

RequestId RemoteClient::remove(Resource resource, const QString &key, Callback done)
{
    return send("DELETE", itemPath(resource, key), {}, std::move(done));
}

RequestId RemoteClient::action(Resource resource, const QString &key, const QString &action, Callback done)
{
    return send("POST", itemPath(resource, key) + QLatin1Char('/') + action, {}, std::move(done));
}

RequestId RemoteClient::stats(Resource resource, const QString &key, Callback done, int historyDays)
{
    QString path = itemPath(resource, key) + QStringLiteral("/stats");
    if (historyDays > 0)
        path += QStringLiteral("?historyDays=%1").arg(historyDays);
    return send("GET", path, {}, std::move(done));
}

RequestId RemoteClient::analyze(const QString &sql, Callback done)
{
    return send("POST", QStringLiteral("sqlanalyze"), compact({{QStringLiteral("sql"), sql}}), std::move(done));
}

RequestId RemoteClient::format(const QString &sql, Callback done)
{
    return send("POST", QStringLiteral("format"), compact({{QStringLiteral("sql"), sql}}), std::move(done));
}

RequestId RemoteClient::ingest(const QString &stream, IngestFormat format, const QByteArray &body, Callback done)
{
    QByteArray type = format == IngestFormat::Streaming ? "application/x-ndjson"
                    : format == IngestFormat::Compact   ? "application/json"
                                                        : "text/plain";
    QString path = itemPath(Resource::Stream, stream) + QStringLiteral("/ingest?format=") + ingestFormatName(format);
    return send("POST", path, body, std::move(done), type);
}

RequestId RemoteClient::pipeline(const QString &queryId, Callback done)
{
    return send("GET", QStringLiteral("queries/%1/pipeline").arg(QString::fromLatin1(QUrl::toPercentEncoding(queryId))), {}, std::move(done));
}

RequestId RemoteClient::topology(Callback done)
{
    return send("GET", QStringLiteral("topology"), {}, std::move(done));
}

RequestId RemoteClient::preview(Resource resource, const QJsonObject &body, Callback done)
{
    const QString path = resource == Resource::Source ? QStringLiteral("source/preview") : resourcePath(resource) + QStringLiteral("/preview");
    return send("POST", path, compact(body), std::move(done));
}

RequestId RemoteClient::inferColumns(const QJsonArray &events, Callback done)
{
    return send("POST", QStringLiteral("source/infer"), compact({{QStringLiteral("event"), events.isEmpty() ? QJsonValue(QJsonObject()) : events.first()}, {QStringLiteral("events"), events}}),
                std::move(done));
}

RequestId RemoteClient::workspaceInfo(Callback done)
{
    return send("GET", QStringLiteral("workspace"), {}, std::move(done));
}

QueryHandle *RemoteClient::runQuery(const QString &sql, const QueryOptions &options, QObject *parent)
{
    auto *handle = new RemoteQueryHandle(this, sql, options, parent);
    if (m_state != ConnectionState::Connected && m_state != ConnectionState::Connecting)
        handle->failLater(ErrorInfo{0, 0, QStringLiteral("not connected to %1 (%2)").arg(description(), connectionStateName(m_state)), -1});
    else
        handle->start();
    return handle;
}

} // namespace tideline::client
