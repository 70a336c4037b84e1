// tidelined's routes over real HTTP on loopback: auth, streams, ingest, bounded and streaming
// queries over SSE, DDL through /queries, format/analyze, documents stored exactly as given,
// bad input answered with {code, message, system} and no change.
#include "ServerFixture.h"

using namespace tideline::server::testing;

namespace {

QJsonObject streamDef(const QString &name)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("string")}},
                                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("v")}, {QStringLiteral("type"), QStringLiteral("int64")}}}},
                       {QStringLiteral("description"), QStringLiteral("test stream")}};
}

void expectError(const HttpReply &reply, int status, int code = -1)
{
    EXPECT_EQ(reply.status, status) << reply.body.toStdString();
    QJsonObject error = reply.object();
    EXPECT_TRUE(error.contains(QStringLiteral("message"))) << reply.body.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("system")));
    if (code >= 0) {
        EXPECT_EQ(error.value(QStringLiteral("code")).toInt(), code) << reply.body.toStdString();
    }
}

} // namespace

TEST_F(ServerFixture, MissingOrBadCredentialsGet401AndNothingElse)
{
    expectError(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {}), 401);
    expectError(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"X-Api-Key", "wrong"}}), 401);
    EXPECT_EQ(call("GET", QStringLiteral("/api/v1beta2/streams"), {}, {{"x-api-key", kKey.toUtf8()}}).status, 200);
    EXPECT_EQ(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"X-API-KEY", kKey.toUtf8()}}).status, 200);
    EXPECT_EQ(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"Authorization", "ApiKey " + kKey.toUtf8()}}).status, 200);
    // A created user signs in with Basic; a wrong password does not.
    EXPECT_EQ(post(QStringLiteral("/v1beta2/users"), QJsonObject{{QStringLiteral("username"), QStringLiteral("ann")}, {QStringLiteral("password"), QStringLiteral("pw1")}, {QStringLiteral("role"), QStringLiteral("admin")}}).status, 201);
    EXPECT_EQ(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"Authorization", "Basic " + QByteArray("ann:pw1").toBase64()}}).status, 200);
    expectError(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"Authorization", "Basic " + QByteArray("ann:bad").toBase64()}}), 401);
}

TEST_F(ServerFixture, RepeatedWrongCredentialsFromOneAddressGet429UntilTheWindowPasses)
{
    tideline::engine::ManualClock clock(1000LL * 1000000000LL);
    startServer({.maxFailedLogins = 3, .failedLoginWindowMs = 60000, .clock = &clock});
    const QString streams = QStringLiteral("/default/api/v1beta2/streams");
    for (int i = 0; i < 5; ++i) // forgetting credentials is not guessing: no lockout
        expectError(call("GET", streams, {}, {}), 401);
    EXPECT_EQ(call("GET", streams).status, 200);
    for (int i = 0; i < 3; ++i)
        expectError(call("GET", streams, {}, {{"X-Api-Key", "guess-" + QByteArray::number(i)}}), 401);
    expectError(call("GET", streams), 429); // even the right key waits now
    expectError(call("GET", streams, {}, {{"Authorization", "Basic " + QByteArray("root:guess").toBase64()}}), 429);
    clock.advance(59LL * 1000000000LL);
    expectError(call("GET", streams), 429);
    clock.advance(2LL * 1000000000LL);
    EXPECT_EQ(call("GET", streams).status, 200);
    expectError(call("GET", streams, {}, {{"X-Api-Key", "one-more"}}), 401); // the count restarted after the success
}

