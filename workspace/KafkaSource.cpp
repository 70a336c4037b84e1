#include "workspace/KafkaSource.h"

#include <QElapsedTimer>
#include <QUuid>
#include <librdkafka/rdkafka.h>
#include <algorithm>
#include "workspace/NatsSource.h"
#include "workspace/SourceProperties.h"

namespace tideline::workspace {

namespace {

constexpr size_t kMaxBatch = 1000;
constexpr int kFlushMs = 100;
constexpr int kMetadataTimeoutMs = 5000;

// librdkafka logs to stderr by default; the source reports through its stats instead.
void quietLog(const rd_kafka_t *, int, const char *, const char *) {}

void onError(rd_kafka_t *, int, const char *reason, void *opaque)
{
    if (opaque)
        static_cast<SourceOutput *>(opaque)->error(QStringLiteral("kafka: ") + QString::fromUtf8(reason));
}

void addSecurity(SourceProperties &props, std::map<std::string, std::string> &config)
{
    QString sasl = props.string(QStringLiteral("sasl"), props.string(QStringLiteral("sasl.mechanism"))).toLower();
    if (sasl == QLatin1String("none"))
        sasl.clear();
    if (!sasl.isEmpty() && sasl != QLatin1String("plain") && sasl != QLatin1String("scram-sha-256") && sasl != QLatin1String("scram-sha-512"))
        props.fail(QStringLiteral("properties.sasl: '%1' is not one of none, plain, scram-sha-256, scram-sha-512").arg(sasl));
    QJsonValue tls = props.value(QStringLiteral("tls"));
    bool useTls = (tls.isObject() || tls.isBool()) && !props.flag(QStringLiteral("tls.disable"), tls.isBool() ? !tls.toBool() : false);
    if (!sasl.isEmpty()) {
        config["sasl.mechanisms"] = sasl.toUpper().toStdString();
        config["sasl.username"] = props.string(QStringLiteral("username")).toStdString();
        config["sasl.password"] = props.string(QStringLiteral("password")).toStdString();
    }
    config["security.protocol"] = !sasl.isEmpty() ? (useTls ? "SASL_SSL" : "SASL_PLAINTEXT") : (useTls ? "SSL" : "PLAINTEXT");
    if (QString p = props.string(QStringLiteral("security_protocol")); !p.isEmpty())
        config["security.protocol"] = p.toStdString();
    if (props.flag(QStringLiteral("tls.skip_verify_server"), false))
        config["enable.ssl.certificate.verification"] = "false";
    if (QString ca = props.string(QStringLiteral("tls.ca_file")); !ca.isEmpty())
        config["ssl.ca.location"] = ca.toStdString();
}

} // namespace

KafkaSource::KafkaSource(std::map<std::string, std::string> config, QStringList topics, bool preview)
    : m_config(std::move(config)), m_topics(std::move(topics)), m_preview(preview)
{
}

Outcome<std::unique_ptr<Source>> KafkaSource::create(const SourceContext &context)
{
    SourceProperties props(context.properties);
    QStringList brokers = props.list(QStringLiteral("brokers"));
    if (brokers.isEmpty())
        props.fail(QStringLiteral("properties.brokers is required (host:port, comma-separated)"));
    QStringList topics = props.list(QStringLiteral("topic"));
    if (topics.isEmpty())
        props.fail(QStringLiteral("properties.topic is required"));
    QString offset = props.string(QStringLiteral("offset"), QStringLiteral("earliest"));
    if (offset != QLatin1String("earliest") && offset != QLatin1String("latest"))
        props.fail(QStringLiteral("properties.offset: '%1' is not one of earliest, latest").arg(offset));
    std::map<std::string, std::string> config;
    config["bootstrap.servers"] = brokers.join(QLatin1Char(',')).toStdString();
    // A preview reads as a throw-away group member that commits nothing.
    QString group = context.preview ? QStringLiteral("tideline_preview_") + QUuid::createUuid().toString(QUuid::Id128)
                                    : props.string(QStringLiteral("group_id"), QStringLiteral("tideline_") + context.id);
    config["group.id"] = group.toStdString();
    config["auto.offset.reset"] = offset.toStdString();
    config["enable.auto.commit"] = "false";
    config["enable.auto.offset.store"] = "false";
    addSecurity(props, config);
    QJsonObject extra = props.value(QStringLiteral("config")).toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        config[it.key().toStdString()] = (it.value().isString() ? it.value().toString() : it.value().toVariant().toString()).toStdString();
    if (auto bad = props.failure())
        return *bad;
    std::unique_ptr<KafkaSource> source(new KafkaSource(std::move(config), topics, context.preview));
    QString error;
    if (rd_kafka_t *rk = source->makeConsumer(nullptr, error)) // refuses unknown or bad librdkafka settings now
        rd_kafka_destroy(rk);
    else
        return Failure::badRequest(QStringLiteral("kafka: ") + error, 36);
    return std::unique_ptr<Source>(std::move(source));
}

rd_kafka_t *KafkaSource::makeConsumer(SourceOutput *out, QString &error) const
{
    char err[512] = {0};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (const auto &[key, value] : m_config)
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            error = QString::fromUtf8(err);
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    rd_kafka_conf_set_log_cb(conf, quietLog);
    rd_kafka_conf_set_error_cb(conf, onError);
    rd_kafka_conf_set_opaque(conf, out);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err); // owns conf when it succeeds
    if (!rk) {
        error = QString::fromUtf8(err);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

void KafkaSource::run(SourceOutput &out)
{
    int retryMs = 1000;
    while (!m_stopping) {
        QString error;
        rd_kafka_t *rk = makeConsumer(&out, error);
        if (!rk) {
            out.error(QStringLiteral("kafka: ") + error);
        } else {
            rd_kafka_poll_set_consumer(rk);
            if (QString why = assignAll(rk); !why.isEmpty())
                out.error(QStringLiteral("kafka: ") + why);
            else
                consume(rk, out); // returns on stop() or on a batch that could not be written
            rd_kafka_assign(rk, nullptr);
            rd_kafka_consumer_close(rk);
            rd_kafka_destroy(rk);
        }
        if (!pauseUnlessStopping(m_stopping, retryMs))
            return;
        retryMs = std::min(retryMs * 2, 30000);
    }
}

QString KafkaSource::assignAll(rd_kafka_t *rk) const
{
    // Every partition of the topics, at RD_KAFKA_OFFSET_INVALID: librdkafka then starts each at
    // the group's committed offset, or at auto.offset.reset when there is none. Assigning
    // rather than subscribing spares a group rebalance on every start (seconds, and a whole
    // session timeout when the previous member did not leave cleanly).
    rd_kafka_topic_partition_list_t *all = rd_kafka_topic_partition_list_new(8);
    QString why;
    for (const QString &topic : m_topics) {
        rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic.toUtf8().constData(), nullptr);
        const rd_kafka_metadata_t *md = nullptr;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, t, &md, kMetadataTimeoutMs);
        if (err || md->topic_cnt < 1 || md->topics[0].err)
            why = QStringLiteral("topic %1: %2").arg(topic, QString::fromUtf8(rd_kafka_err2str(err ? err : md->topic_cnt ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)));
        else
            for (int p = 0; p < md->topics[0].partition_cnt; ++p)
                rd_kafka_topic_partition_list_add(all, topic.toUtf8().constData(), md->topics[0].partitions[p].id)->offset = RD_KAFKA_OFFSET_INVALID;
        if (md)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(t);
        if (!why.isEmpty())
            break;
    }
    if (why.isEmpty())
        if (rd_kafka_resp_err_t err = rd_kafka_assign(rk, all))
            why = QStringLiteral("assign: ") + QString::fromUtf8(rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(all);
    return why;
}

void KafkaSource::consume(rd_kafka_t *rk, SourceOutput &out)
{
    std::vector<QByteArray> pending;
    std::map<std::pair<std::string, int32_t>, int64_t> next; // (topic, partition) -> offset to commit
    QElapsedTimer first;
    auto flush = [&]() -> bool {
        if (pending.empty())
            return true;
        if (!out.deliver(pending))
            return false; // not written: the group's offsets stay, a new consumer reads it again
        if (!m_preview) {
            rd_kafka_topic_partition_list_t *offsets = rd_kafka_topic_partition_list_new(static_cast<int>(next.size()));
            for (const auto &[tp, offset] : next)
                rd_kafka_topic_partition_list_add(offsets, tp.first.c_str(), tp.second)->offset = offset;
            if (rd_kafka_resp_err_t err = rd_kafka_commit(rk, offsets, 0)) // synchronous: durable first, then committed
                out.error(QStringLiteral("kafka commit: ") + QString::fromUtf8(rd_kafka_err2str(err)));
            rd_kafka_topic_partition_list_destroy(offsets);
        }
        pending.clear();
        next.clear();
        return true;
    };
    while (!m_stopping) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, kFlushMs);
        if (msg && msg->err && msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            out.error(QStringLiteral("kafka: ") + QString::fromUtf8(rd_kafka_message_errstr(msg)));
        else if (msg && !msg->err) {
            if (pending.empty())
                first.start();
            pending.emplace_back(static_cast<const char *>(msg->payload), static_cast<qsizetype>(msg->len));
            next[{rd_kafka_topic_name(msg->rkt), msg->partition}] = msg->offset + 1;
        }
        if (msg)
            rd_kafka_message_destroy(msg);
        if ((!msg || pending.size() >= kMaxBatch || (!pending.empty() && first.elapsed() >= kFlushMs)) && !flush())
            return;
    }
    flush();
}

std::optional<Failure> KafkaSource::probe(int timeoutMs)
{
    QString error;
    rd_kafka_t *rk = makeConsumer(nullptr, error);
    if (!rk)
        return Failure::badRequest(QStringLiteral("kafka: ") + error, 36);
    std::optional<Failure> failure;
    for (const QString &topic : m_topics) {
        rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic.toUtf8().constData(), nullptr);
        const rd_kafka_metadata_t *md = nullptr;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, t, &md, timeoutMs);
        if (err)
            failure = Failure::badRequest(QStringLiteral("cannot reach kafka brokers %1: %2")
                                              .arg(QString::fromStdString(m_config.at("bootstrap.servers")), QString::fromUtf8(rd_kafka_err2str(err))),
                                          kNetworkErrorCode);
        else if (md->topic_cnt < 1 || md->topics[0].err)
            failure = Failure::badRequest(QStringLiteral("kafka topic '%1': %2")
                                              .arg(topic, QString::fromUtf8(rd_kafka_err2str(md->topic_cnt ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART))),
                                          36);
        if (md)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(t);
        if (failure)
            break;
    }
    rd_kafka_destroy(rk);
    return failure;
}

} // namespace tideline::workspace
