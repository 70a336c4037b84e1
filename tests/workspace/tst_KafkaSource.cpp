// The kafka source against librdkafka's mock cluster (rdkafka_mock.h): a real Kafka protocol
// peer in the test process, no broker needed. Messages are produced to it with a producer on
// its bootstrap servers; the source's consumer group stores its offsets there.
#include "tests/common/KafkaMockCluster.h"
#include "SourceFixture.h"
#include "workspace/SourcePreview.h"

using namespace tideline::workspace;
using namespace tideline::workspace::testing;

namespace {

} // namespace

class KafkaSourceTest : public SourceFixture {
protected:
    void SetUp() override
    {
        SourceFixture::SetUp();
        ASSERT_TRUE(m_kafka.ready());
        ASSERT_EQ(rd_kafka_mock_topic_create(m_kafka.cluster(), "clicks", 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
        exec(QStringLiteral("CREATE STREAM clicks(id int64, page string, at datetime64(3))"));
    }
    void TearDown() override
    {
        m_ws.reset(); // the source's consumer first, then its peer
    }
    // Messages id from..to, spread over both partitions, acknowledged by the cluster.
    void produce(int from, int to)
    {
        for (int i = from; i <= to; ++i) {
            QByteArray v = QStringLiteral("{\"id\":%1,\"page\":\"/p/%1\",\"at\":\"2024-05-01T10:00:%2Z\"}").arg(i).arg(i % 60, 2, 10, QLatin1Char('0')).toUtf8();
            QByteArray key = QByteArray::number(i);
            ASSERT_EQ(rd_kafka_producev(m_kafka.producer(), RD_KAFKA_V_TOPIC("clicks"), RD_KAFKA_V_PARTITION(i % 2), RD_KAFKA_V_KEY(key.data(), key.size()),
                                        RD_KAFKA_V_VALUE(v.data(), v.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                      RD_KAFKA_RESP_ERR_NO_ERROR);
        }
        ASSERT_EQ(rd_kafka_flush(m_kafka.producer(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    QJsonObject kafkaDoc(const QJsonObject &extra = {})
    {
        QJsonObject properties{{QStringLiteral("brokers"), m_kafka.bootstrap()}, {QStringLiteral("topic"), QStringLiteral("clicks")}};
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

    tideline::testing::KafkaMockCluster m_kafka;
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

// data_type "protobuf": each message is decoded with a stored format schema into the target
// stream's columns; a message that is not one is counted as a failure, not written. A missing
// or unknown schema refuses the source before anything is stored.
TEST_F(KafkaSourceTest, ProtobufMessagesAreDecodedWithAStoredSchema)
{
    ASSERT_TRUE(m_kafka.createTopic("proto", 1));
    exec(QStringLiteral("CREATE FORMAT SCHEMA readings AS 'syntax = \"proto3\"; message Reading { string device = 1; double temperature = 2; int64 id = 3; }' TYPE Protobuf"));
    exec(QStringLiteral("CREATE STREAM readings(id int64, device string, temperature float64, note string DEFAULT 'none')"));
    QJsonObject doc{{QStringLiteral("name"), QStringLiteral("proto_source")}, {QStringLiteral("type"), QStringLiteral("kafka")},
                    {QStringLiteral("stream"), QStringLiteral("readings")},
                    {QStringLiteral("properties"), QJsonObject{{QStringLiteral("brokers"), m_kafka.bootstrap()}, {QStringLiteral("topic"), QStringLiteral("proto")},
                                                               {QStringLiteral("data_type"), QStringLiteral("protobuf")}}}};
    EXPECT_EQ(refused(doc).code, 36) << "format_schema is required";
    QJsonObject properties = doc.value(QStringLiteral("properties")).toObject();
    properties[QStringLiteral("format_schema")] = QStringLiteral("nope:Reading");
    doc[QStringLiteral("properties")] = properties;
    EXPECT_EQ(refused(doc).code, 2611);
    properties[QStringLiteral("format_schema")] = QStringLiteral("readings:Reading");
    doc[QStringLiteral("properties")] = properties;

    const QByteArray first("\x0a\x02" "d1" "\x11\x00\x00\x00\x00\x00\x80\x35\x40" "\x18\x01", 15); // d1, 21.5, 1
    const QByteArray second("\x0a\x02" "d2" "\x18\x02", 6);                                        // d2, (0), 2
    for (const QByteArray &value : {first, QByteArray("\xff\xff\xff", 3), second})
        ASSERT_EQ(rd_kafka_producev(m_kafka.producer(), RD_KAFKA_V_TOPIC("proto"), RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), static_cast<size_t>(value.size())),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(rd_kafka_flush(m_kafka.producer(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);

    auto preview = SourcePreview(*m_ws).run({{QStringLiteral("type"), QStringLiteral("kafka")}, {QStringLiteral("size"), 1}, {QStringLiteral("timeout"), QStringLiteral("20s")},
                                             {QStringLiteral("stream"), QStringLiteral("readings")}, {QStringLiteral("properties"), properties}});
    ASSERT_TRUE(preview) << preview.failure().message.toStdString();
    ASSERT_EQ(preview->events.size(), 1);
    EXPECT_EQ(preview->events.at(0).toObject().value(QStringLiteral("device")).toString(), QStringLiteral("d1"));

    QString id = createSource(doc);
    ASSERT_FALSE(id.isEmpty());
    action(id, QStringLiteral("start"));
    ASSERT_TRUE(waitUntil([&] { return stats(id).value(QStringLiteral("failure_count")).toInteger() == 1 && count(QStringLiteral("readings")) >= 2; }, 30000))
        << QJsonDocument(stats(id)).toJson().toStdString();
    EXPECT_EQ(QJsonDocument(query(QStringLiteral("SELECT id, device, temperature, note FROM table(readings) ORDER BY id"))).toJson(QJsonDocument::Compact),
              QByteArray(R"([[1,"d1",21.5,"none"],[2,"d2",0,"none"]])"));
}
