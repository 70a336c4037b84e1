#include "models/FormValidation.h"
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace tideline::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FormValidation", text);
}

// A tiny recursive-descent reader of a type name; `pos` moves past what was read.
class TypeReader {
public:
    explicit TypeReader(const QString &text) : m_s(text) {}

    QString read()
    {
        QString error = type();
        skipSpace();
        if (error.isEmpty() && m_pos < m_s.size())
            error = tr("unexpected \"%1\" after the type").arg(m_s.mid(m_pos));
        return error;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_s.size() && m_s.at(m_pos).isSpace())
            ++m_pos;
    }
    bool take(QChar c)
    {
        skipSpace();
        if (m_pos < m_s.size() && m_s.at(m_pos) == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    QString word()
    {
        skipSpace();
        const int start = m_pos;
        while (m_pos < m_s.size() && (m_s.at(m_pos).isLetterOrNumber() || m_s.at(m_pos) == QLatin1Char('_')))
            ++m_pos;
        return m_s.mid(start, m_pos - start).toLower();
    }
    bool number()
    {
        skipSpace();
        const int start = m_pos;
        while (m_pos < m_s.size() && m_s.at(m_pos).isDigit())
            ++m_pos;
        return m_pos > start;
    }
    bool quoted()
    {
        skipSpace();
        if (m_pos >= m_s.size() || m_s.at(m_pos) != QLatin1Char('\''))
            return false;
        const int end = int(m_s.indexOf(QLatin1Char('\''), m_pos + 1));
        if (end < 0)
            return false;
        m_pos = end + 1;
        return true;
    }
    // Arguments of parametric types: numbers, quoted strings ('UTC', 'a' = 1) or types.
    QString arguments(const QString &name, int kind)
    {
        if (!take(QLatin1Char('(')))
            return tr("%1 needs arguments in parentheses").arg(name);
        do {
            if (kind == 0 && !number() && !quoted())
                return tr("%1 takes numbers or quoted strings").arg(name);
            if (kind == 1) {
                if (!quoted())
                    return tr("%1 takes 'name' = number pairs").arg(name);
                if (take(QLatin1Char('=')) && !number())
                    return tr("%1 takes 'name' = number pairs").arg(name);
            }
            if (kind == 2) {
                if (QString e = type(); !e.isEmpty())
                    return e;
            }
            if (kind == 3) { // tuple: optional element name before the type
                const int save = m_pos;
                const QString w = word();
                skipSpace();
                if (w.isEmpty() || m_pos >= m_s.size() || m_s.at(m_pos) == QLatin1Char(',') || m_s.at(m_pos) == QLatin1Char(')')
                    || m_s.at(m_pos) == QLatin1Char('('))
                    m_pos = save;
                if (QString e = type(); !e.isEmpty())
                    return e;
            }
        } while (take(QLatin1Char(',')));
        return take(QLatin1Char(')')) ? QString() : tr("%1: missing \")\"").arg(name);
    }
    QString type()
    {
        const QString name = word();
        if (name.isEmpty())
            return tr("a type name is needed");
        static const QStringList plain = {
            QStringLiteral("int8"), QStringLiteral("int16"), QStringLiteral("int32"), QStringLiteral("int64"), QStringLiteral("int128"),
            QStringLiteral("int256"), QStringLiteral("uint8"), QStringLiteral("uint16"), QStringLiteral("uint32"), QStringLiteral("uint64"),
            QStringLiteral("uint128"), QStringLiteral("uint256"), QStringLiteral("float32"), QStringLiteral("float64"),
            QStringLiteral("string"), QStringLiteral("bool"), QStringLiteral("boolean"), QStringLiteral("date"), QStringLiteral("date32"),
            QStringLiteral("uuid"), QStringLiteral("ipv4"), QStringLiteral("ipv6"), QStringLiteral("json"), QStringLiteral("datetime"),
            QStringLiteral("datetime64")};
        static const QStringList numeric = {QStringLiteral("decimal"), QStringLiteral("decimal32"), QStringLiteral("decimal64"),
                                            QStringLiteral("decimal128"), QStringLiteral("decimal256"), QStringLiteral("fixed_string"),
                                            QStringLiteral("datetime"), QStringLiteral("datetime64")};
        static const QStringList wrappers = {QStringLiteral("array"), QStringLiteral("nullable"), QStringLiteral("low_cardinality"),
                                             QStringLiteral("map")};
        skipSpace();
        const bool open = m_pos < m_s.size() && m_s.at(m_pos) == QLatin1Char('(');
        if (numeric.contains(name) && (open || !plain.contains(name)))
            return arguments(name, 0);
        if (name == QLatin1String("enum8") || name == QLatin1String("enum16") || name == QLatin1String("enum"))
            return arguments(name, 1);
        if (wrappers.contains(name))
            return arguments(name, 2);
        if (name == QLatin1String("tuple"))
            return arguments(name, 3);
        if (plain.contains(name))
            return open ? tr("%1 takes no arguments").arg(name) : QString();
        return tr("unknown type \"%1\"").arg(name);
    }

    const QString m_s;
    int m_pos = 0;
};

} // namespace

