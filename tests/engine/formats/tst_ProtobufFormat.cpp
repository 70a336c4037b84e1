// ProtobufSingle / Protobuf formats: messages encoded by libprotobuf's DynamicMessage (an
// independent encoder) decoded by ProtobufReader, and ProtobufWriter's bytes decoded back by
// libprotobuf. Every scalar type, defaults for missing fields, unknown fields skipped, nested
// messages and repeated fields, and bad bytes that fail with 444 instead of crashing.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <random>

#include "engine/formats/ProtobufReader.h"
#include "engine/formats/ProtobufWriter.h"
#include "engine/formats/ValueWriter.h"

using namespace tideline::engine;
namespace pb = google::protobuf;

namespace {

const char *kProto = R"(
syntax = "proto3";
package t;
enum Color { RED = 0; GREEN = 1; BLUE = 2; }
message Point { int32 x = 1; int32 y = 2; }
message All {
  double f64 = 1;  float f32 = 2;  int32 i32 = 3;  int64 i64 = 4;  uint32 u32 = 5;  uint64 u64 = 6;
  sint32 s32 = 7;  sint64 s64 = 8;  fixed32 fx32 = 9;  fixed64 fx64 = 10;  sfixed32 sf32 = 11;  sfixed64 sf64 = 12;
  bool flag = 13;  string text = 14;  bytes raw = 15;  Color color = 16;
  repeated int64 list = 17;  Point point = 18;  repeated Point points = 19;  optional int32 maybe = 20;
  map<string, int32> tags = 21;
}
)";

DataTypePtr t(TypeKind k) { return makeType(k); }

std::vector<ColumnSpec> scalarColumns()
{
    return {{"f64", t(TypeKind::Float64)}, {"f32", t(TypeKind::Float32)}, {"i32", t(TypeKind::Int32)}, {"i64", t(TypeKind::Int64)},
            {"u32", t(TypeKind::UInt32)}, {"u64", t(TypeKind::UInt64)}, {"s32", t(TypeKind::Int32)}, {"s64", t(TypeKind::Int64)},
            {"fx32", t(TypeKind::UInt32)}, {"fx64", t(TypeKind::UInt64)}, {"sf32", t(TypeKind::Int32)}, {"sf64", t(TypeKind::Int64)},
            {"flag", t(TypeKind::Bool)}, {"text", t(TypeKind::String)}, {"raw", t(TypeKind::String)}, {"color", t(TypeKind::String)}};
}

class ProtobufFormat : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto parsed = ProtobufSchema::parse(kProto);
        ASSERT_TRUE(parsed.isOk()) << parsed.status().message();
        schema = *parsed;
        descriptor = schema->message("t.All");
        ASSERT_NE(descriptor, nullptr);
    }
    std::unique_ptr<pb::Message> newMessage() { return std::unique_ptr<pb::Message>(factory.GetPrototype(descriptor)->New()); }
    const pb::FieldDescriptor *field(const char *name) { return descriptor->FindFieldByName(name); }
    static std::string cell(const Block &b, size_t c, size_t row = 0) { return valueToString(*b.at(c).column, row); }
    int code(const ProtobufReader &reader, std::string_view bytes)
    {
        try {
            reader.readSingle(bytes);
        } catch (const EngineError &e) {
            return e.status().code();
        }
        return 0;
    }

    ProtobufSchemaPtr schema;
    const pb::Descriptor *descriptor = nullptr;
    pb::DynamicMessageFactory factory;
};

} // namespace

TEST_F(ProtobufFormat, EveryScalarTypeFromDynamicMessage)
{
    auto m = newMessage();
    const pb::Reflection *r = m->GetReflection();
    r->SetDouble(m.get(), field("f64"), -1.5);
    r->SetFloat(m.get(), field("f32"), 0.25f);
    r->SetInt32(m.get(), field("i32"), -2147483647 - 1);
    r->SetInt64(m.get(), field("i64"), INT64_MIN);
    r->SetUInt32(m.get(), field("u32"), 4294967295u);
    r->SetUInt64(m.get(), field("u64"), UINT64_MAX);
    r->SetInt32(m.get(), field("s32"), -5);
    r->SetInt64(m.get(), field("s64"), -6);
    r->SetUInt32(m.get(), field("fx32"), 7);
    r->SetUInt64(m.get(), field("fx64"), 8);
    r->SetInt32(m.get(), field("sf32"), -9);
    r->SetInt64(m.get(), field("sf64"), -10);
    r->SetBool(m.get(), field("flag"), true);
    r->SetString(m.get(), field("text"), "héllo");
    r->SetString(m.get(), field("raw"), std::string("a\0b", 3));
    r->SetEnumValue(m.get(), field("color"), 2);
    ProtobufReader reader(schema, "t.All", scalarColumns());
    Block b = reader.readSingle(m->SerializeAsString());
    ASSERT_EQ(b.rows(), 1u);
    std::vector<std::string> expected = {"-1.5", "0.25", "-2147483648", "-9223372036854775808", "4294967295", "18446744073709551615",
                                         "-5", "-6", "7", "8", "-9", "-10", "true", "héllo", std::string("a\0b", 3), "BLUE"};
    for (size_t c = 0; c < expected.size(); ++c)
        EXPECT_EQ(cell(b, c), expected[c]) << scalarColumns()[c].name;
}

