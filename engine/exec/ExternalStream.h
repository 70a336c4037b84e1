#pragma once
// External streams (CREATE EXTERNAL STREAM ... SETTINGS type='kafka', ...): streams whose rows
// live in another system. The engine owns the SQL side (settings, the data formats, virtual
// columns, reading as a query source, writing from INSERT and MATERIALIZED VIEW ... INTO); the
// transport is a connector registered per `type` in EngineOptions::externalConnectors, so the
// engine stays free of Qt and of client libraries (workspace/ implements `kafka` with librdkafka).
//
// A message crosses the seam as bytes (ExternalMessage); `ExternalStream` turns messages into
// blocks and blocks into messages with the stream's `data_format`:
//   JSONEachRow, CSV, TSV: a message holds one or more rows (parsed by formats/InputFormat);
//     written one message per block, or per row with `one_message_per_row=true` or when a
//     `_tp_message_key` column gives each row its key.
//   RawBLOB: the whole message is the value of the single string column, one row per message.
//   ProtobufSingle: one message is one row, with `format_schema='schema:Message'`
//     (FormatSchemaRegistry, formats/ProtobufReader/Writer).
// Virtual columns of a read, hidden from *: _tp_message_key (string), _tp_shard (the partition,
// int32), _tp_sn (the offset, int64), _tp_time (the message timestamp, datetime64(3, 'UTC')). A
// declared `_tp_message_key string` column is filled from the key when reading, and when
// writing sets each message's key.
//
// Errors (Proton codes): 36 a missing or bad setting (type, brokers, topic, seek_to),
// 73 an unknown data_format, 2611 an unknown format schema, 210 a peer that cannot be reached.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/column/Block.h"
#include "engine/common/Status.h"
#include "engine/formats/InputFormat.h"

namespace tideline::engine {

class FormatSchemaRegistry;
class ProtobufReader;
class ProtobufWriter;
struct StreamInfo;

inline constexpr ErrorCode kNetworkError = static_cast<ErrorCode>(210);

struct ExternalMessage {
    std::string key;
    bool hasKey = false;
    std::string value;
    int32_t partition = -1;   // -1 when writing: the connector picks (by key, if any)
    int64_t offset = -1;
    int64_t timestampMs = 0;
};

struct ExternalReadOptions {
    enum class Start : uint8_t { Latest, Earliest, Timestamp, Offset };
    Start start = Start::Latest;
    int64_t timestampMs = 0;          // Start::Timestamp: the first message at or after it
    int64_t offset = 0;               // Start::Offset: this offset in every partition
    bool bounded = false;             // table(x): read up to the ends the partitions had at open
    std::vector<int32_t> partitions;  // `shards`: only these; empty = all
    std::function<void()> wake;       // called from any thread when messages may be ready
};

// The next offset to read, per partition.
using ExternalOffsets = std::map<int32_t, int64_t>;

class ExternalStreamReader {
public:
    virtual ~ExternalStreamReader() = default;
    // Appends at most `max` messages to `out`, waiting at most `timeoutMs` for the first one.
    // Returns false once a bounded read has reached its ends (never for a streaming read).
    virtual Result<bool> read(std::vector<ExternalMessage> &out, size_t max, int timeoutMs) = 0;

