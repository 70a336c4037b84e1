// The kafka source against librdkafka's mock cluster (rdkafka_mock.h): a real Kafka protocol
// peer in the test process, no broker needed. Messages are produced to it with a producer on
// its bootstrap servers; the source's consumer group stores its offsets there.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include "SourceFixture.h"
#include "workspace/SourcePreview.h"

using namespace tideline::workspace;
using namespace tideline::workspace::testing;

namespace {

void quiet(const rd_kafka_t *, int, const char *, const char *) {}

rd_kafka_t *newProducer(const char *bootstrap)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (bootstrap)
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err);
    rd_kafka_conf_set_log_cb(conf, quiet);
    return rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
}

} // namespace

class KafkaSourceTest : public SourceFixture {
protected:
    void SetUp() override
    {
        SourceFixture::SetUp();
        m_owner = newProducer(nullptr);
        ASSERT_NE(m_owner, nullptr);
        m_cluster = rd_kafka_mock_cluster_new(m_owner, 1);
        ASSERT_NE(m_cluster, nullptr);
        m_bootstrap = QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster));
        ASSERT_EQ(rd_kafka_mock_topic_create(m_cluster, "clicks", 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
        m_producer = newProducer(m_bootstrap.toUtf8().constData());
        ASSERT_NE(m_producer, nullptr);
        exec(QStringLiteral("CREATE STREAM clicks(id int64, page string, at datetime64(3))"));
    }
    void TearDown() override
    {
        m_ws.reset(); // the source's consumer first, then its peer
        if (m_producer)
            rd_kafka_destroy(m_producer);
        if (m_cluster)
            rd_kafka_mock_cluster_destroy(m_cluster);
        if (m_owner)
            rd_kafka_destroy(m_owner);
    }
    // Messages id from..to, spread over both partitions, acknowledged by the cluster.
    void produce(int from, int to)
    {
        for (int i = from; i <= to; ++i) {
            QByteArray v = QStringLiteral("{\"id\":%1,\"page\":\"/p/%1\",\"at\":\"2024-05-01T10:00:%2Z\"}").arg(i).arg(i % 60, 2, 10, QLatin1Char('0')).toUtf8();
            QByteArray key = QByteArray::number(i);
            ASSERT_EQ(rd_kafka_producev(m_producer, RD_KAFKA_V_TOPIC("clicks"), RD_KAFKA_V_PARTITION(i % 2), RD_KAFKA_V_KEY(key.data(), key.size()),
                                        RD_KAFKA_V_VALUE(v.data(), v.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                      RD_KAFKA_RESP_ERR_NO_ERROR);
        }
        ASSERT_EQ(rd_kafka_flush(m_producer, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    QJsonObject kafkaDoc(const QJsonObject &extra = {})
    {
        QJsonObject properties{{QStringLiteral("brokers"), m_bootstrap}, {QStringLiteral("topic"), QStringLiteral("clicks")}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            properties[it.key()] = it.value();
        return {{QStringLiteral("name"), QStringLiteral("from_kafka")}, {QStringLiteral("type"), QStringLiteral("kafka")},
                {QStringLiteral("stream"), QStringLiteral("clicks")}, {QStringLiteral("properties"), properties}};
    }
    std::vector<qint64> ids()
    {
        std::vector<qint64> out;
        for (const auto &row : query(QStringLiteral("SELECT id FROM table(clicks) ORDER BY id")))
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

    rd_kafka_t *m_owner = nullptr;
    rd_kafka_t *m_producer = nullptr;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
    QString m_bootstrap;
};

TEST_F(KafkaSourceTest, MessagesBecomeRowsWithTheirColumnTypes)
{
    produce(1, 20);
    QString id = createSource(kafkaDoc());
    ASSERT_FALSE(id.isEmpty());
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("clicks")) >= 20; }, 30000)) << count(QStringLiteral("clicks"));
    EXPECT_EQ(ids(), range(1, 20));
    EXPECT_EQ(query(QStringLiteral("SELECT page, at, to_type_name(at) FROM table(clicks) WHERE id = 7")).at(0).toArray(),
              (QJsonArray{QStringLiteral("/p/7"), QStringLiteral("2024-05-01T10:00:07Z"), QStringLiteral("datetime64(3)")}));
    QJsonObject s = stats(id);
    EXPECT_EQ(s.value(QStringLiteral("success_count")).toInteger(), 20);
    EXPECT_FALSE(s.value(QStringLiteral("throughput")).toArray().isEmpty());
}

TEST_F(KafkaSourceTest, StopStopsAndRestartResumesFromTheCommittedOffsetsWithoutDuplicatesOrLoss)
{
    produce(1, 10);
    QString id = createSource(kafkaDoc({{QStringLiteral("group_id"), QStringLiteral("tideline_test_group")}}));
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("clicks")) >= 10; }, 30000));
    action(id, QStringLiteral("stop"));
    EXPECT_FALSE(m_ws->sources().isRunning(id));
    produce(11, 15);
    EXPECT_EQ(count(QStringLiteral("clicks")), 10); // stopped: its consumer is closed

    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("clicks")) >= 15; }, 30000))
        << count(QStringLiteral("clicks")) << " " << QJsonDocument(stats(id)).toJson().toStdString();

    reopen(); // a tidelined restart: the group's committed offsets are the position
    ASSERT_TRUE(m_ws->sources().isRunning(id));
    produce(16, 18);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("clicks")) >= 18; }, 30000));
    // Both partitions got a message after every earlier one: a re-read would show by now.
    EXPECT_EQ(ids(), range(1, 18));
}

TEST_F(KafkaSourceTest, PreviewReadsSamplesWithTypesAndCommitsNothing)
{
    produce(1, 4);
    auto preview = SourcePreview(*m_ws).run({{QStringLiteral("type"), QStringLiteral("kafka")}, {QStringLiteral("size"), 2}, {QStringLiteral("timeout"), QStringLiteral("20s")},
                                             {QStringLiteral("properties"), kafkaDoc().value(QStringLiteral("properties"))}});
    ASSERT_TRUE(preview) << preview.failure().message.toStdString();
    ASSERT_EQ(preview->events.size(), 2);
    EXPECT_EQ(preview->columns, (QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("at")}, {QStringLiteral("type"), QStringLiteral("datetime64(3)")}},
                                            QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                            QJsonObject{{QStringLiteral("name"), QStringLiteral("page")}, {QStringLiteral("type"), QStringLiteral("string")}}}));
    EXPECT_EQ(count(QStringLiteral("clicks")), 0);
}
