#pragma once
// The SourceOutput of a running source: each batch of messages becomes ONE ingest call into the
// target stream through the Ingestor (the path of POST /streams/{name}/ingest), so a batch is
// one block and is durable when deliver() returns true. JSON messages are NDJSON rows (columns
// by name); text messages go to the `raw` column. A batch with a malformed message is written
// message by message, so one bad message is counted as a failure instead of blocking the source.
//
// Also the source's Stats: success_count (rows written), failure_count (messages refused),
// errors (the latest one, as the API says) and throughput (bytes/s, one point per minute).
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <map>
#include <mutex>
#include "workspace/Ingestor.h"
#include "workspace/ProtobufMessages.h"
#include "workspace/Source.h"

namespace tideline::workspace {

class SourceWriter final : public SourceOutput {
public:
    SourceWriter(Ingestor &ingestor, QString stream, bool json, const engine::Clock &clock);
    // Continues the counts and throughput of an earlier run, so a restart does not zero the stats.
    void continueFrom(const QJsonObject &stats);

    // Protobuf messages (data_type "protobuf") are decoded to JSON objects first; a message that
    // does not decode is counted as a failure.
    void setProtobuf(std::shared_ptr<const ProtobufMessages> protobuf) { m_protobuf = std::move(protobuf); }

    bool deliver(const std::vector<QByteArray> &messages) override;
    void error(const QString &message) override;
    QJsonObject stats() const;

    // The ingest body of messages [from, from + count), in the format it is written with.
    static QByteArray body(const std::vector<QByteArray> &messages, size_t from, size_t count, bool json);

private:
    Outcome<IngestResult> write(const std::vector<QByteArray> &messages, size_t from, size_t count);
    void counted(qint64 rows, qint64 bytes, qint64 failed);

    Ingestor &m_ingestor;
    const QString m_stream;
    const bool m_json;
    const engine::Clock &m_clock;
    std::shared_ptr<const ProtobufMessages> m_protobuf;
    mutable std::mutex m_mutex;
    qint64 m_success = 0;
    qint64 m_failure = 0;
    QJsonArray m_errors;
    std::map<qint64, qint64> m_bytesPerMinute; // epoch minute -> bytes read
};

} // namespace tideline::workspace
