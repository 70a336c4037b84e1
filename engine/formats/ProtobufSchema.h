#pragma once
// A Protobuf format schema: the text of one .proto file parsed in-process with libprotobuf's
// compiler::Parser and built into its own DescriptorPool (no protoc subprocess, no files).
// Used by CREATE FORMAT SCHEMA (validation at create time) and by the ProtobufSingle/Protobuf
// formats, which look a message type up by name (`format_schema='name:MessageType'`).
//
// Errors: a .proto that does not parse or does not build (unknown field type, duplicate
// number, missing import, ...) fails with CANNOT_PARSE_PROTOBUF_SCHEMA (434) and the first
// error libprotobuf reports, its line and column printed 1-based as protoc prints them:
// "Cannot parse format schema: line 1, column 32: Expected \";\"."
// An `import` cannot be resolved (a schema is one file), so it fails the same way.
// Immutable once built, so one instance is shared by every reader and writer. Thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/Status.h"

namespace google::protobuf {
class Descriptor;
class DescriptorPool;
class FileDescriptor;
} // namespace google::protobuf

namespace tideline::engine {

inline constexpr int kCannotParseProtobufSchema = 434;

class ProtobufSchema {
public:
    ~ProtobufSchema();
    static Result<std::shared_ptr<const ProtobufSchema>> parse(std::string_view protoText);

    // A message type by full name ("pkg.Outer.Inner") or, when unambiguous, by its name
    // without the package ("Outer.Inner"); null when there is none.
    const google::protobuf::Descriptor *message(std::string_view name) const;
    // Full names of every message type (nested ones included), in declaration order.
    std::vector<std::string> messageNames() const;
    const std::string &text() const { return m_text; }

private:
    ProtobufSchema() = default;
    std::string m_text;
    std::unique_ptr<google::protobuf::DescriptorPool> m_pool;
    const google::protobuf::FileDescriptor *m_file = nullptr;
};

using ProtobufSchemaPtr = std::shared_ptr<const ProtobufSchema>;

} // namespace tideline::engine
