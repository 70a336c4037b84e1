#pragma once
// Protobuf output: rows of a block as messages, one per row (ProtobufSingle: the bytes of one
// message, for one Kafka/NATS message per row) or length-delimited (Protobuf format).
//
// Columns map to fields as ProtobufBinding.h says; a column without a field is not written and
// a NULL leaves its field unset. Numbers convert to the field's type when they fit (else 321),
// text into numeric fields is parsed (6 when it is not a number), an enum field takes the
// value's name or number (36 for neither). Thread-safe after construction.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column/Block.h"
#include "engine/formats/ProtobufSchema.h"

namespace tideline::engine {

class ProtobufWriter {
public:
    // Throws EngineError 36 (unknown message type) or 48 (a column that cannot feed its field).
    ProtobufWriter(ProtobufSchemaPtr schema, std::string_view messageType, const std::vector<std::string> &names,
                   const std::vector<DataTypePtr> &types);
    ~ProtobufWriter();

    // The bytes of the message for row `row` (columns in the constructor's order).
    std::string writeSingle(const Block &block, size_t row) const;
    // Every row of `block` appended to `out`, each preceded by its length as a varint.
    void writeDelimited(const Block &block, std::string &out) const;

private:
    struct Impl;
    ProtobufSchemaPtr m_schema;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tideline::engine
