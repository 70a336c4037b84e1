// Kafka external streams against librdkafka's mock cluster (rdkafka_mock.h): a real Kafka
// protocol peer in the test process. SQL runs through the Workspace's engine, whose `kafka`
// connector is workspace/KafkaConnector; messages are also produced and checked with a plain
// librdkafka producer, so the formats are tested against bytes the engine did not write.
#include <cstdio>
#include <numeric>
#include "tests/common/KafkaMockCluster.h"
#include "SourceFixture.h"
#include "engine/exec/Engine.h"
#include "workspace/KafkaConnector.h"
#include "workspace/StreamCatalog.h"

using namespace tideline::workspace;
using namespace tideline::workspace::testing;
using tideline::engine::Block;
using tideline::engine::Pull;

namespace {

// A streaming query read on the test's thread with the engine's cursor: poll, and sleep on the
// query's waker (woken by the connector when messages arrive) until enough rows came.
class StreamingRead {
public:
    StreamingRead(tideline::engine::Engine &engine, const std::string &sql) : m_session(engine.createSession())
    {
        auto cursor = m_session->execute(sql);
        EXPECT_TRUE(cursor) << cursor.status().message();
        if (cursor)
            m_cursor = std::move(*cursor);
    }
    // Rows (as JSON arrays) until `n` arrived or the deadline.
    QJsonArray rows(size_t n, int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_cursor && static_cast<size_t>(m_rows.size()) < n && timer.elapsed() < timeoutMs) {
            Block block;
            auto pulled = m_cursor->poll(block);
            if (!pulled) {
                m_error = pulled.status();
                break;
            }
            if (*pulled == Pull::Block) {
                std::string json;
                m_encoder.encodeRows(block, 0, block.rows(), json);
                for (const auto &row : QJsonDocument::fromJson(QByteArray::fromStdString(json)).array())
                    m_rows.append(row);
            } else if (*pulled == Pull::Pending) {
                m_cursor->waitForData(std::chrono::milliseconds(50));
            } else {
                break;
            }
        }
        return m_rows;
    }
    const tideline::engine::Status &error() const { return m_error; }
    ~StreamingRead()
    {
        if (m_cursor)
            m_cursor->cancel();
    }

private:
    std::unique_ptr<tideline::engine::Session> m_session;
    std::unique_ptr<tideline::engine::QueryCursor> m_cursor;
    BlockJsonEncoder m_encoder;
    QJsonArray m_rows;
    tideline::engine::Status m_error;
};

const char *kProto = "syntax = \"proto3\"; message Reading { string device = 1; double temperature = 2; int64 id = 3; }";

} // namespace

