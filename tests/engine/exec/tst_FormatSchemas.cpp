// CREATE/DROP/SHOW FORMAT SCHEMA through the Engine facade: Proton's codes, the .proto checked
// by libprotobuf at create time (nothing created when it fails), persistence across a reopen,
// and `format_schema='name:Message'` resolution feeding a ProtobufReader.
#include <gtest/gtest.h>

#include "EngineFixture.h"
#include "engine/formats/ProtobufReader.h"

using namespace tideline::engine;

namespace {

const char *kCreate = "CREATE FORMAT SCHEMA sch AS 'syntax = \"proto3\"; package ev; message Event { string name = 1; int64 n = 2; }' TYPE Protobuf";

class FormatSchemas : public EngineFixture {};

} // namespace

TEST_F(FormatSchemas, CreateShowDrop)
{
    ASSERT_TRUE(status(kCreate).isOk());
    EXPECT_EQ(rows("SHOW FORMAT SCHEMAS"), std::vector<std::string>{"sch\tProtobuf"});
    auto ddl = rows("SHOW CREATE FORMAT SCHEMA sch");
    ASSERT_EQ(ddl.size(), 1u);
    EXPECT_NE(ddl[0].find("CREATE FORMAT SCHEMA sch AS"), std::string::npos) << ddl[0];
    EXPECT_NE(ddl[0].find("TYPE Protobuf"), std::string::npos) << ddl[0];
    EXPECT_EQ(status(kCreate).code(), 2610);
    EXPECT_TRUE(status(std::string(kCreate).replace(0, 20, "CREATE FORMAT SCHEMA IF NOT EXISTS")).isOk());
    EXPECT_TRUE(status("DROP FORMAT SCHEMA sch").isOk());
    EXPECT_TRUE(rows("SHOW FORMAT SCHEMAS").empty());
    EXPECT_EQ(status("DROP FORMAT SCHEMA sch").code(), 2611);
    EXPECT_TRUE(status("DROP FORMAT SCHEMA IF EXISTS sch").isOk());
    EXPECT_EQ(status("SHOW CREATE FORMAT SCHEMA sch").code(), 2611);
}

TEST_F(FormatSchemas, OrReplaceChangesTheBody)
{
    ASSERT_TRUE(status(kCreate).isOk());
    ASSERT_TRUE(status("CREATE OR REPLACE FORMAT SCHEMA sch AS 'syntax = \"proto3\"; message Other { bool b = 1; }' TYPE Protobuf").isOk());
    auto ddl = rows("SHOW CREATE FORMAT SCHEMA sch");
    ASSERT_EQ(ddl.size(), 1u);
    EXPECT_NE(ddl[0].find("Other"), std::string::npos);
    EXPECT_EQ(ddl[0].find("OR REPLACE"), std::string::npos);
}

TEST_F(FormatSchemas, BadProtoCreatesNothing)
{
    Status s = status("CREATE FORMAT SCHEMA bad AS 'syntax = \"proto3\";\nmessage M { string a = 1 }' TYPE Protobuf");
    EXPECT_EQ(s.code(), 434);
    EXPECT_NE(s.message().find("line 2, column 26"), std::string::npos) << s.message();
    s = status("CREATE FORMAT SCHEMA bad AS 'syntax = \"proto3\"; message M { Unknown a = 1; }' TYPE Protobuf");
    EXPECT_EQ(s.code(), 434);
    EXPECT_NE(s.message().find("Unknown"), std::string::npos) << s.message();
    EXPECT_EQ(status("CREATE FORMAT SCHEMA bad AS 'message M {}' TYPE Thrift").code(), 2613);
    EXPECT_EQ(status("CREATE FORMAT SCHEMA bad AS '{}' TYPE Avro").code(), 48);
    EXPECT_TRUE(rows("SHOW FORMAT SCHEMAS").empty());
}

TEST_F(FormatSchemas, SurviveReopenAndDoNotClashWithFunctions)
{
    ASSERT_TRUE(status(kCreate).isOk());
    ASSERT_TRUE(status("CREATE FUNCTION sch AS (x) -> x + 1").isOk());
    open();
    EXPECT_EQ(rows("SHOW FORMAT SCHEMAS"), std::vector<std::string>{"sch\tProtobuf"});
    EXPECT_EQ(rows("SELECT sch(1)"), std::vector<std::string>{"2"});
    ASSERT_TRUE(status("DROP FORMAT SCHEMA sch").isOk());
    open();
    EXPECT_TRUE(rows("SHOW FORMAT SCHEMAS").empty());
}

TEST_F(FormatSchemas, ResolveFormatSchemaSetting)
{
    ASSERT_TRUE(status(kCreate).isOk());
    auto &registry = m_engine->formatSchemas();
    auto [schema, type] = registry.resolveProtobuf("sch:Event");
    EXPECT_EQ(type, "Event");
    ProtobufReader reader(schema, type, {{"name", makeType(TypeKind::String)}, {"n", makeType(TypeKind::Int64)}});
    std::string bytes = {0x0a, 0x02, 'h', 'i', 0x10, 0x07}; // name = "hi", n = 7
    Block b = reader.readSingle(bytes);
    ASSERT_EQ(b.rows(), 1u);
    EXPECT_EQ(valueToString(*b.at(0).column, 0), "hi");
    EXPECT_EQ(valueToString(*b.at(1).column, 0), "7");
    auto code = [&](const char *setting) {
        try {
            registry.resolveProtobuf(setting);
        } catch (const EngineError &e) {
            return e.status().code();
        }
        return 0;
    };
    EXPECT_EQ(code("nope:Event"), 2611);
    EXPECT_EQ(code("sch:Nope"), 36);
    EXPECT_EQ(code("sch"), 36);
    EXPECT_EQ(code("ev.Event"), 36);
    EXPECT_EQ(code("sch:ev.Event"), 0);
}