    // A reader whose position can be recorded and resumed (partitions and offsets, as Kafka's):
    // a materialized view commits it with each output and resumes there, exactly once.
    virtual bool resumable() const { return false; }
    // Where the read is: past the last message read() returned, or where it will start (which
    // may contact the peer to resolve `seek_to`).
    virtual Result<ExternalOffsets> positions() { return ExternalOffsets{}; }
    // Before the first read: start the listed partitions at their offsets (clamped to what the
    // peer still holds) and any other partition, one that appeared since, at its earliest.
    virtual void resumeAt(const ExternalOffsets &) {}
    // Stop fetching these partitions (what is already fetched may still come) until
    // fetchAll(): a replay that reached its limit in some partitions waits for the others
    // without buffering theirs.
    virtual void pause(const std::vector<int32_t> &) {}
    virtual void fetchAll() {}
};

class ExternalStreamWriter {
public:
    virtual ~ExternalStreamWriter() = default;
    // Returns once every message is acknowledged by the peer, or with why not.
    virtual Status write(const std::vector<ExternalMessage> &messages) = 0;
};

// Counters of one external stream since the engine opened (stats endpoints).
struct ExternalStreamCounters {
    uint64_t messagesRead = 0, bytesRead = 0, rowsRead = 0;
    uint64_t messagesWritten = 0, bytesWritten = 0, rowsWritten = 0;
    uint64_t badMessages = 0;  // not in the data format: skipped, the last reason kept
    std::string lastError;
    int64_t firstMessageMs = 0, lastMessageMs = 0; // of the messages seen (read or written)
};

// One external stream type. Thread-safe: readers and writers are used by one thread each.
class ExternalStreamConnector {
public:
    using Settings = std::map<std::string, std::string>;
    virtual ~ExternalStreamConnector() = default;
    // Checks the type's own settings (brokers, topic, security) without contacting the peer.
    virtual Status validate(const Settings &settings) const = 0;
    virtual Result<std::unique_ptr<ExternalStreamReader>> openReader(const Settings &settings, const ExternalReadOptions &options) = 0;
    virtual Result<std::unique_ptr<ExternalStreamWriter>> openWriter(const Settings &settings) = 0;
};
using ExternalStreamConnectors = std::map<std::string, std::shared_ptr<ExternalStreamConnector>>;

// The run-time side of one external stream: settings checked at CREATE, the codec, a shared
// writer opened on first use, the counters.
class ExternalStream {
public:
    // Throws EngineError with the codes above. `connectors` may lack the type (an engine opened
    // without them, as tideline-sql is): the definition is still checked and kept, and reading
    // or writing fails with 48.
    ExternalStream(const StreamInfo &info, const ExternalStreamConnectors &connectors, const FormatSchemaRegistry &schemas);
    ~ExternalStream();

    const std::string &type() const { return m_type; }
    const ExternalStreamConnector::Settings &settings() const { return m_settings; }

    // Columns a read produces: the declared ones, then the virtual ones not declared.
    const std::vector<std::string> &readNames() const { return m_readNames; }
    const std::vector<DataTypePtr> &readTypes() const { return m_readTypes; }
    size_t declaredCount() const { return m_declared.size(); }

    Result<std::unique_ptr<ExternalStreamReader>> openReader(const ExternalReadOptions &options) const;
    // The messages as a block of readNames(); throws EngineError for a message not in the format.
    Block decode(const std::vector<ExternalMessage> &messages);
    // Rows (with declared column names) as messages in the data format.
    std::vector<ExternalMessage> encode(const Block &rows) const;
    // Encodes and writes through the shared writer; thread-safe.
    Status write(const Block &rows);

    ExternalStreamCounters counters() const;
    // A data_format this engine reads and writes (JSONEachRow, CSV, TSV, RawBLOB, ProtobufSingle).
    static bool isDataFormat(const std::string &name);
    // The read start from a query's `seek_to` ('' / latest, earliest, a bare number: that
    // offset in every partition, a time, or a relative time like -2h) and `shards` ('0,2');
    // throws 36.
    static ExternalReadOptions readOptions(const std::string &seekTo, const std::string &shards, bool bounded, int64_t nowMs);

private:
    void describeColumns(const StreamInfo &info);
    void setUpFormat(const FormatSchemaRegistry &schemas);
    void decodeInto(const ExternalMessage &m, std::vector<MutableColumnPtr> &columns, size_t &rows);
    Block assemble(const std::vector<ExternalMessage> &messages, std::vector<MutableColumnPtr> &payload, const std::vector<uint32_t> &messageOfRow) const;
    bool decodeLines(const std::vector<ExternalMessage> &messages, std::vector<MutableColumnPtr> &payload) const;

    std::string m_type;
    std::string m_format; // canonical: JSONEachRow, CSV, TSV, RawBLOB, ProtobufSingle
    ExternalStreamConnector::Settings m_settings;
    std::shared_ptr<ExternalStreamConnector> m_connector;
    std::vector<std::pair<std::string, DataTypePtr>> m_declared; // declared columns but _tp_message_key
    std::vector<ColumnSpec> m_specs;                               // the same, for the text parsers
    int m_keyColumn = -1;                                          // among readNames(), when declared
    bool m_onePerRow = false;
    std::vector<std::string> m_readNames;
    std::vector<DataTypePtr> m_readTypes;
    std::unique_ptr<ProtobufReader> m_protoReader;
    std::unique_ptr<ProtobufWriter> m_protoWriter;

    mutable std::mutex m_writeMutex; // guards m_writer
    std::unique_ptr<ExternalStreamWriter> m_writer;
    mutable std::mutex m_countersMutex;
    ExternalStreamCounters m_counters;
};

} // namespace tideline::engine
