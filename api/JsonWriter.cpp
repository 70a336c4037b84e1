#include "api/JsonWriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace tideline::api {

namespace {

const char kHex[] = "0123456789abcdef";

void appendEscape(QByteArray &out, unsigned char c)
{
    switch (c) {
    case '"': out.append("\\\"", 2); return;
    case '\\': out.append("\\\\", 2); return;
    case '\n': out.append("\\n", 2); return;
    case '\r': out.append("\\r", 2); return;
    case '\t': out.append("\\t", 2); return;
    case '\b': out.append("\\b", 2); return;
    case '\f': out.append("\\f", 2); return;
    default: {
        const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(u, 6);
    }
    }
}

template <typename Int>
void appendInteger(QByteArray &out, Int v)
{
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr - buf);
}

} // namespace

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.isEmpty())
        return;
    if (!m_first.last())
        m_out.append(',');
    m_first.last() = false;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    Q_ASSERT(!m_first.isEmpty() && !m_afterKey);
    m_first.removeLast();
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    Q_ASSERT(!m_first.isEmpty());
    m_first.removeLast();
    m_out.append(']');
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    appendString(m_out, name);
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::key(QByteArrayView utf8Name)
{
    separate();
    appendString(m_out, utf8Name);
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    separate();
    appendInteger(m_out, v);
    return *this;
}

JsonWriter &JsonWriter::value(quint64 v)
{
    separate();
    appendInteger(m_out, v);
    return *this;
}

JsonWriter &JsonWriter::value(double v)
{
    separate();
    appendDouble(m_out, v);
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separate();
    m_out.append(v ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::value(QStringView s)
{
    separate();
    appendString(m_out, s);
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &v)
{
    separate();
    appendValue(m_out, v);
    return *this;
}

JsonWriter &JsonWriter::stringUtf8(QByteArrayView utf8)
{
    separate();
    appendString(m_out, utf8);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json.data(), json.size());
    return *this;
}

QByteArray JsonWriter::take()
{
    Q_ASSERT(m_first.isEmpty());
    m_afterKey = false;
    return std::exchange(m_out, {});
}

void JsonWriter::appendString(QByteArray &out, QByteArrayView utf8)
{
    out.append('"');
    const char *p = utf8.data();
    const char *end = p + utf8.size();
    const char *run = p;
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        appendEscape(out, c);
        run = p + 1;
    }
    out.append(run, end - run);
    out.append('"');
}

void JsonWriter::appendString(QByteArray &out, QStringView s)
{
    appendString(out, QByteArrayView(s.toUtf8()));
}

void JsonWriter::appendDouble(QByteArray &out, double v)
{
    if (std::isnan(v)) {
        out.append("\"nan\"");
        return;
    }
    if (std::isinf(v)) {
        out.append(v > 0 ? "\"inf\"" : "\"-inf\"");
        return;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr - buf);
}

QByteArray JsonWriter::number(qint64 v)
{
    QByteArray out;
    appendInteger(out, v);
    return out;
}

QByteArray JsonWriter::number(quint64 v)
{
    QByteArray out;
    appendInteger(out, v);
    return out;
}

void JsonWriter::appendValue(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null", 4);
        return;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double: {
        // toInteger() succeeds only when the value is an exact integer, which keeps qint64 values
        // beyond 2^53 that Qt stored as integers exact.
        const qint64 asInt = v.toInteger(std::numeric_limits<qint64>::min());
        if (asInt != std::numeric_limits<qint64>::min() || v.toDouble() == double(asInt))
            appendInteger(out, asInt);
        else
            appendDouble(out, v.toDouble());
        return;
    }
    case QJsonValue::String:
        appendString(out, QStringView(v.toString()));
        return;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out.append(',');
            appendValue(out, a.at(i));
        }
        out.append(']');
        return;
    }
    case QJsonValue::Object: {
        out.append('{');
        const QJsonObject o = v.toObject();
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!first)
                out.append(',');
            first = false;
            appendString(out, QStringView(it.key()));
            out.append(':');
            appendValue(out, it.value());
        }
        out.append('}');
        return;
    }
    }
}

} // namespace tideline::api
