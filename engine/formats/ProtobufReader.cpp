#include "engine/formats/ProtobufReader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <utility>

#include "engine/formats/ProtobufBinding.h"
#include "engine/formats/ValueParser.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

inline constexpr int kUnknownProtobufFormat = 444;

namespace {

// One scalar field value as read from the message, before it meets its column.
struct Scalar {
    enum Kind { Int, UInt, Float, Bool, Text } kind = Int;
    int64_t i = 0;
    uint64_t u = 0;
    double d = 0;
    std::string text; // Text: strings, bytes, enum names
    int enumNumber = 0;
    bool isEnum = false;
};

Scalar readScalar(const pb::Message &m, const FD &f, int index)
{
    const pb::Reflection &r = *m.GetReflection();
    bool rep = index >= 0;
    Scalar s;
    switch (f.cpp_type()) {
    case FD::CPPTYPE_INT32: s.i = rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f); break;
    case FD::CPPTYPE_INT64: s.i = rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f); break;
    case FD::CPPTYPE_UINT32: s.kind = Scalar::UInt; s.u = rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f); break;
    case FD::CPPTYPE_UINT64: s.kind = Scalar::UInt; s.u = rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f); break;
    case FD::CPPTYPE_FLOAT: s.kind = Scalar::Float; s.d = rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f); break;
    case FD::CPPTYPE_DOUBLE: s.kind = Scalar::Float; s.d = rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f); break;
    case FD::CPPTYPE_BOOL: s.kind = Scalar::Bool; s.u = rep ? r.GetRepeatedBool(m, &f, index) : r.GetBool(m, &f); break;
    case FD::CPPTYPE_STRING: s.kind = Scalar::Text; s.text = rep ? r.GetRepeatedString(m, &f, index) : r.GetString(m, &f); break;
    case FD::CPPTYPE_ENUM: {
        s.isEnum = true;
        s.enumNumber = rep ? r.GetRepeatedEnumValue(m, &f, index) : r.GetEnumValue(m, &f);
        const pb::EnumValueDescriptor *v = f.enum_type()->FindValueByNumber(s.enumNumber);
        s.kind = Scalar::Text; // an open (proto3) enum may carry a number without a name
        s.text = v ? v->name() : std::to_string(s.enumNumber);
        break;
    }
    case FD::CPPTYPE_MESSAGE: break; // bound to tuples, never read as a scalar
    }
    return s;
}

std::string scalarText(const Scalar &s)
{
    switch (s.kind) {
    case Scalar::Int: return std::to_string(s.i);
    case Scalar::UInt: return std::to_string(s.u);
    case Scalar::Bool: return s.u ? "true" : "false";
    case Scalar::Float: {
        std::string out;
        appendFloat(out, s.d);
        return out;
    }
    case Scalar::Text: return s.text;
    }
    return {};
}

template <typename T, typename V>
bool pushIfFits(Column &c, V v)
{
    if constexpr (std::is_floating_point_v<T>) {
        c.push<T>(static_cast<T>(v));
        return true;
    } else {
        if (!std::in_range<T>(v))
            return false;
        c.push<T>(static_cast<T>(v));
        return true;
    }
}

template <typename T>
bool pushNumber(Column &c, const Scalar &s)
{
    if (s.kind == Scalar::Int)
        return pushIfFits<T>(c, s.i);
    if (s.kind == Scalar::UInt)
        return pushIfFits<T>(c, s.u);
    if constexpr (std::is_floating_point_v<T>)
        if (s.kind == Scalar::Float)
            return pushIfFits<T>(c, s.d);
    return false;
}

// The common cases straight into the column; anything else (a value out of range, a string
// into a date, a float into a decimal) through the text parser with its error codes.
bool pushFast(Column &c, const Scalar &s)
{
    switch (c.type()->kind) {
    case TypeKind::String: if (s.kind != Scalar::Text) return false; c.pushString(s.text); return true;
    case TypeKind::Bool: if (s.kind != Scalar::Bool) return false; c.push<uint8_t>(s.u ? 1 : 0); return true;
    case TypeKind::Int8: return pushNumber<int8_t>(c, s);
    case TypeKind::Int16: return pushNumber<int16_t>(c, s);
    case TypeKind::Int32: return pushNumber<int32_t>(c, s);
    case TypeKind::Int64: return pushNumber<int64_t>(c, s);
    case TypeKind::UInt8: return pushNumber<uint8_t>(c, s);
    case TypeKind::UInt16: return pushNumber<uint16_t>(c, s);
    case TypeKind::UInt32: return pushNumber<uint32_t>(c, s);
    case TypeKind::UInt64: return pushNumber<uint64_t>(c, s);
    case TypeKind::Float32: return pushNumber<float>(c, s);
    case TypeKind::Float64: return pushNumber<double>(c, s);
    default: return false;
    }
}

void pushScalar(Column &c, const Scalar &s)
{
    if (pushFast(c, s))
        return;
    if (s.isEnum && c.type()->isNumeric()) {
        Scalar n;
        n.i = s.enumNumber;
        if (pushFast(c, n))
            return;
    }
    parseValue(c, scalarText(s));
}

void appendField(Column &column, const ProtobufBinding &b, const pb::Message &m);

