// ExternalStream: settings, the data formats both ways, and the shared writer (ExternalStream.h).
#include "engine/exec/ExternalStream.h"

#include <algorithm>
#include <cctype>

#include "engine/exec/FormatSchemaRegistry.h"
#include "engine/exec/SortOperator.h"
#include "engine/exec/StreamInfo.h"
#include "engine/formats/DateTimeParser.h"
#include "engine/formats/InputFormat.h"
#include "engine/formats/OutputFormat.h"
#include "engine/formats/ProtobufReader.h"
#include "engine/formats/ProtobufWriter.h"
#include "engine/formats/TimeZones.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

namespace {

constexpr const char *kKey = "_tp_message_key";

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string setting(const ExternalStreamConnector::Settings &s, const std::string &key)
{
    auto it = s.find(key);
    return it == s.end() ? std::string() : it->second;
}

// The canonical name of a data_format, or empty when unknown.
std::string canonicalFormat(const std::string &name)
{
    const std::string l = lower(name);
    if (l == "jsoneachrow" || l == "ndjson")
        return "JSONEachRow";
    if (l == "csv")
        return "CSV";
    if (l == "tsv" || l == "tabseparated")
        return "TSV";
    if (l == "rawblob")
        return "RawBLOB";
    if (l == "protobufsingle")
        return "ProtobufSingle";
    return {};
}

// Proton's truthy setting values.
bool truthy(const std::string &v)
{
    const std::string l = lower(v);
    return l == "true" || l == "1" || l == "yes";
}

} // namespace

ExternalStream::ExternalStream(const StreamInfo &info, const ExternalStreamConnectors &connectors, const FormatSchemaRegistry &schemas)
    : m_settings(info.settings)
{
    m_type = lower(setting(m_settings, "type"));
    if (m_type.empty())
        fail(ErrorCode::BadArguments, "External stream " + info.name() + " requires setting `type` (kafka)");
    if (m_type == "redpanda")
        m_type = "kafka";
    if (m_type != "kafka")
        fail(ErrorCode::BadArguments, "Unknown external stream type '" + setting(m_settings, "type") + "': only kafka is supported");
    if (setting(m_settings, "brokers").empty())
        fail(ErrorCode::BadArguments, "Empty `brokers` setting for kafka external stream " + info.name());
    if (setting(m_settings, "topic").empty())
        fail(ErrorCode::BadArguments, "Empty `topic` setting for kafka external stream " + info.name());
    describeColumns(info);
    setUpFormat(schemas);
    for (const auto &[name, type] : std::vector<std::pair<std::string, DataTypePtr>>{
             {kKey, makeType(TypeKind::String)}, {"_tp_shard", makeType(TypeKind::Int32)}, {"_tp_sn", makeType(TypeKind::Int64)}, {"_tp_time", makeDateTime64(3, "UTC")}})
        if (std::find(m_readNames.begin(), m_readNames.end(), name) == m_readNames.end()) {
            m_readNames.push_back(name);
            m_readTypes.push_back(type);
        }
    if (auto it = connectors.find(m_type); it != connectors.end() && it->second) {
        m_connector = it->second;
        if (Status s = m_connector->validate(m_settings); !s)
            throw EngineError(s);
    }
}

// The declared columns: the payload's, and _tp_message_key (a string) filled from the key.
void ExternalStream::describeColumns(const StreamInfo &info)
{
    for (const auto &c : info.columns) {
        if (c.aliasExpr)
            continue;
        if (c.name == kKey) {
            if (c.type->kind != TypeKind::String)
                fail(ErrorCode::IllegalColumn, "Column _tp_message_key of an external stream must be a string");
            m_keyColumn = static_cast<int>(m_readNames.size());
        } else {
            m_declared.emplace_back(c.name, c.type);
            m_specs.push_back({c.name, c.type});
        }
        m_readNames.push_back(c.name);
        m_readTypes.push_back(c.type);
    }
    if (m_declared.empty())
        fail(ErrorCode::EmptyListOfColumnsPassed, "A kafka external stream needs its columns");
}

