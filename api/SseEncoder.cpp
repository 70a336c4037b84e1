#include "api/SseEncoder.h"

#include <cstring>

#include "api/JsonWriter.h"
#include "api/RowBatch.h"

namespace tideline::api {

namespace {

void appendSingleLine(QByteArray &out, QByteArrayView text, bool dropBreaks)
{
    const char *p = text.data();
    const char *end = p + text.size();
    const char *run = p;
    for (; p != end; ++p) {
        if (*p != '\n' && *p != '\r')
            continue;
        out.append(run, p - run);
        if (!dropBreaks)
            out.append(' ');
        run = p + 1;
    }
    out.append(run, end - run);
}

} // namespace

void SseEncoder::append(QByteArray &out, QByteArrayView event, QByteArrayView jsonData)
{
    // Grow geometrically: a server appends many events to one buffer, and an exact reserve per
    // event would copy the whole buffer every time.
    const qsizetype needed = out.size() + event.size() + jsonData.size() + 16;
    if (out.capacity() < needed)
        out.reserve(qMax(needed, 2 * out.capacity()));
    if (!event.isEmpty()) {
        out.append("event: ", 7);
        appendSingleLine(out, event, true);
        out.append('\n');
    }
    out.append("data: ", 6);
    appendSingleLine(out, jsonData, false);
    out.append("\n\n", 2);
}

QByteArray SseEncoder::encode(QByteArrayView event, QByteArrayView jsonData)
{
    QByteArray out;
    append(out, event, jsonData);
    return out;
}

bool SseEncoder::finishDataEvent(std::string &buffer)
{
    const std::string_view json = std::string_view(buffer).substr(kDataPrefix.size());
    if (std::memchr(json.data(), '\n', json.size()) || std::memchr(json.data(), '\r', json.size()))
        return false;
    buffer.append("\n\n", 2);
    return true;
}

QByteArray SseEncoder::queryEvent(const QJsonObject &query)
{
    QByteArray json;
    JsonWriter::appendValue(json, query);
    return encode("query", json);
}

QByteArray SseEncoder::metricsEvent(const QJsonObject &metrics)
{
    QByteArray json;
    JsonWriter::appendValue(json, metrics);
    return encode("metrics", json);
}

QByteArray SseEncoder::rowsEvent(QByteArrayView rowsJson)
{
    return encode({}, rowsJson);
}

QByteArray SseEncoder::rowsEvent(const RowBatch &rows)
{
    return encode({}, rows.toJson());
}

} // namespace tideline::api
