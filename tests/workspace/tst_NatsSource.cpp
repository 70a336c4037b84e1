// nats and nats_jetstream sources against a real nats-server (Debian's) started by the test on a
// free loopback port, with JetStream on a temporary store. A missing nats-server fails the test:
// scripts/setup.sh installs it.
#include <nats/nats.h>
#include <atomic>
#include <thread>
#include "SourceFixture.h"
#include "workspace/SourcePreview.h"

using namespace tideline::workspace;
using namespace tideline::workspace::testing;

namespace {

QJsonObject natsDoc(const QString &type, const QString &url, const QJsonObject &extra)
{
    QJsonObject properties{{QStringLiteral("url"), QJsonArray{url}}, {QStringLiteral("data_type"), QStringLiteral("json")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        properties[it.key()] = it.value();
    return {{QStringLiteral("name"), QStringLiteral("from_nats")}, {QStringLiteral("type"), type},
            {QStringLiteral("stream"), QStringLiteral("orders")}, {QStringLiteral("properties"), properties}};
}

// The test's own NATS client: publishes, and makes the JetStream stream.
class Publisher {
public:
    explicit Publisher(const QString &url)
    {
        EXPECT_EQ(natsConnection_ConnectTo(&m_nc, url.toUtf8().constData()), NATS_OK);
        EXPECT_EQ(natsConnection_JetStream(&m_js, m_nc, nullptr), NATS_OK);
    }
    ~Publisher()
    {
        jsCtx_Destroy(m_js);
        natsConnection_Destroy(m_nc);
    }
    void addStream(const char *name, const char *subjects)
    {
        jsStreamConfig cfg;
        jsStreamConfig_Init(&cfg);
        cfg.Name = name;
        const char *subs[] = {subjects};
        cfg.Subjects = subs;
        cfg.SubjectsLen = 1;
        jsStreamInfo *info = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        ASSERT_EQ(js_AddStream(&info, m_js, &cfg, nullptr, &jerr), NATS_OK) << jerr;
        jsStreamInfo_Destroy(info);
    }
    void publish(const QString &subject, const QByteArray &data)
    {
        EXPECT_EQ(natsConnection_Publish(m_nc, subject.toUtf8().constData(), data.constData(), static_cast<int>(data.size())), NATS_OK);
        EXPECT_EQ(natsConnection_Flush(m_nc), NATS_OK);
    }
    // Stored by JetStream once this returns.
    void publishStored(const QString &subject, const QByteArray &data)
    {
        jsPubAck *ack = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        EXPECT_EQ(js_Publish(&ack, m_js, subject.toUtf8().constData(), data.constData(), static_cast<int>(data.size()), nullptr, &jerr), NATS_OK);
        jsPubAck_Destroy(ack);
    }
    static QByteArray order(int n) { return QStringLiteral("{\"id\":%1,\"item\":\"item_%1\",\"price\":%1.5}").arg(n).toUtf8(); }

private:
    natsConnection *m_nc = nullptr;
    jsCtx *m_js = nullptr;
};

} // namespace

class NatsSourceTest : public SourceFixture {
protected:
    void SetUp() override
    {
        SourceFixture::SetUp();
        QString why;
        ASSERT_TRUE(m_nats.start(&why)) << why.toStdString();
        exec(QStringLiteral("CREATE STREAM orders(id int64, item string, price float64)"));
    }
    // The ids in the target stream, in order, to see duplicates and gaps.
    std::vector<qint64> ids()
    {
        std::vector<qint64> out;
        for (const auto &row : query(QStringLiteral("SELECT id FROM table(orders) ORDER BY id")))
            out.push_back(row.toArray().at(0).toInteger());
        return out;
    }
    static std::vector<qint64> range(qint64 from, qint64 to)
    {
        std::vector<qint64> out;
        for (qint64 i = from; i <= to; ++i)
            out.push_back(i);
        return out;
    }
    NatsServer m_nats;
};

TEST_F(NatsSourceTest, CoreNatsMessagesBecomeRowsAndStopUnsubscribes)
{
    QString id = createSource(natsDoc(QStringLiteral("nats"), m_nats.url(), {{QStringLiteral("subject"), QStringLiteral("orders.>")}}));
    ASSERT_FALSE(id.isEmpty());
    action(id, QStringLiteral("start"));
    Publisher pub(m_nats.url());
    // Core NATS delivers only to current subscribers: publish warm-up messages (negative ids)
    // until the subscription is there; what was published before it is gone, as NATS says.
    int warmup = 0;
    ASSERT_TRUE(waitUntil([&] { pub.publish(QStringLiteral("orders.eu"), Publisher::order(--warmup)); return count(QStringLiteral("orders")) > 0; }));
    auto real = [&] { return query(QStringLiteral("SELECT count() FROM table(orders) WHERE id > 0")).at(0).toArray().at(0).toInteger(); };
    for (int i = 1; i <= 5; ++i)
        pub.publish(i % 2 ? QStringLiteral("orders.us") : QStringLiteral("orders.eu"), Publisher::order(i));
    ASSERT_TRUE(waitUntil([&] { return real() == 5; }));
    QJsonArray row = query(QStringLiteral("SELECT id, item, price FROM table(orders) WHERE id = 5")).at(0).toArray();
    EXPECT_EQ(row, (QJsonArray{5, QStringLiteral("item_5"), 5.5}));

    action(id, QStringLiteral("stop"));
    EXPECT_FALSE(m_ws->sources().isRunning(id));
    qint64 all = count(QStringLiteral("orders"));
    pub.publish(QStringLiteral("orders.eu"), Publisher::order(1000)); // flushed: the server has it, nobody subscribes
    EXPECT_EQ(real(), 5);
    EXPECT_EQ(stats(id).value(QStringLiteral("success_count")).toInteger(), all);
}

TEST_F(NatsSourceTest, JetStreamResumesAfterStopAndRestartWithoutDuplicatesOrLoss)
{
    Publisher pub(m_nats.url());
    pub.addStream("ORDERS", "orders.>");
    for (int i = 1; i <= 5; ++i)
        pub.publishStored(QStringLiteral("orders.eu"), Publisher::order(i));
    QString id = createSource(natsDoc(QStringLiteral("nats_jetstream"), m_nats.url(),
                                      {{QStringLiteral("subject"), QStringLiteral("orders.>")}, {QStringLiteral("stream"), QStringLiteral("ORDERS")}}));
    ASSERT_FALSE(id.isEmpty());
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("orders")) == 5; })); // deliver all: what was stored before
    action(id, QStringLiteral("stop"));
    for (int i = 6; i <= 10; ++i)
        pub.publishStored(QStringLiteral("orders.eu"), Publisher::order(i));
    EXPECT_EQ(count(QStringLiteral("orders")), 5);
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("orders")) >= 10; }));

    // A tidelined restart: the durable consumer remembers the position.
    reopen();
    ASSERT_TRUE(m_ws->sources().isRunning(id));
    for (int i = 11; i <= 12; ++i)
        pub.publishStored(QStringLiteral("orders.us"), Publisher::order(i));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("orders")) >= 12; }));
    // The last message came after every earlier one, so a duplicate would show by now.
    EXPECT_EQ(ids(), range(1, 12));
}

