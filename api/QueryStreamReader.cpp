#include "api/QueryStreamReader.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tideline::api {

namespace {

QueryStreamEvent errorEvent(QString message, QByteArray data = {})
{
    QueryStreamEvent e;
    e.kind = QueryStreamEvent::Kind::Error;
    e.error = std::move(message);
    e.data = std::move(data);
    return e;
}

} // namespace

QueryStreamReader::QueryStreamReader(qsizetype maxEventBytes)
    : m_sse(maxEventBytes)
{
}

QList<QueryStreamEvent> QueryStreamReader::feed(QByteArrayView chunk)
{
    QList<QueryStreamEvent> out;
    feed(chunk, out);
    return out;
}

void QueryStreamReader::feed(QByteArrayView chunk, QList<QueryStreamEvent> &out)
{
    m_pending.clear();
    const qsizetype droppedBefore = m_sse.droppedEvents();
    m_sse.feed(chunk, m_pending);
    // A dropped event has no place in the order any more; report it before this chunk's events.
    for (qsizetype i = droppedBefore; i < m_sse.droppedEvents(); ++i)
        out.append(errorEvent(m_sse.errorString()));
    for (SseEvent &event : m_pending)
        out.append(decode(std::move(event)));
    m_pending.clear();
}

bool QueryStreamReader::finish()
{
    return m_sse.finish();
}

QueryStreamEvent QueryStreamReader::decode(SseEvent &&event)
{
    QueryStreamEvent out;
    const SseEventKind kind = SseDecoder::kindOf(event.event);
    if (kind == SseEventKind::Rows) {
        out.kind = QueryStreamEvent::Kind::Rows;
        if (!m_rows.decode(event.data, out.rows, m_columnCount))
            return errorEvent(m_rows.errorString(), std::move(event.data));
        return out;
    }
    if (kind == SseEventKind::Other) {
        out.name = std::move(event.event);
        out.data = std::move(event.data);
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (!doc.isObject()) {
        const QString why = parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not an object");
        return errorEvent(QStringLiteral("%1 event: %2").arg(QString::fromUtf8(event.event), why), std::move(event.data));
    }
    out.object = doc.object();
    if (kind == SseEventKind::Metrics) {
        out.kind = QueryStreamEvent::Kind::Metrics;
        return out;
    }
    out.kind = QueryStreamEvent::Kind::Query;
    m_lastQuery = out.object;
    const QJsonValue header = out.object.value(QLatin1String("result")).toObject().value(QLatin1String("header"));
    if (header.isArray()) {
        m_header = header.toArray();
        m_columnCount = m_header.size();
    }
    return out;
}

} // namespace tideline::api