// data_format (default RawBLOB for one string column, else JSONEachRow) and its schema.
void ExternalStream::setUpFormat(const FormatSchemaRegistry &schemas)
{
    const std::string given = setting(m_settings, "data_format");
    const bool singleString = m_declared.size() == 1 && removeNullable(m_declared[0].second)->isStringLike();
    m_format = given.empty() ? (singleString ? "RawBLOB" : "JSONEachRow") : canonicalFormat(given);
    if (m_format.empty())
        fail(ErrorCode::UnknownFormat, "Unknown data_format '" + given + "' for kafka external stream: expected JSONEachRow, CSV, TSV, RawBLOB or ProtobufSingle");
    if (m_format == "RawBLOB" && !singleString)
        fail(ErrorCode::BadArguments, "data_format='RawBLOB' needs exactly one string column");
    m_onePerRow = truthy(setting(m_settings, "one_message_per_row")) || m_format == "RawBLOB" || m_format == "ProtobufSingle";
    if (m_format == "ProtobufSingle") {
        const std::string schema = setting(m_settings, "format_schema");
        if (schema.empty())
            fail(ErrorCode::BadArguments, "data_format='ProtobufSingle' requires setting `format_schema` ('schema_name:MessageType')");
        auto [proto, message] = schemas.resolveProtobuf(schema);
        std::vector<std::string> names;
        std::vector<DataTypePtr> types;
        for (const auto &[n, t] : m_declared) {
            names.push_back(n);
            types.push_back(t);
        }
        m_protoReader = std::make_unique<ProtobufReader>(proto, message, m_specs);
        m_protoWriter = std::make_unique<ProtobufWriter>(proto, message, names, types);
    }
}

ExternalStream::~ExternalStream() = default;

ExternalReadOptions ExternalStream::readOptions(const std::string &seekTo, const std::string &shards, bool bounded, int64_t nowMs)
{
    ExternalReadOptions o;
    o.bounded = bounded;
    if (bounded || seekTo == "earliest") {
        o.start = ExternalReadOptions::Start::Earliest; // table(x) reads what exists
    } else if (seekTo.empty() || seekTo == "latest") {
        o.start = ExternalReadOptions::Start::Latest;
    } else if (seekTo.find_first_not_of("0123456789") == std::string::npos && seekTo.size() < 19) {
        o.start = ExternalReadOptions::Start::Offset;
        o.offset = std::stoll(seekTo);
    } else if ((seekTo[0] == '-' || seekTo[0] == '+') && seekTo.size() > 1 && std::isdigit(static_cast<unsigned char>(seekTo[1]))) {
        size_t unitPos = seekTo.find_first_not_of("0123456789", 1);
        int64_t amount = std::stoll(seekTo.substr(1, unitPos - 1));
        std::string unit = unitPos == std::string::npos ? "s" : seekTo.substr(unitPos);
        int64_t ms = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : unit == "d" ? 86400000 : -1;
        if (ms < 0)
            fail(ErrorCode::BadArguments, "Invalid seek_to '" + seekTo + "'");
        o.start = ExternalReadOptions::Start::Timestamp;
        o.timestampMs = nowMs + (seekTo[0] == '-' ? -amount : amount) * ms;
    } else {
        int64_t ms = 0;
        if (!parseDateTimeBestEffort(seekTo, TimeZone::get(""), 3, ms))
            fail(ErrorCode::BadArguments, "Invalid seek_to '" + seekTo + "': expected earliest, latest, an offset, a time or a relative time like -2h");
        o.start = ExternalReadOptions::Start::Timestamp;
        o.timestampMs = ms;
    }
    size_t at = 0;
    while (at < shards.size()) {
        size_t comma = std::min(shards.find(',', at), shards.size());
        std::string part = shards.substr(at, comma - at);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 9)
            fail(ErrorCode::BadArguments, "Invalid shards '" + shards + "': expected partition numbers like '0,2'");
        o.partitions.push_back(std::stoi(part));
        at = comma + 1;
    }
    return o;
}

Result<std::unique_ptr<ExternalStreamReader>> ExternalStream::openReader(const ExternalReadOptions &options) const
{
    if (!m_connector)
        return Status(ErrorCode::NotImplemented, "Reading a " + m_type + " external stream needs its connector, which this engine was opened without");
    return m_connector->openReader(m_settings, options);
}

// One message's rows appended to `columns` (the declared columns but the key); the rows it made
// in `rows`. Throws EngineError for a message not in the format.
void ExternalStream::decodeInto(const ExternalMessage &m, std::vector<MutableColumnPtr> &columns, size_t &rows)
{
    if (m_format == "RawBLOB") {
        columns[0]->pushString(m.value);
        rows = 1;
        return;
    }
    if (m_protoReader) {
        m_protoReader->appendMessage(m.value, columns);
        rows = 1;
        return;
    }
    Block b = parseInputFormat(m_format, m.value, m_specs); // whole, before any column grows
    for (size_t c = 0; c < columns.size(); ++c)
        columns[c]->pushRange(*b.at(c).column, 0, b.rows());
    rows = b.rows();
}

