#include "api/ErrorBody.h"

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

TEST(ErrorBody, RoundTripWithProtonDefault)
{
    ErrorBody body{57, QStringLiteral("stream 'iot' exists")};
    EXPECT_EQ(body.toJson(), R"({"code":57,"message":"stream 'iot' exists","system":"proton"})");
    const auto back = ErrorBody::fromJson(body.toJson());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, body);
    EXPECT_EQ(body.toJsonObject().value("system").toString(), "proton");
}

TEST(ErrorBody, ParsesOtherSystemsAndTheEngineShape)
{
    auto neutron = ErrorBody::fromJson(R"({"code":1,"message":"m","system":"neutron"})");
    ASSERT_TRUE(neutron);
    EXPECT_EQ(neutron->system, "neutron");
    auto engine = ErrorBody::fromJson(R"({"error_msg":"missing 'data' field","code":117,"request_id":"r"})");
    ASSERT_TRUE(engine);
    EXPECT_EQ(engine->code, 117);
    EXPECT_EQ(engine->message, "missing 'data' field");
    EXPECT_EQ(engine->system, "proton");
}

TEST(ErrorBody, RejectsNonErrorBodies)
{
    QString error;
    EXPECT_FALSE(ErrorBody::fromJson("<html>404</html>", &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(ErrorBody::fromJson("[]", &error));
    EXPECT_FALSE(ErrorBody::fromJson(R"({"code":1})", &error));
    EXPECT_TRUE(error.contains("message"));
    EXPECT_FALSE(ErrorBody::fromJson("", &error));
}
