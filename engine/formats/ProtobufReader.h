#pragma once
// Protobuf input: the ProtobufSingle format (the bytes are exactly one message, as a Kafka or
// NATS message carries it) and the Protobuf format (messages each preceded by its length as a
// varint, ClickHouse's default Protobuf framing), into rows of a given schema.
//
// Columns map to fields as ProtobufBinding.h says. Fields absent from a message give their
// Protobuf default (0, "", the first enum value, a proto2 [default = ...]); unknown fields are
// skipped; a value that does not fit its column goes through the text parser and fails with
// its code (321 out of range, ...). Bytes that are not a message of the type (garbage,
// truncated, bad wire type) throw UNKNOWN_PROTOBUF_FORMAT (444); decoding never reads past
// the bytes given. Built once per stream/source; readSingle/readDelimited are thread-safe.

#include <memory>
#include <string_view>
#include <vector>

#include "engine/column/Block.h"
#include "engine/formats/InputFormat.h"
#include "engine/formats/ProtobufSchema.h"

namespace tideline::engine {

struct ProtobufBinding;

class ProtobufReader {
public:
    // Throws EngineError: 36 when the schema has no such message type, 48 for a field that
    // cannot feed its column.
    ProtobufReader(ProtobufSchemaPtr schema, std::string_view messageType, std::vector<ColumnSpec> columns);
    ~ProtobufReader();

    // ProtobufSingle: one message, one row.
    Block readSingle(std::string_view message) const;
    // Protobuf: every length-delimited message of `data`, one row each.
    Block readDelimited(std::string_view data) const;
    // Appends one row decoded from `message` to `columns` (one per schema column, in order).
    void appendMessage(std::string_view message, std::vector<MutableColumnPtr> &columns) const;

    const std::vector<ColumnSpec> &columns() const { return m_columns; }

private:
    Block finish(std::vector<MutableColumnPtr> columns) const;
    std::vector<MutableColumnPtr> emptyColumns() const;

    struct Impl;
    ProtobufSchemaPtr m_schema;
    std::vector<ColumnSpec> m_columns;
    std::unique_ptr<Impl> m_impl;
};

// Splits Protobuf-format data into its messages (varint length + bytes each); throws 444 for
// a length that runs past the end.
std::vector<std::string_view> splitLengthDelimited(std::string_view data);

} // namespace tideline::engine
