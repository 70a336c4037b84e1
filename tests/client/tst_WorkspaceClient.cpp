// One suite, two backends: every test runs against LocalClient (an in-process workspace) and
// against RemoteClient talking to an ApiServer on 127.0.0.1 (a free port). Callbacks and query
// signals are awaited by spinning the event loop with a timeout (spinUntil), never by sleeping.
#include <QJsonArray>
#include <QSignalSpy>
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "tests/server/ServerFixture.h"

using namespace tideline;
using namespace tideline::client;
using tideline::server::testing::kKey;
using tideline::server::testing::spinUntil;

namespace {

// ---- backends --------------------------------------------------------------------------------

class LocalBackend {
public:
    static constexpr bool kRemote = false;
    std::unique_ptr<WorkspaceClient> makeClient() { return std::make_unique<LocalClient>(m_dir.path()); }
    void stopServer() {}
    bool startServer() { return true; }

private:
    QTemporaryDir m_dir;
};

class RemoteBackend {
public:
    static constexpr bool kRemote = true;
    RemoteBackend() { startServer(); }
    ~RemoteBackend() { stopServer(); }

    std::unique_ptr<WorkspaceClient> makeClient()
    {
        RemoteOptions options;
        options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        options.apiKey = kKey;
        options.requestTimeoutMs = 10000;
        return std::make_unique<RemoteClient>(options);
    }
    // The server goes away (its workspace too, as when tidelined stops).
    void stopServer()
    {
        m_server.reset();
        if (m_ws)
            m_ws->shutdown();
        m_ws.reset();
    }
    // Starts again on the same port (the first time: on a free one).
    bool startServer()
    {
        auto ws = workspace::Workspace::open({.dataDir = m_dir.path()});
        if (!ws)
            return false;
        m_ws = std::move(*ws);
        m_ws->credentials().addBootstrapKey(kKey);
        m_server = std::make_unique<server::ApiServer>(*m_ws);
        m_port = m_server->listen(QHostAddress::LocalHost, m_port);
        return m_port != 0;
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<workspace::Workspace> m_ws;
    std::unique_ptr<server::ApiServer> m_server;
    quint16 m_port = 0;
};

// ---- helpers ---------------------------------------------------------------------------------

// Everything a query handle emitted, in order.
struct QueryRecorder {
    explicit QueryRecorder(QueryHandle *h) : handle(h)
    {
        QObject::connect(h, &QueryHandle::started, [this](const QJsonObject &q) { order += 'S'; startedQuery = q; });
        QObject::connect(h, &QueryHandle::rows, [this](const ResultBatch &b) {
            order += 'R';
            for (qsizetype r = 0; r < b.rowCount(); ++r) {
                QStringList row;
                for (int c = 0; c < b.columnCount(); ++c)
                    row << (b.isNull(r, c) ? QStringLiteral("NULL") : b.toString(r, c));
                rows << row;
            }
        });
        QObject::connect(h, &QueryHandle::metricsUpdated, [this](const QueryMetrics &) { ++metrics; });
        QObject::connect(h, &QueryHandle::finished, [this](const QJsonObject &q) { order += 'F'; finalQuery = q; });
        QObject::connect(h, &QueryHandle::failed, [this](const ErrorInfo &e) { order += 'E'; error = e; });
    }
    bool ended() const { return order.contains('F') || order.contains('E'); }
    QString status() const { return finalQuery.value(QStringLiteral("status")).toString(); }

    QueryHandle *handle;
    QByteArray order;
    QJsonObject startedQuery, finalQuery;
    QList<QStringList> rows;
    int metrics = 0;
    ErrorInfo error;
};

QJsonObject column(const QString &name, const QString &type)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
}

QJsonObject streamDef(const QString &name)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("columns"), QJsonArray{column(QStringLiteral("id"), QStringLiteral("string")), column(QStringLiteral("v"), QStringLiteral("int64"))}},
                       {QStringLiteral("description"), QStringLiteral("test stream")}};
}

QStringList names(const QJsonValue &list, const QString &field = QStringLiteral("name"))
{
    QStringList out;
    for (const auto &item : list.toArray())
        out << item.toObject().value(field).toString();
    return out;
}

