// Hostile input at every endpoint: every operation of openapi-v1beta2.json is called with
// malformed, truncated, deeply nested, wrongly typed, non-UTF-8 and oversized bodies, and with
// path names full of quotes, path characters and SQL. Each answer must be a 4xx with the
// {code, message} error body (404 may be bare, as the spec says), never a 5xx or a crash, and
// the workspace must be exactly as before. SQL smuggled through resource fields is refused or
// stored literally, never executed.
#include "ServerFixture.h"

#include <QFile>

using namespace tideline::server::testing;
using tideline::api::SchemaValidator;

namespace {

QJsonObject loadSpec()
{
    QFile file(QStringLiteral(":/tideline/api/openapi-v1beta2.json")); // the document the server validates with
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The component a "#/components/schemas/X" reference (or a plain "X") names, $refs followed.
QJsonObject resolve(const QJsonObject &spec, QJsonObject schema)
{
    while (schema.contains(QStringLiteral("$ref")))
        schema = spec[QStringLiteral("components")][QStringLiteral("schemas")][schema[QStringLiteral("$ref")].toString().section(QLatin1Char('/'), -1)].toObject();
    return schema;
}

// A value of the schema's type, and one of a type it does not accept.
QJsonValue sample(const QString &type)
{
    if (type == QLatin1String("string")) return QStringLiteral("x");
    if (type == QLatin1String("integer") || type == QLatin1String("number")) return 1;
    if (type == QLatin1String("boolean")) return true;
    if (type == QLatin1String("array")) return QJsonArray();
    return QJsonObject();
}
QJsonValue wrong(const QString &type)
{
    if (type == QLatin1String("string")) return 42;
    if (type == QLatin1String("integer") || type == QLatin1String("number")) return QStringLiteral("seven");
    if (type == QLatin1String("boolean")) return QStringLiteral("yes");
    if (type == QLatin1String("array")) return QJsonObject{{QStringLiteral("a"), 1}};
    return QJsonArray{1, 2};
}

// For an object request schema: a body with every required property filled, once per typed
// property with that one property of the wrong type.
QList<QByteArray> wronglyTyped(const QJsonObject &spec, const QJsonObject &requestSchema)
{
    QJsonObject schema = resolve(spec, requestSchema);
    QJsonObject properties = schema[QStringLiteral("properties")].toObject();
    QJsonObject base;
    for (const auto &name : schema[QStringLiteral("required")].toArray())
        base[name.toString()] = sample(resolve(spec, properties[name.toString()].toObject())[QStringLiteral("type")].toString());
    QList<QByteArray> bodies;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        QString type = resolve(spec, it.value().toObject())[QStringLiteral("type")].toString();
        if (type.isEmpty())
            continue; // free-form: any value is fine
        QJsonObject body = base;
        body[it.key()] = wrong(type);
        bodies << QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    return bodies;
}

QByteArray deepNesting(int depth)
{
    return QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray("}").repeated(depth);
}

const QList<QByteArray> kMalformedBodies{
    "{\"name\": ", "not json at all", "{\"name\": \"x\",}", "[]", "\"a string\"", "42", "null",
    "{\"name\":\"\xff\xfe\xfd\"}", "{\"name\":\"x\"}garbage", "\x00\x01\x02"};

const QStringList kHostileNames{QStringLiteral("a'b"), QStringLiteral("a\"b"), QStringLiteral("a`b"), QStringLiteral("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"),
                                QStringLiteral("x%3B%20DROP%20STREAM%20s"), QStringLiteral("%00"), QStringLiteral("n").repeated(300),
                                QStringLiteral("%E5%90%8D%E5%89%8D"), QStringLiteral("%FF%FE")};

} // namespace

class HostileInputTest : public ServerFixture {
protected:
    void SetUp() override
    {
        startServer({.maxBodyBytes = 1 << 16});
        QJsonObject stream{{QStringLiteral("name"), QStringLiteral("s")},
                           {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("type"), QStringLiteral("int32")}}}}};
        ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), stream).status, 201);
        ASSERT_EQ(call("POST", QStringLiteral("/default/api/v1beta2/streams/s/ingest"), R"({"columns":["a"],"data":[[1],[2]]})").status, 200);
        m_before = snapshot();
    }

    // Everything a client can list, plus the stream's rows.
    QByteArray snapshot()
    {
        QByteArray all;
        for (const char *path : {"streams", "views", "materialized_views", "external_streams", "external_tables", "udfs", "saved_queries",
                                 "dashboards", "alerts", "sinks", "sources", "schemas", "auth/api_keys", "users"})
            all += path + QByteArray(": ") + get(QStringLiteral("/v1beta2/") + QLatin1String(path)).body + "\n";
        SseClient rows(m_port, "SELECT count(), sum(a) FROM table(s)");
        rows.waitForClose();
        all += QJsonDocument(rows.rows()).toJson(QJsonDocument::Compact);
        return all;
    }

    // A refusal: 4xx, with the error body (a bare 404 allowed), never 5xx.
    void expectRefused(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType = "application/json")
    {
        HttpReply reply = call(method, path, body, {{"X-Api-Key", kKey.toUtf8()}, {"Content-Type", contentType}});
        std::string what = method.toStdString() + " " + path.left(200).toStdString() + " body " + body.left(60).toStdString() + " -> "
                           + std::to_string(reply.status) + " " + reply.body.left(200).toStdString();
        ++m_tried;
        ASSERT_GE(reply.status, 400) << what;
        ASSERT_LT(reply.status, 500) << what;
        if (reply.status == 404 && reply.body.isEmpty())
            return;
        QJsonObject error = reply.object();
        EXPECT_TRUE(error.contains(QStringLiteral("code")) && !error.value(QStringLiteral("message")).toString().isEmpty()) << what;
    }

    QByteArray m_before;
    int m_tried = 0;
};

