// Sources run for real: the stream generator on the workspace's ManualClock (exact counts, no
// sleeping to measure), a WebSocket source against a QWebSocketServer on loopback, the checks
// that refuse a bad source before anything is stored, and previews that write nothing.
#include <QWebSocket>
#include <QWebSocketServer>
#include <atomic>
#include <thread>
#include "SourceFixture.h"
#include "workspace/SourcePreview.h"

using namespace tideline::workspace;
using namespace tideline::workspace::testing;

namespace {

constexpr qint64 kSecond = 1'000'000'000;

QJsonObject field(const QString &name, const QString &type, const QString &def = {})
{
    QJsonObject f{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
    if (!def.isEmpty())
        f[QStringLiteral("default")] = def;
    return f;
}

QJsonObject sourceDoc(const QString &type, const QString &stream, const QJsonObject &properties)
{
    return {{QStringLiteral("name"), QStringLiteral("src_") + type}, {QStringLiteral("type"), type},
            {QStringLiteral("stream"), stream}, {QStringLiteral("properties"), properties}};
}

// A WebSocket server on loopback that remembers its clients and what they sent.
class WsPeer {
public:
    WsPeer() : m_server(QStringLiteral("peer"), QWebSocketServer::NonSecureMode)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QWebSocketServer::newConnection, [this] {
            while (QWebSocket *s = m_server.nextPendingConnection()) {
                // The server is the context: no call reaches a WsPeer that is gone.
                QObject::connect(s, &QWebSocket::textMessageReceived, &m_server, [this](const QString &m) { m_received << m; });
                QObject::connect(s, &QWebSocket::disconnected, &m_server, [this, s] { m_clients.removeAll(s); s->deleteLater(); });
                m_clients << s;
                for (const QString &m : m_greeting)
                    s->sendTextMessage(m);
            }
        });
    }
    ~WsPeer()
    {
        for (QWebSocket *s : m_clients) {
            QObject::disconnect(s, nullptr, &m_server, nullptr);
            delete s;
        }
    }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1").arg(m_server.serverPort()); }
    void send(const QString &message)
    {
        for (QWebSocket *s : m_clients)
            s->sendTextMessage(message);
    }
    QWebSocketServer m_server;
    QList<QWebSocket *> m_clients;
    QStringList m_received;
    QStringList m_greeting; // sent to every client as it connects
};

} // namespace

class SourceRunnerTest : public SourceFixture {};

TEST_F(SourceRunnerTest, GeneratorWritesEpsRowsPerClockSecondWithItsFieldsAndStopsWhenStopped)
{
    exec(QStringLiteral("CREATE STREAM gen(device string, temperature float64, n int32)"));
    QString id = createSource(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("gen"),
                                        {{QStringLiteral("eps"), 10},
                                         {QStringLiteral("fields"), QJsonArray{field(QStringLiteral("device"), QStringLiteral("string"), QStringLiteral("'dev_' || to_string(rand() % 3)")),
                                                                              field(QStringLiteral("temperature"), QStringLiteral("float64")),
                                                                              field(QStringLiteral("n"), QStringLiteral("int32"), QStringLiteral("42"))}}}));
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(count(QStringLiteral("gen")), 0); // created stopped
    action(id, QStringLiteral("start"));
    m_clock.advance(kSecond);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("gen")) >= 10; })) << count(QStringLiteral("gen"));
    m_clock.advance(kSecond / 2);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("gen")) >= 15; }));
    action(id, QStringLiteral("stop")); // joins the generator's thread: nothing can be written after
    EXPECT_FALSE(m_ws->sources().isRunning(id));
    EXPECT_EQ(count(QStringLiteral("gen")), 15); // the rate: exactly eps x elapsed clock time
    m_clock.advance(10 * kSecond);
    EXPECT_EQ(count(QStringLiteral("gen")), 15);

    for (const auto &row : query(QStringLiteral("SELECT device, n, to_type_name(temperature) FROM table(gen)"))) {
        QJsonArray r = row.toArray();
        EXPECT_TRUE(r.at(0).toString().startsWith(QLatin1String("dev_"))) << r.at(0).toString().toStdString();
        EXPECT_EQ(r.at(1).toInt(), 42);
        EXPECT_EQ(r.at(2).toString(), QStringLiteral("float64"));
    }
    QJsonObject s = stats(id);
    EXPECT_EQ(s.value(QStringLiteral("success_count")).toInteger(), 15);
    EXPECT_EQ(s.value(QStringLiteral("failure_count")).toInteger(), 0);
    EXPECT_FALSE(s.value(QStringLiteral("throughput")).toArray().isEmpty());

    action(id, QStringLiteral("start")); // counts from its new start; the stats go on from 15
    m_clock.advance(kSecond);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("gen")) >= 25; }));
    action(id, QStringLiteral("stop"));
    EXPECT_EQ(count(QStringLiteral("gen")), 25);
    EXPECT_EQ(stats(id).value(QStringLiteral("success_count")).toInteger(), 25);
}

