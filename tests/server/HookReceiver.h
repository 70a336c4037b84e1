#pragma once
// A real HTTP receiver for sink and alert tests: a QHttpServer on 127.0.0.1 that records every
// request body sent to /hook and answers 200, or fails the first `failFirst` requests with 500.
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace tideline::server::testing {

class HookReceiver {
public:
    HookReceiver()
    {
        m_server.route(QStringLiteral("/hook"), [this](const QHttpServerRequest &request) {
            if (m_failFirst > 0) {
                --m_failFirst;
                ++m_failed;
                return QHttpServerResponse(QHttpServerResponder::StatusCode::InternalServerError);
            }
            m_bodies.append(request.body());
            return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_port); }
    void failFirst(int n) { m_failFirst = n; }
    int failed() const { return m_failed; }
    const QList<QByteArray> &bodies() const { return m_bodies; }
    QJsonValue json(qsizetype i) const
    {
        QJsonDocument doc = QJsonDocument::fromJson(m_bodies[i]);
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    int m_failFirst = 0;
    int m_failed = 0;
    QList<QByteArray> m_bodies;
};

} // namespace tideline::server::testing