template <class Backend>
class WorkspaceClientTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_client = m_backend.makeClient();
        m_client->open();
        ASSERT_TRUE(spinUntil([&] { return m_client->state() == ConnectionState::Connected; }))
            << connectionStateName(m_client->state()).toStdString();
    }
    void TearDown() override { m_client.reset(); }

    // Makes one request and waits for its callback, which must not come inside the call.
    Reply wait(const std::function<RequestId(Callback)> &request)
    {
        bool called = false;
        Reply reply;
        request([&](const Reply &r) {
            called = true;
            reply = r;
        });
        EXPECT_FALSE(called) << "callbacks are delivered later, never inside the call";
        EXPECT_TRUE(spinUntil([&] { return called; })) << "no answer";
        return reply;
    }
    Reply list(Resource r) { return wait([&](Callback cb) { return m_client->list(r, cb); }); }
    Reply get(Resource r, const QString &key) { return wait([&](Callback cb) { return m_client->get(r, key, cb); }); }
    Reply create(Resource r, const QJsonObject &body) { return wait([&](Callback cb) { return m_client->create(r, body, cb); }); }
    Reply update(Resource r, const QString &key, const QJsonObject &body) { return wait([&](Callback cb) { return m_client->update(r, key, body, cb); }); }
    Reply remove(Resource r, const QString &key) { return wait([&](Callback cb) { return m_client->remove(r, key, cb); }); }
    Reply ingest(const QString &stream, const QByteArray &body)
    {
        return wait([&](Callback cb) { return m_client->ingest(stream, IngestFormat::Compact, body, cb); });
    }
    // Runs a query to its end (or the timeout); the recorder owns nothing, the handle is a child of the test client.
    std::unique_ptr<QueryRecorder> run(const QString &sql, const QueryOptions &options = {})
    {
        auto recorder = std::make_unique<QueryRecorder>(m_client->runQuery(sql, options, m_client.get()));
        EXPECT_TRUE(spinUntil([&] { return recorder->ended(); })) << sql.toStdString();
        return recorder;
    }

    Backend m_backend;
    std::unique_ptr<WorkspaceClient> m_client;
};

using Backends = ::testing::Types<LocalBackend, RemoteBackend>;
class BackendNames {
public:
    template <class T>
    static std::string GetName(int) { return T::kRemote ? "Remote" : "Local"; }
};
TYPED_TEST_SUITE(WorkspaceClientTest, Backends, BackendNames);

} // namespace

TYPED_TEST(WorkspaceClientTest, OpensAndReportsItsState)
{
    this->m_client.reset(); // one client per workspace folder at a time
    auto client = this->m_backend.makeClient();
    EXPECT_EQ(client->state(), ConnectionState::Disconnected);
    QList<ConnectionState> states;
    QObject::connect(client.get(), &WorkspaceClient::stateChanged, [&](ConnectionState s, const QString &) { states << s; });
    client->open();
    EXPECT_EQ(client->state(), ConnectionState::Connecting);
    ASSERT_TRUE(spinUntil([&] { return client->state() == ConnectionState::Connected; }));
    EXPECT_EQ(states, (QList<ConnectionState>{ConnectionState::Connecting, ConnectionState::Connected}));
    EXPECT_FALSE(client->description().isEmpty());
    Reply info = this->wait([&](Callback cb) { return client->workspaceInfo(cb); });
    ASSERT_TRUE(info.ok) << info.error.message.toStdString();
    EXPECT_EQ(info.value.toObject().value(QStringLiteral("name")).toString(), QStringLiteral("default"));
}

TYPED_TEST(WorkspaceClientTest, StreamsAreCreatedListedUpdatedAndDropped)
{
    Reply created = this->create(Resource::Stream, streamDef(QStringLiteral("iot")));
    ASSERT_TRUE(created.ok) << created.error.message.toStdString();
    EXPECT_EQ(created.value.toObject().value(QStringLiteral("name")).toString(), QStringLiteral("iot"));
    EXPECT_TRUE(names(this->list(Resource::Stream).value).contains(QStringLiteral("iot")));
    Reply one = this->get(Resource::Stream, QStringLiteral("iot"));
    ASSERT_TRUE(one.ok);
    EXPECT_EQ(one.value.toObject().value(QStringLiteral("description")).toString(), QStringLiteral("test stream"));
    Reply updated = this->update(Resource::Stream, QStringLiteral("iot"), {{QStringLiteral("description"), QStringLiteral("new")}});
    ASSERT_TRUE(updated.ok) << updated.error.message.toStdString();
    EXPECT_EQ(this->get(Resource::Stream, QStringLiteral("iot")).value.toObject().value(QStringLiteral("description")).toString(), QStringLiteral("new"));
    ASSERT_TRUE(this->remove(Resource::Stream, QStringLiteral("iot")).ok);
    Reply gone = this->get(Resource::Stream, QStringLiteral("iot"));
    EXPECT_FALSE(gone.ok);
    EXPECT_EQ(gone.error.httpStatus, 404);
    EXPECT_EQ(gone.error.code, 60);
}