QString FormValidation::nameError(const QString &name, const QString &what)
{
    if (name.isEmpty())
        return tr("The %1 needs a name.").arg(what);
    if (name.size() > 64)
        return tr("At most 64 characters (this one has %1).").arg(name.size());
    static const QRegularExpression rule(QStringLiteral("^[A-Za-z][A-Za-z0-9_]*$"));
    if (name.at(0).unicode() > 127 || !name.at(0).isLetter())
        return tr("The name must start with a letter.");
    if (!rule.match(name).hasMatch())
        return tr("Only letters, numbers and _ are allowed.");
    return {};
}

QString FormValidation::typeError(const QString &type)
{
    if (type.trimmed().isEmpty())
        return tr("a type name is needed");
    return TypeReader(type).read();
}

QString FormValidation::durationError(const QString &duration)
{
    static const QRegularExpression rule(QStringLiteral("^(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+$"));
    if (duration.isEmpty())
        return {};
    return rule.match(duration).hasMatch() ? QString() : tr("A duration such as 24h, 90m or 1h30m.");
}

QString FormValidation::jsonObjectError(const QString &text)
{
    if (text.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return tr("Not JSON: %1 at offset %2.").arg(error.errorString()).arg(error.offset);
    return doc.isObject() ? QString() : tr("A JSON object ({…}) is needed.");
}

QString FormValidation::urlError(const QString &url)
{
    if (url.trimmed().isEmpty())
        return tr("A URL is needed.");
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")))
        return tr("An http:// or https:// URL is needed.");
    return {};
}

QString FormValidation::urlError(const QString &urls, const QStringList &schemes)
{
    const QStringList wanted = schemes;
    QStringList shown;
    for (const QString &s : wanted)
        shown << s + QStringLiteral("://");
    if (urls.trimmed().isEmpty())
        return tr("A URL is needed, like %1….").arg(shown.first());
    for (const QString &part : urls.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QUrl u(part.trimmed(), QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() || !wanted.contains(u.scheme()))
            return tr("\"%1\" is not a %2 URL.").arg(part.trimmed(), shown.join(QStringLiteral(" or ")));
    }
    return {};
}

QString FormValidation::hostPortsError(const QString &list)
{
    if (list.trimmed().isEmpty())
        return tr("At least one broker is needed, like localhost:9092.");
    static const QRegularExpression hostPort(QStringLiteral("^[A-Za-z0-9_.\\-\\[\\]:]+:[0-9]{1,5}$"));
    for (const QString &part : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!hostPort.match(part.trimmed()).hasMatch())
            return tr("\"%1\" is not host:port.").arg(part.trimmed());
    return {};
}

} // namespace tideline::models
