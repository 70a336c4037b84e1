#include "api/SseDecoder.h"

#include <simdjson.h>

#include <cstring>

namespace tideline::api {

namespace {

QByteArray validUtf8(QByteArray bytes)
{
    if (simdjson::validate_utf8(bytes.constData(), size_t(bytes.size())))
        return bytes;
    return QString::fromUtf8(bytes).toUtf8();
}

const char *findLineEnd(const char *p, const char *end)
{
    const auto *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
    const char *limit = lf ? lf : end;
    const auto *cr = static_cast<const char *>(std::memchr(p, '\r', size_t(limit - p)));
    return cr ? cr : lf;
}

} // namespace

SseDecoder::SseDecoder(qsizetype maxEventBytes)
    : m_maxEventBytes(maxEventBytes)
{
}

QList<SseEvent> SseDecoder::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    feed(chunk, out);
    return out;
}

bool SseDecoder::feed(QByteArrayView chunk, QList<SseEvent> &out)
{
    m_overflowed = false;
    if (m_atStreamStart) {
        // A UTF-8 BOM at the very start is skipped; it may arrive split over chunks.
        static constexpr QByteArrayView bom("\xEF\xBB\xBF");
        const qsizetype take = qMin(chunk.size(), bom.size() - m_bomProbe.size());
        m_bomProbe.append(chunk.first(take));
        chunk = chunk.sliced(take);
        if (!bom.startsWith(m_bomProbe)) {
            m_atStreamStart = false;
            const QByteArray probe = std::exchange(m_bomProbe, {});
            processBytes(probe, out);
        } else if (m_bomProbe.size() == bom.size()) {
            m_atStreamStart = false;
            m_bomProbe.clear();
        }
    }
    processBytes(chunk, out);
    return !m_overflowed;
}

void SseDecoder::processBytes(QByteArrayView bytes, QList<SseEvent> &out)
{
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    if (m_pendingCr && p != end) {
        m_pendingCr = false;
        if (*p == '\n')
            ++p;
    }
    while (p != end) {
        const char *q = findLineEnd(p, end);
        if (!q) {
            appendPartial(p, end);
            return;
        }
        if (m_line.isEmpty()) {
            processLine(QByteArrayView(p, q - p), out);
        } else {
            appendPartial(p, q);
            const QByteArray line = std::exchange(m_line, {});
            processLine(line, out);
        }
        if (*q == '\r') {
            if (q + 1 == end)
                m_pendingCr = true;
            else if (q[1] == '\n')
                ++q;
        }
        p = q + 1;
    }
}

void SseDecoder::appendPartial(const char *begin, const char *end)
{
    if (begin == end)
        return;
    if (m_skipping) {
        // Only whether the line is empty matters while skipping; keep one byte as the marker.
        if (m_line.isEmpty())
            m_line.append('x');
        return;
    }
    m_line.append(begin, end - begin);
    if (m_line.size() + m_data.size() > m_maxEventBytes) {
        overflow();
        m_line = QByteArrayLiteral("x"); // we are mid-line: the line is not empty
    }
}

void SseDecoder::overflow()
{
    m_error = QStringLiteral("server-sent event larger than %1 bytes dropped").arg(m_maxEventBytes);
    ++m_dropped;
    m_overflowed = true;
    m_skipping = true;
    m_line.clear();
    m_line.squeeze();
    m_data.clear();
    m_data.squeeze();
    m_eventType.clear();
}

void SseDecoder::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (m_skipping) {
        if (line.isEmpty())
            m_skipping = false;
        return;
    }
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    // The same bound as for a partial line, so that the result does not depend on how the
    // stream was chunked.
    if (line.size() + m_data.size() > m_maxEventBytes) {
        overflow();
        return;
    }
    if (line.front() == ':')
        return; // comment
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        processField(line, {});
        return;
    }
    QByteArrayView value = line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void SseDecoder::processField(QByteArrayView field, QByteArrayView value)
{
    if (field == "data") {
        if (m_data.isEmpty())
            m_data.reserve(value.size() + 1); // most events have one data line: one allocation
        m_data.append(value);
        m_data.append('\n');
        if (m_data.size() > m_maxEventBytes)
            overflow();
    } else if (field == "event") {
        m_eventType = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = validUtf8(value.toByteArray());
    } else if (field == "retry") {
        bool ok = !value.isEmpty();
        for (char c : value)
            ok = ok && c >= '0' && c <= '9';
        const qint64 ms = ok ? value.toLongLong(&ok) : 0;
        if (ok)
            m_retryMs = ms;
    }
}

void SseDecoder::dispatch(QList<SseEvent> &out)
{
    if (m_data.isEmpty()) {
        m_eventType.clear();
        return;
    }
    m_data.chop(1); // the LF added after the last data line
    SseEvent event;
    if (!m_eventType.isEmpty())
        event.event = validUtf8(std::exchange(m_eventType, {}));
    event.data = validUtf8(std::exchange(m_data, {}));
    event.lastEventId = m_lastEventId;
    out.append(std::move(event));
}

bool SseDecoder::finish()
{
    const bool truncated = !m_line.isEmpty() || !m_data.isEmpty() || m_skipping;
    // The last event id and retry delay outlive a connection: a reconnecting client sends them.
    SseDecoder next(m_maxEventBytes);
    next.m_error = std::move(m_error);
    next.m_dropped = m_dropped;
    next.m_lastEventId = std::move(m_lastEventId);
    next.m_retryMs = m_retryMs;
    *this = std::move(next);
    return truncated;
}

void SseDecoder::reset()
{
    const qsizetype limit = m_maxEventBytes;
    *this = SseDecoder(limit);
}

SseEventKind SseDecoder::kindOf(QByteArrayView eventName)
{
    if (eventName.isEmpty() || eventName == "message")
        return SseEventKind::Rows;
    if (eventName == "query")
        return SseEventKind::Query;
    if (eventName == "metrics" || eventName == "metric")
        return SseEventKind::Metrics;
    return SseEventKind::Other;
}

} // namespace tideline::api
