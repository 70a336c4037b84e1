#include "workspace/KafkaConnector.h"

#include <librdkafka/rdkafka.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <optional>
#include <random>
#include <thread>

namespace tideline::workspace {

using engine::ErrorCode;
using engine::ExternalMessage;
using engine::ExternalReadOptions;
using engine::Result;
using engine::Status;

namespace {

constexpr int kDefaultMetadataTimeoutMs = 5000;
constexpr const char *kDefaultMessageTimeoutMs = "10000";

void quietLog(const rd_kafka_t *, int, const char *, const char *) {}

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string setting(const engine::ExternalStreamConnector::Settings &s, const std::string &key)
{
    auto it = s.find(key);
    return it == s.end() ? std::string() : it->second;
}

std::string trimmed(std::string s)
{
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
}

Status bad(const std::string &message)
{
    return Status(ErrorCode::BadArguments, "kafka external stream: " + message);
}

// A handle of `type` with `config`, or the reason librdkafka refused it.
Result<rd_kafka_t *> newHandle(rd_kafka_type_t type, const std::map<std::string, std::string> &config, void (*setup)(rd_kafka_conf_t *) = nullptr)
{
    char err[512] = {0};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (const auto &[key, value] : config)
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return bad(err);
        }
    rd_kafka_conf_set_log_cb(conf, quietLog);
    if (setup)
        setup(conf);
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof err); // owns conf when it succeeds
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return bad(err);
    }
    return rk;
}

int metadataTimeout(const engine::ExternalStreamConnector::Settings &settings)
{
    std::string v = setting(settings, "metadata_timeout_ms");
    return v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 7 ? kDefaultMetadataTimeoutMs : std::stoi(v);
}

// ---- reading ----------------------------------------------------------------------------

class KafkaReader final : public engine::ExternalStreamReader {
public:
    KafkaReader(std::map<std::string, std::string> config, std::string topic, ExternalReadOptions options, int metadataTimeoutMs)
        : m_config(std::move(config)), m_topic(std::move(topic)), m_options(std::move(options)), m_metadataTimeoutMs(metadataTimeoutMs)
    {
    }
    ~KafkaReader() override
    {
        if (m_queue) {
            rd_kafka_queue_cb_event_enable(m_queue, nullptr, nullptr); // no wake-up after this
            rd_kafka_queue_destroy(m_queue);
        }
        if (m_rk) {
            rd_kafka_assign(m_rk, nullptr);
            rd_kafka_destroy(m_rk);
        }
    }

    Result<bool> read(std::vector<ExternalMessage> &out, size_t max, int timeoutMs) override
    {
        if (!m_rk)
            if (Status s = start(); !s)
                return s;
        if (m_partitions.empty() || (m_options.bounded && finished()))
            return !m_options.bounded;
        std::vector<rd_kafka_message_t *> batch(std::min<size_t>(max, 10000));
        ssize_t n = rd_kafka_consume_batch_queue(m_queue, timeoutMs, batch.data(), batch.size());
        if (n < 0)
            return Status(engine::kNetworkError, std::string("kafka: ") + rd_kafka_err2str(rd_kafka_last_error()));
        Status failure;
        for (ssize_t i = 0; i < n; ++i) {
            rd_kafka_message_t *m = batch[static_cast<size_t>(i)];
            if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && failure.isOk())
                failure = Status(engine::kNetworkError, "kafka topic " + m_topic + ": " + rd_kafka_message_errstr(m));
            else if (!m->err)
                take(*m, out);
            rd_kafka_message_destroy(m);
        }
        if (!failure.isOk())
            return failure;
        return !(m_options.bounded && finished());
    }

    bool resumable() const override { return true; }

    Result<engine::ExternalOffsets> positions() override
    {
        if (!m_rk)
            if (Status s = start(); !s)
                return s;
        engine::ExternalOffsets out;
        for (const auto &p : m_partitions)
            out[p.id] = p.next;
        return out;
    }

    void resumeAt(const engine::ExternalOffsets &offsets) override
    {
        m_resume = offsets;
        if (m_rk) { // started already (a view's first start resolved where it begins): move
            applyResume();
            (void)assign(); // a failure shows at the next read, which has no assignment then
        }
    }

    void pause(const std::vector<int32_t> &partitions) override
    {
        if (!m_rk || partitions.empty())
            return;
        setPaused(partitions, true);
        m_paused.insert(m_paused.end(), partitions.begin(), partitions.end());
    }

    void fetchAll() override
    {
        if (!m_rk || m_paused.empty())
            return;
        setPaused(m_paused, false);
        m_paused.clear();
    }

