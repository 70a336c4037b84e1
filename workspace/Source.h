#pragma once
// One running connector of a /v1beta2/sources document: it reads messages from its peer
// (a generator, a WebSocket server, NATS, JetStream, Kafka) and hands them to a SourceOutput in
// batches. The output writes a batch into the target stream and answers only once it is durable,
// so a source commits its position (JetStream ack, Kafka offset) after that and never before:
// a crash between the two redelivers a batch at worst, it never loses one.
//
// run() blocks on the thread SourceRunner gives it and returns soon after stop(); probe() is
// the connection check of a create/PUT (so an unreachable peer is refused up front).
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>
#include "workspace/Outcome.h"

namespace tideline::engine {
class Clock;
}

namespace tideline::workspace {

class Workspace;

// ClickHouse's NETWORK_ERROR: the peer of a source could not be reached.
constexpr int kNetworkErrorCode = 210;

class SourceOutput {
public:
    virtual ~SourceOutput() = default;
    // Messages, one row each. True once they are durable in the target stream (or, for messages
    // that are not valid rows, counted as failures): the source may commit its position. False
    // when nothing was written (storage failure): do not commit, read them again later.
    virtual bool deliver(const std::vector<QByteArray> &messages) = 0;
    // A connection or protocol problem: shown in the source's stats, the source retries.
    virtual void error(const QString &message) = 0;
};

class Source {
public:
    virtual ~Source() = default;
    // Reads until stop(); reconnects on its own after errors (reported to `out`).
    virtual void run(SourceOutput &out) = 0;
    // Any thread: run() returns soon after. A batch being delivered is finished and committed.
    virtual void stop() = 0;
    // Connects once within `timeoutMs`: nullopt when the peer answers.
    virtual std::optional<Failure> probe(int timeoutMs) = 0;
};

// What a source of one document needs besides its properties.
struct SourceContext {
    QString id;                       // the document id (names durable positions)
    QString stream;                   // target stream, in database `default`
    QJsonObject properties;
    Workspace *workspace = nullptr;   // the generator evaluates its fields with the engine
    const engine::Clock *clock = nullptr;
    bool preview = false;             // a throw-away reader: commits no position
};

// The source of `type`, or a 400 Failure (unknown type, missing or bad properties).
Outcome<std::unique_ptr<Source>> makeSource(const QString &type, const SourceContext &context);

// Whether messages are JSON objects (columns by name) or text (the `raw` column).
bool sourceIsJson(const QJsonObject &properties);

} // namespace tideline::workspace