class KafkaExternalStreamTest : public SourceFixture {
protected:
    void SetUp() override
    {
        SourceFixture::SetUp();
        ASSERT_TRUE(m_kafka.ready());
        for (const char *topic : {"events", "rt", "csv", "tsv", "raw", "proto", "keys"})
            ASSERT_EQ(rd_kafka_mock_topic_create(m_kafka.cluster(), topic, 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    void TearDown() override
    {
        m_ws.reset(); // the streams' consumers and producers first, then their peer
    }
    void produce(const char *topic, const QByteArray &value, int partition = 0, const QByteArray &key = {}, int64_t timestampMs = 0)
    {
        ASSERT_EQ(rd_kafka_producev(m_kafka.producer(), RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                                    RD_KAFKA_V_KEY(key.isEmpty() ? nullptr : key.data(), static_cast<size_t>(key.size())),
                                    RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), static_cast<size_t>(value.size())), RD_KAFKA_V_TIMESTAMP(timestampMs),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
        ASSERT_EQ(rd_kafka_flush(m_kafka.producer(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    QString external(const QString &name, const QString &columns, const QString &topic, const QString &extra = {})
    {
        return QStringLiteral("CREATE EXTERNAL STREAM %1 (%2) SETTINGS type='kafka', brokers='%3', topic='%4'%5")
            .arg(name, columns, m_kafka.bootstrap(), topic, extra.isEmpty() ? QString() : QStringLiteral(", ") + extra);
    }
    // The error of a statement that must fail.
    tideline::engine::Status failing(const QString &sql)
    {
        auto session = m_ws->engine().createSession();
        auto cursor = session->execute(sql.toStdString());
        if (!cursor)
            return cursor.status();
        Block b;
        while (true) {
            auto more = (*cursor)->next(b);
            if (!more)
                return more.status();
            if (!*more)
                break;
        }
        ADD_FAILURE() << "succeeded: " << sql.toStdString();
        return {};
    }

    tideline::testing::KafkaMockCluster m_kafka;
};

// The acceptance test: a materialized view writes into an external stream, and a
// streaming query reads the rows back.
TEST_F(KafkaExternalStreamTest, MaterializedViewWritesIntoKafkaAndAStreamingQueryReadsItBack)
{
    exec(QStringLiteral("CREATE STREAM src(id int64, name string)"));
    exec(external(QStringLiteral("ext"), QStringLiteral("id int64, name string"), QStringLiteral("rt"), QStringLiteral("data_format='JSONEachRow', one_message_per_row=true")));
    StreamingRead read(m_ws->engine(), "SELECT id, name FROM ext SETTINGS seek_to='earliest'");
    exec(QStringLiteral("CREATE MATERIALIZED VIEW mv INTO ext AS SELECT id * 10 AS id, upper(name) AS name FROM src"));
    exec(QStringLiteral("INSERT INTO src(id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
    QJsonArray rows = read.rows(3);
    ASSERT_EQ(rows.size(), 3) << read.error().message();
    std::vector<QJsonArray> sorted;
    for (const auto &r : rows)
        sorted.push_back(r.toArray());
    std::sort(sorted.begin(), sorted.end(), [](const QJsonArray &a, const QJsonArray &b) { return a.at(0).toInteger() < b.at(0).toInteger(); });
    EXPECT_EQ(sorted[0], (QJsonArray{10, QStringLiteral("A")}));
    EXPECT_EQ(sorted[2], (QJsonArray{30, QStringLiteral("C")}));
    exec(QStringLiteral("INSERT INTO src(id, name) VALUES (4, 'd')"));
    EXPECT_EQ(read.rows(4).size(), 4);
    // The whole topic as a bounded read, and the stream's stats.
    EXPECT_EQ(query(QStringLiteral("SELECT count() FROM table(ext)")).at(0).toArray().at(0).toInteger(), 4);
    auto counters = m_ws->engine().find("default", "ext")->external->counters();
    EXPECT_EQ(counters.messagesWritten, 4u);
    EXPECT_GE(counters.messagesRead, 8u);
    auto stats = m_ws->streams().stats(QStringLiteral("external_stream"), QStringLiteral("ext"), 0);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->value(QStringLiteral("row_count")).toInteger(), static_cast<qint64>(counters.rowsWritten + counters.rowsRead));
    EXPECT_FALSE(stats->value(QStringLiteral("latest_event")).toString().isEmpty());
}

// The other direction: a materialized view reads Kafka into a stream and commits the offsets it
// reached with each output, so across restarts of the workspace (and messages produced while it
// was closed) every message lands exactly once, without recovery_policy='best_effort'.
TEST_F(KafkaExternalStreamTest, MaterializedViewFromKafkaWritesEachMessageOnceAcrossRestarts)
{
    exec(external(QStringLiteral("ev"), QStringLiteral("id int64"), QStringLiteral("events"), QStringLiteral("data_format='JSONEachRow'")));
    exec(QStringLiteral("CREATE STREAM landed(id int64)"));
    exec(QStringLiteral("CREATE MATERIALIZED VIEW ingest INTO landed AS SELECT id FROM ev"));
    auto produceIds = [&](int from, int to) {
        for (int id = from; id <= to; ++id)
            produce("events", QStringLiteral("{\"id\":%1}").arg(id).toUtf8(), id % 2);
    };
    auto landedIds = [&] {
        std::vector<qint64> out;
        for (const auto &r : query(QStringLiteral("SELECT id FROM table(landed) ORDER BY id")))
            out.push_back(r.toArray().at(0).toInteger());
        return out;
    };
    auto expectIds = [&](int last) {
        std::vector<qint64> expected(static_cast<size_t>(last));
        std::iota(expected.begin(), expected.end(), 1);
        waitUntil([&] { return count(QStringLiteral("landed")) >= last; }, 20000);
        EXPECT_EQ(landedIds(), expected);
    };
    produceIds(1, 6);
    expectIds(6);
    m_ws.reset();
    produceIds(7, 12); // while closed
    openWorkspace();
    produceIds(13, 15);
    expectIds(15);
    reopen();
    produceIds(16, 18);
    expectIds(18);
}

// A broker that goes away for a while (a restart) is not the end of a view: the reader waits for
// it as librdkafka reconnects, and the messages from before and after land once.
TEST_F(KafkaExternalStreamTest, AViewFromKafkaOutlivesABrokerOutage)
{
    exec(external(QStringLiteral("ev"), QStringLiteral("id int64"), QStringLiteral("events"), QStringLiteral("data_format='JSONEachRow'")));
    exec(QStringLiteral("CREATE STREAM landed(id int64)"));
    exec(QStringLiteral("CREATE MATERIALIZED VIEW ingest INTO landed AS SELECT id FROM ev"));
    for (int id = 1; id <= 3; ++id)
        produce("events", QStringLiteral("{\"id\":%1}").arg(id).toUtf8(), id % 2);
    ASSERT_TRUE(waitUntil([&] { return count(QStringLiteral("landed")) >= 3; }, 20000));
    ASSERT_EQ(rd_kafka_mock_broker_set_down(m_kafka.cluster(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    QThread::msleep(3000); // the consumer's fetches fail meanwhile (what a broker restart looks like)
    ASSERT_EQ(rd_kafka_mock_broker_set_up(m_kafka.cluster(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    for (int id = 4; id <= 6; ++id)
        produce("events", QStringLiteral("{\"id\":%1}").arg(id).toUtf8(), id % 2);
    waitUntil([&] { return count(QStringLiteral("landed")) >= 6; }, 30000);
    EXPECT_EQ(query(QStringLiteral("SELECT count(), uniq_exact(id) FROM table(landed)")), oneRow(QJsonArray{6, 6}));
    EXPECT_TRUE(m_ws->engine().viewError("default", "ingest").isOk()) << m_ws->engine().viewError("default", "ingest").message();
}

// The lineage of data that passes through Kafka: a view writes INTO the external stream, another
// reads it into a stream; every edge joins two listed nodes.
TEST_F(KafkaExternalStreamTest, TopologyShowsDataFlowingThroughKafka)
{
    exec(QStringLiteral("CREATE STREAM src(id int64)"));
    exec(external(QStringLiteral("ext"), QStringLiteral("id int64"), QStringLiteral("rt"), QStringLiteral("data_format='JSONEachRow'")));
    exec(QStringLiteral("CREATE MATERIALIZED VIEW out_mv INTO ext AS SELECT id FROM src"));
    exec(QStringLiteral("CREATE STREAM landed(id int64)"));
    exec(QStringLiteral("CREATE MATERIALIZED VIEW in_mv INTO landed AS SELECT id FROM ext"));
    const QJsonObject topology = m_ws->streams().topology(QStringLiteral("default"));
    QSet<QString> nodes, edges;
    for (const auto &n : topology.value(QStringLiteral("nodes")).toArray())
        nodes.insert(n.toObject().value(QStringLiteral("id")).toString());
    for (const auto &e : topology.value(QStringLiteral("edges")).toArray()) {
        const QString from = e.toObject().value(QStringLiteral("source")).toString(), to = e.toObject().value(QStringLiteral("target")).toString();
        EXPECT_TRUE(nodes.contains(from) && nodes.contains(to)) << from.toStdString() << " -> " << to.toStdString();
        edges.insert(from + QStringLiteral(" -> ") + to);
    }
    for (const char *edge : {"stream:src -> materialized_view:out_mv", "materialized_view:out_mv -> external_stream:ext",
                             "external_stream:ext -> materialized_view:in_mv", "materialized_view:in_mv -> stream:landed"})
        EXPECT_TRUE(edges.contains(QLatin1String(edge))) << edge;
}

TEST_F(KafkaExternalStreamTest, JsonMessagesWithSeveralRowsAndBadMessagesSkipped)
{
    produce("events", "{\"id\":1,\"v\":1.5}\n{\"id\":2,\"v\":2.5}");
    produce("events", "not json", 1);
    produce("events", "{\"id\":3,\"v\":3.5}", 1);
    exec(external(QStringLiteral("ev"), QStringLiteral("id int64, v float64"), QStringLiteral("events"), QStringLiteral("data_format='JSONEachRow'")));
    EXPECT_EQ(query(QStringLiteral("SELECT id, v FROM table(ev) ORDER BY id")), (QJsonArray{QJsonArray{1, 1.5}, QJsonArray{2, 2.5}, QJsonArray{3, 3.5}}));
    // * is the declared columns; the virtual ones by name.
    EXPECT_EQ(query(QStringLiteral("SELECT * FROM table(ev) WHERE id = 3")), oneRow({3, 3.5}));
    EXPECT_EQ(query(QStringLiteral("SELECT _tp_shard, _tp_sn FROM table(ev) WHERE id = 3")), oneRow({1, 1}));
    auto counters = m_ws->engine().find("default", "ev")->external->counters();
    EXPECT_GE(counters.badMessages, 1u);
    EXPECT_NE(counters.lastError.find("offset 0"), std::string::npos) << counters.lastError;
}

TEST_F(KafkaExternalStreamTest, CsvAndTsvReadFromProducedBytesAndRoundTrip)
{
    produce("csv", "1,\"hello, world\"\n2,plain");
    produce("tsv", "7\ttab\\tbed");
    exec(external(QStringLiteral("c"), QStringLiteral("id int32, s string"), QStringLiteral("csv"), QStringLiteral("data_format='CSV'")));
    exec(external(QStringLiteral("t"), QStringLiteral("id int32, s string"), QStringLiteral("tsv"), QStringLiteral("data_format='TSV'")));
    EXPECT_EQ(query(QStringLiteral("SELECT id, s FROM table(c) ORDER BY id")), (QJsonArray{QJsonArray{1, QStringLiteral("hello, world")}, QJsonArray{2, QStringLiteral("plain")}}));
    EXPECT_EQ(query(QStringLiteral("SELECT id, s FROM table(t)")), oneRow({7, QStringLiteral("tab\tbed")}));
    exec(QStringLiteral("INSERT INTO c(id, s) VALUES (3, 'line\nbreak')"));
    exec(QStringLiteral("INSERT INTO t(id, s) VALUES (8, 'x\ty'), (9, 'z')"));
    EXPECT_EQ(query(QStringLiteral("SELECT s FROM table(c) WHERE id = 3")), oneRow({QStringLiteral("line\nbreak")}));
    EXPECT_EQ(query(QStringLiteral("SELECT id, s FROM table(t) WHERE id > 7 ORDER BY id")), (QJsonArray{QJsonArray{8, QStringLiteral("x\ty")}, QJsonArray{9, QStringLiteral("z")}}));
}

TEST_F(KafkaExternalStreamTest, RawBlobIsTheWholeMessage)
{
    produce("raw", "{\"not\": \"parsed\"}\nsecond line");
    exec(external(QStringLiteral("r"), QStringLiteral("raw string"), QStringLiteral("raw"))); // one string column: RawBLOB by default
    exec(QStringLiteral("INSERT INTO r(raw) VALUES ('written as is')"));
    EXPECT_EQ(query(QStringLiteral("SELECT raw FROM table(r) ORDER BY raw")),
              (QJsonArray{QJsonArray{QStringLiteral("written as is")}, QJsonArray{QStringLiteral("{\"not\": \"parsed\"}\nsecond line")}}));
}

TEST_F(KafkaExternalStreamTest, ProtobufSingleUsesTheStoredSchema)
{
    exec(QStringLiteral("CREATE FORMAT SCHEMA readings AS '%1' TYPE Protobuf").arg(QString::fromLatin1(kProto)));
    exec(external(QStringLiteral("p"), QStringLiteral("id int64, device string, temperature float64"), QStringLiteral("proto"),
                  QStringLiteral("data_format='ProtobufSingle', format_schema='readings:Reading'")));
    exec(QStringLiteral("INSERT INTO p(id, device, temperature) VALUES (1, 'd1', 20.5), (2, 'd2', -3)"));
    EXPECT_EQ(query(QStringLiteral("SELECT id, device, temperature FROM table(p) ORDER BY id")),
              (QJsonArray{QJsonArray{1, QStringLiteral("d1"), 20.5}, QJsonArray{2, QStringLiteral("d2"), -3}}));
    // Bytes from elsewhere: field 1 "d9", field 3 = 9 (a hand-encoded Reading).
    produce("proto", QByteArray("\x0a\x02" "d9" "\x18\x09", 6));
    EXPECT_EQ(query(QStringLiteral("SELECT device, temperature FROM table(p) WHERE id = 9")), oneRow({QStringLiteral("d9"), 0}));
}

TEST_F(KafkaExternalStreamTest, MessageKeyOnWriteAndRead)
{
    exec(external(QStringLiteral("k"), QStringLiteral("_tp_message_key string, id int64"), QStringLiteral("keys"), QStringLiteral("data_format='JSONEachRow'")));
    exec(QStringLiteral("INSERT INTO k(_tp_message_key, id) VALUES ('alpha', 1), ('beta', 2)"));
    produce("keys", "{\"id\":3}", 1, "gamma");
    EXPECT_EQ(query(QStringLiteral("SELECT _tp_message_key, id FROM table(k) ORDER BY id")),
              (QJsonArray{QJsonArray{QStringLiteral("alpha"), 1}, QJsonArray{QStringLiteral("beta"), 2}, QJsonArray{QStringLiteral("gamma"), 3}}));
    // The key is not in the payload, and a stream that does not declare it still reads it.
    exec(external(QStringLiteral("plain"), QStringLiteral("raw string"), QStringLiteral("keys")));
    EXPECT_EQ(query(QStringLiteral("SELECT _tp_message_key, raw FROM table(plain) WHERE _tp_message_key = 'alpha'")),
              oneRow({QStringLiteral("alpha"), QStringLiteral("{\"id\":\"1\"}\n")})); // 64-bit integers quoted, as ClickHouse writes JSON
}

TEST_F(KafkaExternalStreamTest, SeekTo)
{
    exec(external(QStringLiteral("ev"), QStringLiteral("id int64"), QStringLiteral("events"), QStringLiteral("data_format='JSONEachRow'")));
    for (int i = 1; i <= 5; ++i)
        produce("events", QStringLiteral("{\"id\":%1}").arg(i).toUtf8(), 0, {}, 1'700'000'000'000LL + i * 1000);
    auto ids = [](const QJsonArray &rows) {
        std::vector<qint64> out;
        for (const auto &r : rows)
            out.push_back(r.toArray().at(0).toInteger());
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(ids(StreamingRead(m_ws->engine(), "SELECT id FROM ev SETTINGS seek_to='earliest'").rows(5)), (std::vector<qint64>{1, 2, 3, 4, 5}));
    EXPECT_EQ(ids(StreamingRead(m_ws->engine(), "SELECT id FROM ev SETTINGS seek_to='3'").rows(2)), (std::vector<qint64>{4, 5})); // an offset
    // 2023-11-14T22:13:23Z is message 3's timestamp.
    {
        StreamingRead byTime(m_ws->engine(), "SELECT id FROM ev SETTINGS seek_to='2023-11-14 22:13:23'");
        EXPECT_EQ(ids(byTime.rows(3)), (std::vector<qint64>{3, 4, 5})) << byTime.error().message();
    }
    // Latest (the default): only what comes after the read started. Markers are produced until
    // one is seen (the reader has started), then one more row.
    StreamingRead latest(m_ws->engine(), "SELECT id FROM ev");
    QJsonArray seen;
    for (int attempt = 0; attempt < 100 && seen.isEmpty(); ++attempt) {
        produce("events", "{\"id\":100}");
        seen = latest.rows(1, 200);
    }
    ASSERT_FALSE(seen.isEmpty());
    produce("events", "{\"id\":6}");
    QElapsedTimer t;
    t.start();
    std::vector<qint64> got;
    while (t.elapsed() < 10000 && std::find(got.begin(), got.end(), 6) == got.end())
        got = ids(latest.rows(static_cast<size_t>(seen.size()) + 100, 100));
    EXPECT_NE(std::find(got.begin(), got.end(), 6), got.end());
    for (qint64 id : got)
        EXPECT_TRUE(id == 100 || id == 6) << id; // nothing from before the read
    // Partitions by `shards`.
    produce("events", "{\"id\":50}", 1);
    EXPECT_EQ(ids(StreamingRead(m_ws->engine(), "SELECT id FROM ev SETTINGS seek_to='earliest', shards='1'").rows(1)), (std::vector<qint64>{50}));
}

TEST_F(KafkaExternalStreamTest, BadSettingsCreateNothing)
{
    auto expectRefused = [&](const QString &sql, int code, const char *words) {
        auto s = failing(sql);
        EXPECT_EQ(s.code(), code) << sql.toStdString() << ": " << s.message();
        EXPECT_NE(s.message().find(words), std::string::npos) << s.message();
        EXPECT_EQ(m_ws->engine().find("default", "bad"), nullptr);
    };
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='pulsar', brokers='x:1', topic='t'"), 36, "Unknown external stream type");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS brokers='x:1', topic='t'"), 36, "type");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', topic='t'"), 36, "brokers");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', brokers='x:1'"), 36, "topic");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', brokers='x:1', topic='t', data_format='Parquet'"), 73, "data_format");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(a int32, b int32) SETTINGS type='kafka', brokers='x:1', topic='t', data_format='RawBLOB'"), 36, "RawBLOB");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', brokers='x:1', topic='t', data_format='ProtobufSingle', format_schema='nope:M'"), 2611, "nope");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', brokers='x:1', topic='t', sasl_mechanism='GSSAPI'"), 36, "sasl_mechanism");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(raw string) SETTINGS type='kafka', brokers='x:1', topic='t', properties='no.such.setting=1'"), 36, "no.such.setting");
    expectRefused(QStringLiteral("CREATE EXTERNAL STREAM bad(_tp_message_key int32, raw string) SETTINGS type='kafka', brokers='x:1', topic='t'"), 44, "_tp_message_key");
    exec(external(QStringLiteral("ok"), QStringLiteral("id int64"), QStringLiteral("events")));
    auto s = failing(QStringLiteral("SELECT id FROM ok SETTINGS seek_to='yesterday-ish'"));
    EXPECT_EQ(s.code(), 36) << s.message();
}

TEST_F(KafkaExternalStreamTest, UnreachableBrokerFailsTheReadAndTheWriteInTime)
{
    // Port 1 on loopback: nothing listens, connections are refused at once.
    exec(QStringLiteral("CREATE EXTERNAL STREAM gone(id int64) SETTINGS type='kafka', brokers='127.0.0.1:1', topic='t', data_format='JSONEachRow', "
                        "metadata_timeout_ms='1000', properties='message.timeout.ms=1000'"));
    QElapsedTimer t;
    t.start();
    auto read = failing(QStringLiteral("SELECT id FROM table(gone)"));
    EXPECT_EQ(read.code(), 210) << read.message();
    EXPECT_NE(read.message().find("127.0.0.1:1"), std::string::npos) << read.message();
    auto write = failing(QStringLiteral("INSERT INTO gone(id) VALUES (1)"));
    EXPECT_EQ(write.code(), 210) << write.message();
    EXPECT_LT(t.elapsed(), 15000);
    // Planning (and the analyzer, which plans) touches no network.
    auto analyzed = m_ws->analyze(QStringLiteral("SELECT id FROM gone"));
    EXPECT_TRUE(analyzed) << analyzed.failure().message.toStdString();
}

// Many one-row messages: decoded a batch at a time (one parse per batch). Prints the rate.
TEST_F(KafkaExternalStreamTest, ManyMessagesReadInBatches)
{
    constexpr int kMessages = 20000;
    for (int i = 0; i < kMessages; ++i) {
        QByteArray v = QStringLiteral("{\"id\":%1,\"v\":%2.5}").arg(i).arg(i % 100).toUtf8();
        ASSERT_EQ(rd_kafka_producev(m_kafka.producer(), RD_KAFKA_V_TOPIC("events"), RD_KAFKA_V_PARTITION(i % 2), RD_KAFKA_V_VALUE(v.data(), static_cast<size_t>(v.size())),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                  RD_KAFKA_RESP_ERR_NO_ERROR);
        if (i % 5000 == 4999)
            rd_kafka_poll(m_kafka.producer(), 0);
    }
    ASSERT_EQ(rd_kafka_flush(m_kafka.producer(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
    exec(external(QStringLiteral("many"), QStringLiteral("id int64, v float64"), QStringLiteral("events"), QStringLiteral("data_format='JSONEachRow'")));
    QElapsedTimer t;
    t.start();
    QJsonArray r = query(QStringLiteral("SELECT count(), sum(id) FROM table(many)"));
    const qint64 ms = std::max<qint64>(1, t.elapsed());
    EXPECT_EQ(r, oneRow({kMessages, qint64(kMessages) * (kMessages - 1) / 2}));
    std::printf("table() over %d JSON messages on the mock cluster: %lld ms, %.0f messages/s\n", kMessages, static_cast<long long>(ms), kMessages * 1000.0 / ms);
}

TEST(KafkaConnector, SecuritySettingsMapToLibrdkafkaConfig)
{
    auto config = KafkaConnector::kafkaConfig({{"brokers", "b1:9092,b2:9092"}, {"security_protocol", "sasl_ssl"}, {"sasl_mechanism", "scram-sha-256"},
                                               {"username", "u"}, {"password", "p"}, {"ssl_ca_cert_file", "/etc/ca.pem"}, {"skip_ssl_cert_check", "true"},
                                               {"properties", "queue.buffering.max.ms=7; client.id=tl"}});
    ASSERT_TRUE(config) << config.status().message();
    std::map<std::string, std::string> expected{{"bootstrap.servers", "b1:9092,b2:9092"}, {"security.protocol", "SASL_SSL"}, {"sasl.mechanisms", "SCRAM-SHA-256"},
                                                {"sasl.username", "u"}, {"sasl.password", "p"}, {"ssl.ca.location", "/etc/ca.pem"},
                                                {"enable.ssl.certificate.verification", "false"}, {"queue.buffering.max.ms", "7"}, {"client.id", "tl"}};
    EXPECT_EQ(*config, expected);
    // A username alone means SASL PLAIN over plaintext, as Proton does.
    auto plain = KafkaConnector::kafkaConfig({{"brokers", "b:1"}, {"username", "u"}, {"password", "p"}});
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->at("sasl.mechanisms"), "PLAIN");
    EXPECT_EQ(plain->at("security.protocol"), "SASL_PLAINTEXT");
    EXPECT_EQ(KafkaConnector::kafkaConfig({{"brokers", "b:1"}, {"security_protocol", "TLS"}}).status().code(), 36);
}