TYPED_TEST(WorkspaceClientTest, ViewsAndMaterializedViews)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("src"))).ok);
    Reply view = this->create(Resource::View, {{QStringLiteral("name"), QStringLiteral("big")}, {QStringLiteral("query"), QStringLiteral("SELECT id, v FROM src WHERE v > 10")}});
    ASSERT_TRUE(view.ok) << view.error.message.toStdString();
    Reply mv = this->create(Resource::MaterializedView, {{QStringLiteral("name"), QStringLiteral("counts")},
                                                         {QStringLiteral("query"), QStringLiteral("SELECT id, count() AS n FROM src GROUP BY id")},
                                                         {QStringLiteral("logstore_retention_ms"), 3600000}});
    ASSERT_TRUE(mv.ok) << mv.error.message.toStdString();
    auto retentionMs = [this] {
        return this->get(Resource::MaterializedView, QStringLiteral("counts")).value.toObject().value(QStringLiteral("logstore_retention_ms")).toInteger();
    };
    EXPECT_EQ(retentionMs(), 3600000);
    // Retention of the inner stream changes in place; a plain view stores nothing to retain (48).
    Reply longer = this->update(Resource::MaterializedView, QStringLiteral("counts"), {{QStringLiteral("logstore_retention_ms"), 7200000}});
    EXPECT_TRUE(longer.ok) << longer.error.message.toStdString();
    EXPECT_EQ(retentionMs(), 7200000);
    Reply viewRetention = this->update(Resource::View, QStringLiteral("big"), {{QStringLiteral("logstore_retention_ms"), 1}});
    EXPECT_FALSE(viewRetention.ok);
    EXPECT_EQ(viewRetention.error.code, 48);
    EXPECT_EQ(names(this->list(Resource::View).value), QStringList{QStringLiteral("big")});
    EXPECT_EQ(names(this->list(Resource::MaterializedView).value), QStringList{QStringLiteral("counts")});
    Reply got = this->get(Resource::View, QStringLiteral("big"));
    ASSERT_TRUE(got.ok);
    EXPECT_TRUE(got.value.toObject().value(QStringLiteral("query")).toString().contains(QStringLiteral("v > 10")));
    Reply change = this->update(Resource::View, QStringLiteral("big"), {{QStringLiteral("query"), QStringLiteral("SELECT 1")}});
    EXPECT_FALSE(change.ok);
    EXPECT_EQ(change.error.code, 48);
    // The stream has dependants: it cannot go before them (Proton's 630).
    Reply blocked = this->remove(Resource::Stream, QStringLiteral("src"));
    EXPECT_FALSE(blocked.ok);
    ASSERT_TRUE(this->remove(Resource::View, QStringLiteral("big")).ok);
    ASSERT_TRUE(this->remove(Resource::MaterializedView, QStringLiteral("counts")).ok);
    EXPECT_TRUE(this->list(Resource::View).value.toArray().isEmpty());
    EXPECT_TRUE(this->list(Resource::MaterializedView).value.toArray().isEmpty());
}

