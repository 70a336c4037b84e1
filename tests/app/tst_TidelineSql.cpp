// tideline-sql as scripts use it, the real executable on a temporary data folder: results in the
// asked format, errors on stderr in clickhouse-client's form with its exit status (the code, modulo
// 256), scripts from stdin, test-mode error hints, and Kafka external streams read and written
// through librdkafka's mock cluster (a real Kafka protocol peer in this process, over TCP).
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include "tests/common/KafkaMockCluster.h"

namespace {

struct Outcome {
    int exitCode = -1;
    QString out, err;
};

class TidelineSql : public ::testing::Test {
protected:
    Outcome sql(const QStringList &args, const QByteArray &stdinText = {})
    {
        QProcess p;
        p.setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tideline-sql"));
        p.setArguments(QStringList{QStringLiteral("--data-dir"), m_dir.path()} + args);
        p.start();
        EXPECT_TRUE(p.waitForStarted(10000));
        p.write(stdinText);
        p.closeWriteChannel();
        EXPECT_TRUE(p.waitForFinished(60000));
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    Outcome query(const QString &text, const QStringList &more = {}) { return sql(QStringList{QStringLiteral("--query"), text} + more); }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(TidelineSql, RunsScriptsAndPrintsInTheAskedFormat)
{
    Outcome made = sql({}, "CREATE STREAM s (a int32, b string);\nINSERT INTO s (a, b) VALUES (1, 'x'), (2, 'y');\n");
    ASSERT_EQ(made.exitCode, 0) << made.err.toStdString();
    Outcome rows = query(QStringLiteral("SELECT a, b FROM table(s) ORDER BY a"));
    EXPECT_EQ(rows.exitCode, 0);
    EXPECT_EQ(rows.out.toStdString(), "1\tx\n2\ty\n");
    Outcome json = query(QStringLiteral("SELECT sum(a) AS total FROM table(s)"), {QStringLiteral("--format"), QStringLiteral("JSONEachRow")});
    EXPECT_EQ(json.out.toStdString(), "{\"total\":\"3\"}\n"); // 64-bit integers quoted, as ClickHouse's JSON formats do
}

TEST_F(TidelineSql, AnErrorExitsWithItsCodeAsClickhouseClientDoes)
{
    Outcome syntax = query(QStringLiteral("SELEC 1"));
    EXPECT_EQ(syntax.exitCode, 62);
    EXPECT_TRUE(syntax.err.startsWith(QLatin1String("Code: 62. DB::Exception: Syntax error"))) << syntax.err.toStdString();
    EXPECT_TRUE(syntax.out.isEmpty());
    EXPECT_EQ(query(QStringLiteral("SELECT * FROM nowhere")).exitCode, 60);
    // A script stops at its first error, whose code is the exit status; what ran before stays.
    Outcome script = sql({}, "CREATE STREAM t (a int32);\nINSERT INTO t (a) VALUES (1);\nSELECT nope FROM t;\nINSERT INTO t (a) VALUES (2);\n");
    EXPECT_EQ(script.exitCode, 47) << script.err.toStdString();
    EXPECT_EQ(query(QStringLiteral("SELECT count() FROM table(t)")).out.toStdString(), "1\n");
    // Test mode: an expected error is a success.
    Outcome hinted = sql({QStringLiteral("--testmode")}, "SELECT * FROM nowhere; -- { serverError 60 }\nSELECT 7;\n");
    EXPECT_EQ(hinted.exitCode, 0) << hinted.err.toStdString();
    EXPECT_EQ(hinted.out.toStdString(), "7\n");
}

TEST_F(TidelineSql, ReadsAndWritesKafkaExternalStreams)
{
    tideline::testing::KafkaMockCluster kafka;
    ASSERT_TRUE(kafka.ready() && kafka.createTopic("clicks", 1));
    const QString create = QStringLiteral("CREATE EXTERNAL STREAM clicks (id int64, page string) SETTINGS type='kafka', brokers='%1', "
                                          "topic='clicks', data_format='JSONEachRow', one_message_per_row=true")
                               .arg(kafka.bootstrap());
    ASSERT_EQ(query(create).exitCode, 0);
    Outcome wrote = query(QStringLiteral("INSERT INTO clicks (id, page) VALUES (1, '/a'), (2, '/b'), (3, '/c')"));
    ASSERT_EQ(wrote.exitCode, 0) << wrote.err.toStdString();
    Outcome read = query(QStringLiteral("SELECT id, page, _tp_sn FROM table(clicks) ORDER BY id"));
    EXPECT_EQ(read.exitCode, 0) << read.err.toStdString();
    EXPECT_EQ(read.out.toStdString(), "1\t/a\t0\n2\t/b\t1\n3\t/c\t2\n");
}