TEST_F(HostileInputTest, MalformedAndWronglyTypedBodiesAreRefusedByEveryOperationAndChangeNothing)
{
    QJsonObject spec = loadSpec();
    int withBodies = 0;
    for (const auto &op : SchemaValidator::embedded().operations()) {
        if (op.request.isEmpty())
            continue;
        ++withBodies;
        QString path = QStringLiteral("/default/api") + QString(op.pathTemplate).replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), QStringLiteral("nope"));
        QByteArray method = op.method.toLatin1();
        for (const QByteArray &body : kMalformedBodies)
            expectRefused(method, path, body);
        expectRefused(method, path, deepNesting(100000));
        if (!op.pathTemplate.endsWith(QLatin1String("/ingest"))) { // ingest bodies are not schema objects
            QJsonObject requestSchema = op.request.startsWith(QLatin1Char('#')) ? QJsonObject() : QJsonObject{{QStringLiteral("$ref"), op.request}};
            for (const QByteArray &body : wronglyTyped(spec, requestSchema))
                expectRefused(method, path, body);
        }
        expectRefused(method, path, "{\"name\":\"" + QByteArray(70000, 'x') + "\"}"); // over the 64 KiB limit: 413
    }
    EXPECT_GE(withBodies, 35);
    EXPECT_EQ(snapshot(), m_before);
    std::cout << "hostile bodies tried: " << m_tried << "\n";
}

TEST_F(HostileInputTest, HostileNamesInPathsAreRefusedAndChangeNothing)
{
    for (const auto &op : SchemaValidator::embedded().operations()) {
        if (!op.pathTemplate.contains(QLatin1Char('{')) || op.pathTemplate.endsWith(QLatin1String("/ingest")))
            continue;
        for (const QString &name : kHostileNames) {
            QString path = QStringLiteral("/default/api") + QString(op.pathTemplate).replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), name);
            expectRefused(op.method.toLatin1(), path, op.request.isEmpty() ? QByteArray() : QByteArray("{}"));
        }
    }
    for (const QString &name : kHostileNames) // ingest into a stream that cannot exist
        expectRefused("POST", QStringLiteral("/default/api/v1beta2/streams/%1/ingest").arg(name), R"({"columns":["a"],"data":[[3]]})");
    EXPECT_EQ(snapshot(), m_before);
}