TEST_F(SourceRunnerTest, RunningSourcesStartAgainWhenTheWorkspaceReopens)
{
    exec(QStringLiteral("CREATE STREAM devices(device string, temperature float64, humidity float64, timestamp datetime64(3))"));
    QString id = createSource(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("devices"),
                                        {{QStringLiteral("template"), QStringLiteral("iot")}, {QStringLiteral("interval"), QStringLiteral("100ms")}}));
    action(id, QStringLiteral("start"));
    m_clock.advance(kSecond);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("devices")) >= 10; }));
    reopen();
    EXPECT_TRUE(m_ws->sources().isRunning(id));
    qint64 before = count(QStringLiteral("devices"));
    m_clock.advance(kSecond); // the reopened generator counts from its own start
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("devices")) >= before + 10; }));
    QJsonArray row = query(QStringLiteral("SELECT device, timestamp FROM table(devices) LIMIT 1")).at(0).toArray();
    EXPECT_TRUE(row.at(0).toString().startsWith(QLatin1String("device_")));
}

TEST_F(SourceRunnerTest, WebSocketMessagesBecomeRowsByColumnNameAndBadOnesAreCounted)
{
    exec(QStringLiteral("CREATE STREAM ws(device string, temperature float64)"));
    WsPeer peer;
    QString id = createSource(sourceDoc(QStringLiteral("websocket"), QStringLiteral("ws"),
                                        {{QStringLiteral("url"), peer.url()}, {QStringLiteral("data_type"), QStringLiteral("json")},
                                         {QStringLiteral("open_message"), QStringLiteral("{\"subscribe\":\"all\"}")}}));
    ASSERT_FALSE(id.isEmpty());
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return !peer.m_clients.isEmpty() && peer.m_received.contains(QStringLiteral("{\"subscribe\":\"all\"}")); }));
    peer.send(QStringLiteral("{\"device\":\"a\",\"temperature\":1.5}"));
    peer.send(QStringLiteral("{\"device\":\"b\",\"temperature\":2.5,\"extra\":1}"));
    peer.send(QStringLiteral("not json"));
    peer.send(QStringLiteral("{\n  \"device\": \"c\",\n  \"temperature\": 3\n}"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("ws")) >= 3; }));
    ASSERT_TRUE(waitUntil([&] { return stats(id).value(QStringLiteral("failure_count")).toInteger() == 1; }));
    EXPECT_EQ(query(QStringLiteral("SELECT device, temperature FROM table(ws) ORDER BY device")),
              (QJsonArray{QJsonArray{QStringLiteral("a"), 1.5}, QJsonArray{QStringLiteral("b"), 2.5}, QJsonArray{QStringLiteral("c"), 3}}));
    EXPECT_EQ(stats(id).value(QStringLiteral("success_count")).toInteger(), 3);
    EXPECT_EQ(stats(id).value(QStringLiteral("errors")).toArray().size(), 1); // the latest error only

    action(id, QStringLiteral("stop"));
    EXPECT_TRUE(waitUntil([&] { return peer.m_clients.isEmpty(); })); // the source hung up
}