TEST_F(NatsSourceTest, JetStreamPreviewReadsStoredMessagesAndMovesNothing)
{
    Publisher pub(m_nats.url());
    pub.addStream("ORDERS", "orders.>");
    for (int i = 1; i <= 3; ++i)
        pub.publishStored(QStringLiteral("orders.eu"), Publisher::order(i));
    auto preview = SourcePreview(*m_ws).run({{QStringLiteral("type"), QStringLiteral("nats_jetstream")}, {QStringLiteral("size"), 3},
                                             {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), QJsonArray{m_nats.url()}},
                                                                                        {QStringLiteral("subject"), QStringLiteral("orders.>")}}}});
    ASSERT_TRUE(preview) << preview.failure().message.toStdString();
    ASSERT_EQ(preview->events.size(), 3);
    EXPECT_EQ(preview->events.at(2).toObject().value(QStringLiteral("id")).toInt(), 3);
    EXPECT_EQ(preview->columns, (QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                            QJsonObject{{QStringLiteral("name"), QStringLiteral("item")}, {QStringLiteral("type"), QStringLiteral("string")}},
                                            QJsonObject{{QStringLiteral("name"), QStringLiteral("price")}, {QStringLiteral("type"), QStringLiteral("float64")}}}));
    EXPECT_EQ(count(QStringLiteral("orders")), 0);

    // A source made after the preview still reads everything: the preview moved no position.
    QString id = createSource(natsDoc(QStringLiteral("nats_jetstream"), m_nats.url(), {{QStringLiteral("subject"), QStringLiteral("orders.>")}}));
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("orders")) >= 3; }));
    EXPECT_EQ(ids(), range(1, 3));
}

TEST_F(NatsSourceTest, JetStreamWithAStreamThatDoesNotExistIsRefused)
{
    Failure f = refused(natsDoc(QStringLiteral("nats_jetstream"), m_nats.url(),
                                {{QStringLiteral("subject"), QStringLiteral("orders.>")}, {QStringLiteral("stream"), QStringLiteral("NOPE")}}));
    EXPECT_EQ(f.httpStatus, 400);
    EXPECT_EQ(f.code, 36);
}
