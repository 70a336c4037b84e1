#include "server/Router.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonObject>
#include "api/ErrorBody.h"

namespace tideline::server {

QByteArray Call::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name.toLower() == lowerName)
            return value;
    return {};
}

void Call::detach()
{
    auto own = [](const QByteArray &b) { return QByteArray(b.constData(), b.size()); };
    for (auto &[name, value] : headers) {
        name = own(name);
        value = own(value);
    }
    body = own(body);
    query = QUrlQuery(query.query(QUrl::FullyEncoded)); // parsed anew from a string of its own
}

workspace::Outcome<QJsonObject> Call::jsonObject() const
{
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return workspace::Failure::badRequest(QStringLiteral("malformed JSON body at offset %1: %2").arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        return workspace::Failure::badRequest(QStringLiteral("the request body must be a JSON object"));
    return doc.object();
}

Reply Reply::json(const QJsonValue &value, int status)
{
    QByteArray body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                      : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return {status, body, "application/json"};
}

Reply Reply::failure(const workspace::Failure &failure)
{
    api::ErrorBody body;
    body.code = failure.code;
    body.message = failure.message;
    body.system = failure.code > 0 ? QStringLiteral("proton") : QStringLiteral("neutron");
    return {failure.httpStatus, body.toJson(), "application/json"};
}

void Router::add(const char *method, const QString &pathTemplate, Handler handler)
{
    m_routes.push_back({method, pathTemplate.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler), {}});
}

void Router::addStreaming(const char *method, const QString &pathTemplate, StreamingHandler handler)
{
    m_routes.push_back({method, pathTemplate.split(QLatin1Char('/'), Qt::SkipEmptyParts), {}, std::move(handler)});
}

void Router::addOffThread(const char *method, const QString &pathTemplate, Handler handler)
{
    m_routes.push_back({method, pathTemplate.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler), {}, true});
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Match result;
    // Literal segments win over parameters ("/streams/preview" before "/streams/{name}"), so
    // the route with the most literal matches is taken.
    int bestLiterals = -1;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        int literals = 0;
        bool ok = true;
        for (qsizetype i = 0; ok && i < segments.size(); ++i) {
            const QString &t = route.segments[i];
            if (t.startsWith(QLatin1Char('{')) && t.endsWith(QLatin1Char('}')))
                params.insert(t.mid(1, t.size() - 2), QUrl::fromPercentEncoding(segments[i].toUtf8()));
            else if (t == segments[i])
                ++literals;
            else
                ok = false;
        }
        if (!ok)
            continue;
        result.pathKnown = true;
        if (route.method != method || literals <= bestLiterals)
            continue;
        bestLiterals = literals;
        result.handler = route.handler ? &route.handler : nullptr;
        result.streaming = route.streaming ? &route.streaming : nullptr;
        result.offThread = route.offThread;
        result.params = std::move(params);
    }
    return result;
}

std::optional<std::pair<QString, QString>> Router::splitBase(const QString &path)
{
    if (path.startsWith(QLatin1String("/api/")))
        return std::make_pair(QStringLiteral("default"), path.mid(4));
    qsizetype apiAt = path.indexOf(QLatin1String("/api/"), 1);
    if (apiAt > 1 && path.indexOf(QLatin1Char('/'), 1) == apiAt)
        return std::make_pair(path.mid(1, apiAt - 1), path.mid(apiAt + 4));
    return std::nullopt;
}

} // namespace tideline::server
