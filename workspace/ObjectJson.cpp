#include "workspace/ObjectJson.h"

#include <QDateTime>
#include <QRegularExpression>
#include "engine/exec/ExternalStream.h"
#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"
#include "engine/types/DataType.h"
#include "workspace/BlockJsonEncoder.h"
#include "workspace/QueryRun.h"
#include "workspace/ResourceStore.h"

namespace tideline::workspace {

QString rfc3339(int64_t ms)
{
    std::string out;
    appendRfc3339(ms, 3, out);
    return QString::fromStdString(out);
}

namespace {

const QString kDescription = QStringLiteral("description");

QString key(const QString &database, const QString &name)
{
    return database + QLatin1Char('.') + name;
}

} // namespace

QString quoteIdentifier(const QString &name)
{
    QString escaped = name;
    escaped.replace(QLatin1Char('`'), QStringLiteral("``"));
    return QLatin1Char('`') + escaped + QLatin1Char('`');
}

QString quoteString(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

std::optional<Failure> validateName(const QString &name, const QString &what)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9_]{0,63}$"));
    if (valid.match(name).hasMatch())
        return std::nullopt;
    return Failure::badRequest(QStringLiteral("%1 name '%2' is invalid: use at most 64 letters, numbers or _, starting with a letter")
                                   .arg(what, name));
}

QJsonArray columnsJson(const engine::StreamInfo &info)
{
    QJsonArray out;
    for (const auto &c : info.columns) {
        if (c.name == "_tp_sn")
            continue;
        QJsonObject column{{QStringLiteral("name"), QString::fromStdString(c.name)},
                           {QStringLiteral("type"), QString::fromStdString(c.type->name())},
                           {QStringLiteral("nullable"), c.type->isNullable()}};
        if (c.defaultExpr)
            column[QStringLiteral("default")] = QString::fromStdString(engine::sql::formatExpr(*c.defaultExpr));
        if (!c.codec.empty())
            column[QStringLiteral("codec")] = QString::fromStdString(c.codec);
        out.append(column);
    }
    return out;
}

std::optional<Failure> checkExpression(const QString &field, const QString &text)
{
    auto parsed = engine::sql::parseExpression(text.toStdString());
    if (parsed)
        return std::nullopt;
    return Failure::badRequest(QStringLiteral("%1: %2").arg(field, QString::fromStdString(parsed.status().message())), parsed.status().code());
}

Outcome<QString> columnsDdl(const QJsonArray &columns)
{
    QStringList parts;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        QJsonObject c = columns[i].toObject();
        QString name = c.value(QStringLiteral("name")).toString();
        QString type = c.value(QStringLiteral("type")).toString();
        if (name.isEmpty() || type.isEmpty())
            return Failure::badRequest(QStringLiteral("columns[%1]: name and type are required").arg(i));
        // Each piece must parse alone before it is spliced into the CREATE: a type or default
        // carrying ") ; DROP ..." is refused here, not executed.
        if (auto parsed = engine::parseDataType(type.toStdString()); !parsed)
            return Failure::badRequest(QStringLiteral("columns[%1].type: %2").arg(i).arg(QString::fromStdString(parsed.status().message())), 50);
        if (QString d = c.value(QStringLiteral("default")).toString(); !d.isEmpty())
            if (auto failure = checkExpression(QStringLiteral("columns[%1].default").arg(i), d))
                return *failure;
        static const QRegularExpression codecText(QStringLiteral(R"(^[A-Za-z0-9_(), ]*$)"));
        if (!codecText.match(c.value(QStringLiteral("codec")).toString()).hasMatch())
            return Failure::badRequest(QStringLiteral("columns[%1].codec: only codec names and levels are allowed").arg(i), 62);
        QString part = quoteIdentifier(name) + QLatin1Char(' ') + type;
        if (QString d = c.value(QStringLiteral("default")).toString(); !d.isEmpty())
            part += QStringLiteral(" DEFAULT ") + d;
        if (QString codec = c.value(QStringLiteral("codec")).toString(); !codec.isEmpty())
            part += codec.startsWith(QLatin1String("CODEC"), Qt::CaseInsensitive) ? QLatin1Char(' ') + codec : QStringLiteral(" CODEC(%1)").arg(codec);
        parts << part;
    }
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QJsonObject statsJson(const engine::StreamInfo &info)
{
    QJsonObject stats{{QStringLiteral("row_count"), 0}, {QStringLiteral("historical_data_bytes"), 0}, {QStringLiteral("streaming_data_bytes"), 0}};
    if (info.log) {
        stats[QStringLiteral("row_count")] = static_cast<qint64>(info.log->rowCount());
        stats[QStringLiteral("historical_data_bytes")] = static_cast<qint64>(info.log->byteSize());
        stats[QStringLiteral("streaming_data_bytes")] = static_cast<qint64>(info.log->byteSize());
        if (auto t = info.log->earliestTime())
            stats[QStringLiteral("earliest_event")] = rfc3339(*t); // log times are ms
        if (auto t = info.log->latestTime())
            stats[QStringLiteral("latest_event")] = rfc3339(*t / 1000000);
    }
    if (info.external) {
        // A topic's size is the broker's to tell: StreamStats (which has no other fields) counts
        // the rows this server has written to the topic and read from it since it started, and
        // the times of those messages. The engine's counters also keep the messages it could
        // not decode (ExternalStreamCounters::badMessages, lastError).
        engine::ExternalStreamCounters c = info.external->counters();
        stats[QStringLiteral("row_count")] = static_cast<qint64>(c.rowsWritten + c.rowsRead);
        stats[QStringLiteral("streaming_data_bytes")] = static_cast<qint64>(c.bytesWritten + c.bytesRead);
        if (c.firstMessageMs > 0)
            stats[QStringLiteral("earliest_event")] = rfc3339(c.firstMessageMs);
        if (c.lastMessageMs > 0)
            stats[QStringLiteral("latest_event")] = rfc3339(c.lastMessageMs);
    }
    return stats;
}

QString createdAt(const engine::StreamInfo &info)
{
    return auditTimestamp(info.object.createdMs);
}

QString settingOr(const engine::StreamInfo &info, const std::string &name, const QString &fallback)
{
    auto it = info.settings.find(name);
    return it == info.settings.end() ? fallback : QString::fromStdString(it->second);
}

QString Descriptions::get(const engine::StreamInfo &info) const
{
    auto doc = m_store.get(kDescription, key(QString::fromStdString(info.database()), QString::fromStdString(info.name())));
    return doc ? doc->value(QStringLiteral("text")).toString() : QString();
}

void Descriptions::set(const QString &database, const QString &name, const QString &description)
{
    remove(database, name);
    if (!description.isEmpty())
        m_store.create(kDescription, QJsonObject{{QStringLiteral("text"), description}}, key(database, name));
}

void Descriptions::remove(const QString &database, const QString &name)
{
    m_store.remove(kDescription, key(database, name));
}

} // namespace tideline::workspace
