#include "engine/formats/ProtobufSchema.h"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <mutex>

namespace tideline::engine {

namespace pb = google::protobuf;

namespace {

// The schema's file name inside its own pool; never shown (errors print line and column).
constexpr const char *kFileName = "format_schema.proto";

std::string located(int line, int column, const std::string &message)
{
    if (line < 0) // libprotobuf's "no exact location"
        return "Cannot parse format schema: " + message;
    return "Cannot parse format schema: line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) + ": " + message;
}

// Keeps the first error only: later ones are usually consequences of it.
class SyntaxErrors : public pb::io::ErrorCollector {
public:
    void AddError(int line, pb::io::ColumnNumber column, const std::string &message) override
    {
        if (first.empty())
            first = located(line, column, message);
    }
    std::string first;
};

// Build errors name a descriptor; the parser's location table turns it into line/column.
class BuildErrors : public pb::DescriptorPool::ErrorCollector {
public:
    explicit BuildErrors(const pb::compiler::SourceLocationTable &table) : m_table(table) {}
    void AddError(const std::string &, const std::string &element, const pb::Message *descriptor, ErrorLocation where,
                  const std::string &message) override
    {
        if (!first.empty())
            return;
        int line = -1, column = 0;
        if (!m_table.Find(descriptor, where, &line, &column) && where == IMPORT)
            m_table.FindImport(descriptor, element, &line, &column);
        first = located(line, column, message);
    }
    std::string first;

private:
    const pb::compiler::SourceLocationTable &m_table;
};

void collectNames(const pb::Descriptor *message, std::vector<std::string> &out)
{
    out.push_back(message->full_name());
    for (int i = 0; i < message->nested_type_count(); ++i)
        if (!message->nested_type(i)->options().map_entry())
            collectNames(message->nested_type(i), out);
}

// libprotobuf logs parse problems (invalid UTF-8 in a string field, a missing `syntax`) to
// stderr; here they are error values or harmless, and a server must not print per message.
// FATAL still aborts. Process-wide, installed once before the first schema is used.
void silenceLibprotobufLogging()
{
    static std::once_flag once;
    std::call_once(once, [] { pb::SetLogHandler(nullptr); });
}

} // namespace

ProtobufSchema::~ProtobufSchema() = default;

Result<std::shared_ptr<const ProtobufSchema>> ProtobufSchema::parse(std::string_view protoText)
{
    silenceLibprotobufLogging();
    pb::io::ArrayInputStream input(protoText.data(), static_cast<int>(protoText.size()));
    SyntaxErrors syntaxErrors;
    pb::io::Tokenizer tokenizer(&input, &syntaxErrors);
    pb::compiler::SourceLocationTable locations;
    pb::compiler::Parser parser;
    parser.RecordErrorsTo(&syntaxErrors);
    parser.RecordSourceLocationsTo(&locations);
    pb::FileDescriptorProto fileProto;
    if (!parser.Parse(&tokenizer, &fileProto) || !syntaxErrors.first.empty())
        return Status(kCannotParseProtobufSchema, syntaxErrors.first.empty() ? located(-1, 0, "invalid .proto text") : syntaxErrors.first);
    fileProto.set_name(kFileName);
    std::shared_ptr<ProtobufSchema> schema(new ProtobufSchema());
    schema->m_text = std::string(protoText);
    schema->m_pool = std::make_unique<pb::DescriptorPool>();
    BuildErrors buildErrors(locations);
    schema->m_file = schema->m_pool->BuildFileCollectingErrors(fileProto, &buildErrors);
    if (!schema->m_file)
        return Status(kCannotParseProtobufSchema, buildErrors.first.empty() ? located(-1, 0, "the schema does not build") : buildErrors.first);
    return std::shared_ptr<const ProtobufSchema>(std::move(schema));
}

const pb::Descriptor *ProtobufSchema::message(std::string_view name) const
{
    if (name.empty())
        return nullptr;
    if (const pb::Descriptor *d = m_pool->FindMessageTypeByName(std::string(name)))
        return d;
    const std::string &package = m_file->package();
    if (!package.empty())
        return m_pool->FindMessageTypeByName(package + "." + std::string(name));
    return nullptr;
}

std::vector<std::string> ProtobufSchema::messageNames() const
{
    std::vector<std::string> out;
    for (int i = 0; i < m_file->message_type_count(); ++i)
        collectNames(m_file->message_type(i), out);
    return out;
}

} // namespace tideline::engine
