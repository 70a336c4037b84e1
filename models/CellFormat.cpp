#include "models/CellFormat.h"

namespace tideline::models {

void CellFormat::appendCsv(QByteArray &out, QByteArrayView text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n') && !text.contains('\r')) {
        out.append(text);
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

void CellFormat::appendJsonString(QByteArray &out, QByteArrayView text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

bool CellFormat::isJsonNumber(QByteArrayView text)
{
    // The JSON grammar, not toDouble(): "1e5" yes, "0x10", "+1", ".5", "inf" no.
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto digits = [&] {
        const qsizetype start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < n && text[i] == '-')
        ++i;
    if (!digits())
        return false;
    if (i < n && text[i] == '.') {
        ++i;
        if (!digits())
            return false;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == n;
}

bool CellFormat::isNumericType(const QString &type)
{
    QString t = type.toLower();
    if (t.startsWith(QLatin1String("nullable(")))
        t = t.mid(9);
    return t.startsWith(QLatin1String("int")) || t.startsWith(QLatin1String("uint")) || t.startsWith(QLatin1String("float"))
        || t.startsWith(QLatin1String("decimal"));
}

void CellFormat::appendCsvRow(QByteArray &out, const client::ResultBatch &batch, qsizetype row)
{
    for (int c = 0; c < batch.columnCount(); ++c) {
        if (c)
            out += ',';
        if (!batch.isNull(row, c))
            appendCsv(out, batch.text(row, c));
    }
    out += '\n';
}

void CellFormat::appendJsonRow(QByteArray &out, const client::ResultBatch &batch, qsizetype row,
                               const QList<QByteArray> &keys, const std::vector<bool> &numeric)
{
    out += '{';
    for (int c = 0; c < batch.columnCount(); ++c) {
        if (c)
            out += ',';
        out += keys[c];
        const QByteArrayView text = batch.text(row, c);
        if (batch.isNull(row, c))
            out += "null";
        else if (numeric[size_t(c)] && isJsonNumber(text))
            out.append(text);
        else
            appendJsonString(out, text);
    }
    out += '}';
}

QList<QByteArray> CellFormat::jsonKeys(const QList<client::ColumnInfo> &columns)
{
    QList<QByteArray> keys;
    for (const client::ColumnInfo &col : columns) {
        QByteArray key;
        appendJsonString(key, col.name.toUtf8());
        keys.append(key + ':');
    }
    return keys;
}

} // namespace tideline::models
