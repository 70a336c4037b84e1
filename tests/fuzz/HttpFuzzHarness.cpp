#include "HttpFuzzHarness.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <cstdlib>

#include "server/ApiServer.h"
#include "workspace/Credentials.h"
#include "workspace/Workspace.h"

namespace tideline::fuzz {
namespace {

// How long one input may keep the connection busy: a request that announces more body than it
// sends keeps the server waiting, and the fuzzer must move on.
constexpr int kInputBudgetMs = 150;

struct Response {
    int status = 0;
    bool eventStream = false;
    qsizetype end = -1; // offset just past the response, -1 while incomplete
};

// The first response in `bytes` from `from`, as far as it has arrived.
Response parseResponse(const QByteArray &bytes, qsizetype from)
{
    Response r;
    qsizetype headEnd = bytes.indexOf("\r\n\r\n", from);
    if (headEnd < 0 || !bytes.mid(from, 9).startsWith("HTTP/1."))
        return r;
    r.status = bytes.mid(from + 9, 3).toInt();
    QByteArray head = bytes.mid(from, headEnd - from).toLower();
    r.eventStream = head.contains("text/event-stream");
    qsizetype length = 0;
    if (qsizetype at = head.indexOf("content-length:"); at >= 0)
        length = head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
    if (head.contains("transfer-encoding: chunked")) {
        qsizetype last = bytes.indexOf("\r\n0\r\n\r\n", headEnd);
        r.end = last < 0 ? -1 : last + 7;
    } else if (bytes.size() >= headEnd + 4 + length) {
        r.end = headEnd + 4 + length;
    }
    return r;
}

} // namespace

HttpFuzzHarness::HttpFuzzHarness()
{
    auto ws = workspace::Workspace::open({.dataDir = m_dir.path()});
    if (!ws.ok())
        std::abort();
    m_workspace = std::move(*ws);
    m_workspace->credentials().addBootstrapKey(QString::fromLatin1(kFuzzKey));
    server::ServerOptions options;
    options.maxBodyBytes = 1 << 20;
    options.maxFailedLogins = 0; // wrong keys are inputs like any other, not an attack to throttle
    m_server = std::make_unique<server::ApiServer>(*m_workspace, options);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    if (m_port == 0)
        std::abort();
}

HttpFuzzHarness::~HttpFuzzHarness()
{
    m_server.reset();
    if (m_workspace)
        m_workspace->shutdown();
}

HttpFuzzHarness &HttpFuzzHarness::instance()
{
    // Torn down with the application, while its event loop still exists (a function-static
    // would outlive the QCoreApplication of main()).
    static HttpFuzzHarness *harness = [] {
        auto *h = new HttpFuzzHarness;
        qAddPostRoutine([] { delete harness; });
        return h;
    }();
    return *harness;
}

// Sends `bytes` on a new connection and reads the first answer; a 5xx is a failure. Returns when
// the answer (or a streaming answer's head) arrived, the server closed, or the budget ran out.
std::string HttpFuzzHarness::exchange(std::string_view bytes, bool patient, std::string &received)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QByteArray in;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { in += socket.readAll(); });
    socket.write(bytes.data(), qint64(bytes.size()));
    QElapsedTimer timer;
    timer.start();
    std::string failure;
    // One complete answer (or the head of a streaming one) ends the exchange: pipelined
    // requests after the first are rare in mutations and would cost the budget on every input.
    const int budget = patient ? 5000 : kInputBudgetMs;
    while (timer.elapsed() < budget && socket.state() != QAbstractSocket::UnconnectedState) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        Response r = parseResponse(in, 0);
        if (r.status == 0 || (r.end < 0 && !r.eventStream))
            continue;
        if (r.status >= 500)
            failure = "the server answered " + std::to_string(r.status) + ":\n" + in.left(400).toStdString();
        break;
    }
    received = in.toStdString();
    socket.abort();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 1); // let the server see the close
    return failure;
}

std::string HttpFuzzHarness::check(std::string_view bytes)
{
    std::string received;
    if (std::string failure = exchange(bytes, false, received); !failure.empty())
        return failure;
    std::string probe = std::string("GET /api/v1beta2/streams HTTP/1.1\r\nHost: x\r\nX-Api-Key: ") + kFuzzKey + "\r\n\r\n";
    if (std::string failure = exchange(probe, true, received); !failure.empty())
        return "after the input, a plain request failed: " + failure;
    if (received.rfind("HTTP/1.1 200", 0) != 0)
        return "after the input, a plain request got: " + received.substr(0, 200);
    return {};
}

} // namespace tideline::fuzz