TEST_F(SourceRunnerTest, WebSocketTextMessagesGoWholeIntoTheRawColumn)
{
    exec(QStringLiteral("CREATE STREAM lines(raw string)"));
    WsPeer peer;
    QString id = createSource(sourceDoc(QStringLiteral("websocket"), QStringLiteral("lines"),
                                        {{QStringLiteral("url"), peer.url()}, {QStringLiteral("data_type"), QStringLiteral("text")},
                                         {QStringLiteral("open_message"), QStringLiteral("hello")}}));
    action(id, QStringLiteral("start"));
    // The open message tells the source's connection from the create's probe, which may still be listed.
    ASSERT_TRUE(waitUntil([&] { return peer.m_received.contains(QStringLiteral("hello")); }));
    peer.send(QStringLiteral("first line\nsecond line"));
    peer.send(QStringLiteral("{\"not\":\"parsed\"}"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("lines")) >= 2; }));
    EXPECT_EQ(query(QStringLiteral("SELECT raw FROM table(lines) ORDER BY raw")),
              (QJsonArray{QJsonArray{QStringLiteral("first line\nsecond line")}, QJsonArray{QStringLiteral("{\"not\":\"parsed\"}")}}));
}

TEST_F(SourceRunnerTest, BadSourcesAreRefusedWithProtonCodesAndCreateNothing)
{
    exec(QStringLiteral("CREATE STREAM t(raw string)"));
    auto code = [&](const QJsonObject &doc) {
        Failure f = refused(doc);
        EXPECT_GE(f.httpStatus, 400);
        EXPECT_LT(f.httpStatus, 500);
        EXPECT_FALSE(f.message.isEmpty());
        return f.code;
    };
    EXPECT_EQ(code(sourceDoc(QStringLiteral("carrier_pigeon"), QStringLiteral("t"), {})), 36);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("redpanda_connect"), QStringLiteral("t"), {})), 48);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("websocket"), QStringLiteral("t"), {})), 36);                                       // no url
    EXPECT_EQ(code(sourceDoc(QStringLiteral("nats"), QStringLiteral("t"), {{QStringLiteral("url"), QStringLiteral("nats://127.0.0.1:1")}})), 36); // no subject
    EXPECT_EQ(code(sourceDoc(QStringLiteral("kafka"), QStringLiteral("t"), {{QStringLiteral("brokers"), QStringLiteral("127.0.0.1:1")}})), 36);  // no topic
    EXPECT_EQ(code(sourceDoc(QStringLiteral("kafka"), QStringLiteral("t"), {{QStringLiteral("brokers"), QStringLiteral("127.0.0.1:1")},
                                                                           {QStringLiteral("topic"), QStringLiteral("x")},
                                                                           {QStringLiteral("config"), QJsonObject{{QStringLiteral("no.such.setting"), 1}}}})), 36);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("t"), {{QStringLiteral("template"), QStringLiteral("weather")}})), 36);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("t"),
                             {{QStringLiteral("fields"), QJsonArray{field(QStringLiteral("raw"), QStringLiteral("string"), QStringLiteral("no_such_function(1)"))}}})), 46);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("missing"), {{QStringLiteral("template"), QStringLiteral("iot")}})), 60);
    // Unreachable peers (a closed loopback port): NETWORK_ERROR, 210.
    quint16 closed = freePort();
    EXPECT_EQ(code(sourceDoc(QStringLiteral("websocket"), QStringLiteral("t"), {{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:%1").arg(closed)}})), 210);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("nats"), QStringLiteral("t"), {{QStringLiteral("url"), QJsonArray{QStringLiteral("nats://127.0.0.1:%1").arg(closed)}},
                                                                          {QStringLiteral("subject"), QStringLiteral("x")}})), 210);
    EXPECT_EQ(code(sourceDoc(QStringLiteral("kafka"), QStringLiteral("t"), {{QStringLiteral("brokers"), QStringLiteral("127.0.0.1:%1").arg(closed)},
                                                                           {QStringLiteral("topic"), QStringLiteral("x")}})), 210);
}

