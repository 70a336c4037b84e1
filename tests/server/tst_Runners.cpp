// Sinks and alerts run for real: their queries stream from the workspace and their targets are
// a real HTTP receiver started by the test.
#include <QTcpServer>
#include "HookReceiver.h"
#include "ServerFixture.h"

using namespace tideline::server::testing;

namespace {

QJsonObject valueStream(const QString &name)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("string")}},
                                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("v")}, {QStringLiteral("type"), QStringLiteral("int64")}}}}};
}

} // namespace

class RunnerTest : public ServerFixture {
protected:
    void ingest(const QString &stream, const QByteArray &body)
    {
        ASSERT_EQ(call("POST", QStringLiteral("/default/api/v1beta2/streams/%1/ingest").arg(stream), body).status, 200);
    }
    QJsonObject alert(const QString &id) { return get(QStringLiteral("/v1beta2/alerts/") + id).object(); }
    QString instanceStatus(const QString &id) { return alert(id).value(QStringLiteral("instance")).toObject().value(QStringLiteral("status")).toString(); }
    HookReceiver m_hook;
};

TEST_F(RunnerTest, HttpSinkDeliversEveryRowAndCountsThem)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), valueStream(QStringLiteral("s"))).status, 201);
    auto sink = post(QStringLiteral("/v1beta2/sinks"), QJsonObject{{QStringLiteral("name"), QStringLiteral("out")}, {QStringLiteral("type"), QStringLiteral("http")},
                                                                   {QStringLiteral("query"), QStringLiteral("SELECT id, v FROM s WHERE v > 1")},
                                                                   {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), m_hook.url()}}}});
    ASSERT_EQ(sink.status, 201) << sink.body.toStdString();
    expectSchema(sink.object(), QStringLiteral("Sink"));
    QString id = sink.object().value(QStringLiteral("id")).toString();
    ingest(QStringLiteral("s"), R"({"columns":["id","v"],"data":[["a",1],["b",2],["c",3]]})");
    ASSERT_TRUE(spinUntil([&] { return !m_hook.bodies().isEmpty(); }));
    QJsonArray rows = m_hook.json(0).toArray();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("b"));
    EXPECT_EQ(rows[1].toObject().value(QStringLiteral("v")).toInteger(), 3);
    ASSERT_TRUE(spinUntil([&] {
        return get(QStringLiteral("/v1beta2/sinks/%1/stats").arg(id)).object().value(QStringLiteral("success_count")).toDouble() == 2;
    }));
    // Stopped: new rows go nowhere; started again: they flow.
    EXPECT_EQ(post(QStringLiteral("/v1beta2/sinks/%1/stop").arg(id), QJsonObject()).status, 202);
    ingest(QStringLiteral("s"), R"({"columns":["id","v"],"data":[["d",4]]})");
    EXPECT_EQ(post(QStringLiteral("/v1beta2/sinks/%1/start").arg(id), QJsonObject()).status, 202);
    ingest(QStringLiteral("s"), R"({"columns":["id","v"],"data":[["e",5]]})");
    ASSERT_TRUE(spinUntil([&] { return m_hook.bodies().size() == 2; }));
    EXPECT_EQ(m_hook.json(1).toArray()[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("e"));

    startServer(); // a running sink runs again after a restart
    ingest(QStringLiteral("s"), R"({"columns":["id","v"],"data":[["f",6]]})");
    ASSERT_TRUE(spinUntil([&] { return m_hook.bodies().size() == 3; }));
    EXPECT_EQ(m_hook.json(2).toArray()[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("f"));
}

TEST_F(RunnerTest, SinkRetriesAFailingTargetWithBackoff)
{
    m_hook.failFirst(2);
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), valueStream(QStringLiteral("r"))).status, 201);
    ASSERT_EQ(post(QStringLiteral("/v1beta2/sinks"), QJsonObject{{QStringLiteral("name"), QStringLiteral("retry")}, {QStringLiteral("type"), QStringLiteral("webhook")},
                                                                 {QStringLiteral("query"), QStringLiteral("SELECT id FROM r")},
                                                                 {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), m_hook.url()}}}}).status, 201);
    ingest(QStringLiteral("r"), R"({"columns":["id","v"],"data":[["x",1]]})");
    ASSERT_TRUE(spinUntil([&] { return m_hook.bodies().size() == 1; }, 15000));
    EXPECT_EQ(m_hook.failed(), 2);
}

