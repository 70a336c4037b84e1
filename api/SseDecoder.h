#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace tideline::api {

// One dispatched server-sent event. `data` holds the data lines joined with "\n" (UTF-8;
// invalid sequences were replaced by U+FFFD as the SSE spec's decoding step requires).
struct SseEvent
{
    QByteArray event = QByteArrayLiteral("message");
    QByteArray data;
    QByteArray lastEventId;

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// What a v1beta2 query stream event means (rest-api-v1beta2.md §3.3).
enum class SseEventKind { Query, Rows, Metrics, Other };

// Incremental parser of the full text/event-stream format (WHATWG HTML "server-sent events"):
// chunks may be split anywhere (inside a UTF-8 sequence, between CR and LF); CRLF, CR and LF end
// lines; comments, unknown fields and a leading BOM are ignored; `id` and `retry` are kept.
// Memory is bounded: an event whose buffered size exceeds `maxEventBytes` is dropped (with an
// error) and the parser resynchronises at the next blank line instead of growing without end.
class SseDecoder
{
public:
    static constexpr qsizetype DefaultMaxEventBytes = 256 * 1024 * 1024;

    explicit SseDecoder(qsizetype maxEventBytes = DefaultMaxEventBytes);

    // Appends the events completed by `chunk` to `out`. Returns false when an event exceeded the
    // size limit in this call (see errorString()); later events still decode.
    bool feed(QByteArrayView chunk, QList<SseEvent> &out);
    QList<SseEvent> feed(QByteArrayView chunk);

    // End of stream. An event without its closing blank line is discarded, as the spec says;
    // returns true when that happened (the stream was cut mid-event). The decoder is then ready
    // for the next connection, keeping lastEventId(), retryMs() and the error state.
    bool finish();
    void reset();

    QString errorString() const { return m_error; }
    qsizetype droppedEvents() const { return m_dropped; }
    QByteArray lastEventId() const { return m_lastEventId; }
    std::optional<qint64> retryMs() const { return m_retryMs; }
    qsizetype maxEventBytes() const { return m_maxEventBytes; }

    // `metric` is accepted as an alias of `metrics` (docs/query-api.md shows it once).
    static SseEventKind kindOf(QByteArrayView eventName);

private:
    void processBytes(QByteArrayView bytes, QList<SseEvent> &out);
    void appendPartial(const char *begin, const char *end);
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void processField(QByteArrayView field, QByteArrayView value);
    void dispatch(QList<SseEvent> &out);
    void overflow();

    qsizetype m_maxEventBytes;
    QByteArray m_line;      // a line not yet terminated
    QByteArray m_data;      // data buffer of the event being built
    QByteArray m_eventType;
    QByteArray m_lastEventId;
    QByteArray m_bomProbe;  // first bytes of the stream while deciding whether they are a BOM
    std::optional<qint64> m_retryMs;
    QString m_error;
    qsizetype m_dropped = 0;
    bool m_atStreamStart = true;
    bool m_pendingCr = false; // the previous chunk ended with CR: a leading LF belongs to it
    bool m_skipping = false;  // dropping an oversized event until the next blank line
    bool m_overflowed = false;
};

} // namespace tideline::api
