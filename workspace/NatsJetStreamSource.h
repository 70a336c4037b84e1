#pragma once
// nats_jetstream: a durable JetStream pull consumer on `subject` (or bound to `stream`), so a
// restarted source - or a restarted tidelined - resumes after the last message it wrote. The
// consumer is `durable` (default tideline_<source id>); `bind` uses an existing consumer;
// `deliver` (all|last) applies when the consumer is created; `ack_wait`, `max_ack_pending`
// as JetStream defines them. A fetched batch is written into the stream first and acked after
// (AckAll on its last message), so an acknowledged message is always durable; a batch that
// could not be written is nak'ed and comes again.
//
// A preview reads through an ordered ephemeral consumer and acknowledges nothing.
#include <atomic>
#include "workspace/NatsConnection.h"
#include "workspace/Source.h"

namespace tideline::workspace {

struct JetStreamSettings {
    QString subject, stream, durable, queue;
    bool bind = false;
    bool deliverLast = false;
    qint64 ackWaitMs = 30000;
    int maxAckPending = 1024;
};

class NatsJetStreamSource final : public Source {
public:
    static Outcome<std::unique_ptr<Source>> create(const SourceContext &context);

    void run(SourceOutput &out) override;
    void stop() override { m_stopping = true; }
    std::optional<Failure> probe(int timeoutMs) override;

private:
    NatsJetStreamSource(NatsSettings nats, JetStreamSettings js, bool preview);
    // Reads through one connection until it fails or stop().
    void consume(NatsConnection &connection, SourceOutput &out);
    natsStatus subscribe(jsCtx *js, natsSubscription **sub, jsErrCode *jerr);
    void consumeOrdered(natsSubscription *sub, SourceOutput &out);

    const NatsSettings m_nats;
    const JetStreamSettings m_js;
    const bool m_preview;
    std::atomic<bool> m_stopping{false};
};

} // namespace tideline::workspace