TEST_F(ServerFixture, ApiKeysAreCreatedOnceShownAndExpire)
{
    auto created = post(QStringLiteral("/v1beta2/auth/api_keys"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ci")}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    expectSchema(created.object(), QStringLiteral("CreateAPIKeyResponse"));
    QByteArray key = created.object().value(QStringLiteral("api_key")).toString().toUtf8();
    EXPECT_EQ(key.size(), 60);
    EXPECT_EQ(call("GET", QStringLiteral("/api/v1beta2/streams"), {}, {{"X-Api-Key", key}}).status, 200);
    auto listed = get(QStringLiteral("/v1beta2/auth/api_keys"));
    ASSERT_EQ(listed.array().size(), 1);
    EXPECT_FALSE(listed.body.contains(key)) << "keys are stored hashed and never listed";
    QString id = created.object().value(QStringLiteral("id")).toString();
    EXPECT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/auth/api_keys/") + id).status, 204);
    expectError(call("GET", QStringLiteral("/api/v1beta2/streams"), {}, {{"X-Api-Key", key}}), 401);
    expectError(post(QStringLiteral("/v1beta2/auth/api_keys"), QJsonObject{{QStringLiteral("expire_in"), QStringLiteral("soon")}}), 400);
}

TEST_F(ServerFixture, StreamLifecycleAndBadInputChangesNothing)
{
    auto created = post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("iot")));
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    expectSchema(created.object(), QStringLiteral("Stream"));
    EXPECT_EQ(created.object().value(QStringLiteral("description")).toString(), QStringLiteral("test stream"));
    expectError(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("iot"))), 400, 57);
    expectError(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("9bad"))), 400);
    QJsonObject wrongType = streamDef(QStringLiteral("other"));
    wrongType[QStringLiteral("columns")] = QStringLiteral("not an array");
    expectError(post(QStringLiteral("/v1beta2/streams"), wrongType), 400);
    QJsonObject badColumn = streamDef(QStringLiteral("other"));
    badColumn[QStringLiteral("columns")] = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("no_such_type")}}};
    expectError(post(QStringLiteral("/v1beta2/streams"), badColumn), 400, 50);
    expectError(call("POST", QStringLiteral("/default/api/v1beta2/streams"), "{\"name\": \"x\", "), 400);
    QJsonObject full = streamDef(QStringLiteral("full"));
    full[QStringLiteral("mode")] = QStringLiteral("versioned_kv");
    full[QStringLiteral("primary_key")] = QStringLiteral("id");
    full[QStringLiteral("order_by_expression")] = QStringLiteral("id");
    full[QStringLiteral("logstore_retention_bytes")] = 1073741824;
    full[QStringLiteral("ttl_expression")] = QStringLiteral("to_datetime(_tp_time) + INTERVAL 7 DAY");
    full[QStringLiteral("shards")] = 1;
    auto fullCreated = post(QStringLiteral("/v1beta2/streams"), full);
    ASSERT_EQ(fullCreated.status, 201) << fullCreated.body.toStdString();
    EXPECT_EQ(fullCreated.object().value(QStringLiteral("mode")).toString(), QStringLiteral("versioned_kv"));
    EXPECT_EQ(fullCreated.object().value(QStringLiteral("primary_key")).toString(), QStringLiteral("id"));
    EXPECT_EQ(fullCreated.object().value(QStringLiteral("logstore_retention_bytes")).toInteger(), 1073741824);
    EXPECT_FALSE(fullCreated.object().value(QStringLiteral("ttl_expression")).toString().isEmpty());
    EXPECT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/streams/full")).status, 204);
    auto list = get(QStringLiteral("/v1beta2/streams"));
    ASSERT_EQ(list.array().size(), 1) << list.body.toStdString();
    auto one = get(QStringLiteral("/v1beta2/streams/iot"));
    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams/missing")).status, 404);
    auto patched = call("PATCH", QStringLiteral("/default/api/v1beta2/streams/iot"), R"({"description":"new","logstore_retention_ms":86400000})");
    EXPECT_EQ(patched.status, 200) << patched.body.toStdString();
    EXPECT_EQ(patched.object().value(QStringLiteral("logstore_retention_ms")).toInteger(), 86400000);
    EXPECT_EQ(patched.object().value(QStringLiteral("description")).toString(), QStringLiteral("new"));
    EXPECT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/streams/iot")).status, 204);
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams")).array().size(), 0);
}

