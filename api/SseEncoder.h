#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <string>
#include <string_view>

namespace tideline::api {

class RowBatch;

// Builds the bytes of one server-sent event the way rest-api-v1beta2.md §3.3 "Framing that keeps
// naive clients working" requires: an optional `event: <name>` line, exactly one single-line
// `data: <json>` line, then a blank line; `\n` line ends; never comments, `id:` or `retry:`.
// go-client and java-demo parse line by line and break on anything else.
class SseEncoder
{
public:
    static constexpr const char *ContentType = "text/event-stream"; // exactly, no charset (nodejs-sample)

    // `event` empty gives a data-only event (clients see type "message": the row batches).
    // The payload is JSON, where CR and LF can only be whitespace between tokens, so they are
    // replaced by spaces: the data stays on one line without changing its meaning. CR/LF in
    // the event name are dropped.
    static QByteArray encode(QByteArrayView event, QByteArrayView jsonData);
    static void append(QByteArray &out, QByteArrayView event, QByteArrayView jsonData);

    static QByteArray queryEvent(const QJsonObject &query);   // event: query
    static QByteArray metricsEvent(const QJsonObject &metrics); // event: metrics
    static QByteArray rowsEvent(QByteArrayView rowsJson);       // data-only: [[...],...]
    static QByteArray rowsEvent(const RowBatch &rows);

    // In place, for the server's row batches: `buffer` holds kDataPrefix then the JSON, written
    // there by the row encoder; appends the blank line and returns true when the JSON has no
    // line break (JSON writers escape them in strings), which spares a scan and a copy of every
    // batch; returns false, leaving `buffer` as it was, when it has one (then use rowsEvent()).
    static constexpr std::string_view kDataPrefix = "data: ";
    static bool finishDataEvent(std::string &buffer);
};

} // namespace tideline::api