TYPED_TEST(WorkspaceClientTest, SavedQueriesAndDashboardsRoundTripExactly)
{
    Reply saved = this->create(Resource::SavedQuery, {{QStringLiteral("name"), QStringLiteral("top")}, {QStringLiteral("sql"), QStringLiteral("SELECT 1")}});
    ASSERT_TRUE(saved.ok) << saved.error.message.toStdString();
    QString savedId = saved.value.toObject().value(QStringLiteral("id")).toString();
    ASSERT_FALSE(savedId.isEmpty());
    EXPECT_EQ(saved.value.toObject().value(QStringLiteral("tags")).toArray(), QJsonArray()); // the API's defaults
    Reply renamed = this->update(Resource::SavedQuery, savedId, {{QStringLiteral("name"), QStringLiteral("top2")}, {QStringLiteral("sql"), QStringLiteral("SELECT 2")}});
    ASSERT_TRUE(renamed.ok) << renamed.error.message.toStdString();
    EXPECT_EQ(this->get(Resource::SavedQuery, savedId).value.toObject().value(QStringLiteral("sql")).toString(), QStringLiteral("SELECT 2"));

    QJsonArray panels{QJsonObject{{QStringLiteral("id"), QStringLiteral("p1")}, {QStringLiteral("title"), QStringLiteral("Temp")},
                                  {QStringLiteral("viz_type"), QStringLiteral("chart")},
                                  {QStringLiteral("viz_config"), QJsonObject{{QStringLiteral("chartType"), QStringLiteral("line")}, {QStringLiteral("yAxis"), QJsonArray{1.5, QStringLiteral("x"), QJsonValue::Null}}}},
                                  {QStringLiteral("position"), QJsonObject{{QStringLiteral("x"), 0}, {QStringLiteral("y"), 0}, {QStringLiteral("w"), 6}, {QStringLiteral("h"), 4}}}}};
    Reply dash = this->create(Resource::Dashboard, {{QStringLiteral("name"), QStringLiteral("ops")}, {QStringLiteral("panels"), panels}});
    ASSERT_TRUE(dash.ok) << dash.error.message.toStdString();
    QString id = dash.value.toObject().value(QStringLiteral("id")).toString();
    EXPECT_EQ(this->get(Resource::Dashboard, id).value.toObject().value(QStringLiteral("panels")).toArray(), panels);
    QJsonArray morePanels = panels;
    morePanels.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("p2")}, {QStringLiteral("title"), QStringLiteral("Count")}});
    ASSERT_TRUE(this->update(Resource::Dashboard, id, {{QStringLiteral("name"), QStringLiteral("ops")}, {QStringLiteral("panels"), morePanels}}).ok);
    EXPECT_EQ(this->get(Resource::Dashboard, id).value.toObject().value(QStringLiteral("panels")).toArray(), morePanels);
    Reply nameless = this->create(Resource::Dashboard, {{QStringLiteral("panels"), panels}}); // name is required
    EXPECT_FALSE(nameless.ok);
    EXPECT_EQ(nameless.error.httpStatus, 400);
    EXPECT_EQ(names(this->list(Resource::Dashboard).value), QStringList{QStringLiteral("ops")});
    ASSERT_TRUE(this->remove(Resource::Dashboard, id).ok);
    ASSERT_TRUE(this->remove(Resource::SavedQuery, savedId).ok);
    EXPECT_EQ(this->get(Resource::Dashboard, id).error.httpStatus, 404);
    EXPECT_TRUE(this->list(Resource::SavedQuery).value.toArray().isEmpty());
}

