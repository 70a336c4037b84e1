#include "workspace/ResourceCatalog.h"

#include "workspace/AlertRunner.h"
#include "workspace/SinkRunner.h"
#include "workspace/SourceRunner.h"

#include <QStringList>
#include "workspace/ObjectJson.h"
#include "workspace/ResourceStore.h"
#include "workspace/SchemaStatements.h"
#include "workspace/StreamCatalog.h"
#include "workspace/UdfStatements.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

QJsonObject withDefaults(QJsonObject doc, const QJsonObject &defaults)
{
    for (auto it = defaults.begin(); it != defaults.end(); ++it)
        if (!doc.contains(it.key()) || doc.value(it.key()).isNull())
            doc[it.key()] = it.value();
    return doc;
}

// Resources keyed by their name (UDF, SchemaResp) have no `id` in the spec: the store's key is
// not shown. The others keep theirs.
QJsonObject shown(const QString &kind, QJsonObject doc)
{
    for (const char *named : {"udf", "schema"})
        if (kind == QLatin1String(named))
            doc.remove(QStringLiteral("id"));
    return doc;
}

Outcome<QJsonObject> shown(const QString &kind, Outcome<QJsonObject> doc)
{
    return doc ? Outcome<QJsonObject>(shown(kind, *doc)) : doc;
}

Failure notFound(const QString &kind, const QString &key)
{
    return Failure::notFound(QStringLiteral("%1 '%2' not found").arg(kind, key));
}

// A query the server will run later (sinks, alerts) must at least parse and plan now.
std::optional<Failure> checkSql(Workspace &ws, const QJsonObject &doc, const QString &field, bool required)
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

// Type, properties, target stream and a reachable peer: SourceRunner knows each connector.
std::optional<Failure> checkSource(Workspace &ws, QJsonObject &doc)
{
    return ws.sources().check(doc);
}

// PUT and PATCH work only on stopped sources (the API says so: a running connector would
// otherwise keep reading with the old settings until restarted).
std::optional<Failure> refuseRunningSource(const QString &kind, const std::optional<QJsonObject> &old)
{
    if (kind != QLatin1String("source") || !old || old->value(QStringLiteral("status")).toString() != QLatin1String("running"))
        return std::nullopt;
    return Failure::badRequest(QStringLiteral("source '%1' is running: stop it before updating it").arg(old->value(QStringLiteral("name")).toString()),
                               static_cast<int>(engine::ErrorCode::BadArguments));
}

std::optional<Failure> checkSink(Workspace &ws, QJsonObject &doc)
{
    if (auto bad = checkOneOf(doc, QStringLiteral("type"), {QStringLiteral("http"), QStringLiteral("webhook"), QStringLiteral("slack")}))
        return bad;
    if (auto bad = checkSql(ws, doc, QStringLiteral("query"), true))
        return bad;
    doc[QStringLiteral("plan")] = *ws.analyze(doc.value(QStringLiteral("query")).toString());
    return std::nullopt;
}

std::optional<Failure> checkAlert(Workspace &ws, QJsonObject &doc)
{
    if (auto bad = checkOneOf(doc, QStringLiteral("action"), {QStringLiteral("webhook"), QStringLiteral("http"), QStringLiteral("slack")}))
        return bad;
    if (auto bad = checkSql(ws, doc, QStringLiteral("trigger_sql"), true))
        return bad;
    if (auto bad = checkSql(ws, doc, QStringLiteral("resolve_sql"), false))
        return bad;
    // Alert carries its trigger and resolve queries as Query objects (required by the schema);
    // the runner's live queries are listed under GET /queries with the tag alert:<id>.
    for (const auto &[field, sqlField] : {std::pair{QStringLiteral("trigger_query"), QStringLiteral("trigger_sql")},
                                          std::pair{QStringLiteral("resolve_query"), QStringLiteral("resolve_sql")}})
        doc[field] = QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("sql"), doc.value(sqlField).toString()},
                                 {QStringLiteral("name"), QString()}, {QStringLiteral("description"), QString()},
                                 {QStringLiteral("status"), QStringLiteral("running")}, {QStringLiteral("message"), QString()},
                                 {QStringLiteral("start_time"), 0}, {QStringLiteral("end_time"), 0}, {QStringLiteral("duration"), 0},
                                 {QStringLiteral("response_time"), 0}, {QStringLiteral("analysis"), QJsonObject()},
                                 {QStringLiteral("result"), QJsonObject{{QStringLiteral("header"), QJsonArray()}}},
                                 {QStringLiteral("timeColumns"), QJsonObject{{QStringLiteral("eventTime"), -1}, {QStringLiteral("windowStart"), -1},
                                                                             {QStringLiteral("windowEnd"), -1}}}};
    return std::nullopt;
}

