#pragma once
// kafka: a librdkafka consumer of every partition of `topic` (one, or a comma-separated list)
// at `brokers`, keeping its offsets in group `group_id` (default tideline_<source id>). Offsets
// are committed only after the batch they end is durable in the target stream (auto commit is
// off), so a restarted source resumes after the last row it wrote: no loss, no duplicates.
// `offset` (earliest|latest, default earliest) applies when the group has no committed offset.
// Partitions are assigned, not subscribed (no rebalance per start): one reader per source, and
// partitions added to the topic later are read after the next start.
//
// Security: `sasl` (plain, scram-sha-256, scram-sha-512; with `username`/`password`), `tls`
// (`tls.disable`, `tls.skip_verify_server`, `tls.ca_file`), or `security_protocol` as given; and
// any librdkafka setting in the `config` object, passed through as is ("ssl.key.location", ...).
#include <QStringList>
#include <atomic>
#include <map>
#include <string>
#include "workspace/Source.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace tideline::workspace {

class KafkaSource final : public Source {
public:
    static Outcome<std::unique_ptr<Source>> create(const SourceContext &context);

    void run(SourceOutput &out) override;
    void stop() override { m_stopping = true; }
    std::optional<Failure> probe(int timeoutMs) override;

private:
    KafkaSource(std::map<std::string, std::string> config, QStringList topics, bool preview);
    // A consumer handle with the settings, or null and `error`.
    rd_kafka_t *makeConsumer(SourceOutput *out, QString &error) const;
    // Assigns every partition of the topics; empty, or why not.
    QString assignAll(rd_kafka_t *rk) const;
    // Reads through one consumer until it fails or stop(); false when a batch was not written.
    void consume(rd_kafka_t *rk, SourceOutput &out);

    const std::map<std::string, std::string> m_config;
    const QStringList m_topics;
    const bool m_preview;
    std::atomic<bool> m_stopping{false};
};

} // namespace tideline::workspace
