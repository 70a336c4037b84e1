#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QStringView>

namespace tideline::api {

// Streaming JSON writer producing compact UTF-8. It exists because QJsonDocument stores numbers
// as double or qint64: a uint64 above 2^63 and a number that must keep its exact text (a cell
// decoded from the wire) cannot go through it. Commas are inserted automatically; the caller is
// responsible for balancing begin/end calls (checked with Q_ASSERT only).
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QStringView name);
    JsonWriter &key(QByteArrayView utf8Name);

    JsonWriter &value(qint64 v);
    JsonWriter &value(quint64 v);
    JsonWriter &value(int v) { return value(qint64(v)); }
    JsonWriter &value(double v);
    JsonWriter &value(bool v);
    JsonWriter &value(QStringView s);
    JsonWriter &value(const QString &s) { return value(QStringView(s)); }
    JsonWriter &value(const char *utf8) { return stringUtf8(QByteArrayView(utf8)); }
    JsonWriter &value(const QJsonValue &v);
    JsonWriter &stringUtf8(QByteArrayView utf8);
    JsonWriter &null();
    // Already-serialised JSON (a number token, a nested document) written as is.
    JsonWriter &raw(QByteArrayView json);

    const QByteArray &data() const { return m_out; }
    QByteArray take();

    // Building blocks, usable without a writer.
    static void appendString(QByteArray &out, QByteArrayView utf8);
    static void appendString(QByteArray &out, QStringView s);
    // Shortest text that reads back to the same double; inf/-inf/nan become the strings the
    // v1beta2 row encoding uses ("inf", "-inf", "nan").
    static void appendDouble(QByteArray &out, double v);
    static QByteArray number(qint64 v);
    static QByteArray number(quint64 v);
    // Serialises a QJsonValue compactly; integral doubles up to 2^53 print without ".0".
    static void appendValue(QByteArray &out, const QJsonValue &v);

private:
    void separate();

    QByteArray m_out;
    QList<bool> m_first; // one entry per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace tideline::api