std::vector<ResourceSpec> makeSpecs()
{
    const QString d = QStringLiteral("description");
    const QJsonObject runner{{d, QString()}, {QStringLiteral("message"), QString()}, {QStringLiteral("properties"), QJsonObject()}};
    QJsonObject source = runner, sink = runner, alert = runner;
    source[QStringLiteral("status")] = QStringLiteral("stopped");
    source[QStringLiteral("start_time")] = 0;
    sink[QStringLiteral("status")] = QStringLiteral("running");
    alert[QStringLiteral("status")] = QStringLiteral("running");
    alert[QStringLiteral("instance")] = QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("status"), QStringLiteral("resolved")},
                                                     {QStringLiteral("timeline"), QJsonArray()}};
    auto typeIn = [](QStringList allowed) {
        return [allowed](Workspace &, QJsonObject &doc) { return checkOneOf(doc, QStringLiteral("type"), allowed); };
    };
    return {
        {QStringLiteral("savedqueries"), QStringLiteral("saved_query"), QStringLiteral("id"), {{d, QString()}, {QStringLiteral("tags"), QJsonArray()}}, true, false, false, {}},
        {QStringLiteral("dashboards"), QStringLiteral("dashboard"), QStringLiteral("id"), {{d, QString()}, {QStringLiteral("panels"), QJsonArray()}}, true, false, false, {}},
        {QStringLiteral("schemas"), QStringLiteral("schema"), QStringLiteral("name"), {}, true, false, false, typeIn({QStringLiteral("Protobuf"), QStringLiteral("protobuf"), QStringLiteral("Avro"), QStringLiteral("avro")})},
        {QStringLiteral("udfs"), QStringLiteral("udf"), QStringLiteral("name"), {{d, QString()}}, true, false, false, typeIn({QStringLiteral("javascript"), QStringLiteral("remote")})},
        {QStringLiteral("sources"), QStringLiteral("source"), QStringLiteral("id"), source, true, true, true, checkSource},
        {QStringLiteral("sinks"), QStringLiteral("sink"), QStringLiteral("id"), sink, true, true, true, checkSink},
        {QStringLiteral("alerts"), QStringLiteral("alert"), QStringLiteral("id"), alert, true, false, true, checkAlert},
    };
}

} // namespace

const std::vector<ResourceSpec> &ResourceCatalog::specs()
{
    static const std::vector<ResourceSpec> all = makeSpecs();
    return all;
}

const ResourceSpec *ResourceCatalog::spec(const QString &kind)
{
    for (const ResourceSpec &s : specs())
        if (s.kind == kind)
            return &s;
    return nullptr;
}

Result ResourceCatalog::defineFunction(const QJsonObject &doc, bool orReplace)
{
    auto sql = UdfStatements::create(doc, orReplace);
    if (!sql)
        return sql.failure();
    return UdfStatements::run(m_ws, *sql);
}

Outcome<QJsonObject> ResourceCatalog::prepared(const ResourceSpec &spec, const QJsonObject &body)
{
    QJsonObject doc = withDefaults(body, spec.defaults);
    if (spec.keyField == QLatin1String("name")) {
        if (auto invalid = validateName(doc.value(QStringLiteral("name")).toString(), spec.kind))
            return *invalid;
    }
    if (spec.check)
        if (auto failure = spec.check(m_ws, doc))
            return *failure;
    return doc;
}

QJsonArray ResourceCatalog::list(const QString &kind) const
{
    if (kind == QLatin1String("schema")) // the engine's schemas, made by SQL or REST
        return SchemaStatements::list(m_ws);
    if (kind == QLatin1String("udf")) // the engine's functions, made by SQL or REST
        return UdfStatements::list(m_ws);
    QJsonArray out;
    for (const auto &doc : m_ws.resources().list(kind))
        out.append(shown(kind, doc.toObject()));
    return out;
}

Outcome<QJsonObject> ResourceCatalog::get(const QString &kind, const QString &key) const
{
    if (kind == QLatin1String("schema"))
        return SchemaStatements::get(m_ws, key);
    if (kind == QLatin1String("udf"))
        return UdfStatements::get(m_ws, key);
    auto doc = m_ws.resources().get(kind, key);
    return doc ? Outcome<QJsonObject>(shown(kind, *doc)) : Outcome<QJsonObject>(notFound(kind, key));
}

