#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tideline::api {

// The v1beta2 ErrorResponse {code, message, system} carried by every 4xx/5xx (spec §1.3, §4.1).
// For system "proton" the code is the engine's ClickHouse-style error code (57, 60, 62, ...).
struct ErrorBody
{
    qint64 code = 0;
    QString message;
    QString system = QStringLiteral("proton");

    QJsonObject toJsonObject() const;
    QByteArray toJson() const; // compact, ready for a response body

    // Accepts the v1beta2 shape and, leniently, the engine-level REST shape
    // {"error_msg", "code", "request_id"} (system stays "proton"). A missing code reads as 0;
    // a body that is not a JSON object, or has neither message field, is rejected.
    static std::optional<ErrorBody> fromJson(QByteArrayView json, QString *error = nullptr);
    static std::optional<ErrorBody> fromJsonObject(const QJsonObject &object, QString *error = nullptr);

    friend bool operator==(const ErrorBody &, const ErrorBody &) = default;
};

} // namespace tideline::api