// One value of `f` (element `index` of a repeated field, or the field itself when -1).
void appendValue(Column &column, const ProtobufBinding &b, const pb::Message &m, int index)
{
    const FD &f = *b.field;
    if (f.cpp_type() != FD::CPPTYPE_MESSAGE) {
        pushScalar(column, readScalar(m, f, index));
        return;
    }
    const pb::Reflection &r = *m.GetReflection();
    const pb::Message &sub = index >= 0 ? r.GetRepeatedMessage(m, &f, index) : r.GetMessage(m, &f);
    for (size_t e = 0; e < b.elements.size(); ++e)
        appendField(*column.children[e], b.elements[e], sub);
    column.setSize(column.size() + 1);
}

void appendNonNull(Column &column, const ProtobufBinding &b, const pb::Message &m)
{
    if (!b.field->is_repeated()) {
        appendValue(column, b, m, -1);
        return;
    }
    Column &elements = *column.children[0];
    int n = m.GetReflection()->FieldSize(m, b.field);
    for (int i = 0; i < n; ++i) {
        if (elements.type()->isNullable()) {
            appendValue(*elements.children[0], b, m, i);
            elements.nullMap.push_back(0);
            elements.setSize(elements.size() + 1);
        } else {
            appendValue(elements, b, m, i);
        }
    }
    column.offsets.push_back(elements.size());
    column.setSize(column.size() + 1);
}

void appendField(Column &column, const ProtobufBinding &b, const pb::Message &m)
{
    if (!b.field) {
        column.pushDefault();
        return;
    }
    if (!column.type()->isNullable()) {
        appendNonNull(column, b, m);
        return;
    }
    if (!b.field->is_repeated() && b.field->has_presence() && !m.GetReflection()->HasField(m, b.field)) {
        column.pushDefault(); // NULL
        return;
    }
    appendNonNull(*column.children[0], b, m);
    column.nullMap.push_back(0);
    column.setSize(column.size() + 1);
}

} // namespace

struct ProtobufReader::Impl {
    const pb::Descriptor *message = nullptr;
    pb::DynamicMessageFactory factory;
    const pb::Message *prototype = nullptr;
    std::vector<ProtobufBinding> bindings;
};

ProtobufReader::ProtobufReader(ProtobufSchemaPtr schema, std::string_view messageType, std::vector<ColumnSpec> columns)
    : m_schema(std::move(schema)), m_columns(std::move(columns)), m_impl(std::make_unique<Impl>())
{
    m_impl->message = &protobufMessageOrThrow(*m_schema, messageType);
    std::vector<std::string> names;
    std::vector<DataTypePtr> types;
    for (const ColumnSpec &c : m_columns) {
        names.push_back(c.name);
        types.push_back(c.type);
    }
    m_impl->bindings = bindProtobufColumns(*m_impl->message, names, types);
    m_impl->prototype = m_impl->factory.GetPrototype(m_impl->message);
}

ProtobufReader::~ProtobufReader() = default;

void ProtobufReader::appendMessage(std::string_view bytes, std::vector<MutableColumnPtr> &columns) const
{
    std::unique_ptr<pb::Message> message(m_impl->prototype->New());
    // Partial: a proto2 `required` field that is missing reads as its default, like any other.
    if (bytes.size() > static_cast<size_t>(INT32_MAX) || !message->ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size())))
        fail(static_cast<ErrorCode>(kUnknownProtobufFormat),
             "Cannot parse a " + m_impl->message->full_name() + " protobuf message from " + std::to_string(bytes.size()) + " bytes");
    size_t before = columns.empty() ? 0 : columns[0]->size();
    try {
        for (size_t c = 0; c < columns.size(); ++c)
            appendField(*columns[c], m_impl->bindings[c], *message);
    } catch (...) { // a value that does not fit: no half row is left behind
        for (auto &col : columns)
            truncateColumn(*col, before);
        throw;
    }
}

std::vector<MutableColumnPtr> ProtobufReader::emptyColumns() const
{
    std::vector<MutableColumnPtr> out;
    for (const ColumnSpec &c : m_columns)
        out.push_back(Column::create(c.type));
    return out;
}

Block ProtobufReader::finish(std::vector<MutableColumnPtr> columns) const
{
    Block block;
    for (size_t c = 0; c < columns.size(); ++c)
        block.add(m_columns[c].name, std::move(columns[c]));
    return block;
}

Block ProtobufReader::readSingle(std::string_view message) const
{
    auto columns = emptyColumns();
    appendMessage(message, columns);
    return finish(std::move(columns));
}

Block ProtobufReader::readDelimited(std::string_view data) const
{
    auto columns = emptyColumns();
    for (std::string_view message : splitLengthDelimited(data))
        appendMessage(message, columns);
    return finish(std::move(columns));
}

std::vector<std::string_view> splitLengthDelimited(std::string_view data)
{
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < data.size()) {
        uint64_t length = 0;
        int shift = 0;
        for (;;) {
            if (pos >= data.size() || shift > 63)
                fail(static_cast<ErrorCode>(kUnknownProtobufFormat), "Cannot read the length of a protobuf message: the data ends or the varint is too long");
            auto byte = static_cast<uint8_t>(data[pos++]);
            length |= static_cast<uint64_t>(byte & 0x7f) << shift;
            shift += 7;
            if (!(byte & 0x80))
                break;
        }
        if (length > data.size() - pos)
            fail(static_cast<ErrorCode>(kUnknownProtobufFormat),
                 "A protobuf message of " + std::to_string(length) + " bytes runs past the end of the data (" + std::to_string(data.size() - pos) + " left)");
        out.push_back(data.substr(pos, length));
        pos += length;
    }
    return out;
}

} // namespace tideline::engine
