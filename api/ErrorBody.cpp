#include "api/ErrorBody.h"

#include "api/JsonWriter.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tideline::api {

QJsonObject ErrorBody::toJsonObject() const
{
    return QJsonObject{{QStringLiteral("code"), code},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("system"), system}};
}

QByteArray ErrorBody::toJson() const
{
    JsonWriter w;
    w.beginObject();
    w.key(QByteArrayView("code")).value(code);
    w.key(QByteArrayView("message")).value(QStringView(message));
    w.key(QByteArrayView("system")).value(QStringView(system));
    w.endObject();
    return w.take();
}

std::optional<ErrorBody> ErrorBody::fromJson(QByteArrayView json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("error body is not JSON: %1").arg(parseError.errorString())
                : QStringLiteral("error body is not a JSON object");
        return std::nullopt;
    }
    return fromJsonObject(doc.object(), error);
}

std::optional<ErrorBody> ErrorBody::fromJsonObject(const QJsonObject &object, QString *error)
{
    const QJsonValue message = object.contains(QLatin1String("message"))
        ? object.value(QLatin1String("message"))
        : object.value(QLatin1String("error_msg"));
    if (!message.isString()) {
        if (error)
            *error = QStringLiteral("error body has no string 'message'");
        return std::nullopt;
    }
    ErrorBody body;
    body.message = message.toString();
    body.code = object.value(QLatin1String("code")).toInteger();
    const QJsonValue system = object.value(QLatin1String("system"));
    if (system.isString())
        body.system = system.toString();
    return body;
}

} // namespace tideline::api
