#pragma once
// librdkafka's mock cluster (a real Kafka protocol peer in process, no broker needed) and a
// producer connected to it, for the tests of Kafka sources and external streams. The cluster is
// owned by a producer handle of its own, as rdkafka_mock.h requires. Destroy the code under test
// (its consumers) before this.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <QByteArray>
#include <QString>

namespace tideline::testing {

class KafkaMockCluster {
public:
    KafkaMockCluster()
    {
        m_owner = newProducer(nullptr);
        if (m_owner)
            m_cluster = rd_kafka_mock_cluster_new(m_owner, 1);
        if (m_cluster) {
            m_bootstrap = QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster));
            m_producer = newProducer(m_bootstrap.toUtf8().constData());
        }
    }
    ~KafkaMockCluster()
    {
        if (m_producer)
            rd_kafka_destroy(m_producer);
        if (m_cluster)
            rd_kafka_mock_cluster_destroy(m_cluster);
        if (m_owner)
            rd_kafka_destroy(m_owner);
    }
    KafkaMockCluster(const KafkaMockCluster &) = delete;
    KafkaMockCluster &operator=(const KafkaMockCluster &) = delete;

    bool ready() const { return m_producer != nullptr; }
    const QString &bootstrap() const { return m_bootstrap; }
    rd_kafka_mock_cluster_t *cluster() const { return m_cluster; }
    rd_kafka_t *producer() const { return m_producer; }
    bool createTopic(const char *topic, int partitions) const
    {
        return rd_kafka_mock_topic_create(m_cluster, topic, partitions, 1) == RD_KAFKA_RESP_ERR_NO_ERROR;
    }

    // A producer without librdkafka's log lines on stderr; nullptr bootstrap: not connected.
    static rd_kafka_t *newProducer(const char *bootstrap)
    {
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (bootstrap)
            rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err);
        rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t *, int, const char *, const char *) {});
        return rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    }

private:
    rd_kafka_t *m_owner = nullptr;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
    rd_kafka_t *m_producer = nullptr;
    QString m_bootstrap;
};

} // namespace tideline::testing
