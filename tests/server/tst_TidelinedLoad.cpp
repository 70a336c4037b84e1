// Load on the real tidelined over loopback: 100 SSE clients subscribed to one stream while
// writers ingest at up to 1 M rows/s, and one client that never reads its (unfiltered) result.
// What a user would notice is checked: every client's running count ends exactly at the number
// of acknowledged rows (nothing lost, for anyone), the reading clients keep getting their
// periodic updates while the stalled one blocks (no client waits for another), the stored rows
// are exactly the acknowledged ones, and the server's resident memory (VmHWM, from /proc) stays
// under the stated bound through the load (VmHWM, read before the final check queries). TIDELINE_LOAD_SECONDS (default 10; scripts/reliability.sh: 60),
// TIDELINE_LOAD_ROWS_PER_SECOND (default 1000000) and TIDELINE_LOAD_MIN_RATE (rows/s the run
// must reach; default 0, since CI machines vary) set the run.
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <charconv>
#include <set>
#include "CrashWorkload.h"

using namespace tideline::server::testing;

namespace {

constexpr int kClients = 100;
constexpr qint64 kMemoryBoundKb = 1536 * 1024; // the stated bound: 1.5 GiB resident
constexpr int kRowsPerRequest = 50000;
constexpr int kMaxInFlight = 4;

double envNumber(const char *name, double fallback)
{
    bool ok = false;
    double v = qEnvironmentVariable(name).toDouble(&ok);
    return ok ? v : fallback;
}

// Like spinUntil, but sleeps in the event loop between events instead of polling: a spinning
// load generator polls its 101 sockets without pause and takes a core from the server.
template <class Pred>
bool waitUntil(Pred done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || timer.elapsed() > timeoutMs)
            loop.quit();
    });
    check.start(5);
    if (!done())
        loop.exec();
    return done();
}

// A compact-format body of rows [id, id % 16], written by hand with to_chars: QJsonDocument
// (and even QByteArray::number) is too slow to produce a million rows a second on the same two
// cores as the server.
QByteArray rowsBody(qint64 firstId, int rows)
{
    static constexpr char kHead[] = R"({"columns":["id","k"],"data":[)";
    QByteArray body(qsizetype(sizeof kHead + rows * 28 + 8), Qt::Uninitialized);
    char *out = body.data(), *end = out + body.size();
    out = std::copy_n(kHead, sizeof kHead - 1, out);
    for (int i = 0; i < rows; ++i) {
        qint64 id = firstId + i;
        if (i)
            *out++ = ',';
        *out++ = '[';
        out = std::to_chars(out, end, id).ptr;
        *out++ = ',';
        out = std::to_chars(out, end, id % 16).ptr;
        *out++ = ']';
    }
    *out++ = ']';
    *out++ = '}';
    body.truncate(out - body.data());
    return body;
}

// Paces requests of kRowsPerRequest rows to the target rate with at most kMaxInFlight open.
class PacedWriter {
public:
    PacedWriter(const TidelinedChild &server, double rowsPerSecond) : m_server(server), m_rate(rowsPerSecond) {}
    void run(int seconds)
    {
        QElapsedTimer clock;
        clock.start();
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, [&] {
            double due = m_rate * clock.elapsed() / 1000.0;
            while (m_inFlight < kMaxInFlight && m_sentRows < due && clock.elapsed() < seconds * 1000)
                send();
        });
        tick.start(10);
        waitUntil([&] { return clock.elapsed() >= seconds * 1000 && m_inFlight == 0; }, seconds * 1000 + 60000);
        m_seconds = clock.elapsed() / 1000.0;
    }
    qint64 ackedRows = 0, ackedIdSum = 0, failed = 0;
    std::set<qint64> ackedFirsts; // the first id of every acknowledged request
    double seconds() const { return m_seconds; }

