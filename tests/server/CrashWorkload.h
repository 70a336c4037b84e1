#pragma once
// The clients of the crash harness: ingest loops that remember which rows the server
// acknowledged, a live SSE query that remembers what it saw, and one-off requests whose answer
// may never come (the server can die at any moment). Everything runs on the test's event loop.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <functional>
#include <random>
#include "TidelinedChild.h"

namespace tideline::server::testing {

inline QNetworkRequest apiRequest(const TidelinedChild &server, const QString &path)
{
    QNetworkRequest request(QUrl(server.url(path)));
    request.setRawHeader("X-Api-Key", server.key());
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return request;
}

// One stream's writer: one request in flight at a time, so rows arrive in id order (ids are
// unique and increasing). `acked` holds the ids of every request answered 200; a request cut
// by the kill is neither acknowledged nor retried, so its rows may be stored at most once.
class IngestLoop {
public:
    using RowMaker = std::function<QJsonArray(qint64 id)>;
    IngestLoop(QString stream, QJsonArray columns, RowMaker row, qint64 firstId, int maxRows, int pauseMs)
        : m_stream(std::move(stream)), m_columns(std::move(columns)), m_row(std::move(row)), m_nextId(firstId), m_maxRows(maxRows), m_pauseMs(pauseMs)
    {
    }
    void start(QNetworkAccessManager &nam, const TidelinedChild &server, std::mt19937_64 &rng)
    {
        m_nam = &nam;
        m_server = &server;
        m_rng = &rng;
        m_running = true;
        ++m_generation; // a pause timer of an earlier run must not start a second loop
        sendNext();
    }
    void stop()
    {
        m_running = false;
        if (m_reply)
            m_reply->abort();
    }
    // Sends `n` rows now and waits for the answer (kept in lastReply); true when acknowledged.
    bool ingestMany(BlockingHttp &http, int n)
    {
        auto [ids, body] = batch(n);
        lastReply = http.send("POST", QStringLiteral("/streams/%1/ingest").arg(m_stream), body);
        if (lastReply.status != 200)
            return false;
        acked.unite(ids);
        return true;
    }
    // Sends one row made by `row` (not the loop's own maker) now and waits; its id when acknowledged.
    std::optional<qint64> ingestOne(BlockingHttp &http, const RowMaker &row)
    {
        qint64 id = m_nextId++;
        sent.insert(id);
        QJsonObject body{{QStringLiteral("columns"), m_columns}, {QStringLiteral("data"), QJsonArray{QJsonValue(row(id))}}};
        lastReply = http.send("POST", QStringLiteral("/streams/%1/ingest").arg(m_stream), QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (lastReply.status != 200)
            return std::nullopt;
        acked.insert(id);
        return id;
    }
    qint64 nextId() const { return m_nextId; }
    const QString &stream() const { return m_stream; }

    QSet<qint64> sent, acked;
    HttpReply lastReply;
    int requestsAcked = 0;

private:
    std::pair<QSet<qint64>, QByteArray> batch(int n)
    {
        QSet<qint64> ids;
        QJsonArray data;
        for (int i = 0; i < n; ++i) {
            ids.insert(m_nextId);
            data.append(m_row(m_nextId++));
        }
        sent.unite(ids);
        QJsonObject body{{QStringLiteral("columns"), m_columns}, {QStringLiteral("data"), data}};
        return {ids, QJsonDocument(body).toJson(QJsonDocument::Compact)};
    }
    void sendNext()
    {
        if (!m_running)
            return;
        int n = std::uniform_int_distribution<int>(1, m_maxRows)(*m_rng);
        auto [ids, body] = batch(n);
        m_reply = m_nam->post(apiRequest(*m_server, QStringLiteral("/streams/%1/ingest").arg(m_stream)), body);
        QObject::connect(m_reply, &QNetworkReply::finished, m_reply, [this, ids = ids, reply = m_reply.data()] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                acked.unite(ids);
                ++requestsAcked;
            }
            reply->deleteLater();
            m_reply = nullptr;
            if (m_pauseMs > 0)
                QTimer::singleShot(m_pauseMs, [this, generation = m_generation] {
                    if (generation == m_generation)
                        sendNext();
                });
            else
                sendNext();
        });
    }

    QString m_stream;
    QJsonArray m_columns;
    RowMaker m_row;
    qint64 m_nextId;
    int m_maxRows, m_pauseMs;
    bool m_running = false;
    int m_generation = 0;
    QNetworkAccessManager *m_nam = nullptr;
    const TidelinedChild *m_server = nullptr;
    std::mt19937_64 *m_rng = nullptr;
    QPointer<QNetworkReply> m_reply;
};

// A streaming query read as its events arrive: the first column of every row as an id.
class LiveQuery {
public:
    void start(QNetworkAccessManager &nam, const TidelinedChild &server, const QString &sql)
    {
        QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("sql"), sql}}).toJson(QJsonDocument::Compact);
        m_reply = nam.post(apiRequest(server, QStringLiteral("/queries")), body);
        QObject::connect(m_reply, &QNetworkReply::readyRead, m_reply, [this] { onData(); });
    }
    void stop()
    {
        if (m_reply) {
            m_reply->abort();
            m_reply->deleteLater();
        }
    }
    QList<qint64> ids;
    int outOfOrder = 0;

private:
    void onData()
    {
        QList<api::SseEvent> events;
        m_decoder.feed(m_reply->readAll(), events);
        for (const auto &e : events) {
            if (e.event != "message")
                continue;
            for (const auto &row : QJsonDocument::fromJson(e.data).array()) {
                qint64 id = row.toArray().at(0).toInteger();
                if (!ids.isEmpty() && id <= ids.last())
                    ++outOfOrder;
                ids.append(id);
            }
        }
    }
    QPointer<QNetworkReply> m_reply;
    api::SseDecoder m_decoder;
};

// A request whose answer is acted on only if it comes (the server may be killed first).
inline void requestThen(QNetworkAccessManager &nam, const TidelinedChild &server, const QByteArray &method, const QString &path,
                        const QByteArray &body, std::function<void(int status)> then)
{
    QNetworkReply *reply = nam.sendCustomRequest(apiRequest(server, path), method, body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, then = std::move(then)] {
        then(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        reply->deleteLater();
    });
}

} // namespace tideline::server::testing
