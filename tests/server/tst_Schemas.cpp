// /v1beta2/schemas over real HTTP: the same format schemas SQL sees (CREATE/DROP FORMAT
// SCHEMA), a bad .proto answered 400 with Proton's code and libprotobuf's position and nothing
// created, and schemas kept across a restart.
#include "tests/server/ServerFixture.h"
#include "workspace/ResourceStore.h"

using namespace tideline::server::testing;

namespace {

class Schemas : public ServerFixture {
protected:
    QStringList names()
    {
        HttpReply list = get(QStringLiteral("/v1beta2/schemas"));
        EXPECT_EQ(list.status, 200);
        QStringList out;
        for (const auto &v : list.array()) {
            expectSchema(v, QStringLiteral("SchemaResp"));
            out << v.toObject().value(QStringLiteral("name")).toString();
        }
        return out;
    }
};

const char *kProto = "syntax = \"proto3\"; message Reading { string device = 1; double temperature = 2; }";

} // namespace

TEST_F(Schemas, RestAndSqlSeeTheSameSchemas)
{
    HttpReply created = post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "reading"}, {"type", "Protobuf"}, {"content", kProto}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    EXPECT_EQ(created.object().value("content").toString(), QString::fromLatin1(kProto));
    auto shown = m_ws->engine().formatSchemas().find("reading");
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->body, kProto);

    ASSERT_TRUE(m_ws->execute(QStringLiteral("CREATE FORMAT SCHEMA by_sql AS 'message M { optional int32 a = 1; }' TYPE Protobuf")).ok());
    EXPECT_EQ(names(), (QStringList{"by_sql", "reading"}));
    HttpReply one = get(QStringLiteral("/v1beta2/schemas/by_sql"));
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.object().value("type").toString(), QStringLiteral("Protobuf"));
    EXPECT_EQ(one.object().value("content").toString(), QStringLiteral("message M { optional int32 a = 1; }"));

    HttpReply dup = post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "by_sql"}, {"type", "Protobuf"}, {"content", kProto}});
    EXPECT_EQ(dup.status, 400);
    EXPECT_EQ(dup.object().value("code").toInt(), 2610) << dup.body.toStdString();

    // DELETE of a schema made by SQL, and DROP by SQL of one made by REST.
    EXPECT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/schemas/by_sql")).status, 204);
    EXPECT_EQ(m_ws->engine().formatSchemas().find("by_sql"), nullptr);
    ASSERT_TRUE(m_ws->execute(QStringLiteral("DROP FORMAT SCHEMA reading")).ok());
    EXPECT_EQ(get(QStringLiteral("/v1beta2/schemas/reading")).status, 404);
    EXPECT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/schemas/reading")).status, 404);
    EXPECT_TRUE(names().isEmpty());
    // The document REST kept for the schema SQL dropped does not block making it again.
    EXPECT_EQ(post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "reading"}, {"type", "Protobuf"}, {"content", kProto}}).status, 201);
    EXPECT_EQ(names(), QStringList{"reading"});
}

TEST_F(Schemas, BadProtoIs400AndCreatesNothing)
{
    HttpReply bad = post(QStringLiteral("/v1beta2/schemas"),
                         QJsonObject{{"name", "broken"}, {"type", "Protobuf"}, {"content", "syntax = \"proto3\";\nmessage M { string a = 1 }"}});
    ASSERT_EQ(bad.status, 400) << bad.body.toStdString();
    expectSchema(bad.object(), QStringLiteral("ErrorResponse"));
    EXPECT_EQ(bad.object().value("code").toInt(), 434);
    EXPECT_TRUE(bad.object().value("message").toString().contains(QStringLiteral("line 2, column 26"))) << bad.body.toStdString();
    EXPECT_TRUE(names().isEmpty());
    EXPECT_EQ(m_ws->resources().get(QStringLiteral("schema"), QStringLiteral("broken")), std::nullopt);
    EXPECT_EQ(post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "x"}, {"type", "Thrift"}, {"content", kProto}}).status, 400);
    EXPECT_EQ(post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "x"}, {"type", "Protobuf"}}).status, 400);
    EXPECT_TRUE(names().isEmpty());
}

TEST_F(Schemas, PutReplacesAndSchemasSurviveARestart)
{
    ASSERT_EQ(post(QStringLiteral("/v1beta2/schemas"), QJsonObject{{"name", "reading"}, {"type", "Protobuf"}, {"content", kProto}}).status, 201);
    QByteArray v2 = R"({"name":"reading","type":"Protobuf","content":"syntax = \"proto3\"; message Reading { string device = 1; }"})";
    HttpReply put = call("PUT", QStringLiteral("/default/api/v1beta2/schemas/reading"), v2);
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    QByteArray broken = R"({"name":"reading","type":"Protobuf","content":"message {"})";
    EXPECT_EQ(call("PUT", QStringLiteral("/default/api/v1beta2/schemas/reading"), broken).status, 400);
    startServer();
    HttpReply one = get(QStringLiteral("/v1beta2/schemas/reading"));
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.object().value("content").toString(), QStringLiteral("syntax = \"proto3\"; message Reading { string device = 1; }"));
    EXPECT_FALSE(one.object().value("created_at").toString().isEmpty()) << one.body.toStdString();
}