private:
    void send()
    {
        qint64 first = m_sentRows;
        m_sentRows += kRowsPerRequest;
        ++m_inFlight;
        QNetworkReply *reply = m_nam.post(apiRequest(m_server, QStringLiteral("/streams/s/ingest")), rowsBody(first, kRowsPerRequest));
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, first] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                ackedRows += kRowsPerRequest;
                ackedFirsts.insert(first);
                ackedIdSum += kRowsPerRequest * first + qint64(kRowsPerRequest) * (kRowsPerRequest - 1) / 2;
            } else {
                ++failed;
            }
            --m_inFlight;
            reply->deleteLater();
        });
    }
    const TidelinedChild &m_server;
    double m_rate, m_seconds = 0;
    QNetworkAccessManager m_nam;
    qint64 m_sentRows = 0;
    int m_inFlight = 0;
};

// The newest count a client has seen, and the longest wait between two of its updates.
struct Updates {
    qint64 latest = -1;
    qint64 longestGapMs = 0;
};

Updates updatesOf(const SseClient &client, const QList<qint64> &arrivals)
{
    Updates u;
    QJsonArray rows = client.rows();
    if (!rows.isEmpty())
        u.latest = rows.last().toArray().at(0).toInteger();
    for (qsizetype i = 1; i < arrivals.size(); ++i)
        u.longestGapMs = std::max(u.longestGapMs, arrivals[i] - arrivals[i - 1]);
    return u;
}

} // namespace

