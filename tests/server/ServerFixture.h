#pragma once
// An ApiServer on a fresh data folder, listening on 127.0.0.1 (a free port), and a small HTTP
// client over QNetworkAccessManager that waits (with a timeout) for whole responses, or reads
// an SSE response with a raw socket. Every test talks real HTTP over loopback.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>
#include "api/SchemaValidator.h"
#include "api/SseDecoder.h"
#include "server/ApiServer.h"
#include "workspace/Credentials.h"
#include "workspace/Workspace.h"

namespace tideline::server::testing {

inline const QString kKey = QStringLiteral("test-admin-key-0123456789");

struct HttpReply {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

// Spins the event loop until `done` or the timeout; false on timeout. The default is generous:
// it only bounds how long a failing test takes, and a sanitizer build on a busy machine is slow.
template <class Pred>
bool spinUntil(Pred done, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

class ServerFixture : public ::testing::Test {
protected:
    void SetUp() override { startServer(); }
    void TearDown() override
    {
        m_server.reset();
        if (m_ws)
            m_ws->shutdown();
        m_ws.reset();
    }

    void startServer(ServerOptions options = {})
    {
        m_server.reset();
        m_ws.reset();
        auto ws = workspace::Workspace::open({.dataDir = m_dir.path()});
        ASSERT_TRUE(ws.ok()) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
        m_ws->credentials().addBootstrapKey(kKey);
        m_server = std::make_unique<ApiServer>(*m_ws, options);
        m_port = m_server->listen(QHostAddress::LocalHost, 0);
        ASSERT_NE(m_port, 0);
    }

    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }

    HttpReply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   QList<QPair<QByteArray, QByteArray>> headers = {{"X-Api-Key", kKey.toUtf8()}})
    {
        QNetworkRequest request(url(path));
        for (const auto &[k, v] : headers)
            request.setRawHeader(k, v);
        if (!body.isEmpty() && request.rawHeader("Content-Type").isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        bool finished = spinUntil([&] { return reply->isFinished(); });
        HttpReply out;
        if (finished) {
            out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            out.body = reply->readAll();
            out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        }
        reply->deleteLater();
        return out;
    }
    HttpReply get(const QString &path) { return call("GET", QStringLiteral("/default/api") + path); }
    HttpReply post(const QString &path, const QJsonValue &json)
    {
        QByteArray body = json.isArray() ? QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
        return call("POST", QStringLiteral("/default/api") + path, body);
    }

    // Fails the test when `value` does not match the component schema `reference`.
    static void expectSchema(const QJsonValue &value, const QString &reference)
    {
        api::SchemaValidationOptions options;
        options.rejectUnknownProperties = false;
        auto errors = api::SchemaValidator::embedded().validate(value, reference, options);
        for (const auto &e : errors)
            ADD_FAILURE() << reference.toStdString() << " " << e.toString().toStdString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<workspace::Workspace> m_ws;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    QNetworkAccessManager m_nam;
};

// A raw-socket SSE reader: sends POST /queries and decodes events as bytes arrive.
class SseClient {
public:
    SseClient(quint16 port, const QByteArray &sql, const QByteArray &extra = {})
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        QByteArray body = "{\"sql\":" + QJsonDocument(QJsonArray{QString::fromUtf8(sql)}).toJson(QJsonDocument::Compact).mid(1).chopped(1) + extra + "}";
        m_socket.write("POST /default/api/v1beta2/queries HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + kKey.toUtf8()
                       + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onRead(); });
    }
    // Waits until at least `n` events arrived (or the connection closed).
    bool waitForEvents(qsizetype n, int timeoutMs = 10000)
    {
        return spinUntil([&] { return m_events.size() >= n || m_closed; }, timeoutMs) && m_events.size() >= n;
    }
    bool waitForClose(int timeoutMs = 10000)
    {
        return spinUntil([&] { return m_closed || m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    const QList<api::SseEvent> &events() const { return m_events; }
    const QByteArray &head() const { return m_head; }
    qsizetype rowCount() const { return m_rowCount; }
    QTcpSocket &socket() { return m_socket; }
    // Every row of every data event so far.
    QJsonArray rows() const
    {
        QJsonArray all;
        for (const auto &e : m_events)
            if (e.event == "message")
                for (const auto &row : QJsonDocument::fromJson(e.data).array())
                    all.append(row);
        return all;
    }

private:
    void onRead()
    {
        m_buffer += m_socket.readAll();
        if (!m_headDone) {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
            m_headDone = true;
        }
        // Chunked transfer: size line, data, CRLF.
        for (;;) {
            qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0)
                return;
            bool ok = false;
            qsizetype size = m_buffer.left(eol).toLongLong(&ok, 16);
            if (!ok || m_buffer.size() < eol + 2 + size + 2)
                return;
            if (size == 0) {
                m_closed = true;
                return;
            }
            qsizetype before = m_events.size();
            m_decoder.feed(QByteArrayView(m_buffer).sliced(eol + 2, size), m_events);
            m_buffer.remove(0, eol + 2 + size + 2);
            for (qsizetype i = before; i < m_events.size(); ++i)
                if (m_events[i].event == "message")
                    m_rowCount += QJsonDocument::fromJson(m_events[i].data).array().size();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer, m_head;
    bool m_headDone = false;
    bool m_closed = false;
    api::SseDecoder m_decoder;
    QList<api::SseEvent> m_events;
    qsizetype m_rowCount = 0;
};

} // namespace tideline::server::testing
