// /v1beta2/external_streams over real HTTP against librdkafka's mock cluster: preview returns
// sample messages and writes nothing, a bad definition is a 400 with Proton's code and creates
// nothing, and stats count what the server wrote to and read from the topic.
#include "tests/common/KafkaMockCluster.h"
#include "tests/server/ServerFixture.h"
#include "engine/exec/Engine.h"

using namespace tideline::server::testing;

namespace {

QJsonObject kv(const QString &key, const QString &value)
{
    return {{QStringLiteral("key"), key}, {QStringLiteral("value"), value}};
}

class ExternalStreamRoutes : public ServerFixture {
protected:
    void SetUp() override
    {
        ServerFixture::SetUp();
        ASSERT_TRUE(m_kafka.ready());
        ASSERT_EQ(rd_kafka_mock_topic_create(m_kafka.cluster(), "clicks", 1, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    void produce(const QByteArray &value, const QByteArray &key)
    {
        ASSERT_EQ(rd_kafka_producev(m_kafka.producer(), RD_KAFKA_V_TOPIC("clicks"), RD_KAFKA_V_KEY(key.data(), static_cast<size_t>(key.size())),
                                    RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), static_cast<size_t>(value.size())),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
        ASSERT_EQ(rd_kafka_flush(m_kafka.producer(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    QJsonArray settings(const QString &brokers = {})
    {
        return {kv(QStringLiteral("type"), QStringLiteral("kafka")), kv(QStringLiteral("brokers"), brokers.isEmpty() ? m_kafka.bootstrap() : brokers),
                kv(QStringLiteral("topic"), QStringLiteral("clicks")), kv(QStringLiteral("data_format"), QStringLiteral("JSONEachRow"))};
    }

    tideline::testing::KafkaMockCluster m_kafka;
};

} // namespace

TEST_F(ExternalStreamRoutes, PreviewReturnsSampleMessagesAndWritesNothing)
{
    produce(R"({"id":1,"page":"/a"})", "k1");
    produce("plain text", "k2");
    produce(R"({"id":3,"page":"/c"})", "k3");
    HttpReply r = post(QStringLiteral("/v1beta2/external_streams/preview"),
                       QJsonObject{{QStringLiteral("settings"), settings()}, {QStringLiteral("count"), 2}, {QStringLiteral("offset"), QStringLiteral("earliest")}, {QStringLiteral("timeout"), 5}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    QJsonArray events = r.array();
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(events[0].toObject().value(QStringLiteral("page")).toString(), QStringLiteral("/a"));
    EXPECT_EQ(events[0].toObject().value(QStringLiteral("_tp_message_key")).toString(), QStringLiteral("k1"));
    EXPECT_EQ(events[1].toObject().value(QStringLiteral("raw")).toString(), QStringLiteral("plain text"));
    EXPECT_EQ(events[1].toObject().value(QStringLiteral("_tp_sn")).toInteger(), 1);
    // Nothing was created or written: no stream, the topic still holds three messages.
    EXPECT_TRUE(get(QStringLiteral("/v1beta2/external_streams")).array().isEmpty());
    // From latest with nothing new: an empty list once the timeout passes.
    HttpReply latest = post(QStringLiteral("/v1beta2/external_streams/preview"), QJsonObject{{QStringLiteral("settings"), settings()}, {QStringLiteral("timeout"), 1}});
    ASSERT_EQ(latest.status, 200) << latest.body.toStdString();
    EXPECT_TRUE(latest.array().isEmpty());
}

TEST_F(ExternalStreamRoutes, PreviewOfBadSettingsOrAnUnreachableBrokerIsA400)
{
    QJsonArray noTopic{kv(QStringLiteral("type"), QStringLiteral("kafka")), kv(QStringLiteral("brokers"), m_kafka.bootstrap())};
    HttpReply missing = post(QStringLiteral("/v1beta2/external_streams/preview"), QJsonObject{{QStringLiteral("settings"), noTopic}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.object().value(QStringLiteral("code")).toInt(), 36) << missing.body.toStdString();
    QJsonArray badFormat = settings();
    badFormat.append(kv(QStringLiteral("data_format"), QStringLiteral("Parquet")));
    HttpReply format = post(QStringLiteral("/v1beta2/external_streams/preview"), QJsonObject{{QStringLiteral("settings"), badFormat}});
    EXPECT_EQ(format.object().value(QStringLiteral("code")).toInt(), 73) << format.body.toStdString();
    QJsonArray gone = settings(QStringLiteral("127.0.0.1:1"));
    gone.append(kv(QStringLiteral("metadata_timeout_ms"), QStringLiteral("1000")));
    QElapsedTimer t;
    t.start();
    HttpReply unreachable = post(QStringLiteral("/v1beta2/external_streams/preview"), QJsonObject{{QStringLiteral("settings"), gone}, {QStringLiteral("timeout"), 3}});
    EXPECT_EQ(unreachable.status, 400);
    EXPECT_EQ(unreachable.object().value(QStringLiteral("code")).toInt(), 210) << unreachable.body.toStdString();
    EXPECT_LT(t.elapsed(), 8000);
}

TEST_F(ExternalStreamRoutes, CreateRefusesBadDefinitionsAndStatsCountTraffic)
{
    QJsonArray columns{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("page")}, {QStringLiteral("type"), QStringLiteral("string")}}};
    QJsonArray unknownType{kv(QStringLiteral("type"), QStringLiteral("pulsar")), kv(QStringLiteral("brokers"), m_kafka.bootstrap()), kv(QStringLiteral("topic"), QStringLiteral("clicks"))};
    HttpReply bad = post(QStringLiteral("/v1beta2/external_streams"),
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("k")}, {QStringLiteral("settings"), unknownType}, {QStringLiteral("columns"), columns}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.object().value(QStringLiteral("code")).toInt(), 36) << bad.body.toStdString();
    EXPECT_EQ(get(QStringLiteral("/v1beta2/external_streams/k")).status, 404);

    HttpReply made = post(QStringLiteral("/v1beta2/external_streams"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("k")}, {QStringLiteral("settings"), settings()}, {QStringLiteral("columns"), columns}});
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    ASSERT_TRUE(m_ws->execute(QStringLiteral("INSERT INTO k(id, page) VALUES (1, '/x'), (2, '/y')")).ok());
    HttpReply stats = get(QStringLiteral("/v1beta2/external_streams/k/stats"));
    ASSERT_EQ(stats.status, 200) << stats.body.toStdString();
    expectSchema(stats.object(), QStringLiteral("StreamStats"));
    EXPECT_EQ(stats.object().value(QStringLiteral("row_count")).toInteger(), 2);
    EXPECT_EQ(m_ws->engine().find("default", "k")->external->counters().messagesWritten, 1u); // one JSONEachRow message per INSERT
    // What was written is what a preview shows.
    HttpReply preview = post(QStringLiteral("/v1beta2/external_streams/preview"),
                             QJsonObject{{QStringLiteral("settings"), settings()}, {QStringLiteral("offset"), QStringLiteral("earliest")}, {QStringLiteral("timeout"), 5}});
    ASSERT_EQ(preview.status, 200) << preview.body.toStdString();
    ASSERT_EQ(preview.array().size(), 1);
    EXPECT_TRUE(preview.array()[0].toObject().value(QStringLiteral("raw")).toString().contains(QStringLiteral("/y")));
}