TEST(TidelinedLoad, HundredSseClientsAndFastIngestLoseNothingAndStayWithinMemory)
{
    const int seconds = static_cast<int>(envNumber("TIDELINE_LOAD_SECONDS", 10));
    const double rate = envNumber("TIDELINE_LOAD_ROWS_PER_SECOND", 1e6);
    QTemporaryDir dir;
    TidelinedChild server(dir.filePath(QStringLiteral("data")), dir.filePath(QStringLiteral("key")), kKey.toUtf8());
    ASSERT_TRUE(server.start()) << server.error().toStdString();
    BlockingHttp http(server);
    QJsonObject stream{{QStringLiteral("name"), QStringLiteral("s")},
                       {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("k")}, {QStringLiteral("type"), QStringLiteral("int32")}}}}};
    ASSERT_EQ(http.post(QStringLiteral("/streams"), stream).status, 201);
    quint16 port = static_cast<quint16>(QUrl(server.url({})).port());

    // The stalled client: an unfiltered query whose socket stops reading after 64 KiB.
    QTcpSocket stalled;
    stalled.setReadBufferSize(64 << 10);
    stalled.connectToHost(QHostAddress::LocalHost, port);
    ASSERT_TRUE(stalled.waitForConnected(5000));
    QByteArray body = R"({"sql":"SELECT * FROM s"})";
    stalled.write("POST /default/api/v1beta2/queries HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + kKey.toUtf8()
                  + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);

    std::vector<std::unique_ptr<SseClient>> clients;
    std::vector<QList<qint64>> arrivals(kClients);
    QElapsedTimer since;
    since.start();
    bool measuring = false; // gaps count only while rows are flowing
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<SseClient>(port, "SELECT count() FROM s EMIT PERIODIC 1s"));
        QObject::connect(&clients.back()->socket(), &QTcpSocket::readyRead, [&, i] {
            if (measuring)
                arrivals[i].append(since.elapsed());
        });
    }
    for (auto &c : clients) // subscribed before the first row, so every count starts at zero
        ASSERT_TRUE(c->waitForEvents(1, 30000)) << "a client got no query event";

    qint64 peakDuring = 0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { peakDuring = std::max(peakDuring, server.memoryKb()); });
    sampler.start(250);
    PacedWriter writer(server, rate);
    measuring = true;
    writer.run(seconds);
    measuring = false;
    sampler.stop();
    double achieved = writer.ackedRows / writer.seconds();

    // Every reading client's count reaches exactly what was acknowledged.
    bool allCaughtUp = waitUntil([&] {
        return std::all_of(clients.begin(), clients.end(), [&](auto &c) { return updatesOf(*c, {}).latest == writer.ackedRows; });
    }, 60000);
    int behind = 0;
    qint64 worstGap = 0;
    for (int i = 0; i < kClients; ++i) {
        Updates u = updatesOf(*clients[i], arrivals[i]);
        behind += u.latest == writer.ackedRows ? 0 : 1;
        worstGap = std::max(worstGap, u.longestGapMs);
    }
    EXPECT_TRUE(allCaughtUp) << behind << " of " << kClients << " clients did not count every acknowledged row";
    EXPECT_LT(worstGap, 5000) << "a reading client waited " << worstGap << " ms for an update";
    EXPECT_EQ(writer.failed, 0);
    EXPECT_EQ(stalled.state(), QAbstractSocket::ConnectedState) << "the stalled client was dropped";

    // The bound is for the load: read the peak before the check queries below, which scan
    // everything stored and need memory of their own.
    qint64 peakKb = server.memoryKb("VmHWM:");

    // Stored exactly once, checked per record: one request is one block is one log record, so
    // every record must be one acknowledged request whole (its 50 000 consecutive ids, by count,
    // min, max and sum) and every acknowledged request exactly one record. This is linear; an
    // exact distinct count over the 60 M ids of a full run took over 300 s here.
    auto records = http.query(QStringLiteral("SELECT min(id), count(), max(id), sum(id) FROM table(s) GROUP BY _tp_sn"), 300000);
    ASSERT_TRUE(records);
    std::set<qint64> storedFirsts;
    int badRecords = 0, repeated = 0;
    const qint64 n = kRowsPerRequest;
    for (const auto &r : *records) {
        QJsonArray row = r.toArray();
        qint64 first = row.at(0).toInteger();
        bool whole = row.at(1).toInteger() == n && row.at(2).toInteger() == first + n - 1 && row.at(3).toInteger() == n * first + n * (n - 1) / 2;
        badRecords += whole ? 0 : 1;
        repeated += storedFirsts.insert(first).second ? 0 : 1;
    }
    EXPECT_EQ(badRecords, 0) << "records that are not one whole request";
    EXPECT_EQ(repeated, 0) << "requests stored twice";
    EXPECT_TRUE(storedFirsts == writer.ackedFirsts) << storedFirsts.size() << " requests stored, " << writer.ackedFirsts.size() << " acknowledged";
    auto totals = http.query(QStringLiteral("SELECT count(), sum(id) FROM table(s)"), 300000);
    ASSERT_TRUE(totals);
    EXPECT_EQ(totals->at(0).toArray().at(0).toInteger(), writer.ackedRows);
    EXPECT_EQ(totals->at(0).toArray().at(1).toInteger(), writer.ackedIdSum);

    qint64 checkPeakKb = server.memoryKb("VmHWM:");
    EXPECT_LT(peakKb, kMemoryBoundKb) << "peak RSS " << peakKb << " KiB";
    EXPECT_GE(achieved, envNumber("TIDELINE_LOAD_MIN_RATE", 0)) << "ingest rate";
    std::printf("tst_TidelinedLoad: %d SSE clients + 1 stalled, %.0f s, %lld rows acknowledged (%.0f rows/s, target %.0f), "
                "peak RSS %lld MiB under load (bound %lld MiB; %lld MiB after the check queries), longest gap between updates %lld ms\n",
                kClients, writer.seconds(), static_cast<long long>(writer.ackedRows), achieved, rate, static_cast<long long>(peakKb / 1024),
                static_cast<long long>(kMemoryBoundKb / 1024), static_cast<long long>(checkPeakKb / 1024), static_cast<long long>(worstGap));
    stalled.abort();
    clients.clear();
    EXPECT_EQ(server.terminate(), 0);
}