TEST_F(SourceRunnerTest, OnlyStoppedSourcesCanBeUpdatedAndUpdatesAreChecked)
{
    exec(QStringLiteral("CREATE STREAM u(raw string)"));
    QString id = createSource(sourceDoc(QStringLiteral("stream_generator"), QStringLiteral("u"), {{QStringLiteral("eps"), 1}}));
    ResourceCatalog catalog(*m_ws);
    action(id, QStringLiteral("start"));
    EXPECT_EQ(catalog.patch(QStringLiteral("source"), id, {{QStringLiteral("description"), QStringLiteral("x")}}).failure().httpStatus, 400);
    EXPECT_FALSE(catalog.replace(QStringLiteral("source"), id, {{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("stream"), QStringLiteral("u")}}));
    action(id, QStringLiteral("stop"));
    EXPECT_TRUE(catalog.patch(QStringLiteral("source"), id, {{QStringLiteral("description"), QStringLiteral("x")}}));
    auto bad = catalog.patch(QStringLiteral("source"), id, {{QStringLiteral("stream"), QStringLiteral("missing")}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.failure().code, 60);
    auto replaced = catalog.replace(QStringLiteral("source"), id, {{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("stream"), QStringLiteral("u")}});
    ASSERT_TRUE(replaced) << replaced.failure().message.toStdString();
    EXPECT_EQ(replaced->value(QStringLiteral("type")).toString(), QStringLiteral("stream_generator")); // PUT keeps the type
}

TEST_F(SourceRunnerTest, PreviewReturnsSamplesWithInferredTypesAndWritesNothing)
{
    exec(QStringLiteral("CREATE STREAM target(device string, temperature float64)"));
    WsPeer peer;
    peer.m_greeting = {QStringLiteral("{\"device\":\"a\",\"temperature\":1.5,\"ok\":true,\"at\":\"2024-01-02T03:04:05.678Z\",\"n\":7}"),
                       QStringLiteral("{\"device\":\"b\",\"temperature\":2,\"ok\":false,\"at\":\"2024-01-02T03:04:06Z\",\"n\":8}"),
                       QStringLiteral("{\"device\":\"c\",\"temperature\":3.25,\"ok\":true,\"at\":\"2024-01-02T03:04:07Z\",\"n\":9}")};
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("websocket")}, {QStringLiteral("stream"), QStringLiteral("target")},
                        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), peer.url()}}},
                        {QStringLiteral("size"), 2}, {QStringLiteral("timeout"), QStringLiteral("10s")}};
    std::optional<Outcome<SourcePreviewResult>> result;
    std::atomic<bool> done{false};
    std::thread caller([&] { result.emplace(SourcePreview(*m_ws).run(request)); done = true; });
    bool finished = waitUntil([&] { return done.load(); }, 20000); // the peer lives on this thread's event loop
    caller.join();
    ASSERT_TRUE(finished);
    ASSERT_TRUE(*result) << result->failure().message.toStdString();
    const SourcePreviewResult &preview = **result;
    ASSERT_EQ(preview.events.size(), 2);
    EXPECT_EQ(preview.events.at(0).toObject().value(QStringLiteral("device")).toString(), QStringLiteral("a"));
    QJsonArray expected{QJsonObject{{QStringLiteral("name"), QStringLiteral("device")}, {QStringLiteral("type"), QStringLiteral("string")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("temperature")}, {QStringLiteral("type"), QStringLiteral("float64")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("ok")}, {QStringLiteral("type"), QStringLiteral("bool")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("at")}, {QStringLiteral("type"), QStringLiteral("datetime64(3)")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("type"), QStringLiteral("int64")}}};
    QJsonArray columns = preview.columns;
    // QJsonObject orders keys: compare by name.
    for (const auto &want : expected) {
        auto it = std::find_if(columns.begin(), columns.end(), [&](const QJsonValue &c) {
            return c.toObject().value(QStringLiteral("name")) == want.toObject().value(QStringLiteral("name"));
        });
        ASSERT_NE(it, columns.end()) << want.toObject().value(QStringLiteral("name")).toString().toStdString();
        EXPECT_EQ((*it).toObject(), want.toObject());
    }
    EXPECT_EQ(count(QStringLiteral("target")), 0);
    EXPECT_TRUE(ResourceCatalog(*m_ws).list(QStringLiteral("source")).isEmpty());
}

TEST_F(SourceRunnerTest, GeneratorPreviewReturnsEventsAtOnceAndUnknownTypesAreRefused)
{
    exec(QStringLiteral("CREATE STREAM target(device string, temperature float64)"));
    auto generated = SourcePreview(*m_ws).run({{QStringLiteral("type"), QStringLiteral("stream_generator")}, {QStringLiteral("size"), 3},
                                               {QStringLiteral("properties"), QJsonObject{{QStringLiteral("template"), QStringLiteral("iot")}}}});
    ASSERT_TRUE(generated) << generated.failure().message.toStdString();
    EXPECT_EQ(generated->events.size(), 3);
    EXPECT_EQ(count(QStringLiteral("target")), 0);
    auto unknown = SourcePreview(*m_ws).run({{QStringLiteral("type"), QStringLiteral("carrier_pigeon")}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.failure().code, 36);
}