private:
    // A failure leaves the partitions fetching, which only costs memory: not reported.
    void setPaused(const std::vector<int32_t> &partitions, bool paused)
    {
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
        for (int32_t id : partitions)
            rd_kafka_topic_partition_list_add(list, m_topic.c_str(), id);
        (void)(paused ? rd_kafka_pause_partitions(m_rk, list) : rd_kafka_resume_partitions(m_rk, list));
        rd_kafka_topic_partition_list_destroy(list);
    }

    struct Partition {
        int32_t id;
        int64_t next;  // the next offset to read
        int64_t end;   // bounded: the high watermark at the start
        int64_t low = 0; // the low watermark at the start
        int64_t high = 0; // the high watermark at the start
        int64_t notBeforeMs = INT64_MIN; // seek_to a time the broker could not resolve: skip earlier messages
    };

    static void onQueueEvent(rd_kafka_t *, void *opaque)
    {
        auto *self = static_cast<KafkaReader *>(opaque);
        if (self->m_options.wake)
            self->m_options.wake();
    }

    void take(const rd_kafka_message_t &m, std::vector<ExternalMessage> &out)
    {
        auto p = std::find_if(m_partitions.begin(), m_partitions.end(), [&](const Partition &x) { return x.id == m.partition; });
        if (p == m_partitions.end() || (m_options.bounded && m.offset >= p->end))
            return; // produced after a bounded read started
        if (m.offset < p->next)
            return; // fetched before resumeAt moved the partition on
        p->next = m.offset + 1;
        rd_kafka_timestamp_type_t type;
        const int64_t timestamp = std::max<int64_t>(0, rd_kafka_message_timestamp(&m, &type));
        if (timestamp < p->notBeforeMs)
            return;
        p->notBeforeMs = INT64_MIN; // from the first message at or after the time on, everything
        ExternalMessage e;
        if (m.key) {
            e.key.assign(static_cast<const char *>(m.key), m.key_len);
            e.hasKey = true;
        }
        if (m.payload)
            e.value.assign(static_cast<const char *>(m.payload), m.len);
        e.partition = m.partition;
        e.offset = m.offset;
        e.timestampMs = timestamp;
        out.push_back(std::move(e));
    }

    bool finished() const
    {
        return std::all_of(m_partitions.begin(), m_partitions.end(), [](const Partition &p) { return p.next >= p.end; });
    }

    // On the query's thread, at its first read: the handle, the topic's partitions, their start
    // offsets, the assignment.
    Status start()
    {
        auto rk = newHandle(RD_KAFKA_CONSUMER, m_config);
        if (!rk)
            return rk.status();
        m_rk = *rk;
        rd_kafka_poll_set_consumer(m_rk);
        m_queue = rd_kafka_queue_get_consumer(m_rk);
        if (m_options.wake)
            rd_kafka_queue_cb_event_enable(m_queue, onQueueEvent, this);
        if (Status s = partitions(); !s)
            return s;
        return assign();
    }

    Status assign()
    {
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(m_partitions.size()));
        for (auto &p : m_partitions)
            rd_kafka_topic_partition_list_add(list, m_topic.c_str(), p.id)->offset = p.next;
        Status result;
        if (rd_kafka_resp_err_t err = rd_kafka_assign(m_rk, list))
            result = Status(engine::kNetworkError, std::string("kafka assign: ") + rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_destroy(list);
        return result;
    }

    // A materialized view's committed offsets. Below the low watermark, retention has dropped
    // what the view had not read yet: it goes on from the oldest message left.
    void applyResume()
    {
        for (auto &p : m_partitions) {
            auto it = m_resume->find(p.id);
            p.next = it == m_resume->end() ? p.low : std::clamp(it->second, p.low, p.high);
            p.notBeforeMs = INT64_MIN;
        }
    }

    Status partitions()
    {
        rd_kafka_topic_t *t = rd_kafka_topic_new(m_rk, m_topic.c_str(), nullptr);
        const rd_kafka_metadata_t *md = nullptr;
        rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk, 0, t, &md, m_metadataTimeoutMs);
        Status s;
        if (err)
            s = Status(engine::kNetworkError, "Cannot reach the kafka brokers " + m_config["bootstrap.servers"] + " within " + std::to_string(m_metadataTimeoutMs) +
                                                  " ms: " + rd_kafka_err2str(err));
        else if (md->topic_cnt < 1 || md->topics[0].err)
            s = Status(ErrorCode::UnknownStream, "Kafka topic " + m_topic + ": " + rd_kafka_err2str(md->topic_cnt ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART));
        else
            for (int i = 0; i < md->topics[0].partition_cnt; ++i) {
                int32_t id = md->topics[0].partitions[i].id;
                if (m_options.partitions.empty() || std::count(m_options.partitions.begin(), m_options.partitions.end(), id))
                    m_partitions.push_back({id, 0, INT64_MAX});
            }
        if (md)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(t);
        if (!s)
            return s;
        for (int32_t wanted : m_options.partitions)
            if (std::none_of(m_partitions.begin(), m_partitions.end(), [&](const Partition &p) { return p.id == wanted; }))
                return Status(ErrorCode::BadArguments, "Kafka topic " + m_topic + " has no partition " + std::to_string(wanted) + " (shards)");
        return startOffsets();
    }

    // Explicit offsets rather than librdkafka's logical ones: `latest` then means the end when
    // the read started, even if the fetcher starts a little later.
    Status startOffsets()
    {
        for (auto &p : m_partitions) {
            int64_t low = 0, high = 0;
            if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(m_rk, m_topic.c_str(), p.id, &low, &high, m_metadataTimeoutMs))
                return Status(engine::kNetworkError, "kafka watermarks of " + m_topic + "[" + std::to_string(p.id) + "]: " + rd_kafka_err2str(err));
            using Start = ExternalReadOptions::Start;
            p.low = low;
            p.high = high;
            p.next = m_options.start == Start::Earliest ? low : m_options.start == Start::Offset ? std::clamp(m_options.offset, low, high) : high;
            if (m_options.bounded)
                p.end = high;
        }
        if (m_options.start != ExternalReadOptions::Start::Timestamp) {
            if (m_resume)
                applyResume();
            return {};
        }
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(m_partitions.size()));
        for (auto &p : m_partitions)
            rd_kafka_topic_partition_list_add(list, m_topic.c_str(), p.id)->offset = m_options.timestampMs;
        Status s;
        if (rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_rk, list, m_metadataTimeoutMs))
            s = Status(engine::kNetworkError, std::string("kafka offsets for seek_to: ") + rd_kafka_err2str(err));
        else
            for (int i = 0; i < list->cnt; ++i)
                for (auto &p : m_partitions) {
                    if (p.id != list->elems[i].partition)
                        continue;
                    if (list->elems[i].offset >= 0) {
                        p.next = list->elems[i].offset;
                    } else {
                        // -1: no message at or after the time, or a broker that does not look
                        // offsets up by time (librdkafka's mock cluster): read the partition from
                        // its start and skip what is older, which is right in both cases.
                        p.next = p.low;
                        p.notBeforeMs = m_options.timestampMs;
                    }
                }
        rd_kafka_topic_partition_list_destroy(list);
        if (m_resume)
            applyResume();
        return s;
    }

    std::map<std::string, std::string> m_config;
    const std::string m_topic;
    const ExternalReadOptions m_options;
    const int m_metadataTimeoutMs;
    rd_kafka_t *m_rk = nullptr;
    rd_kafka_queue_t *m_queue = nullptr;
    std::vector<Partition> m_partitions;
    std::optional<engine::ExternalOffsets> m_resume; // resumeAt: overrides `seek_to`
    std::vector<int32_t> m_paused;
};

