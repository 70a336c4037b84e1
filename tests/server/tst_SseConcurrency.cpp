// 50 streaming queries over SSE, continuous ingest, and one client that never reads: every
// other client keeps receiving rows on time, ingest is never held up, and the stalled query is
// held back by back-pressure (bounded memory) rather than buffered without end.
#include <QElapsedTimer>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ServerFixture.h"

using namespace tideline::server::testing;

namespace {

// A client that sends its query and then never reads: a plain socket with a tiny receive buffer.
class StalledClient {
public:
    explicit StalledClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        QByteArray body = R"({"sql":"SELECT * FROM c","batching_policy":{"count":1}})";
        QByteArray request = "POST /api/v1beta2/queries HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + kKey.toUtf8()
                             + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        m_connected = m_connected && ::send(m_fd, request.constData(), static_cast<size_t>(request.size()), 0) == request.size();
    }
    ~StalledClient() { ::close(m_fd); }
    bool connected() const { return m_connected; }

private:
    int m_fd = -1;
    bool m_connected = false;
};

QByteArray batch(int round, int rows)
{
    QByteArray pad(1000, 'p');
    QByteArray body = R"({"columns":["id","v","pad"],"data":[)";
    for (int i = 0; i < rows; ++i)
        body += (i ? "," : "") + QByteArray("[\"r") + QByteArray::number(round) + "\"," + QByteArray::number(round * rows + i) + ",\"" + pad + "\"]";
    return body + "]}";
}

} // namespace

TEST_F(ServerFixture, FiftyStreamingClientsKeepUpWhileOneIsStalled)
{
    QJsonArray columns{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")}, {QStringLiteral("type"), QStringLiteral("string")}},
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("v")}, {QStringLiteral("type"), QStringLiteral("int64")}},
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("pad")}, {QStringLiteral("type"), QStringLiteral("string")}}};
    ASSERT_EQ(post(QStringLiteral("/v1beta2/streams"), QJsonObject{{QStringLiteral("name"), QStringLiteral("c")}, {QStringLiteral("columns"), columns}}).status, 201);

    StalledClient stalled(m_port);
    ASSERT_TRUE(stalled.connected());
    std::vector<std::unique_ptr<SseClient>> clients;
    for (int i = 0; i < 50; ++i)
        clients.push_back(std::make_unique<SseClient>(m_port, "SELECT id, v, pad FROM c"));
    for (auto &client : clients)
        ASSERT_TRUE(client->waitForEvents(1)) << "every query is subscribed before ingest starts";
    ASSERT_TRUE(spinUntil([&] { return get(QStringLiteral("/v1beta2/queries")).array().size() == 51; }));

    // 40 rounds x 200 rows x ~1 KB: ~8 MB for each client, far beyond what the stalled one's
    // socket buffers hold, so its query must be held back while the others go on.
    const int rounds = 40, rowsPerRound = 200;
    qint64 slowestRoundMs = 0, slowestIngestMs = 0;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        ASSERT_EQ(call("POST", QStringLiteral("/api/v1beta2/streams/c/ingest"), batch(round, rowsPerRound)).status, 200);
        slowestIngestMs = std::max(slowestIngestMs, timer.elapsed());
        qsizetype expected = qsizetype(round + 1) * rowsPerRound;
        bool allCaughtUp = spinUntil([&] {
            return std::all_of(clients.begin(), clients.end(), [&](const auto &c) { return c->rowCount() >= expected; });
        }, 10000);
        ASSERT_TRUE(allCaughtUp) << "round " << round << ": a client fell behind while another one stalled";
        slowestRoundMs = std::max(slowestRoundMs, timer.elapsed());
    }
    for (auto &client : clients)
        EXPECT_EQ(client->rowCount(), qsizetype(rounds) * rowsPerRound);
    // Generous bounds for a loaded 2-core CI machine; a stall would take the 10 s timeout.
    EXPECT_LT(slowestRoundMs, 5000);
    EXPECT_LT(slowestIngestMs, 2000) << "ingest must never wait for a query";
    std::cout << "slowest round " << slowestRoundMs << " ms, slowest ingest " << slowestIngestMs << " ms\n";

    // The stalled client's query is still alive (held back, not failed) and counts far fewer rows.
    auto queries = get(QStringLiteral("/v1beta2/queries")).array();
    int running = 0;
    for (const auto &q : queries)
        running += q.toObject().value(QStringLiteral("status")).toString() == QLatin1String("running") ? 1 : 0;
    EXPECT_EQ(running, 51);
}