Outcome<QJsonObject> ResourceCatalog::create(const QString &kind, const QJsonObject &body)
{
    const ResourceSpec *s = spec(kind);
    if (!s)
        return Failure::badRequest(QStringLiteral("'%1' is not a document resource").arg(kind));
    auto doc = prepared(*s, body);
    if (!doc)
        return doc.failure();
    QString key = s->keyField == QLatin1String("name") ? doc->value(QStringLiteral("name")).toString() : QString();
    if (kind == QLatin1String("udf")) // the engine's function first: it refuses what it cannot run
        if (auto made = defineFunction(*doc, false); !made)
            return made.failure();
    if (kind == QLatin1String("schema")) { // the engine's schema first: it refuses a bad .proto
        if (auto made = SchemaStatements::define(m_ws, *doc, false); !made)
            return made.failure();
        // A document left by a schema that SQL dropped is only stale audit data: replace it.
        if (m_ws.resources().get(kind, key))
            return shown(kind, m_ws.resources().update(kind, key, *doc));
    }
    auto created = m_ws.resources().create(kind, *doc, key);
    if (!created && created.failure().httpStatus == 409) // Proton's "already exists"
        return Failure::badRequest(created.failure().message, 57);
    return shown(kind, created);
}

Outcome<QJsonObject> ResourceCatalog::replace(const QString &kind, const QString &key, const QJsonObject &body)
{
    const ResourceSpec *s = spec(kind);
    if (!s || !s->put)
        return Failure{405, 0, QStringLiteral("%1 cannot be replaced").arg(kind)};
    if (kind == QLatin1String("schema"))
        return replaceSchema(*s, key, body);
    auto old = m_ws.resources().get(kind, key);
    const bool stored = old.has_value();
    if (!old && kind == QLatin1String("udf") && UdfStatements::get(m_ws, key))
        old = QJsonObject(); // made by SQL: the PUT gives it a document
    if (!old)
        return notFound(kind, key);
    if (auto running = refuseRunningSource(kind, old))
        return *running;
    QJsonObject checked = body;
    if (kind == QLatin1String("source") && !body.contains(QStringLiteral("type"))) // kept below, so checked with it
        checked[QStringLiteral("type")] = old->value(QStringLiteral("type"));
    auto doc = prepared(*s, checked);
    if (!doc)
        return doc.failure();
    if (!body.contains(QStringLiteral("type")))
        doc->remove(QStringLiteral("type"));
    if (s->keyField == QLatin1String("name"))
        (*doc)[QStringLiteral("name")] = key; // the key does not move
    if (kind == QLatin1String("udf"))
        if (auto made = defineFunction(*doc, true); !made)
            return made.failure();
    // What the runners own survives a replace that does not mention it.
    // A source's type is not part of UpdateSourceRequest, so a PUT keeps it.
    for (const QString &keep : {QStringLiteral("status"), QStringLiteral("instance"), QStringLiteral("start_time"), QStringLiteral("type")})
        if (old->contains(keep) && !body.contains(keep))
            (*doc)[keep] = old->value(keep);
    return shown(kind, stored ? m_ws.resources().update(kind, key, *doc) : m_ws.resources().create(kind, *doc, key));
}

// The engine's schema is what exists (made by SQL or REST); the document only keeps audit fields.
Outcome<QJsonObject> ResourceCatalog::replaceSchema(const ResourceSpec &spec, const QString &key, const QJsonObject &body)
{
    if (!SchemaStatements::exists(m_ws, key))
        return notFound(spec.kind, key);
    auto doc = prepared(spec, body);
    if (!doc)
        return doc.failure();
    (*doc)[QStringLiteral("name")] = key; // the key does not move
    if (auto made = SchemaStatements::define(m_ws, *doc, true); !made)
        return made.failure();
    // A schema made by SQL has no document yet: the PUT gives it one.
    bool stored = m_ws.resources().get(spec.kind, key).has_value();
    return shown(spec.kind, stored ? m_ws.resources().update(spec.kind, key, *doc) : m_ws.resources().create(spec.kind, *doc, key));
}

