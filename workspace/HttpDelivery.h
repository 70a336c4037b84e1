#pragma once
// Outgoing HTTP for sinks and alert actions: POSTs (or PUTs) a body to a URL from a thread of
// its own (with its own event loop and QNetworkAccessManager), retrying failures with
// exponential back-off. Thread-safe: post() may be called from any thread (query threads do),
// and the callback runs on the delivery thread.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

class QThread;
class QNetworkAccessManager;

namespace tideline::workspace {

struct HttpRequestSpec {
    QUrl url;
    QByteArray method = "POST";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray contentType = "application/json";
    int maxAttempts = 5;     // first try included
    int firstBackoffMs = 500; // doubled after each failure, capped at 30 s
    int timeoutMs = 10000;
};

class HttpDelivery {
public:
    // (delivered, attempts made, last error message or empty)
    using Done = std::function<void(bool, int, const QString &)>;

    HttpDelivery();
    ~HttpDelivery();
    void post(HttpRequestSpec request, Done done);

private:
    void attempt(std::shared_ptr<HttpRequestSpec> request, int attemptNumber, Done done);
    QThread *m_thread;
    QNetworkAccessManager *m_nam; // lives on m_thread
};

// Replaces {{name}} placeholders with values from `values` (unknown names are left as they are).
QString renderTemplate(const QString &text, const std::function<std::optional<QString>(const QString &)> &values);

} // namespace tideline::workspace
