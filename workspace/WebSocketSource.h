#pragma once
// websocket: connects to `url` (ws:// or wss://), sends `open_message` once connected (as text,
// or binary when `open_message_type` is binary), and each message received is one row: a JSON
// object into the columns of the same names (`data_type` json, the default), or the whole text
// into the `raw` column (`data_type` text). A WebSocket has no position: after a disconnect it
// reconnects (1 s, doubling to 30 s) and reads what the server sends from then on.
//
// run() owns a QWebSocket and an event loop on the source's own thread; messages are handed
// over every 50 ms or every 1000 messages, whichever comes first.
#include <QEventLoop>
#include <QPointer>
#include <mutex>
#include "workspace/Source.h"

namespace tideline::workspace {

class WebSocketSource final : public Source {
public:
    static Outcome<std::unique_ptr<Source>> create(const SourceContext &context);

    void run(SourceOutput &out) override;
    void stop() override;
    std::optional<Failure> probe(int timeoutMs) override;

private:
    WebSocketSource(QUrl url, QString openMessage, bool openBinary);

    const QUrl m_url;
    const QString m_openMessage;
    const bool m_openBinary;
    std::mutex m_mutex;
    QPointer<QEventLoop> m_loop;
    bool m_stopping = false;
};

} // namespace tideline::workspace
