#pragma once
// Typed reads of a source's `properties` object that collect what is wrong with it, so a bad
// document is refused with one 400 (Proton's BAD_ARGUMENTS, 36) naming the property.
// A dotted name ("tls.disable") is looked up as written first, then as nested objects, since
// clients send both shapes.
#include <QJsonObject>
#include <QStringList>
#include <optional>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class SourceProperties {
public:
    explicit SourceProperties(QJsonObject properties) : m_props(std::move(properties)) {}

    QJsonValue value(const QString &name) const;
    QString string(const QString &name, const QString &fallback = {}) const;
    // A non-empty string; records "properties.<name> is required" otherwise.
    QString required(const QString &name);
    // An array of strings or one comma-separated string.
    QStringList list(const QString &name) const;
    bool flag(const QString &name, bool fallback) const;
    double number(const QString &name, double fallback);
    // A Go duration ("200ms", "1m30s", "2h") or a number of milliseconds.
    qint64 durationMs(const QString &name, qint64 fallback);
    // Records a problem of a value that has the right shape but a wrong meaning.
    void fail(const QString &message);
    std::optional<Failure> failure() const;

private:
    QJsonObject m_props;
    QStringList m_problems;
};

// A Go duration string in milliseconds; nullopt when it is not one.
std::optional<qint64> parseGoDurationMs(const QString &text);

} // namespace tideline::workspace
