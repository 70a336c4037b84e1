#include "workspace/SourceProperties.h"

#include <QJsonArray>
#include <QRegularExpression>
#include "engine/common/Status.h"

namespace tideline::workspace {

QJsonValue SourceProperties::value(const QString &name) const
{
    if (m_props.contains(name))
        return m_props.value(name);
    QJsonValue v = m_props;
    for (const QString &part : name.split(QLatin1Char('.'))) {
        if (!v.isObject() || !v.toObject().contains(part))
            return QJsonValue::Undefined;
        v = v.toObject().value(part);
    }
    return v;
}

QString SourceProperties::string(const QString &name, const QString &fallback) const
{
    QJsonValue v = value(name);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    return fallback;
}

QString SourceProperties::required(const QString &name)
{
    QString s = string(name).trimmed();
    if (s.isEmpty())
        m_problems << QStringLiteral("properties.%1 is required").arg(name);
    return s;
}

QStringList SourceProperties::list(const QString &name) const
{
    QJsonValue v = value(name);
    QStringList out;
    if (v.isArray()) {
        for (const auto &item : v.toArray())
            if (!item.toString().trimmed().isEmpty())
                out << item.toString().trimmed();
        return out;
    }
    for (const QString &part : string(name).split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

bool SourceProperties::flag(const QString &name, bool fallback) const
{
    QJsonValue v = value(name);
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    return fallback;
}

double SourceProperties::number(const QString &name, double fallback)
{
    QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = v.isDouble();
    double d = ok ? v.toDouble() : v.toString().toDouble(&ok);
    if (!ok || d < 0) {
        m_problems << QStringLiteral("properties.%1 must be a non-negative number").arg(name);
        return fallback;
    }
    return d;
}

qint64 SourceProperties::durationMs(const QString &name, qint64 fallback)
{
    QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (v.isDouble() && v.toDouble() >= 0)
        return static_cast<qint64>(v.toDouble());
    if (auto ms = parseGoDurationMs(v.toString()))
        return *ms;
    m_problems << QStringLiteral("properties.%1: '%2' is not a duration like 200ms or 1m").arg(name, v.toString());
    return fallback;
}

void SourceProperties::fail(const QString &message)
{
    m_problems << message;
}

std::optional<Failure> SourceProperties::failure() const
{
    if (m_problems.isEmpty())
        return std::nullopt;
    return Failure::badRequest(m_problems.join(QStringLiteral("; ")), static_cast<int>(engine::ErrorCode::BadArguments));
}

std::optional<qint64> parseGoDurationMs(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)"));
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    double total = 0;
    qsizetype at = 0;
    while (at < t.size()) {
        auto m = part.match(t, at, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return std::nullopt;
        double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        double scale = unit == QLatin1String("h") ? 3600e3 : unit == QLatin1String("m") ? 60e3 : unit == QLatin1String("s") ? 1e3
                     : unit == QLatin1String("ms") ? 1 : unit == QLatin1String("ns") ? 1e-6 : 1e-3;
        total += n * scale;
        at = m.capturedEnd();
    }
    return static_cast<qint64>(total);
}

} // namespace tideline::workspace
