// A full disk under the real tidelined. Without root there is no small filesystem to fill, so
// the child runs under a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write past it fails
// with EFBIG, which the stream log treats as ENOSPC (Proton's 243 NOT_ENOUGH_SPACE). Raising the
// limit of the running process with prlimit() is the space coming back. A user must see:
// writers get 507 Insufficient Storage with code 243, nothing acknowledged is lost, reads and
// live queries go on, and once there is space writes succeed again without a restart; after a
// SIGKILL every acknowledged row is there exactly once.
#include <QCryptographicHash>
#include <QTemporaryDir>
#include <csignal>
#include <sys/resource.h>
#include "CrashWorkload.h"

using namespace tideline::server::testing;

namespace {

constexpr rlim_t kFileLimit = 8 << 20;

// 2000 rows of about 80 bytes that LZ4 cannot shrink much.
QJsonArray paddedRow(qint64 id)
{
    QByteArray pad = QCryptographicHash::hash(QByteArray::number(id), QCryptographicHash::Sha256).toHex();
    return QJsonArray{id, QString::fromLatin1(pad)};
}

bool setFileLimit(qint64 pid, rlim_t limit)
{
    struct rlimit value{limit, RLIM_INFINITY};
    return ::prlimit(static_cast<pid_t>(pid), RLIMIT_FSIZE, &value, nullptr) == 0;
}

} // namespace

TEST(TidelinedFullDisk, WritersGet507NothingAcknowledgedIsLostAndWritesResumeWithSpace)
{
    QTemporaryDir dir;
    TidelinedChild server(dir.filePath(QStringLiteral("data")), dir.filePath(QStringLiteral("key")), "full-disk-key-0123456789");
    server.setChildModifier([] {
        std::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead of killing the process
        struct rlimit value{kFileLimit, RLIM_INFINITY};
        ::setrlimit(RLIMIT_FSIZE, &value);
    });
    ASSERT_TRUE(server.start()) << server.error().toStdString();
    BlockingHttp http(server);
    QJsonObject stream{{QStringLiteral("name"), QStringLiteral("s")},
                       {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("pad")}, {QStringLiteral("type"), QStringLiteral("string")}}}}};
    ASSERT_EQ(http.post(QStringLiteral("/streams"), stream).status, 201);
    LiveQuery live;
    live.start(http.nam(), server, QStringLiteral("SELECT id FROM s"));
    spinUntil([] { return false; }, 500); // the live query subscribes

    IngestLoop writer(QStringLiteral("s"), QJsonArray{QStringLiteral("id"), QStringLiteral("pad")}, paddedRow, 1, 2000, 0);
    HttpReply refused;
    int accepted = 0;
    for (int i = 0; i < 1000 && refused.status == 0; ++i) {
        if (writer.ingestMany(http, 2000))
            ++accepted;
        else
            refused = writer.lastReply;
    }
    ASSERT_EQ(refused.status, 507) << refused.body.toStdString();
    EXPECT_EQ(refused.object().value(QStringLiteral("code")).toInt(), 243);
    EXPECT_FALSE(refused.object().value(QStringLiteral("message")).toString().isEmpty());
    EXPECT_GT(accepted, 10);

    // Still full: refused again, and nothing of the refused batches is visible.
    EXPECT_FALSE(writer.ingestMany(http, 2000));
    EXPECT_EQ(writer.lastReply.status, 507);
    EXPECT_EQ(http.send("GET", QStringLiteral("/streams")).status, 200);
    auto counted = http.query(QStringLiteral("SELECT count(), unique_exact(id) FROM table(s)"));
    ASSERT_TRUE(counted);
    EXPECT_EQ(counted->at(0).toArray().at(0).toInteger(), writer.acked.size());
    EXPECT_EQ(counted->at(0).toArray().at(1).toInteger(), writer.acked.size());

    ASSERT_TRUE(setFileLimit(server.pid(), RLIM_INFINITY)); // space is back
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(writer.ingestMany(http, 2000)) << writer.lastReply.status << " " << writer.lastReply.body.toStdString();
    counted = http.query(QStringLiteral("SELECT count(), unique_exact(id) FROM table(s)"));
    ASSERT_TRUE(counted);
    EXPECT_EQ(counted->at(0).toArray().at(0).toInteger(), writer.acked.size());
    // The live query saw every acknowledged row, in order, across the full disk.
    spinUntil([&] { return live.ids.size() >= writer.acked.size(); }, 10000);
    EXPECT_EQ(live.ids.size(), writer.acked.size());
    EXPECT_EQ(live.outOfOrder, 0);
    live.stop();

    server.kill(); // and it is all durable
    server.setChildModifier({});
    ASSERT_TRUE(server.start()) << server.error().toStdString();
    BlockingHttp again(server);
    counted = again.query(QStringLiteral("SELECT count(), unique_exact(id) FROM table(s)"));
    ASSERT_TRUE(counted);
    EXPECT_EQ(counted->at(0).toArray().at(0).toInteger(), writer.acked.size());
    EXPECT_EQ(counted->at(0).toArray().at(1).toInteger(), writer.acked.size());
    std::printf("tst_TidelinedFullDisk: %d batches accepted before the %llu-byte limit, %lld rows kept\n", accepted,
                static_cast<unsigned long long>(kFileLimit), static_cast<long long>(writer.acked.size()));
}
