#include "client/local/LocalResources.h"

#include <QJsonArray>
#include <QJsonDocument>
#include "api/SchemaValidator.h"
#include "client/local/LocalQueryChannel.h"
#include "workspace/Credentials.h"
#include "workspace/Ingestor.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/ExternalStreamPreview.h"
#include "workspace/SourcePreview.h"
#include "workspace/StreamCatalog.h"
#include "workspace/Workspace.h"

namespace tideline::client {

using workspace::Outcome;
using workspace::Result;

namespace {

Reply ok(const QJsonValue &value = QJsonValue::Null)
{
    return Reply{true, value, {}};
}

Reply fail(const workspace::Failure &failure)
{
    return Reply{false, QJsonValue::Null, toErrorInfo(failure)};
}

template <class T>
Reply from(const Outcome<T> &outcome)
{
    return outcome ? ok(QJsonValue(outcome.value())) : fail(outcome.failure());
}

Reply from(const Result &result)
{
    return result ? ok() : fail(result.failure());
}

bool isTable(Resource r) { return r == Resource::ExternalTable; }
bool isMaterialized(Resource r) { return r == Resource::MaterializedView; }

// As the REST API: a route that does not exist for this resource is 405.
Reply unsupported(Resource resource, const char *what)
{
    return LocalResources::failure(405, 0, QStringLiteral("%1 of %2 is not supported").arg(QLatin1String(what), resourcePath(resource)));
}

} // namespace

Reply LocalResources::failure(int httpStatus, int code, const QString &message)
{
    return Reply{false, QJsonValue::Null, ErrorInfo{httpStatus, code, message, -1}};
}

std::optional<Reply> LocalResources::invalidBody(const char *method, const QString &path, const QJsonObject &body)
{
    const auto &validator = api::SchemaValidator::embedded();
    auto pathTemplate = validator.matchPath(QStringLiteral("/v1beta2/") + path);
    if (!pathTemplate)
        return std::nullopt;
    auto operation = validator.operation(QString::fromLatin1(method), *pathTemplate);
    if (!operation || operation->request.isEmpty())
        return std::nullopt;
    auto errors = validator.validate(body, operation->request);
    if (errors.isEmpty())
        return std::nullopt;
    QStringList messages; // the server's wording (ApiServer::validateBody)
    for (const auto &e : errors.mid(0, 5))
        messages << e.toString();
    return failure(400, 0, QStringLiteral("invalid request body: ") + messages.join(QStringLiteral("; ")));
}

QString LocalResources::documentKind(Resource resource)
{
    switch (resource) {
    case Resource::Udf: return QStringLiteral("udf");
    case Resource::SavedQuery: return QStringLiteral("saved_query");
    case Resource::Dashboard: return QStringLiteral("dashboard");
    case Resource::Alert: return QStringLiteral("alert");
    case Resource::Sink: return QStringLiteral("sink");
    case Resource::Source: return QStringLiteral("source");
    case Resource::Schema: return QStringLiteral("schema");
    default: return {};
    }
}

Reply LocalResources::list(workspace::Workspace &ws, Resource r)
{
    switch (r) {
    case Resource::Stream: return ok(ws.streams().streams());
    case Resource::View: case Resource::MaterializedView: return ok(ws.streams().views(isMaterialized(r)));
    case Resource::ExternalStream: case Resource::ExternalTable: return ok(ws.streams().externals(isTable(r)));
    case Resource::ApiKey: return ok(ws.credentials().apiKeys());
    case Resource::User: return ok(ws.credentials().users());
    default: return ok(workspace::ResourceCatalog(ws).list(documentKind(r)));
    }
}

Reply LocalResources::get(workspace::Workspace &ws, Resource r, const QString &key)
{
    switch (r) {
    case Resource::Stream: return from(ws.streams().stream(key));
    case Resource::View: case Resource::MaterializedView: return from(ws.streams().view(key, isMaterialized(r)));
    case Resource::ExternalStream: case Resource::ExternalTable: return from(ws.streams().external(key, isTable(r)));
    case Resource::ApiKey: return unsupported(r, "GET");
    case Resource::User: return from(ws.credentials().user(key));
    default: return from(workspace::ResourceCatalog(ws).get(documentKind(r), key));
    }
}

Reply LocalResources::create(workspace::Workspace &ws, Resource r, const QJsonObject &body)
{
    if (auto invalid = invalidBody("POST", resourcePath(r), body))
        return *invalid;
    switch (r) {
    case Resource::Stream: return from(ws.streams().createStream(body));
    case Resource::View: case Resource::MaterializedView: return from(ws.streams().createView(body, isMaterialized(r)));
    case Resource::ExternalStream: case Resource::ExternalTable: return from(ws.streams().createExternal(body, isTable(r)));
    case Resource::ApiKey: return from(ws.credentials().createApiKey(body));
    case Resource::User: return from(ws.credentials().createUser(body));
    default: return from(workspace::ResourceCatalog(ws).create(documentKind(r), body));
    }
}

Reply LocalResources::update(workspace::Workspace &ws, Resource r, const QString &key, const QJsonObject &body)
{
    const workspace::ResourceSpec *doc = workspace::ResourceCatalog::spec(documentKind(r));
    if (auto invalid = invalidBody(doc && doc->put ? "PUT" : "PATCH", resourcePath(r) + QStringLiteral("/x"), body))
        return *invalid;
    switch (r) {
    case Resource::Stream: {
        auto updated = ws.streams().updateStream(key, body);
        return updated ? from(ws.streams().stream(key)) : fail(updated.failure());
    }
    case Resource::View:
        if (auto found = ws.streams().view(key, false); !found)
            return fail(found.failure());
        return failure(400, 48, QStringLiteral("a view's query cannot change; drop it and create it again"));
    case Resource::MaterializedView: return from(ws.streams().updateMaterializedView(key, body));
    case Resource::User: return from(ws.credentials().updateUser(key, body));
    case Resource::ExternalStream: case Resource::ExternalTable: case Resource::ApiKey: return unsupported(r, "update");
    default: {
        const QString kind = documentKind(r);
        const workspace::ResourceSpec *spec = workspace::ResourceCatalog::spec(kind);
        workspace::ResourceCatalog catalog(ws);
        return spec && !spec->put ? from(catalog.patch(kind, key, body)) : from(catalog.replace(kind, key, body));
    }
    }
}

Reply LocalResources::remove(workspace::Workspace &ws, Resource r, const QString &key)
{
    switch (r) {
    case Resource::Stream: return from(ws.streams().dropStream(key));
    case Resource::View: case Resource::MaterializedView: return from(ws.streams().dropView(key, isMaterialized(r)));
    case Resource::ExternalStream: case Resource::ExternalTable: return from(ws.streams().dropExternal(key, isTable(r)));
    case Resource::ApiKey: return from(ws.credentials().deleteApiKey(key));
    case Resource::User: return from(ws.credentials().deleteUser(key));
    default: return from(workspace::ResourceCatalog(ws).remove(documentKind(r), key));
    }
}

Reply LocalResources::action(workspace::Workspace &ws, Resource r, const QString &key, const QString &action)
{
    QString kind = documentKind(r);
    if (kind.isEmpty())
        return failure(404, 0, QStringLiteral("%1 has no action '%2'").arg(resourcePath(r), action));
    return from(workspace::ResourceCatalog(ws).action(kind, key, action));
}

Reply LocalResources::stats(workspace::Workspace &ws, Resource r, const QString &key, int historyDays)
{
    switch (r) {
    case Resource::Stream: return from(ws.streams().stats(QStringLiteral("stream"), key, historyDays));
    case Resource::MaterializedView: return from(ws.streams().stats(QStringLiteral("materialized_view"), key, historyDays));
    case Resource::ExternalStream: return from(ws.streams().stats(QStringLiteral("external_stream"), key, historyDays));
    case Resource::Sink: case Resource::Source: return from(workspace::ResourceCatalog(ws).stats(documentKind(r), key));
    default: return failure(404, 0, QStringLiteral("%1 have no stats").arg(resourcePath(r)));
    }
}

Reply LocalResources::preview(workspace::Workspace &ws, Resource r, const QJsonObject &body)
{
    if (r == Resource::ExternalStream) { // as server/StreamRoutes.cpp's route (this runs on the client's pool)
        if (auto invalid = invalidBody("POST", QStringLiteral("external_streams/preview"), body))
            return *invalid;
        return from(workspace::ExternalStreamPreview(ws).run(body));
    }
    if (r != Resource::Source)
        return failure(404, 0, QStringLiteral("%1 have no preview").arg(resourcePath(r)));
    if (auto invalid = invalidBody("POST", QStringLiteral("source/preview"), body))
        return *invalid;
    auto preview = workspace::SourcePreview(ws).run(body);
    return preview ? ok(preview->events) : fail(preview.failure());
}

Reply LocalResources::ingest(workspace::Workspace &ws, const QString &stream, IngestFormat format, const QByteArray &body)
{
    workspace::IngestFormat f = workspace::IngestFormat::Compact;
    switch (format) {
    case IngestFormat::Compact: f = workspace::IngestFormat::Compact; break;
    case IngestFormat::Streaming: f = workspace::IngestFormat::Streaming; break;
    case IngestFormat::Raw: f = workspace::IngestFormat::Raw; break;
    case IngestFormat::Lines: f = workspace::IngestFormat::Lines; break;
    }
    auto result = ws.ingestor().ingest(QStringLiteral("default"), stream, f, body);
    if (result)
        return ok();
    workspace::Failure failure = result.failure();
    if (failure.httpStatus == 404) // as the server: an unknown stream is a bad request for ingest
        failure.httpStatus = 400;
    return fail(failure);
}

} // namespace tideline::client