TEST_F(ProtobufFormat, MissingFieldsAreDefaultsAndUnknownFieldsAreSkipped)
{
    ProtobufReader reader(schema, "All", {{"i32", t(TypeKind::Int32)}, {"text", t(TypeKind::String)}, {"color", t(TypeKind::String)},
                                          {"maybe", makeNullable(t(TypeKind::Int32))}, {"not_a_field", t(TypeKind::Int64)}});
    // Field 99 (varint) and field 100 (length-delimited) are not in the schema.
    std::string bytes = {static_cast<char>(0x98), 0x06, 0x2a, static_cast<char>(0xa2), 0x06, 0x01, 'x', 0x18, 0x05};
    Block b = reader.readSingle(bytes);
    ASSERT_EQ(b.rows(), 1u);
    EXPECT_EQ(cell(b, 0), "5");
    EXPECT_EQ(cell(b, 1), "");
    EXPECT_EQ(cell(b, 2), "RED");
    EXPECT_EQ(cell(b, 3), "NULL");
    EXPECT_EQ(cell(b, 4), "0");
    Block empty = reader.readSingle("");
    EXPECT_EQ(cell(empty, 0), "0");
}

TEST_F(ProtobufFormat, NestedAndRepeated)
{
    auto m = newMessage();
    const pb::Reflection *r = m->GetReflection();
    r->AddInt64(m.get(), field("list"), 1);
    r->AddInt64(m.get(), field("list"), -2);
    pb::Message *p = r->MutableMessage(m.get(), field("point"));
    p->GetReflection()->SetInt32(p, p->GetDescriptor()->FindFieldByName("y"), 4);
    pb::Message *q = r->AddMessage(m.get(), field("points"));
    q->GetReflection()->SetInt32(q, q->GetDescriptor()->FindFieldByName("x"), 9);
    r->SetInt32(m.get(), field("maybe"), 0);
    auto pointType = makeTuple({t(TypeKind::Int32), t(TypeKind::Int32)}, {"x", "y"});
    std::vector<ColumnSpec> cols = {{"list", makeArray(t(TypeKind::Int64))}, {"point", pointType},
                                    {"points", makeArray(pointType)}, {"maybe", makeNullable(t(TypeKind::Int32))}};
    ProtobufReader reader(schema, "t.All", cols);
    Block b = reader.readSingle(m->SerializeAsString());
    EXPECT_EQ(cell(b, 0), "[1,-2]");
    EXPECT_EQ(cell(b, 1), "(0,4)");
    EXPECT_EQ(cell(b, 2), "[(9,0)]");
    EXPECT_EQ(cell(b, 3), "0"); // optional: present with value 0 is not NULL

    // And back: the writer's bytes parse in libprotobuf to the same message.
    std::vector<std::string> names;
    std::vector<DataTypePtr> types;
    for (const auto &c : cols) {
        names.push_back(c.name);
        types.push_back(c.type);
    }
    ProtobufWriter writer(schema, "t.All", names, types);
    auto back = newMessage();
    ASSERT_TRUE(back->ParseFromString(writer.writeSingle(b, 0)));
    EXPECT_EQ(back->DebugString(), m->DebugString());
}

TEST_F(ProtobufFormat, WriterThenReaderRoundTripsEveryScalar)
{
    auto m = newMessage();
    const pb::Reflection *r = m->GetReflection();
    r->SetInt64(m.get(), field("i64"), 123456789012345LL);
    r->SetUInt64(m.get(), field("u64"), 1ULL << 63);
    r->SetDouble(m.get(), field("f64"), 3.25);
    r->SetString(m.get(), field("text"), "x");
    r->SetEnumValue(m.get(), field("color"), 1);
    r->SetBool(m.get(), field("flag"), true);
    ProtobufReader reader(schema, "t.All", scalarColumns());
    Block b = reader.readSingle(m->SerializeAsString());
    std::vector<std::string> names;
    std::vector<DataTypePtr> types;
    for (const auto &c : scalarColumns()) {
        names.push_back(c.name);
        types.push_back(c.type);
    }
    ProtobufWriter writer(schema, "t.All", names, types);
    auto back = newMessage();
    ASSERT_TRUE(back->ParseFromString(writer.writeSingle(b, 0)));
    EXPECT_EQ(back->DebugString(), m->DebugString());
}

