#include "models/QueryVariables.h"
#include <QRegularExpression>

namespace tideline::models {

namespace {

const QRegularExpression &variablePattern()
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}"));
    return re;
}

} // namespace

QStringList QueryVariables::names(const QString &sql)
{
    QStringList out;
    for (auto it = variablePattern().globalMatch(sql); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!out.contains(name))
            out.append(name);
    }
    return out;
}

QString QueryVariables::quote(const QString &value)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
    const QString trimmed = value.trimmed();
    if (number.match(trimmed).hasMatch())
        return trimmed;
    QString out = QStringLiteral("'");
    for (QChar c : value) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('\''))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('\'');
}

QueryVariables::Substitution QueryVariables::substitute(const QString &sql, const QHash<QString, QString> &values)
{
    Substitution out;
    int copied = 0;
    for (auto it = variablePattern().globalMatch(sql); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        const auto value = values.constFind(name);
        if (value == values.cend() || value->isEmpty()) {
            if (!out.missing.contains(name))
                out.missing.append(name);
            continue;
        }
        out.sql += QStringView(sql).mid(copied, m.capturedStart() - copied);
        const QString literal = quote(*value);
        out.spans.append({int(m.capturedStart()), int(m.capturedLength()), int(out.sql.size()), int(literal.size())});
        out.sql += literal;
        copied = int(m.capturedEnd());
    }
    out.sql += QStringView(sql).mid(copied);
    return out;
}

int QueryVariables::Substitution::toOriginal(int position) const
{
    int shift = 0;
    for (const Span &s : spans) {
        if (position < s.substituted)
            break;
        if (position < s.substituted + s.substitutedLength)
            return s.original; // inside a value: point at its placeholder
        shift = (s.original + s.originalLength) - (s.substituted + s.substitutedLength);
    }
    return position + shift;
}

} // namespace tideline::models
