#pragma once
// stream_generator: synthetic events at a steady rate, as Proton's random streams make them.
// Each field is `{name, type, default}` where `default` is any SQL expression (rand(),
// random_printable_ascii(8), now64(3), 'device_' || to_string(rand() % 4), ...), the
// `DEFAULT` of a random stream column; a field without one gets random values of its type.
// Without `fields`, `template` (iot, user_logins, devops) picks a ready set, and without either
// the target stream's own columns are generated. The engine evaluates the fields: each batch is
// `SELECT <fields> FROM numbers(n)`, written like any other source's JSON messages.
//
// Rate: `eps` events per second, or one event per `interval` (default 200ms, as Timeplus).
// Time comes from the workspace's Clock: the number of events written is eps x elapsed clock
// time, so a test with a ManualClock gets exact counts and never sleeps to measure.
#include <QStringList>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include "workspace/Source.h"

namespace tideline::workspace {

class StreamGeneratorSource final : public Source {
public:
    static Outcome<std::unique_ptr<Source>> create(const SourceContext &context);

    void run(SourceOutput &out) override;
    void stop() override;
    std::optional<Failure> probe(int timeoutMs) override;

    double eps() const { return m_eps; }
    // `count` events as JSON objects, one per message.
    Outcome<std::vector<QByteArray>> generate(qint64 count);

private:
    StreamGeneratorSource(const SourceContext &context, QString select, QStringList names, double eps);
    bool waitTick(int ms);

    Workspace &m_workspace;
    const engine::Clock &m_clock;
    const QString m_select; // "SELECT ... FROM numbers(%1)"
    const QStringList m_names;
    const double m_eps;
    const qint64 m_startNanos;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace tideline::workspace
