#include "server/ResourceRoutes.h"

#include <QJsonArray>
#include <QJsonObject>
#include "workspace/Credentials.h"
#include "workspace/ObjectJson.h"
#include "workspace/ResourceStore.h"
#include "workspace/Workspace.h"

namespace tideline::server {

using workspace::Failure;
using workspace::Outcome;

namespace {

// One document resource: its path, its ResourceStore kind, how it is keyed, the fields a new
// document gets when the request leaves them out, and an optional check of a request body.
struct ResourceSpec {
    QString path;          // "/v1beta2/dashboards"
    QString kind;          // "dashboard"
    QString keyField;      // "id" (generated) or "name" (the client's)
    QJsonObject defaults;  // {"description": "", "panels": []}
    bool put = true;       // PUT replaces the document
    bool patch = false;    // PATCH merges into it
    std::function<std::optional<Failure>(workspace::Workspace &, QJsonObject &)> check;
};

QJsonObject withDefaults(QJsonObject doc, const QJsonObject &defaults)
{
    for (auto it = defaults.begin(); it != defaults.end(); ++it)
        if (!doc.contains(it.key()) || doc.value(it.key()).isNull())
            doc[it.key()] = it.value();
    return doc;
}

Outcome<QJsonObject> prepared(workspace::Workspace &ws, const ResourceSpec &spec, const Call &call)
{
    auto body = call.jsonObject();
    if (!body)
        return body.failure();
    QJsonObject doc = withDefaults(*body, spec.defaults);
    if (spec.keyField == QLatin1String("name")) {
        if (auto invalid = workspace::validateName(doc.value(QStringLiteral("name")).toString(), spec.kind))
            return *invalid;
    }
    if (spec.check)
        if (auto failure = spec.check(ws, doc))
            return *failure;
    return doc;
}

void installCrud(Router &router, workspace::Workspace &ws, const ResourceSpec &spec)
{
    const QString item = spec.path + (spec.keyField == QLatin1String("name") ? QStringLiteral("/{name}") : QStringLiteral("/{id}"));
    const QString param = spec.keyField;
    router.add("GET", spec.path, [&ws, spec](const Call &) { return Reply::json(ws.resources().list(spec.kind)); });
    router.add("POST", spec.path, [&ws, spec](const Call &call) {
        auto doc = prepared(ws, spec, call);
        if (!doc)
            return Reply::failure(doc.failure());
        QString key = spec.keyField == QLatin1String("name") ? doc->value(QStringLiteral("name")).toString() : QString();
        auto created = ws.resources().create(spec.kind, *doc, key);
        if (!created && created.failure().httpStatus == 409)
            return Reply::failure(Failure::badRequest(created.failure().message, 57));
        return Reply::from(created, 201);
    });
    router.add("GET", item, [&ws, spec, param](const Call &call) {
        auto doc = ws.resources().get(spec.kind, call.param(param));
        return doc ? Reply::json(*doc) : Reply::failure(Failure::notFound(QStringLiteral("%1 '%2' not found").arg(spec.kind, call.param(param))));
    });
    router.add("DELETE", item, [&ws, spec, param](const Call &call) { return Reply::from(ws.resources().remove(spec.kind, call.param(param))); });
    if (spec.put)
        router.add("PUT", item, [&ws, spec, param](const Call &call) {
            auto doc = prepared(ws, spec, call);
            if (!doc)
                return Reply::failure(doc.failure());
            auto old = ws.resources().get(spec.kind, call.param(param));
            if (!old)
                return Reply::failure(Failure::notFound(QStringLiteral("%1 '%2' not found").arg(spec.kind, call.param(param))));
            if (spec.keyField == QLatin1String("name"))
                (*doc)[QStringLiteral("name")] = call.param(param); // the key does not move
            for (const QString &keep : {QStringLiteral("status"), QStringLiteral("instance"), QStringLiteral("start_time")})
                if (old->contains(keep) && !doc->contains(keep))
                    (*doc)[keep] = old->value(keep);
            return Reply::from(ws.resources().update(spec.kind, call.param(param), *doc));
        });
    if (spec.patch)
        router.add("PATCH", item, [&ws, spec, param](const Call &call) {
            auto body = call.jsonObject();
            return body ? Reply::from(ws.resources().patch(spec.kind, call.param(param), *body)) : Reply::failure(body.failure());
        });
}

// A query the server will run later (sinks, alerts) must at least parse and plan now.
std::optional<Failure> checkSql(workspace::Workspace &ws, const QJsonObject &doc, const QString &field, bool required)
{
    QString sql = doc.value(field).toString();
    if (sql.trimmed().isEmpty())
        return required ? std::optional<Failure>(Failure::badRequest(QStringLiteral("%1 is required").arg(field))) : std::nullopt;
    auto analysis = ws.analyze(sql);
    if (!analysis)
        return Failure{400, analysis.failure().code, field + QStringLiteral(": ") + analysis.failure().message};
    return std::nullopt;
}

std::optional<Failure> checkOneOf(const QJsonObject &doc, const QString &field, const QStringList &allowed)
{
    QString value = doc.value(field).toString();
    if (allowed.contains(value))
        return std::nullopt;
    return Failure::badRequest(QStringLiteral("%1: '%2' is not one of %3").arg(field, value, allowed.join(QStringLiteral(", "))));
}

std::vector<ResourceSpec> specs()
{
    const QJsonObject noDescription{{QStringLiteral("description"), QString()}};
    return {
        {QStringLiteral("/v1beta2/savedqueries"), QStringLiteral("saved_query"), QStringLiteral("id"),
         {{QStringLiteral("description"), QString()}, {QStringLiteral("tags"), QJsonArray()}}, true, false, {}},
        {QStringLiteral("/v1beta2/dashboards"), QStringLiteral("dashboard"), QStringLiteral("id"),
         {{QStringLiteral("description"), QString()}, {QStringLiteral("panels"), QJsonArray()}}, true, false, {}},
        {QStringLiteral("/v1beta2/schemas"), QStringLiteral("schema"), QStringLiteral("name"), {}, true, false,
         [](workspace::Workspace &, QJsonObject &doc) { return checkOneOf(doc, QStringLiteral("type"), {QStringLiteral("protobuf"), QStringLiteral("avro")}); }},
        {QStringLiteral("/v1beta2/udfs"), QStringLiteral("udf"), QStringLiteral("name"), noDescription, true, false,
         [](workspace::Workspace &, QJsonObject &doc) { return checkOneOf(doc, QStringLiteral("type"), {QStringLiteral("javascript"), QStringLiteral("remote")}); }},
        {QStringLiteral("/v1beta2/sources"), QStringLiteral("source"), QStringLiteral("id"),
         {{QStringLiteral("description"), QString()}, {QStringLiteral("message"), QString()}, {QStringLiteral("properties"), QJsonObject()},
          {QStringLiteral("status"), QStringLiteral("stopped")}, {QStringLiteral("start_time"), 0}}, true, true,
         [](workspace::Workspace &ws, QJsonObject &doc) -> std::optional<Failure> {
             QString stream = doc.value(QStringLiteral("stream")).toString();
             if (!ws.engine().find("default", stream.toStdString()))
                 return Failure::badRequest(QStringLiteral("stream: '%1' does not exist").arg(stream), 60);
             return std::nullopt;
         }},
        {QStringLiteral("/v1beta2/sinks"), QStringLiteral("sink"), QStringLiteral("id"),
         {{QStringLiteral("description"), QString()}, {QStringLiteral("message"), QString()}, {QStringLiteral("properties"), QJsonObject()},
          {QStringLiteral("status"), QStringLiteral("running")}}, true, true,
         [](workspace::Workspace &ws, QJsonObject &doc) -> std::optional<Failure> {
             if (auto bad = checkOneOf(doc, QStringLiteral("type"), {QStringLiteral("http"), QStringLiteral("webhook"), QStringLiteral("slack")}))
                 return bad;
             if (auto bad = checkSql(ws, doc, QStringLiteral("query"), true))
                 return bad;
             doc[QStringLiteral("plan")] = *ws.analyze(doc.value(QStringLiteral("query")).toString());
             return std::nullopt;
         }},
        {QStringLiteral("/v1beta2/alerts"), QStringLiteral("alert"), QStringLiteral("id"),
         {{QStringLiteral("description"), QString()}, {QStringLiteral("message"), QString()}, {QStringLiteral("properties"), QJsonObject()},
          {QStringLiteral("status"), QStringLiteral("running")},
          {QStringLiteral("instance"), QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("status"), QStringLiteral("resolved")}, {QStringLiteral("timeline"), QJsonArray()}}}},
         true, false,
         [](workspace::Workspace &ws, QJsonObject &doc) -> std::optional<Failure> {
             if (auto bad = checkOneOf(doc, QStringLiteral("action"), {QStringLiteral("webhook"), QStringLiteral("http"), QStringLiteral("slack")}))
                 return bad;
             if (auto bad = checkSql(ws, doc, QStringLiteral("trigger_sql"), true))
                 return bad;
             return checkSql(ws, doc, QStringLiteral("resolve_sql"), false);
         }},
    };
}

} // namespace

