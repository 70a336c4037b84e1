#include "workspace/RemoteFunctionRuntime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <future>

namespace tideline::workspace {

using engine::ColumnPtr;
using engine::Result;
using engine::Status;
using engine::UserFunctionDefinition;

namespace {

constexpr int kTimeoutExceeded = 159;
constexpr int kUdfInternalError = 2533;
constexpr int64_t kDefaultTimeoutMs = 10000; // Proton's default for remote UDFs

class RemoteFunction final : public engine::UserScalarFunction {
public:
    RemoteFunction(std::shared_ptr<RemoteFunctionRuntime> runtime, UserFunctionDefinition d) : m_runtime(std::move(runtime)), m_definition(std::move(d)) {}

    Result<ColumnPtr> call(const std::vector<ColumnPtr> &args, size_t rows) const override
    {
        std::string body = "{";
        for (size_t i = 0; i < args.size(); ++i) {
            if (i)
                body += ',';
            body += QJsonDocument(QJsonArray{QString::fromStdString(m_definition.arguments[i].name)}).toJson(QJsonDocument::Compact).mid(1).chopped(1).toStdString();
            body += ':' + engine::toJsonArray(*args[i], rows);
        }
        body += '}';
        auto reply = m_runtime->post(m_definition, body);
        if (!reply)
            return reply.status();
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(*reply), &error);
        QJsonValue result = doc.object().value(QStringLiteral("result"));
        if (error.error != QJsonParseError::NoError || !result.isArray())
            return Status(kUdfInternalError, "Remote function " + m_definition.name + " replied without a \"result\" array");
        std::string json = QJsonDocument(result.toArray()).toJson(QJsonDocument::Compact).toStdString();
        return engine::fromJsonArray(json, m_definition.returnType, rows, m_definition.name);
    }

private:
    std::shared_ptr<RemoteFunctionRuntime> m_runtime;
    UserFunctionDefinition m_definition;
};

} // namespace

RemoteFunctionRuntime::RemoteFunctionRuntime() : m_thread(new QThread), m_nam(new QNetworkAccessManager)
{
    m_thread->setObjectName(QStringLiteral("remote-udf"));
    m_nam->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_nam, &QObject::deleteLater);
    m_thread->start();
}

RemoteFunctionRuntime::~RemoteFunctionRuntime()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

Result<std::shared_ptr<const engine::UserScalarFunction>> RemoteFunctionRuntime::compileScalar(const UserFunctionDefinition &d)
{
    return std::shared_ptr<const engine::UserScalarFunction>(std::make_shared<RemoteFunction>(shared_from_this(), d));
}

Result<std::shared_ptr<const engine::UserAggregateFunction>> RemoteFunctionRuntime::compileAggregate(const UserFunctionDefinition &d)
{
    return Status(engine::ErrorCode::BadArguments, "Remote function " + d.name + " cannot be an aggregate function");
}

Result<std::string> RemoteFunctionRuntime::post(const UserFunctionDefinition &d, const std::string &body)
{
    const int timeoutMs = static_cast<int>(d.timeoutMs > 0 ? d.timeoutMs : kDefaultTimeoutMs);
    // Shared: the reply may finish after a waiter that gave up has returned.
    auto promise = std::make_shared<std::promise<Result<std::string>>>();
    auto future = promise->get_future();
    QNetworkRequest request(QUrl(QString::fromStdString(d.url)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);
    if (d.authMethod == "auth_header")
        request.setRawHeader(QByteArray::fromStdString(d.authHeader), QByteArray::fromStdString(d.authKey));
    QByteArray payload = QByteArray::fromStdString(body);
    std::string name = d.name;
    QMetaObject::invokeMethod(m_nam, [this, request, payload, promise, name, timeoutMs] {
        QNetworkReply *reply = m_nam->post(request, payload);
        QObject::connect(reply, &QNetworkReply::finished, m_nam, [reply, promise, name, timeoutMs] {
            reply->deleteLater();
            int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
                return promise->set_value(Status(kTimeoutExceeded, "Remote function " + name + " timed out after " + std::to_string(timeoutMs) + " ms"));
            if (reply->error() != QNetworkReply::NoError && status == 0)
                return promise->set_value(Status(kUdfInternalError, "Remote function " + name + " failed: " + reply->errorString().toStdString()));
            QByteArray answer = reply->readAll();
            if (status < 200 || status >= 300)
                return promise->set_value(Status(kUdfInternalError, "Remote function " + name + " failed: HTTP " + std::to_string(status) + " "
                                                                        + answer.left(200).toStdString()));
            promise->set_value(answer.toStdString());
        });
    }, Qt::QueuedConnection);
    // The transfer timeout ends the request; the extra second only covers its delivery here.
    if (future.wait_for(std::chrono::milliseconds(timeoutMs + 1000)) != std::future_status::ready)
        return Status(kTimeoutExceeded, "Remote function " + d.name + " timed out after " + std::to_string(timeoutMs) + " ms");
    return future.get();
}

} // namespace tideline::workspace
