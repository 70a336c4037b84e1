// Kafka into a stream across SIGKILLs of the real tidelined: a materialized view reads a topic of
// three partitions (librdkafka's mock cluster, in this process, reached over TCP) into its stream
// and commits the partitions' offsets with each output, in the same log record. However a kill
// falls (mid-batch, between an output and its catalog copy, while messages keep coming, while
// the server is down), after every restart each message produced so far is in the view exactly
// once. A second view counts the topic (best_effort: its restart replays the topic up to the
// committed offsets), and its total must come to exactly what was produced.
// TIDELINE_KAFKA_KILLS (default 3; scripts/reliability.sh runs more) and TIDELINE_CRASH_SEED
// (default: the time, printed) set the run.
#include <QDateTime>
#include <QTemporaryDir>
#include <atomic>
#include <random>
#include <thread>
#include "TidelinedChild.h"
#include "tests/common/KafkaMockCluster.h"

using namespace tideline::server::testing;

namespace {

qint64 envNumber(const char *name, qint64 fallback)
{
    bool ok = false;
    qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok ? v : fallback;
}

QJsonObject kv(const char *key, const QString &value)
{
    return {{QStringLiteral("key"), QLatin1String(key)}, {QStringLiteral("value"), value}};
}

// Messages {"id":n} with ids from 1 up, spread over the partitions; flushed, so a message counts
// as produced only once the broker has it.
class Producer {
public:
    explicit Producer(rd_kafka_t *producer) : m_producer(producer) {}
    bool produce(int count)
    {
        for (int i = 0; i < count; ++i) {
            const int64_t id = m_next + i;
            QByteArray value = QByteArray("{\"id\":") + QByteArray::number(static_cast<qlonglong>(id)) + '}';
            if (rd_kafka_producev(m_producer, RD_KAFKA_V_TOPIC("in"), RD_KAFKA_V_PARTITION(static_cast<int32_t>(id % 3)),
                                  RD_KAFKA_V_VALUE(value.data(), static_cast<size_t>(value.size())), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                  RD_KAFKA_V_END) != RD_KAFKA_RESP_ERR_NO_ERROR)
                return false;
        }
        if (rd_kafka_flush(m_producer, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return false;
        m_next += count;
        return true;
    }
    int64_t produced() const { return m_next - 1; }

private:
    rd_kafka_t *m_producer;
    std::atomic<int64_t> m_next{1};
};

// The first row of `sql` once its first value reached `n` (or the deadline passed).
QJsonArray once(BlockingHttp &http, const QString &sql, int64_t n)
{
    QJsonArray row;
    spinUntil([&] {
        auto rows = http.query(sql);
        row = rows && !rows->isEmpty() ? rows->at(0).toArray() : QJsonArray();
        return !row.isEmpty() && row.at(0).toInteger() >= n;
    }, 60000);
    return row;
}

} // namespace

TEST(TidelinedKafkaCrash, AViewFromKafkaLandsEveryMessageOnceAcrossKills)
{
    const int kills = static_cast<int>(envNumber("TIDELINE_KAFKA_KILLS", 3));
    const auto seed = static_cast<quint64>(envNumber("TIDELINE_CRASH_SEED", QDateTime::currentMSecsSinceEpoch() % 1000000));
    std::printf("tst_TidelinedKafkaCrash: seed %llu, %d kills\n", static_cast<unsigned long long>(seed), kills);
    std::mt19937_64 rng(seed);
    tideline::testing::KafkaMockCluster kafka;
    ASSERT_TRUE(kafka.ready() && kafka.createTopic("in", 3));
    QTemporaryDir dir;
    TidelinedChild server(dir.filePath(QStringLiteral("data")), dir.filePath(QStringLiteral("api.key")), "kafka-crash-test-key-0123456789abcdef");
    ASSERT_TRUE(server.start()) << server.error().toStdString();
    {
        BlockingHttp http(server);
        QJsonArray columns{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}}};
        QJsonArray settings{kv("type", QStringLiteral("kafka")), kv("brokers", kafka.bootstrap()), kv("topic", QStringLiteral("in")),
                            kv("data_format", QStringLiteral("JSONEachRow"))};
        auto ext = http.post(QStringLiteral("/external_streams"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ev")}, {QStringLiteral("settings"), settings},
                                                                            {QStringLiteral("columns"), columns}});
        ASSERT_EQ(ext.status, 201) << ext.body.toStdString();
        auto mv = http.post(QStringLiteral("/materialized_views"), QJsonObject{{QStringLiteral("name"), QStringLiteral("mv")},
                                                                             {QStringLiteral("query"), QStringLiteral("SELECT id FROM ev")}});
        ASSERT_EQ(mv.status, 201) << mv.body.toStdString();
        auto totals = http.post(QStringLiteral("/materialized_views"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("totals")},
                                            {QStringLiteral("query"), QStringLiteral("SELECT count() AS c FROM ev EMIT PERIODIC 100ms SETTINGS recovery_policy='best_effort'")}});
        ASSERT_EQ(totals.status, 201) << totals.body.toStdString();
    }
    Producer producer(kafka.producer());
    for (int epoch = 1; epoch <= kills; ++epoch) {
        SCOPED_TRACE("kill " + std::to_string(epoch) + ", seed " + std::to_string(seed));
        // Messages keep coming while the server runs; the kill falls at a random moment.
        std::atomic<bool> stop{false}, failed{false};
        std::thread feeder([&] {
            while (!stop.load())
                if (!producer.produce(20))
                    failed = true;
        });
        const int killAfterMs = std::uniform_int_distribution<int>(100, 1500)(rng);
        QElapsedTimer timer;
        timer.start();
        spinUntil([&] { return timer.elapsed() >= killAfterMs; }, killAfterMs + 1000);
        server.kill();
        stop = true;
        feeder.join();
        ASSERT_FALSE(failed.load()) << "the mock cluster refused a message";
        ASSERT_TRUE(producer.produce(50)); // while the server is down
        ASSERT_TRUE(server.start()) << server.error().toStdString();
        BlockingHttp http(server);
        const int64_t n = producer.produced();
        QJsonArray row = once(http, QStringLiteral("SELECT count(), uniq_exact(id), min(id), max(id) FROM table(mv)"), n);
        const qint64 all = n;
        auto text = [](const QJsonArray &a) { return QJsonDocument(a).toJson(QJsonDocument::Compact).toStdString(); };
        ASSERT_EQ(text(row), text(QJsonArray{all, all, 1, all})) << "count, distinct, min, max of the " << n << " messages produced";
        ASSERT_EQ(text(once(http, QStringLiteral("SELECT max(c) FROM table(totals)"), n)), text(QJsonArray{all})) << "the counting view's total";
    }
    std::printf("tst_TidelinedKafkaCrash: %d kills survived, %lld messages produced, each landed once, seed %llu\n", kills,
                static_cast<long long>(producer.produced()), static_cast<unsigned long long>(seed));
    EXPECT_EQ(server.terminate(), 0);
}
