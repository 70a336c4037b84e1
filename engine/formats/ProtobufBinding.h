#pragma once
// Internal to engine/formats: which Protobuf field feeds (or is fed by) which column, decided
// once per reader/writer so the per-message work only follows pointers. Shared by
// ProtobufReader and ProtobufWriter, so both map names and types the same way:
//   - a column takes the field of the same name (exact first, then ignoring case); a column
//     with no field is left at its default when reading and not written;
//   - a repeated field needs an array column, a message field a tuple column whose elements
//     are matched by name (named tuple) or in field order (unnamed tuple);
//   - a nullable column is NULL for an absent field that has presence (proto2, `optional`,
//     messages);
//   - map<K, V> fields and anything else without an engine type throw NOT_IMPLEMENTED (48).

#include <string>
#include <vector>

#include "engine/types/DataType.h"

namespace google::protobuf {
class Descriptor;
class FieldDescriptor;
} // namespace google::protobuf

namespace tideline::engine {

struct ProtobufBinding {
    const google::protobuf::FieldDescriptor *field = nullptr; // null: no field for this column
    DataTypePtr type;                                         // the column's type (maybe nullable)
    std::vector<ProtobufBinding> elements;                    // tuple elements of a message field
};

// One binding per column, in column order. Throws EngineError 48 as described above.
std::vector<ProtobufBinding> bindProtobufColumns(const google::protobuf::Descriptor &message, const std::vector<std::string> &names,
                                                 const std::vector<DataTypePtr> &types);

// The message type named by `format_schema`'s part after the colon, or 36 naming the choices.
const google::protobuf::Descriptor &protobufMessageOrThrow(const class ProtobufSchema &schema, std::string_view messageType);

} // namespace tideline::engine