TEST_F(ServerFixture, IngestFormatsAndBoundedQueryOverSse)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("s"))).status, 201);
    EXPECT_EQ(call("POST", QStringLiteral("/default/api/v1beta2/streams/s/ingest"), R"({"columns":["id","v"],"data":[["a",1],["b",9007199254740993]]})").status, 200);
    EXPECT_EQ(call("POST", QStringLiteral("/default/api/v1beta2/streams/s/ingest?format=streaming"), "{\"id\":\"c\",\"v\":3}\n{\"id\":\"d\",\"v\":4}\n",
                   {{"X-Api-Key", kKey.toUtf8()}, {"Content-Type", "application/x-ndjson"}}).status, 200);
    // A bad value fails the whole call: nothing of it is appended.
    expectError(call("POST", QStringLiteral("/default/api/v1beta2/streams/s/ingest"), R"({"columns":["id","v"],"data":[["e",5],["f","x"]]})"), 400);
    expectError(call("POST", QStringLiteral("/default/api/v1beta2/streams/nope/ingest"), R"({"columns":["id"],"data":[["e"]]})"), 400, 60);

    // Omitted _tp_time is the DEFAULT now(), not 1970, in both JSON formats.
    SseClient times(m_port, "SELECT count() FROM table(s) WHERE _tp_time < now() - INTERVAL 1 HOUR");
    ASSERT_TRUE(times.waitForClose());
    ASSERT_EQ(times.rows().size(), 1);
    EXPECT_EQ(times.rows()[0].toArray()[0].toInteger(), 0);

    SseClient sse(m_port, "SELECT id, v FROM table(s) ORDER BY id");
    ASSERT_TRUE(sse.waitForClose());
    EXPECT_TRUE(sse.head().contains("Content-Type: text/event-stream\r\n")) << sse.head().toStdString();
    ASSERT_GE(sse.events().size(), 3);
    EXPECT_EQ(sse.events().first().event, "query");
    QJsonObject first = QJsonDocument::fromJson(sse.events().first().data).object();
    expectSchema(first, QStringLiteral("Query"));
    EXPECT_EQ(first.value(QStringLiteral("result")).toObject().value(QStringLiteral("header")).toArray().size(), 2);
    QJsonObject last = QJsonDocument::fromJson(sse.events().last().data).object();
    EXPECT_EQ(sse.events().last().event, "query");
    EXPECT_EQ(last.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    QJsonArray rows = sse.rows();
    ASSERT_EQ(rows.size(), 4);
    EXPECT_EQ(rows[0].toArray()[0].toString(), QStringLiteral("a"));
    // 2^53 + 1 survives exactly on the wire.
    bool exact = false;
    for (const auto &e : sse.events())
        exact = exact || e.data.contains("[\"b\",9007199254740993]");
    EXPECT_TRUE(exact);

    // The stats count that traffic: 4 rows written, and read by the two queries above.
    auto stats = get(QStringLiteral("/v1beta2/streams/s/stats?historyDays=1"));
    ASSERT_EQ(stats.status, 200) << stats.body.toStdString();
    expectSchema(stats.object(), QStringLiteral("StreamStats"));
    EXPECT_EQ(stats.object().value(QStringLiteral("row_count")).toInteger(), 4);
    EXPECT_GT(stats.object().value(QStringLiteral("written_eps")).toDouble(), 0.0);
    EXPECT_GT(stats.object().value(QStringLiteral("read_bps")).toDouble(), 0.0);
    QJsonArray history = stats.object().value(QStringLiteral("history")).toArray();
    ASSERT_EQ(history.size(), 1);
    expectSchema(history[0].toObject(), QStringLiteral("proton.StreamMetricsHistory"));
    expectError(get(QStringLiteral("/v1beta2/streams/s/stats?historyDays=8")), 400);
    expectError(get(QStringLiteral("/v1beta2/streams/s/stats?historyDays=0")), 400);
}

TEST_F(ServerFixture, StreamingQuerySeesRowsIngestedAfterItsFirstEventAndCancels)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("live"))).status, 201);
    SseClient sse(m_port, "SELECT id, v FROM live", ",\"batching_policy\":{\"count\":1,\"time_ms\":10},\"tags\":[\"t1\"]");
    ASSERT_TRUE(sse.waitForEvents(1));
    ASSERT_EQ(sse.events().first().event, "query");
    QString id = QJsonDocument::fromJson(sse.events().first().data).object().value(QStringLiteral("id")).toString();
    EXPECT_EQ(call("POST", QStringLiteral("/default/api/v1beta2/streams/live/ingest"), R"({"columns":["id","v"],"data":[["x",1],["y",2]]})").status, 200);
    ASSERT_TRUE(spinUntil([&] { return sse.rows().size() >= 2; }));
    EXPECT_EQ(sse.rows()[1].toArray()[1].toInt(), 2);
    auto listed = get(QStringLiteral("/v1beta2/queries?tag=t1")).array();
    ASSERT_EQ(listed.size(), 1);
    EXPECT_EQ(listed[0].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
    ASSERT_TRUE(spinUntil([&] { // operators count what they produced (refreshed with the metrics, every second)
        auto pipeline = get(QStringLiteral("/v1beta2/queries/") + id + QStringLiteral("/pipeline")).object();
        for (const auto &node : pipeline.value(QStringLiteral("nodes")).toArray()) {
            QJsonObject metric = node.toObject().value(QStringLiteral("metric")).toObject();
            if (metric.value(QStringLiteral("processed_rows")).toInteger() >= 2 && metric.value(QStringLiteral("processing_time_ns")).toInteger() > 0)
                return true;
        }
        return false;
    }, 5000));
    EXPECT_EQ(post(QStringLiteral("/v1beta2/queries/") + id + QStringLiteral("/cancel"), QJsonObject()).status, 204);
    ASSERT_TRUE(sse.waitForClose());
    EXPECT_EQ(QJsonDocument::fromJson(sse.events().last().data).object().value(QStringLiteral("status")).toString(), QStringLiteral("canceled"));
    EXPECT_EQ(get(QStringLiteral("/v1beta2/queries/") + id).object().value(QStringLiteral("status")).toString(), QStringLiteral("canceled"));
}