// Alerts as the alert list drives them, on both backends: the editor's dry run (the trigger over
// stored rows, query_mode='table'), create (running, no incident open), a matching row opens an
// incident with a "triggered" timeline entry, resolve by hand, stop and start, delete.
TYPED_TEST(WorkspaceClientTest, AlertsTriggerResolveStopStartAndDelete)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("hot"))).ok);
    ASSERT_TRUE(this->ingest(QStringLiteral("hot"), R"({"columns":["id","v"],"data":[["old",95],["cool",5]]})").ok);
    auto dry = this->run(QStringLiteral("SELECT id, v FROM hot WHERE v > 90 SETTINGS query_mode='table'"));
    EXPECT_EQ(dry->status(), QStringLiteral("finished")) << dry->error.message.toStdString();
    EXPECT_EQ(dry->rows, (QList<QStringList>{{QStringLiteral("old"), QStringLiteral("95")}}));

    Reply created = this->create(Resource::Alert, {{QStringLiteral("name"), QStringLiteral("hot")}, {QStringLiteral("severity"), 2},
                                                   {QStringLiteral("trigger_sql"), QStringLiteral("SELECT id, v FROM hot WHERE v > 90")},
                                                   {QStringLiteral("action"), QStringLiteral("webhook")},
                                                   {QStringLiteral("properties"), QJsonObject{{QStringLiteral("message"), QStringLiteral("{{id}}")}}}});
    ASSERT_TRUE(created.ok) << created.error.message.toStdString();
    const QString id = created.value.toObject().value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    auto alert = [&] { return this->get(Resource::Alert, id).value.toObject(); };
    auto incident = [&] { return alert().value(QStringLiteral("instance")).toObject().value(QStringLiteral("status")).toString(); };
    EXPECT_EQ(alert().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
    EXPECT_NE(incident(), QStringLiteral("triggered"));

    // The trigger query subscribes on its own schedule: keep feeding hot rows until it fires.
    bool triggered = false;
    for (int i = 0; i < 100 && !triggered; ++i) {
        ASSERT_TRUE(this->ingest(QStringLiteral("hot"), R"({"columns":["id","v"],"data":[["new",99]]})").ok);
        triggered = spinUntil([&] { return incident() == QLatin1String("triggered"); }, 200);
    }
    ASSERT_TRUE(triggered);
    const QJsonArray timeline = alert().value(QStringLiteral("instance")).toObject().value(QStringLiteral("timeline")).toArray();
    ASSERT_FALSE(timeline.isEmpty());
    EXPECT_EQ(timeline.last().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("triggered"));

    auto act = [&](const char *action) { return this->wait([&](Callback cb) { return this->m_client->action(Resource::Alert, id, QLatin1String(action), cb); }); };
    ASSERT_TRUE(act("resolve").ok);
    EXPECT_EQ(incident(), QStringLiteral("resolved"));
    ASSERT_TRUE(act("stop").ok);
    EXPECT_EQ(alert().value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
    ASSERT_TRUE(act("start").ok);
    EXPECT_EQ(alert().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
    ASSERT_TRUE(this->remove(Resource::Alert, id).ok);
    EXPECT_EQ(this->get(Resource::Alert, id).error.httpStatus, 404);
}

TYPED_TEST(WorkspaceClientTest, ErrorsCarryProtonCodesAndPositions)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("s"))).ok);
    Reply dup = this->create(Resource::Stream, streamDef(QStringLiteral("s")));
    EXPECT_FALSE(dup.ok);
    EXPECT_EQ(dup.error.httpStatus, 400);
    EXPECT_EQ(dup.error.code, 57);

    const QString bad = QStringLiteral("SELECT (1 FROM s");
    auto syntax = this->run(bad);
    ASSERT_EQ(syntax->order, "E");
    EXPECT_EQ(syntax->error.code, 62);
    EXPECT_EQ(syntax->error.position, bad.indexOf(QStringLiteral("FROM"))) << syntax->error.message.toStdString();
    EXPECT_FALSE(syntax->handle->isRunning());

    auto unknown = this->run(QStringLiteral("SELECT * FROM nowhere"));
    ASSERT_EQ(unknown->order, "E");
    EXPECT_EQ(unknown->error.code, 60);
    EXPECT_TRUE(unknown->error.message.contains(QStringLiteral("nowhere"))) << unknown->error.message.toStdString();

    Reply analyzed = this->wait([&](Callback cb) { return this->m_client->analyze(QStringLiteral("SELECT FROM WHERE"), cb); });
    EXPECT_FALSE(analyzed.ok);
    EXPECT_EQ(analyzed.error.code, 62);
    EXPECT_GE(analyzed.error.position, 0);
}

