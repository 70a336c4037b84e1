#include "server/StreamRoutes.h"

#include <QJsonArray>
#include <QJsonObject>
#include "api/IngestRequest.h"
#include "workspace/ExternalStreamPreview.h"
#include "workspace/Ingestor.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/StreamCatalog.h"
#include "workspace/Workspace.h"

namespace tideline::server {

using workspace::Failure;

namespace {

const QString kDb = QStringLiteral("default");

workspace::Outcome<int> historyDays(const Call &call)
{
    QString text = call.query.queryItemValue(QStringLiteral("historyDays"));
    if (text.isEmpty())
        return 0;
    bool ok = false;
    int days = text.toInt(&ok);
    if (!ok || days < 1 || days > 7)
        return Failure::badRequest(QStringLiteral("historyDays must be an integer between 1 and 7, not '%1'").arg(text));
    return days;
}

Reply stats(workspace::Workspace &ws, const Call &call, const QString &kind)
{
    auto days = historyDays(call);
    if (!days)
        return Reply::failure(days.failure());
    return Reply::from(ws.streams().stats(kind, call.param(QStringLiteral("name")), *days));
}

workspace::IngestFormat toWorkspace(api::IngestFormat format)
{
    switch (format) {
    case api::IngestFormat::Compact: return workspace::IngestFormat::Compact;
    case api::IngestFormat::Streaming: return workspace::IngestFormat::Streaming;
    case api::IngestFormat::Raw: return workspace::IngestFormat::Raw;
    case api::IngestFormat::Lines: return workspace::IngestFormat::Lines;
    }
    return workspace::IngestFormat::Compact;
}

Reply ingest(workspace::Workspace &ws, const Call &call)
{
    QString error;
    auto format = api::IngestRequest::detectFormat(call.query.queryItemValue(QStringLiteral("format")), call.header("content-type"), call.body, &error);
    if (!format)
        return Reply::failure(Failure::badRequest(error, 73));
    auto result = ws.ingestor().ingest(kDb, call.param(QStringLiteral("name")), toWorkspace(*format), call.body);
    if (!result) {
        Failure f = result.failure();
        if (f.httpStatus == 404) // the spec lists no 404 for ingest: an unknown stream is a bad request
            f.httpStatus = 400;
        return Reply::failure(f);
    }
    return Reply::noContent(200);
}

} // namespace

void StreamRoutes::install(Router &router, workspace::Workspace &ws)
{
    installStreams(router, ws);
    installViews(router, ws);
    installExternals(router, ws);
    router.add("GET", QStringLiteral("/v1beta2/topology"), [&ws](const Call &call) {
        QString db = call.query.queryItemValue(QStringLiteral("db"));
        QStringList extra = call.query.queryItemValue(QStringLiteral("extraResources")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        return Reply::json(workspace::ResourceCatalog(ws).topology(db.isEmpty() ? kDb : db, extra));
    });
}

void StreamRoutes::installStreams(Router &router, workspace::Workspace &ws)
{
    router.add("GET", QStringLiteral("/v1beta2/streams"), [&ws](const Call &) { return Reply::json(ws.streams().streams()); });
    router.add("POST", QStringLiteral("/v1beta2/streams"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        return body ? Reply::from(ws.streams().createStream(*body), 201) : Reply::failure(body.failure());
    });
    router.add("GET", QStringLiteral("/v1beta2/streams/{name}"), [&ws](const Call &call) {
        return Reply::from(ws.streams().stream(call.param(QStringLiteral("name"))));
    });
    router.add("PATCH", QStringLiteral("/v1beta2/streams/{name}"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        auto updated = ws.streams().updateStream(call.param(QStringLiteral("name")), *body);
        return updated ? Reply::from(ws.streams().stream(call.param(QStringLiteral("name")))) : Reply::failure(updated.failure());
    });
    router.add("DELETE", QStringLiteral("/v1beta2/streams/{name}"), [&ws](const Call &call) {
        return Reply::from(ws.streams().dropStream(call.param(QStringLiteral("name"))));
    });
    router.add("GET", QStringLiteral("/v1beta2/streams/{name}/stats"), [&ws](const Call &call) { return stats(ws, call, QStringLiteral("stream")); });
    router.add("POST", QStringLiteral("/v1beta2/streams/{name}/ingest"), [&ws](const Call &call) { return ingest(ws, call); });
}

void StreamRoutes::installViews(Router &router, workspace::Workspace &ws)
{
    for (bool materialized : {false, true}) {
        QString base = materialized ? QStringLiteral("/v1beta2/materialized_views") : QStringLiteral("/v1beta2/views");
        router.add("GET", base, [&ws, materialized](const Call &) { return Reply::json(ws.streams().views(materialized)); });
        router.add("POST", base, [&ws, materialized](const Call &call) {
            auto body = call.jsonObject();
            return body ? Reply::from(ws.streams().createView(*body, materialized), 201) : Reply::failure(body.failure());
        });
        router.add("GET", base + QStringLiteral("/{name}"), [&ws, materialized](const Call &call) {
            return Reply::from(ws.streams().view(call.param(QStringLiteral("name")), materialized));
        });
        router.add("DELETE", base + QStringLiteral("/{name}"), [&ws, materialized](const Call &call) {
            return Reply::from(ws.streams().dropView(call.param(QStringLiteral("name")), materialized));
        });
        router.add("PATCH", base + QStringLiteral("/{name}"), [&ws, materialized](const Call &call) {
            auto body = call.jsonObject();
            if (!body)
                return Reply::failure(body.failure());
            return Reply::from(ws.streams().updateView(call.param(QStringLiteral("name")), *body, materialized));
        });
        router.add("GET", base + QStringLiteral("/{name}/stats"), [&ws, materialized](const Call &call) {
            return stats(ws, call, materialized ? QStringLiteral("materialized_view") : QStringLiteral("view"));
        });
    }
}

void StreamRoutes::installExternals(Router &router, workspace::Workspace &ws)
{
    for (bool table : {false, true}) {
        QString base = table ? QStringLiteral("/v1beta2/external_tables") : QStringLiteral("/v1beta2/external_streams");
        router.add("GET", base, [&ws, table](const Call &) { return Reply::json(ws.streams().externals(table)); });
        router.add("POST", base, [&ws, table](const Call &call) {
            auto body = call.jsonObject();
            return body ? Reply::from(ws.streams().createExternal(*body, table), 201) : Reply::failure(body.failure());
        });
        router.add("GET", base + QStringLiteral("/{name}"), [&ws, table](const Call &call) {
            return Reply::from(ws.streams().external(call.param(QStringLiteral("name")), table));
        });
        router.add("DELETE", base + QStringLiteral("/{name}"), [&ws, table](const Call &call) {
            return Reply::from(ws.streams().dropExternal(call.param(QStringLiteral("name")), table));
        });
    }
    router.add("GET", QStringLiteral("/v1beta2/external_streams/{name}/stats"), [&ws](const Call &call) { return stats(ws, call, QStringLiteral("external_stream")); });
    // Waits for messages (up to the request's timeout): on the worker pool, so other clients are
    // answered meanwhile.
    router.addOffThread("POST", QStringLiteral("/v1beta2/external_streams/preview"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        return Reply::from(workspace::ExternalStreamPreview(ws).run(*body));
    });
}

} // namespace tideline::server