TEST_F(RunnerTest, BadSinksAreRefusedAndChangeNothing)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), valueStream(QStringLiteral("b"))).status, 201);
    auto badSql = post(QStringLiteral("/v1beta2/sinks"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("http")},
                                                                     {QStringLiteral("query"), QStringLiteral("SELECT nope FROM b")}});
    EXPECT_EQ(badSql.status, 400);
    EXPECT_EQ(badSql.object().value(QStringLiteral("code")).toInt(), 47);
    EXPECT_EQ(post(QStringLiteral("/v1beta2/sinks"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("carrier_pigeon")},
                                                                 {QStringLiteral("query"), QStringLiteral("SELECT id FROM b")}}).status, 400);
    EXPECT_EQ(get(QStringLiteral("/v1beta2/sinks")).array().size(), 0);
}

TEST_F(RunnerTest, AlertTriggersFiresResolvesAndResumesAfterRestart)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), valueStream(QStringLiteral("t"))).status, 201);
    auto created = post(QStringLiteral("/v1beta2/alerts"), QJsonObject{
        {QStringLiteral("name"), QStringLiteral("hot")}, {QStringLiteral("severity"), 2}, {QStringLiteral("action"), QStringLiteral("slack")},
        {QStringLiteral("trigger_sql"), QStringLiteral("SELECT id, v FROM t WHERE v > 10")},
        {QStringLiteral("resolve_sql"), QStringLiteral("SELECT id FROM t WHERE v < 0")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), m_hook.url()}, {QStringLiteral("message"), QStringLiteral("{{name}} is {{status}}: {{id}}={{v}}")}}}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    expectSchema(created.object(), QStringLiteral("Alert"));
    QString id = created.object().value(QStringLiteral("id")).toString();
    ingest(QStringLiteral("t"), R"({"columns":["id","v"],"data":[["cool",5]]})");
    ingest(QStringLiteral("t"), R"({"columns":["id","v"],"data":[["boiler",42]]})");
    ASSERT_TRUE(spinUntil([&] { return m_hook.bodies().size() == 1; }));
    EXPECT_EQ(m_hook.json(0).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("hot is triggered: boiler=42"));
    EXPECT_EQ(instanceStatus(id), QStringLiteral("triggered"));
    EXPECT_EQ(alert(id).value(QStringLiteral("instance")).toObject().value(QStringLiteral("timeline")).toArray().size(), 1);
    ingest(QStringLiteral("t"), R"({"columns":["id","v"],"data":[["boiler",43]]})"); // still triggered: no second message
    ingest(QStringLiteral("t"), R"({"columns":["id","v"],"data":[["boiler",-1]]})");
    ASSERT_TRUE(spinUntil([&] { return instanceStatus(id) == QLatin1String("resolved"); }));
    ASSERT_TRUE(spinUntil([&] { return m_hook.bodies().size() == 2; }));
    EXPECT_EQ(m_hook.json(1).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("hot is resolved: boiler={{v}}"));

    startServer(); // the alert was running: it runs again
    ingest(QStringLiteral("t"), R"({"columns":["id","v"],"data":[["boiler",99]]})");
    ASSERT_TRUE(spinUntil([&] { return instanceStatus(id) == QLatin1String("triggered"); }));
    EXPECT_EQ(post(QStringLiteral("/v1beta2/alerts/%1/resolve").arg(id), QJsonObject()).status, 204);
    EXPECT_EQ(instanceStatus(id), QStringLiteral("resolved"));
    EXPECT_EQ(post(QStringLiteral("/v1beta2/alerts/%1/stop").arg(id), QJsonObject()).status, 204);
    EXPECT_EQ(alert(id).value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
}