TYPED_TEST(WorkspaceClientTest, IngestThenABoundedQueryGivesHeaderRowsAndFinished)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("s"))).ok);
    Reply ingested = this->ingest(QStringLiteral("s"), R"({"columns":["id","v"],"data":[["a",1],["b",2],["c",3]]})");
    ASSERT_TRUE(ingested.ok) << ingested.error.message.toStdString();
    Reply bad = this->ingest(QStringLiteral("nope"), R"({"columns":["id"],"data":[["e"]]})");
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.error.httpStatus, 400);
    EXPECT_EQ(bad.error.code, 60);

    auto q = this->run(QStringLiteral("SELECT id, v, if(v = 2, NULL, v * 10) AS w FROM table(s) ORDER BY v"));
    ASSERT_TRUE(q->order.startsWith('S')) << q->order.toStdString();
    ASSERT_TRUE(q->order.endsWith('F')) << q->order.toStdString() << " " << q->error.message.toStdString();
    EXPECT_EQ(q->status(), QStringLiteral("finished"));
    QList<ColumnInfo> columns = q->handle->columns();
    ASSERT_EQ(columns.size(), 3);
    EXPECT_EQ(columns[0].name, QStringLiteral("id"));
    EXPECT_EQ(columns[0].type, QStringLiteral("string"));
    EXPECT_EQ(columns[1].type, QStringLiteral("int64"));
    EXPECT_FALSE(q->handle->id().isEmpty());
    EXPECT_FALSE(q->handle->isStreaming());
    EXPECT_EQ(q->rows, (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("10")},
                                           {QStringLiteral("b"), QStringLiteral("2"), QStringLiteral("NULL")},
                                           {QStringLiteral("c"), QStringLiteral("3"), QStringLiteral("30")}}));
}

TYPED_TEST(WorkspaceClientTest, StreamingQuerySeesLaterRowsAndCancels)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("live"))).ok);
    QueryOptions options;
    options.batchCount = 1;
    options.batchTimeMs = 10;
    QueryRecorder q(this->m_client->runQuery(QStringLiteral("SELECT id, v FROM live"), options, this->m_client.get()));
    ASSERT_TRUE(spinUntil([&] { return q.order.contains('S') || q.ended(); }));
    ASSERT_EQ(q.order, "S") << q.error.message.toStdString();
    EXPECT_TRUE(q.handle->isStreaming());
    EXPECT_TRUE(q.handle->isRunning());
    ASSERT_TRUE(this->ingest(QStringLiteral("live"), R"({"columns":["id","v"],"data":[["x",1],["y",2]]})").ok);
    ASSERT_TRUE(spinUntil([&] { return q.rows.size() >= 2; }));
    EXPECT_EQ(q.rows[1], (QStringList{QStringLiteral("y"), QStringLiteral("2")}));
    q.handle->cancel();
    ASSERT_TRUE(spinUntil([&] { return q.ended(); }));
    EXPECT_TRUE(q.order.endsWith('F')) << q.order.toStdString();
    EXPECT_EQ(q.status(), QStringLiteral("canceled"));
    EXPECT_FALSE(q.handle->isRunning());
}

// The pipeline of a running query: its operators, whose row counters grow as rows arrive (the
// workspace snapshots them about once a second), and edges between them; 404 for unknown ids.
TYPED_TEST(WorkspaceClientTest, PipelineOfARunningQueryCountsRowsPerOperator)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("piped"))).ok);
    QueryRecorder q(this->m_client->runQuery(QStringLiteral("SELECT id, v * 2 FROM piped WHERE v > 0"), {}, this->m_client.get()));
    ASSERT_TRUE(spinUntil([&] { return q.order.contains('S') || q.ended(); }));
    ASSERT_FALSE(q.handle->id().isEmpty());
    auto mostRows = [&](const QJsonObject &pipeline) {
        qint64 most = -1;
        for (const auto &n : pipeline.value(QStringLiteral("nodes")).toArray())
            most = std::max(most, n[QStringLiteral("metric")][QStringLiteral("processed_rows")].toInteger(-1));
        return most;
    };
    QJsonObject pipeline;
    ASSERT_TRUE(spinUntil([&] {
        this->ingest(QStringLiteral("piped"), R"({"columns":["id","v"],"data":[["a",1],["b",2]]})");
        Reply r = this->wait([&](Callback cb) { return this->m_client->pipeline(q.handle->id(), cb); });
        pipeline = r.value.toObject();
        return r.ok && mostRows(pipeline) > 0;
    }));
    EXPECT_GE(pipeline.value(QStringLiteral("nodes")).toArray().size(), 2);
    EXPECT_FALSE(pipeline.value(QStringLiteral("edges")).toArray().isEmpty());
    const qint64 first = mostRows(pipeline);
    ASSERT_TRUE(spinUntil([&] {
        this->ingest(QStringLiteral("piped"), R"({"columns":["id","v"],"data":[["c",3]]})");
        Reply r = this->wait([&](Callback cb) { return this->m_client->pipeline(q.handle->id(), cb); });
        return r.ok && mostRows(r.value.toObject()) > first;
    }));
    Reply unknown = this->wait([&](Callback cb) { return this->m_client->pipeline(QStringLiteral("no-such-query"), cb); });
    EXPECT_FALSE(unknown.ok);
    EXPECT_EQ(unknown.error.httpStatus, 404);
    q.handle->cancel();
    ASSERT_TRUE(spinUntil([&] { return q.ended(); }));
}

