// Authentication at every operation of openapi-v1beta2.json: a missing, wrong, expired or
// deleted key (and a wrong password) gets 401 with the error body and changes nothing, on both
// base paths and with a valid body, so no route answers before it checks who is calling. Keys
// are stored only as SHA-256 hashes: the catalog file never contains a key.
#include "ServerFixture.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>

using namespace tideline::server::testing;
using tideline::api::SchemaValidator;

class AuthenticationTest : public ServerFixture {
protected:
    void SetUp() override
    {
        startServer({.maxFailedLogins = 0}); // the throttle is tested elsewhere; here every try must reach auth
        QJsonObject stream{{QStringLiteral("name"), QStringLiteral("s")},
                           {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("type"), QStringLiteral("int32")}}}}};
        ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), stream).status, 201);
    }

    // A key made through the API; its id and the key itself.
    std::pair<QString, QByteArray> createKey(const QJsonObject &request)
    {
        HttpReply reply = post(QStringLiteral("/v1beta2/auth/api_keys"), request);
        EXPECT_EQ(reply.status, 201) << reply.body.toStdString();
        return {reply.object().value(QStringLiteral("id")).toString(), reply.object().value(QStringLiteral("api_key")).toString().toUtf8()};
    }

    QByteArray listing()
    {
        QByteArray all;
        for (const char *path : {"streams", "views", "materialized_views", "alerts", "sinks", "dashboards", "auth/api_keys", "users"})
            all += get(QStringLiteral("/v1beta2/") + QLatin1String(path)).body;
        return all;
    }
};

TEST_F(AuthenticationTest, EveryOperationRefusesMissingWrongExpiredAndDeletedKeys)
{
    auto [expiredId, expired] = createKey({{QStringLiteral("name"), QStringLiteral("old")},
                                           {QStringLiteral("expire_at"), QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate)}});
    auto [deletedId, deleted] = createKey({{QStringLiteral("name"), QStringLiteral("gone")}});
    auto [liveId, live] = createKey({{QStringLiteral("name"), QStringLiteral("live")}});
    ASSERT_EQ(call("DELETE", QStringLiteral("/default/api/v1beta2/auth/api_keys/") + deletedId).status, 204);
    // The deleted key worked before it was deleted, the made key works: the refusals below are about the key.
    EXPECT_EQ(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"X-Api-Key", live}}).status, 200);
    QByteArray before = listing();

    const QList<QPair<const char *, QList<QPair<QByteArray, QByteArray>>>> refused{
        {"missing", {}},
        {"wrong", {{"X-Api-Key", QByteArray(live).replace(5, 1, live[5] == 'A' ? "B" : "A")}}},
        {"empty", {{"X-Api-Key", ""}}},
        {"expired", {{"X-Api-Key", expired}}},
        {"deleted", {{"X-Api-Key", deleted}}},
        {"expired as ApiKey", {{"Authorization", "ApiKey " + expired}}},
        {"deleted as Bearer", {{"Authorization", "Bearer " + deleted}}},
        {"wrong password", {{"Authorization", "Basic " + QByteArray("admin:nope").toBase64()}}},
        {"unknown scheme", {{"Authorization", "Digest " + live}}},
    };
    int tried = 0;
    for (const auto &op : SchemaValidator::embedded().operations()) {
        QString path = QString(op.pathTemplate).replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), QStringLiteral("s"));
        for (const QString &base : {QStringLiteral("/default/api"), QStringLiteral("/api")}) {
            for (const auto &[what, headers] : refused) {
                auto withType = headers;
                withType.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
                HttpReply reply = call(op.method.toLatin1(), base + path, R"({"name":"s","sql":"SELECT 1","query":"SELECT 1"})", withType);
                ++tried;
                EXPECT_EQ(reply.status, 401) << what << ": " << op.method.toStdString() << " " << (base + path).toStdString() << " -> " << reply.body.toStdString();
                EXPECT_TRUE(reply.object().contains(QStringLiteral("message"))) << what << " " << path.toStdString();
            }
        }
    }
    EXPECT_GT(tried, 9 * 2 * 80); // every operation of the document, not a handful
    EXPECT_EQ(listing(), before) << "a refused request changed something";
    std::printf("tst_Authentication: %d refused requests over %lld operations\n", tried,
                static_cast<long long>(SchemaValidator::embedded().operations().size()));
}

TEST_F(AuthenticationTest, KeysAreStoredOnlyAsHashes)
{
    auto [id, key] = createKey({{QStringLiteral("name"), QStringLiteral("secret")}});
    ASSERT_FALSE(key.isEmpty());
    HttpReply listed = get(QStringLiteral("/v1beta2/auth/api_keys"));
    EXPECT_FALSE(listed.body.contains(key)) << "the list shows a key";
    EXPECT_FALSE(listed.body.contains(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex())) << "the list shows a hash";
    m_ws->shutdown(); // everything on disk
    m_server.reset();
    m_ws.reset();
    int files = 0;
    for (QDirIterator it(m_dir.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        QFile file(it.next());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        ++files;
        EXPECT_FALSE(bytes.contains(key)) << it.filePath().toStdString() << " holds the key in clear";
        EXPECT_FALSE(bytes.contains(kKey.toUtf8())) << it.filePath().toStdString() << " holds the bootstrap key";
    }
    EXPECT_GT(files, 0);
    startServer(); // and the key still works after the restart, from its hash alone
    EXPECT_EQ(call("GET", QStringLiteral("/default/api/v1beta2/streams"), {}, {{"X-Api-Key", key}}).status, 200);
}