Outcome<QJsonObject> ResourceCatalog::patch(const QString &kind, const QString &key, const QJsonObject &body)
{
    const ResourceSpec *s = spec(kind);
    if (!s || !s->patch)
        return Failure{405, 0, QStringLiteral("%1 cannot be patched").arg(kind)};
    if (kind == QLatin1String("source")) {
        auto old = m_ws.resources().get(kind, key);
        if (!old)
            return notFound(kind, key);
        if (auto running = refuseRunningSource(kind, old))
            return *running;
        QJsonObject merged = *old;
        for (auto it = body.begin(); it != body.end(); ++it)
            merged[it.key()] = it.value();
        if (auto bad = s->check(m_ws, merged))
            return *bad;
    }
    return shown(kind, m_ws.resources().patch(kind, key, body));
}

Result ResourceCatalog::remove(const QString &kind, const QString &key)
{
    if (kind == QLatin1String("schema")) {
        if (auto dropped = SchemaStatements::drop(m_ws, key); !dropped)
            return dropped;
        if (m_ws.resources().get(kind, key))
            return m_ws.resources().remove(kind, key);
        return done();
    }
    if (kind == QLatin1String("udf")) { // made by SQL or REST: the engine's function is what exists
        if (!UdfStatements::get(m_ws, key))
            return notFound(kind, key);
        if (auto dropped = UdfStatements::run(m_ws, UdfStatements::drop(key)); !dropped)
            return dropped;
        if (m_ws.resources().get(kind, key))
            return m_ws.resources().remove(kind, key);
        return done();
    }
    return m_ws.resources().remove(kind, key);
}

Result ResourceCatalog::action(const QString &kind, const QString &key, const QString &action)
{
    const ResourceSpec *s = spec(kind);
    if (action == QLatin1String("resolve") && kind == QLatin1String("alert"))
        return m_ws.alerts().resolve(key) ? Result(done()) : Result(notFound(kind, key));
    if (!s || !s->lifecycle || (action != QLatin1String("start") && action != QLatin1String("stop")))
        return Failure::notFound(QStringLiteral("%1 has no action '%2'").arg(kind, action));
    QString status = action == QLatin1String("start") ? QStringLiteral("running") : QStringLiteral("stopped");
    QJsonObject change{{QStringLiteral("status"), status}};
    if (kind == QLatin1String("source") && action == QLatin1String("start")) // Source.start_time: Unix seconds
        change[QStringLiteral("start_time")] = static_cast<qint64>(m_ws.clock().nowMillis() / 1000);
    auto patched = m_ws.resources().patch(kind, key, change);
    return patched ? Result(done()) : Result(patched.failure());
}

Outcome<QJsonObject> ResourceCatalog::stats(const QString &kind, const QString &key) const
{
    auto doc = m_ws.resources().get(kind, key);
    if (!doc)
        return Failure::notFound(QStringLiteral("%1 not found").arg(kind));
    QJsonObject stats = kind == QLatin1String("sink") ? m_ws.sinks().stats(key) : kind == QLatin1String("source") ? m_ws.sources().stats(key) : QJsonObject();
    return withDefaults(stats, {{QStringLiteral("errors"), QJsonArray()}, {QStringLiteral("failure_count"), 0},
                                {QStringLiteral("success_count"), 0}, {QStringLiteral("throughput"), QJsonArray()}});
}

QJsonObject ResourceCatalog::topology(const QString &database, const QStringList &extra) const
{
    QJsonObject graph = m_ws.streams().topology(database);
    QJsonArray nodes = graph.value(QStringLiteral("nodes")).toArray();
    QStringList kinds{QStringLiteral("sink"), QStringLiteral("source")};
    if (extra.contains(QStringLiteral("dashboard")))
        kinds << QStringLiteral("dashboard");
    for (const QString &kind : kinds)
        for (const auto &value : m_ws.resources().list(kind)) {
            QJsonObject doc = value.toObject();
            nodes.append(QJsonObject{{QStringLiteral("id"), kind + QLatin1Char(':') + doc.value(QStringLiteral("id")).toString()},
                                     {QStringLiteral("name"), doc.value(QStringLiteral("name"))},
                                     {QStringLiteral("type"), kind},
                                     {QStringLiteral("properties"), QJsonObject()}});
        }
    graph[QStringLiteral("nodes")] = nodes;
    return graph;
}

QJsonObject ResourceCatalog::workspaceInfo(const QString &id) const
{
    auto settings = m_ws.resources().get(QStringLiteral("workspace"), QStringLiteral("settings")).value_or(QJsonObject{{QStringLiteral("enabled_user_tracking"), false}});
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("name"), m_ws.name()}, {QStringLiteral("settings"), settings}};
}

} // namespace tideline::workspace
