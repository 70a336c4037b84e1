// Users signed in with HTTP Basic send their password with every request. A verified login is
// remembered (so the server does not pay PBKDF2 on every call), but only for that exact password:
// a changed password or a deleted user ends it at once, and a wrong password is never remembered.
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include "workspace/Credentials.h"
#include "workspace/Workspace.h"

using namespace tideline::workspace;

namespace {

class CredentialsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto ws = Workspace::open({.dataDir = m_dir.path()});
        ASSERT_TRUE(ws) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
        ASSERT_TRUE(credentials().createUser({{QStringLiteral("username"), QStringLiteral("ana")}, {QStringLiteral("password"), QStringLiteral("first secret")}}));
    }
    Credentials &credentials() { return m_ws->credentials(); }

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
};

TEST_F(CredentialsTest, ARememberedLoginStillNeedsTheRightPassword)
{
    EXPECT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
    EXPECT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret"))); // remembered
    EXPECT_FALSE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret ")));
    EXPECT_FALSE(credentials().verifyUser(QStringLiteral("ana"), QString()));
    EXPECT_FALSE(credentials().verifyUser(QStringLiteral("anna"), QStringLiteral("first secret")));
}

TEST_F(CredentialsTest, ANewPasswordEndsTheRememberedLoginAtOnce)
{
    ASSERT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
    ASSERT_TRUE(credentials().updateUser(QStringLiteral("ana"), {{QStringLiteral("password"), QStringLiteral("second secret")}}));
    EXPECT_FALSE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
    EXPECT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("second secret")));
}

TEST_F(CredentialsTest, ADeletedUserCannotSignInEvenWhileRemembered)
{
    ASSERT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
    ASSERT_TRUE(credentials().deleteUser(QStringLiteral("ana")));
    EXPECT_FALSE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
    // Re-created with the same password: a fresh salt, so a fresh verification (and it passes).
    ASSERT_TRUE(credentials().createUser({{QStringLiteral("username"), QStringLiteral("ana")}, {QStringLiteral("password"), QStringLiteral("first secret")}}));
    EXPECT_TRUE(credentials().verifyUser(QStringLiteral("ana"), QStringLiteral("first secret")));
}

} // namespace