// ---- writing ----------------------------------------------------------------------------

// The delivery reports of one write(); outlives it if librdkafka still holds messages.
struct Delivery {
    std::atomic<int64_t> pending{0};
    std::atomic<int> firstError{0};
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *m, void *)
{
    auto *d = static_cast<Delivery *>(m->_private);
    if (!d)
        return;
    if (m->err) {
        int expected = 0;
        d->firstError.compare_exchange_strong(expected, static_cast<int>(m->err));
    }
    d->pending.fetch_sub(1);
}

void deliveryCallback(rd_kafka_conf_t *conf)
{
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
}

class KafkaWriter final : public engine::ExternalStreamWriter {
public:
    KafkaWriter(rd_kafka_t *rk, std::string topic, int flushTimeoutMs) : m_rk(rk), m_topic(std::move(topic)), m_flushTimeoutMs(flushTimeoutMs) {}
    ~KafkaWriter() override
    {
        rd_kafka_flush(m_rk, 2000);
        rd_kafka_destroy(m_rk);
    }

    Status write(const std::vector<ExternalMessage> &messages) override
    {
        auto *d = new Delivery;
        d->pending = static_cast<int64_t>(messages.size());
        Status s;
        for (size_t i = 0; i < messages.size() && s.isOk(); ++i) {
            const ExternalMessage &m = messages[i];
            while (true) {
                rd_kafka_resp_err_t err = rd_kafka_producev(
                    m_rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_PARTITION(m.partition >= 0 ? m.partition : RD_KAFKA_PARTITION_UA),
                    RD_KAFKA_V_KEY(m.hasKey ? m.key.data() : nullptr, m.hasKey ? m.key.size() : 0), RD_KAFKA_V_VALUE(const_cast<char *>(m.value.data()), m.value.size()),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(d), RD_KAFKA_V_END);
                if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    rd_kafka_poll(m_rk, 50); // delivery reports make room
                    continue;
                }
                if (err) {
                    d->pending.fetch_sub(static_cast<int64_t>(messages.size() - i));
                    s = Status(ErrorCode::BadArguments, "kafka produce to " + m_topic + ": " + rd_kafka_err2str(err));
                }
                break;
            }
        }
        rd_kafka_flush(m_rk, m_flushTimeoutMs); // serves the delivery reports
        if (d->pending.load() > 0) {
            rd_kafka_purge(m_rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
            rd_kafka_flush(m_rk, 1000);
        }
        if (s.isOk() && d->firstError.load())
            s = Status(engine::kNetworkError, "kafka delivery to " + m_topic + " failed: " + rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(d->firstError.load())));
        else if (s.isOk() && d->pending.load() > 0)
            s = Status(engine::kNetworkError, "kafka delivery to " + m_topic + " timed out");
        if (d->pending.load() <= 0)
            delete d; // else librdkafka may still report on it: kept (rare, bounded by the purge above)
        return s;
    }

