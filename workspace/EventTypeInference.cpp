#include "workspace/EventTypeInference.h"

#include <QDateTime>
#include <QRegularExpression>
#include <algorithm>

namespace tideline::workspace {

namespace {

bool looksLikeDateTime(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?$"));
    return re.match(s).hasMatch();
}

} // namespace

QString EventTypeInference::typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: {
        double d = value.toDouble();
        // QJsonValue keeps integers exactly up to 2^53 as doubles and beyond as qint64.
        return d == static_cast<double>(value.toInteger()) ? QStringLiteral("int64") : QStringLiteral("float64");
    }
    case QJsonValue::String: return looksLikeDateTime(value.toString()) ? QStringLiteral("datetime64(3)") : QStringLiteral("string");
    case QJsonValue::Array: {
        QString element;
        for (const auto &item : value.toArray())
            if (!item.isNull())
                element = element.isEmpty() ? typeOf(item) : widen(element, typeOf(item));
        return QStringLiteral("array(%1)").arg(element.isEmpty() ? QStringLiteral("string") : element);
    }
    default: return QStringLiteral("string"); // objects (kept as JSON text), null
    }
}

QString EventTypeInference::widen(const QString &a, const QString &b)
{
    if (a == b)
        return a;
    auto numeric = [](const QString &t) { return t == QLatin1String("int64") || t == QLatin1String("float64"); };
    if (numeric(a) && numeric(b))
        return QStringLiteral("float64");
    return QStringLiteral("string");
}

void EventTypeInference::add(const QJsonObject &event)
{
    for (auto it = event.begin(); it != event.end(); ++it) {
        auto found = std::find_if(m_columns.begin(), m_columns.end(), [&](const Column &c) { return c.name == it.key(); });
        if (found == m_columns.end()) {
            m_columns.push_back({it.key(), it.value().isNull() ? QString() : typeOf(it.value()), it.value().isNull()});
            continue;
        }
        if (it.value().isNull())
            found->nullable = true;
        else
            found->type = found->type.isEmpty() ? typeOf(it.value()) : widen(found->type, typeOf(it.value()));
    }
    for (Column &c : m_columns) // a column missing from this event is null in it
        if (!event.contains(c.name))
            c.nullable = true;
}

QJsonArray EventTypeInference::columns() const
{
    QJsonArray out;
    for (const Column &c : m_columns) {
        QString type = c.type.isEmpty() ? QStringLiteral("string") : c.type;
        if (c.nullable && !type.startsWith(QLatin1String("array(")))
            type = QStringLiteral("nullable(%1)").arg(type);
        out.append(QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("type"), type}});
    }
    return out;
}

} // namespace tideline::workspace