// Text messages of one line each parsed as one text (a parse per batch, not per message). False,
// with `payload` untouched, when a message is empty, holds several lines, or the batch does not
// parse into exactly one row per message: the caller then parses message by message.
bool ExternalStream::decodeLines(const std::vector<ExternalMessage> &messages, std::vector<MutableColumnPtr> &payload) const
{
    if (m_format == "RawBLOB" || m_protoReader || messages.size() < 2)
        return false;
    size_t total = 0;
    for (const auto &m : messages)
        total += m.value.size() + 1;
    std::string joined;
    joined.reserve(total);
    for (const auto &m : messages) {
        std::string_view v = m.value;
        while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
            v.remove_suffix(1);
        if (v.empty() || v.find('\n') != std::string_view::npos)
            return false;
        joined.append(v);
        joined.push_back('\n');
    }
    Block b;
    try {
        b = parseInputFormat(m_format, joined, m_specs);
    } catch (const EngineError &) {
        return false; // a bad message among them: found and skipped one by one
    }
    if (b.rows() != messages.size())
        return false;
    for (size_t c = 0; c < payload.size(); ++c)
        payload[c]->pushRange(*b.at(c).column, 0, b.rows());
    return true;
}

Block ExternalStream::decode(const std::vector<ExternalMessage> &messages)
{
    std::vector<MutableColumnPtr> payload;
    for (const auto &[n, t] : m_declared)
        payload.push_back(Column::create(t, messages.size()));
    std::vector<uint32_t> messageOfRow;
    messageOfRow.reserve(messages.size());
    uint64_t bytes = 0, bad = 0;
    std::string lastError;
    for (size_t i = 0; i < messages.size(); ++i) {
        bytes += messages[i].value.size();
        // A message not in the format is skipped (and counted): one bad message must not stop
        // every later read of the topic. Columns are filled only after a whole message parsed.
        size_t rows = 0;
        try {
            if (i == 0 && decodeLines(messages, payload)) { // the common case: one row per message
                messageOfRow.resize(messages.size());
                for (size_t m = 0; m < messages.size(); ++m) {
                    messageOfRow[m] = static_cast<uint32_t>(m);
                    bytes += m ? messages[m].value.size() : 0;
                }
                break;
            }
            decodeInto(messages[i], payload, rows);
        } catch (const EngineError &e) {
            ++bad;
            lastError = "offset " + std::to_string(messages[i].offset) + ": " + e.status().message();
            for (auto &c : payload) // a Protobuf row may have been half appended
                if (c->size() > messageOfRow.size())
                    c = c->slice(0, messageOfRow.size());
            continue;
        }
        messageOfRow.insert(messageOfRow.end(), rows, static_cast<uint32_t>(i));
    }
    Block out = assemble(messages, payload, messageOfRow);
    std::lock_guard lock(m_countersMutex);
    m_counters.messagesRead += messages.size();
    m_counters.bytesRead += bytes;
    m_counters.rowsRead += messageOfRow.size();
    m_counters.badMessages += bad;
    if (bad)
        m_counters.lastError = lastError;
    for (const auto &msg : messages) {
        if (!m_counters.firstMessageMs || msg.timestampMs < m_counters.firstMessageMs)
            m_counters.firstMessageMs = msg.timestampMs;
        m_counters.lastMessageMs = std::max(m_counters.lastMessageMs, msg.timestampMs);
    }
    return out;
}