private:
    rd_kafka_t *m_rk;
    const std::string m_topic;
    const int m_flushTimeoutMs;
};

} // namespace

Result<std::map<std::string, std::string>> KafkaConnector::kafkaConfig(const Settings &settings)
{
    std::map<std::string, std::string> c;
    c["bootstrap.servers"] = setting(settings, "brokers");
    const std::string protocol = upper(setting(settings, "security_protocol"));
    if (!protocol.empty()) {
        if (protocol != "PLAINTEXT" && protocol != "SSL" && protocol != "SASL_PLAINTEXT" && protocol != "SASL_SSL")
            return bad("security_protocol '" + setting(settings, "security_protocol") + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        c["security.protocol"] = protocol;
    }
    std::string mechanism = upper(setting(settings, "sasl_mechanism"));
    const std::string username = setting(settings, "username");
    if (mechanism.empty() && !username.empty())
        mechanism = "PLAIN";
    if (!mechanism.empty()) {
        if (mechanism != "PLAIN" && mechanism != "SCRAM-SHA-256" && mechanism != "SCRAM-SHA-512")
            return bad("sasl_mechanism '" + setting(settings, "sasl_mechanism") + "' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
        c["sasl.mechanisms"] = mechanism;
        if (protocol.empty())
            c["security.protocol"] = "SASL_PLAINTEXT";
    }
    if (!username.empty())
        c["sasl.username"] = username;
    if (std::string password = setting(settings, "password"); !password.empty())
        c["sasl.password"] = password;
    if (std::string ca = setting(settings, "ssl_ca_cert_file"); !ca.empty())
        c["ssl.ca.location"] = ca;
    if (std::string pem = setting(settings, "ssl_ca_pem"); !pem.empty())
        c["ssl.ca.pem"] = pem;
    const std::string skip = setting(settings, "skip_ssl_cert_check");
    if (skip == "true" || skip == "1")
        c["enable.ssl.certificate.verification"] = "false";
    // Proton's passthrough: properties='message.max.bytes=1000;queue.buffering.max.ms=5'.
    const std::string props = setting(settings, "properties");
    for (size_t at = 0; at < props.size();) {
        size_t end = std::min(props.find(';', at), props.size());
        std::string pair = trimmed(props.substr(at, end - at));
        at = end + 1;
        if (pair.empty())
            continue;
        size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            return bad("properties: '" + pair + "' is not key=value");
        c[trimmed(pair.substr(0, eq))] = trimmed(pair.substr(eq + 1));
    }
    // Every value through librdkafka's own checks, without a handle (nothing touches the network).
    char err[512] = {0};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (const auto &[key, value] : c)
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return bad(err);
        }
    rd_kafka_conf_destroy(conf);
    return c;
}

Status KafkaConnector::validate(const Settings &settings) const
{
    auto config = kafkaConfig(settings);
    return config ? Status() : config.status();
}

Result<std::unique_ptr<engine::ExternalStreamReader>> KafkaConnector::openReader(const Settings &settings, const ExternalReadOptions &options)
{
    auto config = kafkaConfig(settings);
    if (!config)
        return config.status();
    // Partitions are assigned, never subscribed: no group membership, nothing committed. The
    // group id only satisfies librdkafka's consumer.
    static std::atomic<uint64_t> readers{0};
    (*config)["group.id"] = "tideline_external_" + std::to_string(std::random_device{}()) + "_" + std::to_string(++readers);
    (*config)["enable.auto.commit"] = "false";
    (*config)["enable.auto.offset.store"] = "false";
    return std::unique_ptr<engine::ExternalStreamReader>(new KafkaReader(std::move(*config), setting(settings, "topic"), options, metadataTimeout(settings)));
}

Result<std::unique_ptr<engine::ExternalStreamWriter>> KafkaConnector::openWriter(const Settings &settings)
{
    auto config = kafkaConfig(settings);
    if (!config)
        return config.status();
    config->try_emplace("message.timeout.ms", kDefaultMessageTimeoutMs);
    config->try_emplace("linger.ms", "5");
    const int flushMs = std::stoi((*config)["message.timeout.ms"]) + 2000;
    auto rk = newHandle(RD_KAFKA_PRODUCER, *config, deliveryCallback);
    if (!rk)
        return rk.status();
    return std::unique_ptr<engine::ExternalStreamWriter>(new KafkaWriter(*rk, setting(settings, "topic"), flushMs));
}

} // namespace tideline::workspace
