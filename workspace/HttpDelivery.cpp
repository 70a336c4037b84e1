#include "workspace/HttpDelivery.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <optional>

namespace tideline::workspace {

HttpDelivery::HttpDelivery() : m_thread(new QThread), m_nam(new QNetworkAccessManager)
{
    m_thread->setObjectName(QStringLiteral("http-delivery"));
    m_nam->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_nam, &QObject::deleteLater);
    m_thread->start();
}

HttpDelivery::~HttpDelivery()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void HttpDelivery::post(HttpRequestSpec request, Done done)
{
    auto shared = std::make_shared<HttpRequestSpec>(std::move(request));
    QMetaObject::invokeMethod(m_nam, [this, shared, done = std::move(done)] { attempt(shared, 1, done); }, Qt::QueuedConnection);
}

void HttpDelivery::attempt(std::shared_ptr<HttpRequestSpec> request, int attemptNumber, Done done)
{
    QNetworkRequest r(request->url);
    r.setHeader(QNetworkRequest::ContentTypeHeader, request->contentType);
    r.setTransferTimeout(request->timeoutMs);
    for (const auto &[name, value] : request->headers)
        r.setRawHeader(name, value);
    QNetworkReply *reply = m_nam->sendCustomRequest(r, request->method, request->body);
    QObject::connect(reply, &QNetworkReply::finished, m_nam, [this, reply, request, attemptNumber, done] {
        reply->deleteLater();
        int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        bool ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
        if (ok)
            return done(true, attemptNumber, QString());
        QString error = reply->error() != QNetworkReply::NoError ? reply->errorString() : QStringLiteral("HTTP %1").arg(status);
        // A 4xx other than 408/429 will not get better by retrying.
        bool permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        if (permanent || attemptNumber >= request->maxAttempts)
            return done(false, attemptNumber, error);
        int delay = std::min(30000, request->firstBackoffMs << (attemptNumber - 1));
        QTimer::singleShot(delay, m_nam, [this, request, attemptNumber, done] { attempt(request, attemptNumber + 1, done); });
    });
}

QString renderTemplate(const QString &text, const std::function<std::optional<QString>(const QString &)> &values)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*\\}\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        auto m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        auto value = values(m.captured(1));
        out += value ? *value : m.captured(0);
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

} // namespace tideline::workspace