TYPED_TEST(WorkspaceClientTest, DdlThroughRunQueryStartsAndFinishesWithoutRows)
{
    auto q = this->run(QStringLiteral("CREATE STREAM made (x int64)"));
    EXPECT_EQ(q->order, "SF") << q->error.message.toStdString();
    EXPECT_TRUE(q->rows.isEmpty());
    EXPECT_TRUE(names(this->list(Resource::Stream).value).contains(QStringLiteral("made")));
    auto again = this->run(QStringLiteral("CREATE STREAM made (x int64)"));
    EXPECT_EQ(again->order, "E");
    EXPECT_EQ(again->error.code, 57);
}

TYPED_TEST(WorkspaceClientTest, SixtyFourBitIntegersAreExactInResultText)
{
    QJsonObject def{{QStringLiteral("name"), QStringLiteral("big")},
                    {QStringLiteral("columns"), QJsonArray{column(QStringLiteral("i"), QStringLiteral("int64")), column(QStringLiteral("u"), QStringLiteral("uint64"))}}};
    ASSERT_TRUE(this->create(Resource::Stream, def).ok);
    Reply ingested = this->ingest(QStringLiteral("big"), R"({"columns":["i","u"],"data":[[9007199254740993,18446744073709551615],[-9223372036854775808,0]]})");
    ASSERT_TRUE(ingested.ok) << ingested.error.message.toStdString();
    auto q = this->run(QStringLiteral("SELECT i, u FROM table(big) ORDER BY u DESC"));
    ASSERT_TRUE(q->order.endsWith('F')) << q->error.message.toStdString();
    EXPECT_EQ(q->rows, (QList<QStringList>{{QStringLiteral("9007199254740993"), QStringLiteral("18446744073709551615")},
                                           {QStringLiteral("-9223372036854775808"), QStringLiteral("0")}}));
    auto literal = this->run(QStringLiteral("SELECT to_int64('9007199254740993') AS a, to_uint64('18446744073709551615') AS b"));
    ASSERT_EQ(literal->rows.size(), 1) << literal->error.message.toStdString();
    EXPECT_EQ(literal->rows[0], (QStringList{QStringLiteral("9007199254740993"), QStringLiteral("18446744073709551615")}));
}

TYPED_TEST(WorkspaceClientTest, DeletingAHandleCancelsItsQuery)
{
    ASSERT_TRUE(this->create(Resource::Stream, streamDef(QStringLiteral("d"))).ok);
    QueryRecorder q(this->m_client->runQuery(QStringLiteral("SELECT * FROM d"), {}, nullptr));
    ASSERT_TRUE(spinUntil([&] { return q.order.contains('S'); }));
    delete q.handle;
    // The stream can be dropped once no query reads it any more.
    ASSERT_TRUE(spinUntil([&] { return this->remove(Resource::Stream, QStringLiteral("d")).ok; }, 15000));
}

