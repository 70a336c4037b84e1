#include "engine/formats/ProtobufWriter.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "engine/formats/ProtobufBinding.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

namespace {

// One cell as the field setter sees it: a number of some sign, or text.
struct Cell {
    enum Kind { Int, UInt, Float, Text } kind = Int;
    int64_t i = 0;
    uint64_t u = 0;
    double d = 0;
    std::string text;
};

template <typename T>
T load(const Column &c, size_t row)
{
    return c.data<T>()[row];
}

Cell readCell(const Column &c, size_t row)
{
    Cell v;
    switch (c.type()->kind) {
    case TypeKind::Int8: v.i = load<int8_t>(c, row); return v;
    case TypeKind::Int16: v.i = load<int16_t>(c, row); return v;
    case TypeKind::Int32: v.i = load<int32_t>(c, row); return v;
    case TypeKind::Int64: v.i = load<int64_t>(c, row); return v;
    case TypeKind::Bool: case TypeKind::UInt8: v.kind = Cell::UInt; v.u = load<uint8_t>(c, row); return v;
    case TypeKind::UInt16: v.kind = Cell::UInt; v.u = load<uint16_t>(c, row); return v;
    case TypeKind::UInt32: v.kind = Cell::UInt; v.u = load<uint32_t>(c, row); return v;
    case TypeKind::UInt64: v.kind = Cell::UInt; v.u = load<uint64_t>(c, row); return v;
    case TypeKind::Float32: v.kind = Cell::Float; v.d = load<float>(c, row); return v;
    case TypeKind::Float64: v.kind = Cell::Float; v.d = load<double>(c, row); return v;
    case TypeKind::String: v.kind = Cell::Text; v.text = c.stringAt(row); return v;
    default: v.kind = Cell::Text; v.text = valueToString(c, row); return v;
    }
}

[[noreturn]] void outOfRange(const FD &f, const std::string &value)
{
    fail(ErrorCode::ValueIsOutOfRangeOfDataType, "Value " + value + " does not fit protobuf field '" + f.full_name() + "' (" + f.type_name() + ")");
}

// The cell as a number of type T for field f: in range, or parsed from text.
template <typename T>
T numberFor(const FD &f, const Cell &v)
{
    if constexpr (std::is_floating_point_v<T>) {
        if (v.kind == Cell::Float) return static_cast<T>(v.d);
        if (v.kind == Cell::Int) return static_cast<T>(v.i);
        if (v.kind == Cell::UInt) return static_cast<T>(v.u);
    } else {
        if (v.kind == Cell::Int) { if (!std::in_range<T>(v.i)) outOfRange(f, std::to_string(v.i)); return static_cast<T>(v.i); }
        if (v.kind == Cell::UInt) { if (!std::in_range<T>(v.u)) outOfRange(f, std::to_string(v.u)); return static_cast<T>(v.u); }
        if (v.kind == Cell::Float) {
            if (!std::isfinite(v.d) || v.d < static_cast<double>(std::numeric_limits<T>::min()) || v.d > static_cast<double>(std::numeric_limits<T>::max()))
                outOfRange(f, std::to_string(v.d));
            return static_cast<T>(v.d);
        }
    }
    T out{};
    auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), out);
    if (ec != std::errc() || end != v.text.data() + v.text.size())
        fail(ErrorCode::CannotParseText, "Cannot convert '" + v.text + "' to protobuf field '" + f.full_name() + "' (" + f.type_name() + ")");
    return out;
}

std::string cellText(const Cell &v)
{
    switch (v.kind) {
    case Cell::Int: return std::to_string(v.i);
    case Cell::UInt: return std::to_string(v.u);
    case Cell::Float: { std::string s; appendFloat(s, v.d); return s; }
    case Cell::Text: return v.text;
    }
    return {};
}

// An enum field takes a value's name or its number; a proto3 (open) enum keeps a number that
// has no name, as the reader shows it ("5").
int enumNumberFor(const FD &f, const Cell &v)
{
    if (v.kind == Cell::Text)
        if (const pb::EnumValueDescriptor *e = f.enum_type()->FindValueByName(v.text))
            return e->number();
    if (v.kind != Cell::Float) {
        int number = numberFor<int32_t>(f, v);
        if (f.enum_type()->FindValueByNumber(number) || f.enum_type()->file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3)
            return number;
    }
    fail(ErrorCode::BadArguments, "'" + cellText(v) + "' is not a value of enum " + f.enum_type()->full_name());
}