TEST_F(RunnerTest, SourcesRunOverHttpAndBadOnesAreRefusedWithTheErrorBody)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), valueStream(QStringLiteral("gen"))).status, 201);
    auto unknown = post(QStringLiteral("/v1beta2/sources"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("carrier_pigeon")},
                                                                        {QStringLiteral("stream"), QStringLiteral("gen")}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.object().value(QStringLiteral("code")).toInt(), 36);
    EXPECT_FALSE(unknown.object().value(QStringLiteral("message")).toString().isEmpty());
    auto noTopic = post(QStringLiteral("/v1beta2/sources"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("kafka")},
                                                                        {QStringLiteral("stream"), QStringLiteral("gen")},
                                                                        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("brokers"), QStringLiteral("127.0.0.1:9")}}}});
    EXPECT_EQ(noTopic.status, 400);
    EXPECT_TRUE(noTopic.object().value(QStringLiteral("message")).toString().contains(QStringLiteral("topic")));
    EXPECT_EQ(get(QStringLiteral("/v1beta2/sources")).array().size(), 0);

    QJsonObject fields{{QStringLiteral("eps"), 200},
                       {QStringLiteral("fields"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("string")},
                                                                         {QStringLiteral("default"), QStringLiteral("'g'")}},
                                                             QJsonObject{{QStringLiteral("name"), QStringLiteral("v")}, {QStringLiteral("type"), QStringLiteral("int64")}}}}};
    auto preview = post(QStringLiteral("/v1beta2/source/preview"), QJsonObject{{QStringLiteral("type"), QStringLiteral("stream_generator")},
                                                                               {QStringLiteral("properties"), fields}, {QStringLiteral("size"), 4}});
    ASSERT_EQ(preview.status, 200) << preview.body.constData();
    EXPECT_EQ(preview.array().size(), 4);
    auto inferred = post(QStringLiteral("/v1beta2/source/infer"), QJsonObject{{QStringLiteral("event"), preview.array().at(0)}});
    EXPECT_EQ(inferred.object().value(QStringLiteral("inferred_columns")).toArray().size(), 2) << inferred.body.constData();

    auto created = post(QStringLiteral("/v1beta2/sources"), QJsonObject{{QStringLiteral("name"), QStringLiteral("g")}, {QStringLiteral("type"), QStringLiteral("stream_generator")},
                                                                        {QStringLiteral("stream"), QStringLiteral("gen")}, {QStringLiteral("properties"), fields}});
    ASSERT_EQ(created.status, 201) << created.body.constData();
    QString id = created.object().value(QStringLiteral("id")).toString();
    EXPECT_EQ(created.object().value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
    EXPECT_EQ(post(QStringLiteral("/v1beta2/sources/") + id + QStringLiteral("/start"), QJsonObject()).status, 202);
    EXPECT_EQ(get(QStringLiteral("/v1beta2/sources/") + id).object().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
    const QString statsPath = QStringLiteral("/v1beta2/sources/") + id + QStringLiteral("/stats?error_log_time_range=1d&metrics_time_range=10m");
    ASSERT_TRUE(spinUntil([&] { return get(statsPath).object().value(QStringLiteral("success_count")).toDouble() > 0; }));
    auto patchRunning = call("PATCH", QStringLiteral("/default/api/v1beta2/sources/") + id, R"({"description":"x"})");
    EXPECT_EQ(patchRunning.status, 400);
    EXPECT_EQ(post(QStringLiteral("/v1beta2/sources/") + id + QStringLiteral("/stop"), QJsonObject()).status, 202);
    double written = get(statsPath).object().value(QStringLiteral("success_count")).toDouble();
    SseClient rows(m_port, "SELECT count() FROM table(gen)");
    ASSERT_TRUE(rows.waitForClose());
    EXPECT_EQ(QJsonDocument(rows.rows()).toJson(QJsonDocument::Compact), QStringLiteral("[[%1]]").arg(written).toUtf8());
}

// A preview waits for samples (here: a peer that accepts the connection and never answers the
// WebSocket handshake) on the server's worker pool, so other requests are answered meanwhile.
TEST_F(RunnerTest, ASlowPreviewDoesNotHoldUpOtherRequests)
{
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost, 0));
    QJsonObject body{{QStringLiteral("type"), QStringLiteral("websocket")}, {QStringLiteral("size"), 1},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())},
                                                                {QStringLiteral("timeout"), QStringLiteral("3s")}}}};
    QNetworkRequest request(url(QStringLiteral("/default/api/v1beta2/source/preview")));
    request.setRawHeader("X-Api-Key", kKey.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *preview = m_nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    ASSERT_TRUE(spinUntil([&] { return silent.hasPendingConnections() || silent.isListening() == false; }, 5000));

    auto streams = get(QStringLiteral("/v1beta2/streams"));
    EXPECT_EQ(streams.status, 200);
    EXPECT_FALSE(preview->isFinished()) << "the preview answered before its peer sent anything";

    ASSERT_TRUE(spinUntil([&] { return preview->isFinished(); }, 15000));
    int status = preview->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    EXPECT_TRUE(status == 200 || status == 400) << status;
    preview->deleteLater();
}