TYPED_TEST(WorkspaceClientTest, LosingTheBackendFailsRequestsAtOnceAndRecovers)
{
    if (!TypeParam::kRemote) {
        // A local workspace has no connection to lose; closing it is the nearest thing: a request
        // fails at once with a clear error, and opening it again brings everything back.
        this->m_client->close();
        Reply closed = this->list(Resource::Stream);
        EXPECT_FALSE(closed.ok);
        EXPECT_TRUE(closed.error.message.contains(QStringLiteral("not open"))) << closed.error.message.toStdString();
        this->m_client->open();
        ASSERT_TRUE(spinUntil([&] { return this->m_client->state() == ConnectionState::Connected; }, 20000));
        EXPECT_TRUE(this->list(Resource::Stream).ok);
        return;
    }
    QList<ConnectionState> states;
    QObject::connect(this->m_client.get(), &WorkspaceClient::stateChanged, [&](ConnectionState s, const QString &) { states << s; });
    this->m_backend.stopServer();
    Reply lost = this->list(Resource::Stream);
    EXPECT_FALSE(lost.ok);
    EXPECT_EQ(lost.error.httpStatus, 0);
    ASSERT_TRUE(spinUntil([&] { return this->m_client->state() == ConnectionState::Reconnecting; }));
    // While disconnected a request fails at once with a clear error: it does not hang.
    Reply meanwhile = this->list(Resource::Stream);
    EXPECT_FALSE(meanwhile.ok);
    EXPECT_TRUE(meanwhile.error.message.contains(QStringLiteral("not connected"))) << meanwhile.error.message.toStdString();
    auto q = this->run(QStringLiteral("SELECT 1"));
    EXPECT_EQ(q->order, "E");
    ASSERT_TRUE(this->m_backend.startServer());
    ASSERT_TRUE(spinUntil([&] { return this->m_client->state() == ConnectionState::Connected; }, 20000));
    EXPECT_TRUE(states.contains(ConnectionState::Reconnecting));
    EXPECT_EQ(states.last(), ConnectionState::Connected);
    EXPECT_TRUE(this->list(Resource::Stream).ok);
}

// Source preview and type inference behave the same on both backends: sample events of a
// stream_generator (nothing written), their columns widened over all samples, and an external
// stream's preview refused with Proton's code until its connector previews.
TYPED_TEST(WorkspaceClientTest, SourcePreviewAndInferredColumns)
{
    const QJsonObject request{{QStringLiteral("type"), QStringLiteral("stream_generator")},
                              {QStringLiteral("properties"), QJsonObject{{QStringLiteral("template"), QStringLiteral("iot")}}},
                              {QStringLiteral("size"), 5}};
    Reply preview = this->wait([&](Callback cb) { return this->m_client->preview(Resource::Source, request, cb); });
    ASSERT_TRUE(preview.ok) << preview.error.message.toStdString();
    const QJsonArray events = preview.value.toArray();
    ASSERT_EQ(events.size(), 5);
    EXPECT_TRUE(events.first().toObject().value(QStringLiteral("device")).toString().startsWith(QLatin1String("device_")));
    Reply inferred = this->wait([&](Callback cb) { return this->m_client->inferColumns(events, cb); });
    ASSERT_TRUE(inferred.ok) << inferred.error.message.toStdString();
    QHash<QString, QString> types;
    for (const QJsonValue &c : inferred.value.toObject().value(QStringLiteral("inferred_columns")).toArray())
        types.insert(c[QStringLiteral("name")].toString(), c[QStringLiteral("type")].toString());
    EXPECT_EQ(types.value(QStringLiteral("device")), QStringLiteral("string"));
    EXPECT_TRUE(types.value(QStringLiteral("timestamp")).startsWith(QLatin1String("datetime64"))) << types.value(QStringLiteral("timestamp")).toStdString();
    // An integer in one sample and a fraction in another: float64 over both, as one column.
    const QJsonArray mixed{QJsonObject{{QStringLiteral("v"), 1}}, QJsonObject{{QStringLiteral("v"), 1.5}}};
    Reply widened = this->wait([&](Callback cb) { return this->m_client->inferColumns(mixed, cb); });
    ASSERT_TRUE(widened.ok) << widened.error.message.toStdString();
    EXPECT_EQ(widened.value.toObject().value(QStringLiteral("inferred_columns")).toArray().first()[QStringLiteral("type")].toString(),
              QStringLiteral("float64"));
    Reply bad = this->wait([&](Callback cb) {
        return this->m_client->preview(Resource::Source, QJsonObject{{QStringLiteral("type"), QStringLiteral("carrier_pigeon")}}, cb);
    });
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.error.httpStatus, 400);
    Reply external = this->wait([&](Callback cb) {
        return this->m_client->preview(Resource::ExternalStream,
                                       QJsonObject{{QStringLiteral("settings"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("type")},
                                                                                                       {QStringLiteral("value"), QStringLiteral("kafka")}}}}},
                                       cb);
    });
    if (!external.ok) { // no broker behind these settings: both backends refuse the same way
        EXPECT_EQ(external.error.httpStatus, 400);
    }
}