TEST_F(ServerFixture, ClientDisconnectCancelsItsQuery)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("d"))).status, 201);
    QString id;
    {
        SseClient sse(m_port, "SELECT * FROM d");
        ASSERT_TRUE(sse.waitForEvents(1));
        id = QJsonDocument::fromJson(sse.events().first().data).object().value(QStringLiteral("id")).toString();
        sse.socket().abort();
    }
    // The server notices the gone client at its next write; ingest gives it one.
    ASSERT_TRUE(spinUntil([&] {
        call("POST", QStringLiteral("/default/api/v1beta2/streams/d/ingest"), R"({"columns":["id"],"data":[["x"]]})");
        return get(QStringLiteral("/v1beta2/queries/") + id).object().value(QStringLiteral("status")).toString() == QLatin1String("canceled");
    }));
}

TEST_F(ServerFixture, DdlThroughQueriesAnswers204AndErrorsCarryTheEngineCode)
{
    EXPECT_EQ(post(QStringLiteral("/v1beta2/queries"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("CREATE STREAM q (a int32)")}}).status, 204);
    expectError(post(QStringLiteral("/v1beta2/queries"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("CREATE STREAM q (a int32)")}}), 400, 57);
    expectError(post(QStringLiteral("/v1beta2/queries"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("SELEC 1")}}), 400, 62);
    expectError(post(QStringLiteral("/v1beta2/queries"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("SELECT * FROM nowhere")}}), 400, 60);
    expectError(post(QStringLiteral("/v1beta2/queries"), QJsonObject{{QStringLiteral("sql"), 42}}), 400);
    EXPECT_EQ(get(QStringLiteral("/v1beta2/streams/q")).status, 200);
}

TEST_F(ServerFixture, FormatAndAnalyze)
{
    auto formatted = post(QStringLiteral("/v1beta2/format"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("select 1 as x")}});
    ASSERT_EQ(formatted.status, 200);
    EXPECT_EQ(formatted.object().value(QStringLiteral("sql")).toString(), QStringLiteral("SELECT 1 AS x"));
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("a"))).status, 201);
    auto analyzed = post(QStringLiteral("/v1beta2/sqlanalyze"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("SELECT id, count() FROM a GROUP BY id")}});
    ASSERT_EQ(analyzed.status, 200) << analyzed.body.toStdString();
    expectSchema(analyzed.object(), QStringLiteral("SQLAnalyzeResult"));
    EXPECT_TRUE(analyzed.object().value(QStringLiteral("is_streaming")).toBool());
    EXPECT_TRUE(analyzed.object().value(QStringLiteral("has_aggr")).toBool());
    expectError(post(QStringLiteral("/v1beta2/sqlanalyze"), QJsonObject{{QStringLiteral("sql"), QStringLiteral("SELECT FROM WHERE")}}), 400, 62);
}

TEST_F(ServerFixture, DashboardsRoundTripPanelsExactlyAndSurviveRestart)
{
    QJsonArray panels{QJsonObject{{QStringLiteral("id"), QStringLiteral("p1")}, {QStringLiteral("title"), QStringLiteral("Temp")},
                                  {QStringLiteral("viz_type"), QStringLiteral("chart")},
                                  {QStringLiteral("viz_config"), QJsonObject{{QStringLiteral("chartType"), QStringLiteral("line")}, {QStringLiteral("xAxis"), QStringLiteral("window_start")}}},
                                  {QStringLiteral("position"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), 0}, {QStringLiteral("w"), 6}, {QStringLiteral("h"), 4}}}}};
    auto created = post(QStringLiteral("/v1beta2/dashboards"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ops")}, {QStringLiteral("panels"), panels}});
    ASSERT_EQ(created.status, 201);
    expectSchema(created.object(), QStringLiteral("dashboard.Dashboard"));
    QString id = created.object().value(QStringLiteral("id")).toString();
    startServer(); // a new process would see the same: everything is in the data folder
    auto fetched = get(QStringLiteral("/v1beta2/dashboards/") + id);
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.object().value(QStringLiteral("panels")).toArray(), panels);
    expectError(post(QStringLiteral("/v1beta2/dashboards"), QJsonObject{{QStringLiteral("panels"), panels}}), 400); // name is required
    EXPECT_EQ(get(QStringLiteral("/v1beta2/dashboards")).array().size(), 1);
}

TEST_F(ServerFixture, BodiesOverTheLimitAre413)
{
    tideline::server::ServerOptions options;
    options.maxBodyBytes = 1024;
    startServer(options);
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), streamDef(QStringLiteral("big"))).status, 201);
    QByteArray body = "{\"columns\":[\"id\"],\"data\":[[\"" + QByteArray(4096, 'x') + "\"]]}";
    expectError(call("POST", QStringLiteral("/default/api/v1beta2/streams/big/ingest"), body), 413);
}
