#include "engine/formats/ProtobufBinding.h"

#include <google/protobuf/descriptor.h>

#include "engine/common/Status.h"
#include "engine/formats/ProtobufSchema.h"

namespace tideline::engine {

namespace pb = google::protobuf;

namespace {

bool sameIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

const pb::FieldDescriptor *fieldNamed(const pb::Descriptor &message, const std::string &name)
{
    if (const pb::FieldDescriptor *f = message.FindFieldByName(name))
        return f;
    for (int i = 0; i < message.field_count(); ++i)
        if (sameIgnoringCase(message.field(i)->name(), name))
            return message.field(i);
    return nullptr;
}

[[noreturn]] void cannotMap(const pb::FieldDescriptor &field, const std::string &column, const DataTypePtr &type, const std::string &why)
{
    fail(ErrorCode::NotImplemented, "Cannot map protobuf field '" + field.full_name() + "' (" + field.type_name() + ") to column '" + column
                                        + "' of type " + type->name() + ": " + why);
}

ProtobufBinding bindField(const pb::FieldDescriptor &field, const std::string &column, const DataTypePtr &type);

// A message field into a tuple column: elements by name when the tuple names them, else in order.
std::vector<ProtobufBinding> bindMessage(const pb::FieldDescriptor &field, const std::string &column, const DataTypePtr &tuple)
{
    const pb::Descriptor &message = *field.message_type();
    bool named = !tuple->names.empty() && !tuple->names[0].empty();
    std::vector<ProtobufBinding> elements;
    for (size_t e = 0; e < tuple->children.size(); ++e) {
        const DataTypePtr &elementType = tuple->children[e];
        const pb::FieldDescriptor *sub = named ? fieldNamed(message, tuple->names[e])
                                               : (static_cast<int>(e) < message.field_count() ? message.field(static_cast<int>(e)) : nullptr);
        std::string path = column + "." + (named ? tuple->names[e] : std::to_string(e + 1));
        elements.push_back(sub ? bindField(*sub, path, elementType) : ProtobufBinding{nullptr, elementType, {}});
    }
    return elements;
}

ProtobufBinding bindField(const pb::FieldDescriptor &field, const std::string &column, const DataTypePtr &type)
{
    ProtobufBinding b{&field, type, {}};
    DataTypePtr value = removeNullable(type);
    if (field.is_map())
        cannotMap(field, column, type, "map fields are not supported yet");
    if (field.is_repeated()) {
        if (value->kind != TypeKind::Array)
            cannotMap(field, column, type, "a repeated field needs an array column");
        value = removeNullable(value->children[0]);
    }
    bool composite = value->kind == TypeKind::Array || value->kind == TypeKind::Tuple || value->kind == TypeKind::Map;
    if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (value->kind != TypeKind::Tuple)
            cannotMap(field, column, type, "a message field needs a tuple column");
        b.elements = bindMessage(field, column, value);
    } else if (composite) {
        cannotMap(field, column, type, "a scalar field needs a scalar column");
    }
    return b;
}

} // namespace

std::vector<ProtobufBinding> bindProtobufColumns(const pb::Descriptor &message, const std::vector<std::string> &names,
                                                 const std::vector<DataTypePtr> &types)
{
    std::vector<ProtobufBinding> out;
    for (size_t c = 0; c < names.size(); ++c) {
        const pb::FieldDescriptor *field = fieldNamed(message, names[c]);
        out.push_back(field ? bindField(*field, names[c], types[c]) : ProtobufBinding{nullptr, types[c], {}});
    }
    return out;
}

const pb::Descriptor &protobufMessageOrThrow(const ProtobufSchema &schema, std::string_view messageType)
{
    if (const pb::Descriptor *d = schema.message(messageType))
        return *d;
    std::string known;
    for (const std::string &n : schema.messageNames())
        known += (known.empty() ? "" : ", ") + n;
    fail(ErrorCode::BadArguments, "The format schema has no message type '" + std::string(messageType) + "' (it has: " + known + ")");
}

} // namespace tideline::engine
