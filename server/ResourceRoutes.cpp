#include "server/ResourceRoutes.h"

#include <QJsonArray>
#include <QJsonObject>
#include "workspace/Credentials.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/ResourceStore.h"
#include "workspace/SourcePreview.h"
#include "workspace/Workspace.h"

namespace tideline::server {

using workspace::Failure;
using workspace::Outcome;
using workspace::ResourceCatalog;

namespace {

// POST and PUT /schemas answer with the request's own schema ({name, type, content}), not
// SchemaResp: the audit fields are shown by GET only.
workspace::Outcome<QJsonObject> written(const QString &kind, workspace::Outcome<QJsonObject> doc)
{
    if (!doc || kind != QLatin1String("schema"))
        return doc;
    QJsonObject out;
    for (const char *field : {"name", "type", "content"})
        out[QLatin1String(field)] = doc->value(QLatin1String(field));
    return out;
}

// The five CRUD routes of one document resource; shaping and checks are ResourceCatalog's,
// shared with the desktop app's local client.
void installCrud(Router &router, workspace::Workspace &ws, const workspace::ResourceSpec &spec)
{
    const QString path = QStringLiteral("/v1beta2/") + spec.collection;
    const QString param = spec.keyField;
    const QString item = path + QStringLiteral("/{") + param + QLatin1Char('}');
    const QString kind = spec.kind;
    // Storing a source first probes its peer (up to SourceRunner::kProbeTimeoutMs).
    const bool probes = kind == QLatin1String("source");
    auto addWrite = [&router, probes](const char *method, const QString &route, Router::Handler handler) {
        probes ? router.addOffThread(method, route, std::move(handler)) : router.add(method, route, std::move(handler));
    };
    router.add("GET", path, [&ws, kind](const Call &) { return Reply::json(ResourceCatalog(ws).list(kind)); });
    addWrite("POST", path, [&ws, kind](const Call &call) {
        auto body = call.jsonObject();
        return body ? Reply::from(written(kind, ResourceCatalog(ws).create(kind, *body)), 201) : Reply::failure(body.failure());
    });
    router.add("GET", item, [&ws, kind, param](const Call &call) { return Reply::from(ResourceCatalog(ws).get(kind, call.param(param))); });
    router.add("DELETE", item, [&ws, kind, param](const Call &call) { return Reply::from(ResourceCatalog(ws).remove(kind, call.param(param))); });
    if (spec.put)
        addWrite("PUT", item, [&ws, kind, param](const Call &call) {
            auto body = call.jsonObject();
            return body ? Reply::from(written(kind, ResourceCatalog(ws).replace(kind, call.param(param), *body))) : Reply::failure(body.failure());
        });
    if (spec.patch)
        addWrite("PATCH", item, [&ws, kind, param](const Call &call) {
            auto body = call.jsonObject();
            return body ? Reply::from(ResourceCatalog(ws).patch(kind, call.param(param), *body)) : Reply::failure(body.failure());
        });
}

} // namespace

void ResourceRoutes::install(Router &router, workspace::Workspace &ws)
{
    for (const workspace::ResourceSpec &spec : ResourceCatalog::specs())
        installCrud(router, ws, spec);
    installAccounts(router, ws);
    installLifecycles(router, ws);
}

void ResourceRoutes::installLifecycles(Router &router, workspace::Workspace &ws)
{
    // start/stop of sources, sinks and alerts: the status field is what their runners follow.
    for (const workspace::ResourceSpec &spec : ResourceCatalog::specs()) {
        if (!spec.lifecycle)
            continue;
        const QString path = QStringLiteral("/v1beta2/") + spec.collection;
        const QString kind = spec.kind;
        const bool alert = kind == QLatin1String("alert");
        for (const QString &action : {QStringLiteral("start"), QStringLiteral("stop")})
            router.add("POST", path + QStringLiteral("/{id}/") + action, [&ws, kind, action, alert](const Call &call) {
                return Reply::from(ResourceCatalog(ws).action(kind, call.param(QStringLiteral("id")), action), alert ? 204 : 202);
            });
        if (!alert)
            router.add("GET", path + QStringLiteral("/{id}/stats"), [&ws, kind](const Call &call) {
                return Reply::from(ResourceCatalog(ws).stats(kind, call.param(QStringLiteral("id"))));
            });
    }
    router.add("POST", QStringLiteral("/v1beta2/alerts/{id}/resolve"), [&ws](const Call &call) {
        return Reply::from(ResourceCatalog(ws).action(QStringLiteral("alert"), call.param(QStringLiteral("id")), QStringLiteral("resolve")));
    });
    // Event[] as the spec says; the inferred column types of the same samples come from
    // /source/infer, which the workbench calls with them.
    router.addOffThread("POST", QStringLiteral("/v1beta2/source/preview"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        auto preview = workspace::SourcePreview(ws).run(*body);
        return preview ? Reply::json(preview->events) : Reply::failure(preview.failure());
    });
    router.add("POST", QStringLiteral("/v1beta2/source/infer"), [](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        QJsonValue event = body->value(QStringLiteral("event"));
        if (!event.isObject())
            return Reply::failure(Failure::badRequest(QStringLiteral("event must be a JSON object"), 36));
        // Tideline's client also sends all its samples as `events`, so a type is widened over them.
        const QJsonArray events = body->value(QStringLiteral("events")).toArray();
        return Reply::json(workspace::SourcePreview::infer(events.isEmpty() ? QJsonArray{event} : events));
    });
}

void ResourceRoutes::installAccounts(Router &router, workspace::Workspace &ws)
{
    auto &credentials = ws.credentials();
    router.add("GET", QStringLiteral("/v1beta2/auth/api_keys"), [&credentials](const Call &) { return Reply::json(credentials.apiKeys()); });
    router.add("POST", QStringLiteral("/v1beta2/auth/api_keys"), [&credentials](const Call &call) {
        auto body = call.jsonObject();
        return body ? Reply::from(credentials.createApiKey(*body), 201) : Reply::failure(body.failure());
    });
    router.add("DELETE", QStringLiteral("/v1beta2/auth/api_keys/{id}"), [&credentials](const Call &call) {
        return Reply::from(credentials.deleteApiKey(call.param(QStringLiteral("id"))));
    });
    router.add("GET", QStringLiteral("/v1beta2/users"), [&credentials](const Call &) { return Reply::json(credentials.users()); });
    router.add("POST", QStringLiteral("/v1beta2/users"), [&credentials](const Call &call) {
        auto body = call.jsonObject();
        return body ? Reply::from(credentials.createUser(*body), 201) : Reply::failure(body.failure());
    });
    router.add("GET", QStringLiteral("/v1beta2/users/{name}"), [&credentials](const Call &call) { return Reply::from(credentials.user(call.param(QStringLiteral("name")))); });
    router.add("PATCH", QStringLiteral("/v1beta2/users/{name}"), [&credentials](const Call &call) {
        auto body = call.jsonObject();
        return body ? Reply::from(credentials.updateUser(call.param(QStringLiteral("name")), *body), 200) : Reply::failure(body.failure());
    });
    router.add("DELETE", QStringLiteral("/v1beta2/users/{name}"), [&credentials](const Call &call) {
        return Reply::from(credentials.deleteUser(call.param(QStringLiteral("name"))));
    });
    router.add("GET", QStringLiteral("/v1beta2/roles"), [](const Call &) {
        return Reply::json(QJsonArray{QStringLiteral("admin"), QStringLiteral("read_only")});
    });
    router.add("GET", QStringLiteral("/v1beta2/invitations"), [&ws](const Call &) { return Reply::json(ws.resources().list(QStringLiteral("invitation"))); });
    router.add("POST", QStringLiteral("/v1beta2/invitations"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        QString email = body->value(QStringLiteral("email")).toString();
        if (!email.contains(QLatin1Char('@')))
            return Reply::failure(Failure::badRequest(QStringLiteral("email: '%1' is not an email address").arg(email)));
        auto created = ws.resources().create(QStringLiteral("invitation"), {{QStringLiteral("email"), email}, {QStringLiteral("status"), QStringLiteral("pending")}, {QStringLiteral("user_id"), QString()}});
        return created ? Reply::noContent(201) : Reply::failure(created.failure());
    });
    router.add("DELETE", QStringLiteral("/v1beta2/invitations/{id}"), [&ws](const Call &call) {
        return Reply::from(ws.resources().remove(QStringLiteral("invitation"), call.param(QStringLiteral("id"))));
    });
    router.add("GET", QStringLiteral("/v1beta2/workspace"), [&ws](const Call &call) {
        return Reply::json(ResourceCatalog(ws).workspaceInfo(call.workspace));
    });
    router.add("PATCH", QStringLiteral("/v1beta2/workspace"), [&ws](const Call &call) {
        auto body = call.jsonObject();
        if (!body)
            return Reply::failure(body.failure());
        QJsonObject settings = body->value(QStringLiteral("settings")).toObject();
        ws.resources().remove(QStringLiteral("workspace"), QStringLiteral("settings"));
        auto stored = ws.resources().create(QStringLiteral("workspace"), settings, QStringLiteral("settings"));
        return stored ? Reply::noContent() : Reply::failure(stored.failure());
    });
    router.add("GET", QStringLiteral("/v1beta2/subscription"), [](const Call &) {
        return Reply::json(QJsonObject{{QStringLiteral("subscription_plan"), QStringLiteral("Enterprise")}});
    });
}

} // namespace tideline::server
