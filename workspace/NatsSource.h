#pragma once
// nats: a core NATS subscription to `subject` (wildcards allowed), in queue group `queue` when
// given; each message is one row (JSON or text as `data_type` says). Core NATS keeps no
// position, so a stopped source misses what is published meanwhile; use nats_jetstream to
// resume. Messages are handed over in batches of up to 1000 or every 50 ms.
#include <atomic>
#include "workspace/NatsConnection.h"
#include "workspace/Source.h"

namespace tideline::workspace {

class NatsSource final : public Source {
public:
    static Outcome<std::unique_ptr<Source>> create(const SourceContext &context);

    void run(SourceOutput &out) override;
    void stop() override { m_stopping = true; }
    std::optional<Failure> probe(int timeoutMs) override;

private:
    NatsSource(NatsSettings settings, QString subject, QString queue, int prefetch);
    // Reads from one connection until it fails or stop(); false when it could not subscribe.
    void consume(NatsConnection &connection, SourceOutput &out);

    const NatsSettings m_settings;
    const QString m_subject, m_queue;
    const int m_prefetch;
    std::atomic<bool> m_stopping{false};
};

// Waits `ms` in small steps unless `stopping` turns true; false when it did.
bool pauseUnlessStopping(const std::atomic<bool> &stopping, int ms);

} // namespace tideline::workspace