TEST_F(ProtobufFormat, LengthDelimitedMessages)
{
    ProtobufReader reader(schema, "t.All", {{"i32", t(TypeKind::Int32)}});
    std::string data;
    for (int i = 1; i <= 3; ++i) {
        auto m = newMessage();
        m->GetReflection()->SetInt32(m.get(), field("i32"), i * 100);
        std::string bytes = m->SerializeAsString();
        data += static_cast<char>(bytes.size());
        data += bytes;
    }
    Block b = reader.readDelimited(data);
    ASSERT_EQ(b.rows(), 3u);
    EXPECT_EQ(cell(b, 0, 2), "300");
    std::string out;
    ProtobufWriter(schema, "t.All", {"i32"}, {t(TypeKind::Int32)}).writeDelimited(b, out);
    EXPECT_EQ(out, data);
    EXPECT_THROW(reader.readDelimited(data.substr(0, data.size() - 1)), EngineError);
    EXPECT_THROW(reader.readDelimited(std::string(1, static_cast<char>(0x80))), EngineError);
}

TEST_F(ProtobufFormat, BadBytesFailWith444AndNeverCrash)
{
    ProtobufReader reader(schema, "t.All", scalarColumns());
    EXPECT_EQ(code(reader, std::string{0x08}), 444);                                            // varint missing
    EXPECT_EQ(code(reader, std::string{0x08, static_cast<char>(0xff)}), 444);                   // truncated varint
    EXPECT_EQ(code(reader, std::string{0x72, 0x10, 'a'}), 444);                                 // string runs past the end
    EXPECT_EQ(code(reader, std::string{0x0f}), 444);                                            // wire type 7
    EXPECT_EQ(code(reader, std::string{0x00, 0x01}), 444);                                      // field number 0
    std::mt19937 rng(42);
    for (int i = 0; i < 5000; ++i) { // random bytes: a row or a 444, nothing else
        std::string bytes(rng() % 40, '\0');
        for (char &c : bytes)
            c = static_cast<char>(rng());
        int c = code(reader, bytes);
        EXPECT_TRUE(c == 0 || c == 444 || c == 6 || c == 321 || c == 72) << c;
    }
}

TEST_F(ProtobufFormat, OutOfRangeValueFailsWithoutHalfARow)
{
    ProtobufReader reader(schema, "t.All", {{"text", t(TypeKind::String)}, {"i64", t(TypeKind::Int8)}});
    auto m = newMessage();
    m->GetReflection()->SetString(m.get(), field("text"), "a");
    m->GetReflection()->SetInt64(m.get(), field("i64"), 300);
    std::vector<MutableColumnPtr> columns = {Column::create(t(TypeKind::String)), Column::create(t(TypeKind::Int8))};
    try {
        reader.appendMessage(m->SerializeAsString(), columns);
        FAIL() << "300 fits no int8";
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 321);
    }
    EXPECT_EQ(columns[0]->size(), 0u);
    EXPECT_EQ(columns[1]->size(), 0u);
}

TEST_F(ProtobufFormat, MappingErrors)
{
    auto code = [&](std::vector<ColumnSpec> cols, const char *type = "t.All") {
        try {
            ProtobufReader reader(schema, type, std::move(cols));
        } catch (const EngineError &e) {
            return e.status().code();
        }
        return 0;
    };
    EXPECT_EQ(code({{"list", t(TypeKind::Int64)}}), 48);                 // repeated into a scalar
    EXPECT_EQ(code({{"point", t(TypeKind::String)}}), 48);               // message into a scalar
    EXPECT_EQ(code({{"tags", makeMap(t(TypeKind::String), t(TypeKind::Int32))}}), 48); // map<> not yet
    EXPECT_EQ(code({{"i32", makeArray(t(TypeKind::Int32))}}), 48);       // scalar into an array
    EXPECT_EQ(code({{"i32", t(TypeKind::Int32)}}, "t.Nope"), 36);
    EXPECT_EQ(code({{"I32", t(TypeKind::Int32)}}), 0);                   // names match ignoring case
}

TEST(ProtobufSchemaParse, ErrorsCarryLineAndColumn)
{
    auto bad = ProtobufSchema::parse("syntax = \"proto3\";\nmessage M {\n  int32 a = 1\n}\n");
    ASSERT_FALSE(bad.isOk());
    EXPECT_EQ(bad.status().code(), 434);
    EXPECT_NE(bad.status().message().find("line 4, column 1"), std::string::npos) << bad.status().message();
    auto dup = ProtobufSchema::parse("syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  int32 b = 1;\n}\n");
    ASSERT_FALSE(dup.isOk());
    EXPECT_NE(dup.status().message().find("line 4"), std::string::npos) << dup.status().message();
    auto import = ProtobufSchema::parse("syntax = \"proto3\";\nimport \"other.proto\";\nmessage M { Other o = 1; }\n");
    EXPECT_EQ(import.status().code(), 434);
    auto ok = ProtobufSchema::parse("message A { message B { optional int32 x = 1 [default = 5]; } }");
    ASSERT_TRUE(ok.isOk()) << ok.status().message();
    EXPECT_EQ((*ok)->messageNames(), (std::vector<std::string>{"A", "A.B"}));
    ProtobufReader reader(*ok, "A.B", {{"x", makeType(TypeKind::Int32)}});
    EXPECT_EQ(valueToString(*reader.readSingle("").at(0).column, 0), "5"); // proto2 default
}