TEST_F(HostileInputTest, SqlSmuggledThroughResourceFieldsIsRefusedOrStoredLiterally)
{
    auto stream = [](const QJsonObject &extra, const QJsonObject &column) {
        QJsonObject def{{QStringLiteral("name"), QStringLiteral("t")}, {QStringLiteral("columns"), QJsonArray{column}}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            def[it.key()] = it.value();
        return def;
    };
    QJsonObject plain{{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("type"), QStringLiteral("int32")}};
    const QString drop = QStringLiteral("; DROP STREAM s; --");
    QList<QJsonObject> refused{
        stream({}, {{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("type"), QStringLiteral("int32)") + drop}}),
        stream({}, {{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("type"), QStringLiteral("int32")}, {QStringLiteral("default"), QStringLiteral("1)") + drop}}),
        stream({{QStringLiteral("ttl_expression"), QStringLiteral("to_datetime(_tp_time) + INTERVAL 1 DAY") + drop}}, plain),
        stream({{QStringLiteral("order_by_expression"), QStringLiteral("a)") + drop}}, plain),
        stream({{QStringLiteral("mode"), QStringLiteral("versioned_kv")}, {QStringLiteral("primary_key"), QStringLiteral("a)") + drop}}, plain),
        stream({{QStringLiteral("name"), QStringLiteral("t") + drop}}, plain)};
    for (const QJsonObject &def : refused)
        expectRefused("POST", QStringLiteral("/default/api/v1beta2/streams"), QJsonDocument(def).toJson(QJsonDocument::Compact));
    expectRefused("POST", QStringLiteral("/default/api/v1beta2/views"), R"({"name":"v","query":"SELECT 1; DROP STREAM s"})");
    expectRefused("POST", QStringLiteral("/default/api/v1beta2/materialized_views"), R"({"name":"m","query":"SELECT a FROM s; DROP STREAM s"})");
    expectRefused("POST", QStringLiteral("/default/api/v1beta2/queries"), R"({"sql":"SELECT 1; DROP STREAM s"})");
    expectRefused("POST", QStringLiteral("/default/api/v1beta2/sinks"),
                  R"({"name":"k","type":"http","query":"SELECT a FROM s; DROP STREAM s","properties":{"url":"http://127.0.0.1:9/"}})");
    expectRefused("POST", QStringLiteral("/default/api/v1beta2/alerts"),
                  R"({"name":"al","severity":1,"action":"webhook","trigger_sql":"SELECT a FROM s; DROP STREAM s","properties":{"url":"http://127.0.0.1:9/"}})");
    EXPECT_EQ(snapshot(), m_before);

    // Quotes and SQL in free text and in quoted identifiers are data, kept exactly.
    QString text = QStringLiteral("it's a \"test\"`; DROP STREAM s; --");
    auto patched = call("PATCH", QStringLiteral("/default/api/v1beta2/streams/s"), QJsonDocument(QJsonObject{{QStringLiteral("description"), text}}).toJson());
    ASSERT_EQ(patched.status, 200) << patched.body.toStdString();
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams/s")).object().value(QStringLiteral("description")).toString(), text);
    QJsonObject odd{{QStringLiteral("name"), QStringLiteral("a`") + drop}, {QStringLiteral("type"), QStringLiteral("int32")}};
    auto created = post(QStringLiteral("/v1beta2/streams"), stream({}, odd));
    if (created.status == 201)
        EXPECT_EQ(created.object().value(QStringLiteral("columns")).toArray()[0].toObject().value(QStringLiteral("name")).toString(), odd.value(QStringLiteral("name")).toString());
    else
        EXPECT_EQ(created.status, 400) << created.body.toStdString();
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams/s")).status, 200);
}