void ResourceRoutes::install(Router &router, workspace::Workspace &ws)
{
    for (const ResourceSpec &spec : specs())
        installCrud(router, ws, spec);
    installAccounts(router, ws);
    installLifecycles(router, ws);
}

void ResourceRoutes::installLifecycles(Router &router, workspace::Workspace &ws)
{
    // start/stop of sources, sinks and alerts: the status field is what their runners follow.
    const std::pair<QString, QString> kinds[] = {{QStringLiteral("/v1beta2/sources"), QStringLiteral("source")},
                                                 {QStringLiteral("/v1beta2/sinks"), QStringLiteral("sink")},
                                                 {QStringLiteral("/v1beta2/alerts"), QStringLiteral("alert")}};
    for (const auto &[path, kind] : kinds) {
        for (const QString &action : {QStringLiteral("start"), QStringLiteral("stop")}) {
            QString status = action == QLatin1String("start") ? QStringLiteral("running") : QStringLiteral("stopped");
            bool alert = kind == QLatin1String("alert");
            router.add("POST", path + QStringLiteral("/{id}/") + action, [&ws, kind, status, alert](const Call &call) {
                auto patched = ws.resources().patch(kind, call.param(QStringLiteral("id")), QJsonObject{{QStringLiteral("status"), status}});
                return patched ? Reply::noContent(alert ? 204 : 202) : Reply::failure(patched.failure());
            });
        }
        if (kind != QLatin1String("alert"))
            router.add("GET", path + QStringLiteral("/{id}/stats"), [&ws, kind](const Call &call) {
                auto doc = ws.resources().get(kind, call.param(QStringLiteral("id")));
                if (!doc)
                    return Reply::failure(Failure::notFound(QStringLiteral("%1 not found").arg(kind)));
                QJsonObject stats = doc->value(QStringLiteral("stats")).toObject();
                return Reply::json(withDefaults(stats, {{QStringLiteral("errors"), QJsonArray()}, {QStringLiteral("failure_count"), 0},
                                                        {QStringLiteral("success_count"), 0}, {QStringLiteral("throughput"), QJsonArray()}}));
            });
    }
    router.add("POST", QStringLiteral("/v1beta2/alerts/{id}/resolve"), [&ws](const Call &call) {
        auto doc = ws.resources().get(QStringLiteral("alert"), call.param(QStringLiteral("id")));
        if (!doc)
            return Reply::failure(Failure::notFound(QStringLiteral("alert not found")));
        QJsonObject instance = doc->value(QStringLiteral("instance")).toObject();
        instance[QStringLiteral("status")] = QStringLiteral("resolved");
        return Reply::from(ws.resources().patch(QStringLiteral("alert"), call.param(QStringLiteral("id")), {{QStringLiteral("instance"), instance}}).ok()
                               ? workspace::Result(workspace::done()) : workspace::Result(Failure::internal(QStringLiteral("cannot resolve"))));
    });
    router.add("POST", QStringLiteral("/v1beta2/source/preview"), [](const Call &) {
        return Reply::failure(Failure::badRequest(QStringLiteral("source preview needs the source's connector, which this server does not run yet"), 48));
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
        auto settings = ws.resources().get(QStringLiteral("workspace"), QStringLiteral("settings")).value_or(QJsonObject{{QStringLiteral("enabled_user_tracking"), false}});
        return Reply::json(QJsonObject{{QStringLiteral("id"), call.workspace}, {QStringLiteral("name"), ws.name()}, {QStringLiteral("settings"), settings}});
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
        return Reply::json(QJsonObject{{QStringLiteral("subscription_plan"), QStringLiteral("self-hosted")}});
    });
}

} // namespace tideline::server
