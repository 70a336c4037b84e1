#pragma once
// The `kafka` connector of external streams (engine/exec/ExternalStream.h) with librdkafka.
//
// Settings -> librdkafka config (kafkaConfig): brokers -> bootstrap.servers; security_protocol
// (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL) -> security.protocol; sasl_mechanism (PLAIN,
// SCRAM-SHA-256, SCRAM-SHA-512; PLAIN when a username is given without one) -> sasl.mechanisms;
// username/password -> sasl.username/sasl.password; ssl_ca_cert_file -> ssl.ca.location;
// ssl_ca_pem -> ssl.ca.pem; skip_ssl_cert_check=true -> enable.ssl.certificate.verification=false;
// `properties` ('key=value;key=value', Proton's passthrough) -> those librdkafka settings as is.
// A value librdkafka refuses is a 36 at CREATE, before anything is stored.
//
// Reading: a consumer with partitions assigned (no group, nothing committed), started at
// earliest/latest/an offset/the offsets of a time. Nothing touches the network before the first
// read(), which runs on the query's thread: planning (and the analyzer, which plans too) stays
// instant, and an unreachable broker fails that query (210) after the metadata timeout
// (`metadata_timeout_ms`, default 5000) instead of holding whoever planned it. New messages wake
// the query through librdkafka's queue event callback, so an idle query does not poll. A bounded
// read (table(x)) fixes each partition's high watermark at its first read and ends there.
//
// Writing: one producer per external stream (opened on first write, kept); write() produces the
// batch (the key when given, librdkafka's partitioner) and returns when every message is
// acknowledged, or with the first delivery error (210 when the broker cannot be reached within
// message.timeout.ms, default here 10000).
#include <map>
#include <string>
#include "engine/exec/ExternalStream.h"

namespace tideline::workspace {

class KafkaConnector final : public engine::ExternalStreamConnector {
public:
    // The librdkafka settings of an external stream's settings, or a 36 naming the bad one.
    static engine::Result<std::map<std::string, std::string>> kafkaConfig(const Settings &settings);

    engine::Status validate(const Settings &settings) const override;
    engine::Result<std::unique_ptr<engine::ExternalStreamReader>> openReader(const Settings &settings, const engine::ExternalReadOptions &options) override;
    engine::Result<std::unique_ptr<engine::ExternalStreamWriter>> openWriter(const Settings &settings) override;
};

} // namespace tideline::workspace