// Sets (or, when `repeated`, adds) field f of m from cell v.
void setScalar(pb::Message &m, const FD &f, const Cell &v, bool repeated)
{
    const pb::Reflection &r = *m.GetReflection();
    switch (f.cpp_type()) {
    case FD::CPPTYPE_INT32: { auto x = numberFor<int32_t>(f, v); repeated ? r.AddInt32(&m, &f, x) : r.SetInt32(&m, &f, x); break; }
    case FD::CPPTYPE_INT64: { auto x = numberFor<int64_t>(f, v); repeated ? r.AddInt64(&m, &f, x) : r.SetInt64(&m, &f, x); break; }
    case FD::CPPTYPE_UINT32: { auto x = numberFor<uint32_t>(f, v); repeated ? r.AddUInt32(&m, &f, x) : r.SetUInt32(&m, &f, x); break; }
    case FD::CPPTYPE_UINT64: { auto x = numberFor<uint64_t>(f, v); repeated ? r.AddUInt64(&m, &f, x) : r.SetUInt64(&m, &f, x); break; }
    case FD::CPPTYPE_FLOAT: { auto x = numberFor<float>(f, v); repeated ? r.AddFloat(&m, &f, x) : r.SetFloat(&m, &f, x); break; }
    case FD::CPPTYPE_DOUBLE: { auto x = numberFor<double>(f, v); repeated ? r.AddDouble(&m, &f, x) : r.SetDouble(&m, &f, x); break; }
    case FD::CPPTYPE_BOOL: {
        bool x = v.kind == Cell::Text ? (v.text == "true" || v.text == "1") : v.kind == Cell::Float ? v.d != 0 : (v.i != 0 || v.u != 0);
        repeated ? r.AddBool(&m, &f, x) : r.SetBool(&m, &f, x);
        break;
    }
    case FD::CPPTYPE_STRING: repeated ? r.AddString(&m, &f, cellText(v)) : r.SetString(&m, &f, cellText(v)); break;
    case FD::CPPTYPE_ENUM: { int e = enumNumberFor(f, v); repeated ? r.AddEnumValue(&m, &f, e) : r.SetEnumValue(&m, &f, e); break; }
    case FD::CPPTYPE_MESSAGE: break;
    }
}

void writeField(pb::Message &m, const ProtobufBinding &b, const Column &column, size_t row);

// One value into field f: a scalar, or a tuple into a (new, when repeated) sub-message.
void writeValue(pb::Message &m, const ProtobufBinding &b, const Column &column, size_t row, bool repeated)
{
    const FD &f = *b.field;
    if (f.cpp_type() != FD::CPPTYPE_MESSAGE) {
        setScalar(m, f, readCell(column, row), repeated);
        return;
    }
    const pb::Reflection &r = *m.GetReflection();
    pb::Message &sub = repeated ? *r.AddMessage(&m, &f) : *r.MutableMessage(&m, &f);
    for (size_t e = 0; e < b.elements.size(); ++e)
        writeField(sub, b.elements[e], *column.children[e], row);
}

void writeField(pb::Message &m, const ProtobufBinding &b, const Column &column, size_t row)
{
    if (!b.field || column.isNullAt(row))
        return;
    const Column &value = column.type()->isNullable() ? *column.children[0] : column;
    if (!b.field->is_repeated()) {
        writeValue(m, b, value, row, false);
        return;
    }
    const Column &elements = *value.children[0];
    for (uint64_t i = value.arrayBegin(row); i < value.arrayEnd(row); ++i) {
        if (elements.isNullAt(i))
            continue; // a repeated field has no place for NULL
        writeValue(m, b, elements.type()->isNullable() ? *elements.children[0] : elements, i, true);
    }
}

void appendVarint(std::string &out, uint64_t v)
{
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

} // namespace

struct ProtobufWriter::Impl {
    const pb::Descriptor *message = nullptr;
    pb::DynamicMessageFactory factory;
    const pb::Message *prototype = nullptr;
    std::vector<ProtobufBinding> bindings;
};

ProtobufWriter::ProtobufWriter(ProtobufSchemaPtr schema, std::string_view messageType, const std::vector<std::string> &names,
                               const std::vector<DataTypePtr> &types)
    : m_schema(std::move(schema)), m_impl(std::make_unique<Impl>())
{
    m_impl->message = &protobufMessageOrThrow(*m_schema, messageType);
    m_impl->bindings = bindProtobufColumns(*m_impl->message, names, types);
    m_impl->prototype = m_impl->factory.GetPrototype(m_impl->message);
}

ProtobufWriter::~ProtobufWriter() = default;

std::string ProtobufWriter::writeSingle(const Block &block, size_t row) const
{
    std::unique_ptr<pb::Message> message(m_impl->prototype->New());
    for (size_t c = 0; c < m_impl->bindings.size() && c < block.columnCount(); ++c)
        writeField(*message, m_impl->bindings[c], *block.at(c).column, row);
    return message->SerializePartialAsString();
}

void ProtobufWriter::writeDelimited(const Block &block, std::string &out) const
{
    for (size_t row = 0; row < block.rows(); ++row) {
        std::string bytes = writeSingle(block, row);
        appendVarint(out, bytes.size());
        out += bytes;
    }
}

} // namespace tideline::engine