// The decoded columns and each row's message's key, partition, offset and time, in readNames() order.
Block ExternalStream::assemble(const std::vector<ExternalMessage> &messages, std::vector<MutableColumnPtr> &payload, const std::vector<uint32_t> &messageOfRow) const
{
    auto key = Column::create(makeType(TypeKind::String), messageOfRow.size());
    auto shard = Column::create(makeType(TypeKind::Int32), messageOfRow.size());
    auto sn = Column::create(makeType(TypeKind::Int64), messageOfRow.size());
    auto time = Column::create(makeDateTime64(3, "UTC"), messageOfRow.size());
    for (uint32_t m : messageOfRow) {
        const ExternalMessage &msg = messages[m];
        key->pushString(msg.key);
        shard->push<int32_t>(msg.partition);
        sn->push<int64_t>(msg.offset);
        time->push<int64_t>(msg.timestampMs);
    }
    Block out;
    size_t next = 0;
    for (size_t i = 0; i < m_readNames.size(); ++i) {
        const std::string &name = m_readNames[i];
        if (static_cast<int>(i) == m_keyColumn || (name == kKey && m_keyColumn < 0))
            out.add(name, key);
        else if (i < m_declared.size() + (m_keyColumn >= 0 ? 1 : 0))
            out.add(name, std::move(payload[next++]));
        else if (name == "_tp_shard")
            out.add(name, shard);
        else if (name == "_tp_sn")
            out.add(name, sn);
        else
            out.add(name, time);
    }
    out.setRowsWithoutColumns(messageOfRow.size());
    return out;
}

std::vector<ExternalMessage> ExternalStream::encode(const Block &rows) const
{
    const Column *key = rows.find(kKey);
    Block payload;
    for (const auto &[n, t] : m_declared) {
        const Column *c = rows.find(n);
        if (!c)
            fail(ErrorCode::NoSuchColumnInTable, "Missing column " + n + " for the external stream");
        payload.add(n, rows.at(static_cast<size_t>(rows.indexOf(n))).column);
    }
    payload.setRowsWithoutColumns(rows.rows());
    std::vector<ExternalMessage> out;
    const size_t n = rows.rows();
    if (m_format == "RawBLOB") {
        for (size_t r = 0; r < n; ++r)
            out.push_back({{}, false, std::string(payload.at(0).column->isNullAt(r) ? std::string_view() : payload.at(0).column->stringAt(r)), -1, -1, 0});
    } else if (m_protoWriter) {
        for (size_t r = 0; r < n; ++r)
            out.push_back({{}, false, m_protoWriter->writeSingle(payload, r), -1, -1, 0});
    } else {
        const std::string outputName = m_format == "TSV" ? "TabSeparated" : m_format;
        if (!m_onePerRow && !key) {
            ExternalMessage m;
            createOutputFormat(outputName)->writeBlock(payload, m.value);
            out.push_back(std::move(m));
            return out;
        }
        if (m_format == "CSV") { // a quoted CSV field may hold a newline: one block per row
            for (size_t r = 0; r < n; ++r) {
                ExternalMessage m;
                createOutputFormat(outputName)->writeBlock(payload.slice(r, 1), m.value);
                out.push_back(std::move(m));
            }
        } else { // JSONEachRow and TSV escape newlines: one line is one row
            std::string all;
            createOutputFormat(outputName)->writeBlock(payload, all);
            size_t at = 0;
            while (at < all.size()) {
                size_t end = all.find('\n', at);
                end = end == std::string::npos ? all.size() : end;
                out.push_back({{}, false, all.substr(at, end - at + (end < all.size() ? 1 : 0)), -1, -1, 0});
                at = end + 1;
            }
        }
    }
    if (key && out.size() == n)
        for (size_t r = 0; r < n; ++r)
            if (!key->isNullAt(r) && !key->stringAt(r).empty()) {
                out[r].key = std::string(key->stringAt(r));
                out[r].hasKey = true;
            }
    return out;
}

Status ExternalStream::write(const Block &rows)
{
    if (!m_connector)
        return Status(ErrorCode::NotImplemented, "Writing a " + m_type + " external stream needs its connector, which this engine was opened without");
    std::vector<ExternalMessage> messages;
    try {
        messages = encode(rows);
    } catch (const EngineError &e) {
        return e.status();
    }
    uint64_t bytes = 0;
    for (const auto &m : messages)
        bytes += m.value.size();
    {
        std::lock_guard lock(m_writeMutex);
        if (!m_writer) {
            auto w = m_connector->openWriter(m_settings);
            if (!w)
                return w.status();
            m_writer = std::move(*w);
        }
        if (Status s = m_writer->write(messages); !s)
            return s;
    }
    std::lock_guard lock(m_countersMutex);
    m_counters.messagesWritten += messages.size();
    m_counters.bytesWritten += bytes;
    m_counters.rowsWritten += rows.rows();
    return {};
}

bool ExternalStream::isDataFormat(const std::string &name)
{
    return !canonicalFormat(name).empty();
}

ExternalStreamCounters ExternalStream::counters() const
{
    std::lock_guard lock(m_countersMutex);
    return m_counters;
}

} // namespace tideline::engine
