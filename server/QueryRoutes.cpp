#include "server/QueryRoutes.h"

#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonObject>
#include "server/SseStream.h"
#include "workspace/Workspace.h"

namespace tideline::server {

using workspace::Failure;

namespace {

// CreateQueryRequestV1Beta2 -> QueryRequest; a missing, empty or 0 batching field means default.
workspace::Outcome<workspace::QueryRequest> queryRequest(const QJsonObject &body)
{
    workspace::QueryRequest request;
    request.sql = body.value(QStringLiteral("sql")).toString();
    if (request.sql.trimmed().isEmpty())
        return Failure::badRequest(QStringLiteral("sql is required"));
    for (const auto &tag : body.value(QStringLiteral("tags")).toArray())
        request.tags << tag.toString();
    QJsonObject batching = body.value(QStringLiteral("batching_policy")).toObject();
    request.batchCount = static_cast<int>(batching.value(QStringLiteral("count")).toInteger());
    request.batchTimeMs = static_cast<int>(batching.value(QStringLiteral("time_ms")).toInteger());
    if (request.batchCount < 0 || request.batchTimeMs < 0)
        return Failure::badRequest(QStringLiteral("batching_policy: count and time_ms must not be negative"));
    return request;
}

void runQuery(workspace::Workspace &ws, const Call &call, QHttpServerResponder &&responder)
{
    auto send = [&responder](const Reply &reply) {
        responder.write(reply.body, reply.contentType, static_cast<QHttpServerResponder::StatusCode>(reply.status));
    };
    auto body = call.jsonObject();
    if (!body)
        return send(Reply::failure(body.failure()));
    auto request = queryRequest(*body);
    if (!request)
        return send(Reply::failure(request.failure()));
    // The stream is opened only once the query has planned (and so subscribed): failures before
    // that are plain JSON errors, and the first SSE event is the `query` event.
    auto run = ws.runQuery(*request);
    if (!run)
        return send(Reply::failure(run.failure()));
    if (!(*run)->hasResult())
        return responder.write(QHttpServerResponder::StatusCode::NoContent);
    (*run)->start(SseStream::open(std::move(responder)));
}

} // namespace

void QueryRoutes::install(Router &router, workspace::Workspace &ws)
{
    router.addStreaming("POST", QStringLiteral("/v1beta2/queries"), [&ws](const Call &call, QHttpServerResponder &&responder) {
        runQuery(ws, call, std::move(responder));
    });
    router.add("GET", QStringLiteral("/v1beta2/queries"), [&ws](const Call &call) {
        return Reply::json(ws.queries().list(call.query.queryItemValue(QStringLiteral("tag"), QUrl::FullyDecoded)));
    });
    router.add("GET", QStringLiteral("/v1beta2/queries/{id}"), [&ws](const Call &call) {
        auto run = ws.queries().find(call.param(QStringLiteral("id")));
        return run ? Reply::json(run->toJson()) : Reply::failure(Failure::notFound(QStringLiteral("query not found")));
    });
    router.add("DELETE", QStringLiteral("/v1beta2/queries/{id}"), [&ws](const Call &call) {
        return ws.queries().remove(call.param(QStringLiteral("id"))) ? Reply::noContent()
                                                                     : Reply::failure(Failure::notFound(QStringLiteral("query not found")));
    });
    router.add("POST", QStringLiteral("/v1beta2/queries/{id}/cancel"), [&ws](const Call &call) {
        return ws.queries().cancel(call.param(QStringLiteral("id"))) ? Reply::noContent()
                                                                     : Reply::failure(Failure::notFound(QStringLiteral("query not found")));
    });
    router.add("GET", QStringLiteral("/v1beta2/queries/{id}/pipeline"), [&ws](const Call &call) {
        auto run = ws.queries().find(call.param(QStringLiteral("id")));
        return run ? Reply::json(run->pipelineJson()) : Reply::failure(Failure::notFound(QStringLiteral("query not found")));
    });
    router.add("POST", QStringLiteral("/v1beta2/format"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        auto formatted = ws.format(body->value(QStringLiteral("sql")).toString());
        return formatted ? Reply::json(QJsonObject{{QStringLiteral("sql"), *formatted}}) : Reply::failure(formatted.failure());
    });
    router.add("POST", QStringLiteral("/v1beta2/sqlanalyze"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        return Reply::from(ws.analyze(body->value(QStringLiteral("sql")).toString()));
    });
    router.add("GET", QStringLiteral("/v1beta2/global-metrics"), [&ws](const Call &) {
        qint64 storage = 0;
        for (const auto &info : ws.engine().objects())
            if (info->log)
                storage += static_cast<qint64>(info->log->byteSize());
        return Reply::json(QJsonObject{{QStringLiteral("storage"), storage}});
    });
    router.add("GET", QStringLiteral("/info"), [](const Call &) {
        QJsonObject build{{QStringLiteral("version"), QStringLiteral(TIDELINE_VERSION)}, {QStringLiteral("commit"), QString()},
                          {QStringLiteral("build_time"), QString()}};
        return Reply::json(QJsonObject{{QStringLiteral("product_name"), QStringLiteral("tidelined")},
                                       {QStringLiteral("product_version"), QStringLiteral(TIDELINE_VERSION)},
                                       {QStringLiteral("proton"), build}, {QStringLiteral("neutron"), build}});
    });
}

} // namespace tideline::server
