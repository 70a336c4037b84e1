#include "workspace/SourceWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include "engine/common/Clock.h"

namespace tideline::workspace {

namespace {

constexpr qint64 kMinutesKept = 60;

QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

SourceWriter::SourceWriter(Ingestor &ingestor, QString stream, bool json, const engine::Clock &clock)
    : m_ingestor(ingestor), m_stream(std::move(stream)), m_json(json), m_clock(clock)
{
}

QByteArray SourceWriter::body(const std::vector<QByteArray> &messages, size_t from, size_t count, bool json)
{
    if (json) {
        // NDJSON: a raw line break inside valid JSON can only be whitespace between tokens, so
        // a pretty-printed message becomes one line by turning them into spaces.
        QByteArray out;
        for (size_t i = from; i < from + count; ++i) {
            QByteArray line = messages[i];
            line.replace('\n', ' ').replace('\r', ' ');
            out += line;
            out += '\n';
        }
        return out;
    }
    QJsonArray data;
    for (size_t i = from; i < from + count; ++i)
        data.append(QJsonArray{QString::fromUtf8(messages[i])});
    return QJsonDocument(QJsonObject{{QStringLiteral("columns"), QJsonArray{QStringLiteral("raw")}}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

Outcome<IngestResult> SourceWriter::write(const std::vector<QByteArray> &messages, size_t from, size_t count)
{
    return m_ingestor.ingest(QStringLiteral("default"), m_stream, m_json ? IngestFormat::Streaming : IngestFormat::Compact,
                             body(messages, from, count, m_json));
}

bool SourceWriter::deliver(const std::vector<QByteArray> &received)
{
    if (received.empty())
        return true;
    qint64 bytes = 0;
    for (const auto &m : received)
        bytes += m.size();
    std::vector<QByteArray> decoded;
    qint64 undecodable = 0;
    if (m_protobuf) {
        QString why;
        for (const auto &m : received) {
            if (auto json = m_protobuf->toJson(m, why)) {
                decoded.push_back(std::move(*json));
            } else {
                ++undecodable;
                error(why);
            }
        }
        if (decoded.empty()) {
            counted(0, bytes, undecodable);
            return true;
        }
    }
    const std::vector<QByteArray> &messages = m_protobuf ? decoded : received;
    auto written = write(messages, 0, messages.size());
    if (written) {
        counted(written->rows, bytes, undecodable);
        return true;
    }
    const Failure failure = written.failure();
    // The stream is gone or the disk failed: nothing is written and the position must not move.
    if (failure.httpStatus >= 500 || failure.httpStatus == 404) {
        error(failure.message);
        return false;
    }
    // A bad message: write the others one by one so only the bad ones are lost (and counted).
    qint64 rows = 0, failed = undecodable;
    for (size_t i = 0; i < messages.size(); ++i) {
        auto one = write(messages, i, 1);
        if (one) {
            rows += one->rows;
        } else if (one.failure().httpStatus >= 500 || one.failure().httpStatus == 404) {
            counted(rows, bytes, failed);
            error(one.failure().message);
            return false;
        } else {
            ++failed;
            error(one.failure().message);
        }
    }
    counted(rows, bytes, failed);
    return true;
}

void SourceWriter::counted(qint64 rows, qint64 bytes, qint64 failed)
{
    std::lock_guard lock(m_mutex);
    m_success += rows;
    m_failure += failed;
    qint64 minute = m_clock.nowMillis() / 60000;
    m_bytesPerMinute[minute] += bytes;
    while (!m_bytesPerMinute.empty() && m_bytesPerMinute.begin()->first < minute - kMinutesKept)
        m_bytesPerMinute.erase(m_bytesPerMinute.begin());
}

void SourceWriter::continueFrom(const QJsonObject &stats)
{
    std::lock_guard lock(m_mutex);
    m_success = static_cast<qint64>(stats.value(QStringLiteral("success_count")).toDouble());
    m_failure = static_cast<qint64>(stats.value(QStringLiteral("failure_count")).toDouble());
    m_errors = stats.value(QStringLiteral("errors")).toArray();
    for (const auto &point : stats.value(QStringLiteral("throughput")).toArray()) {
        QJsonObject p = point.toObject();
        qint64 minute = QDateTime::fromString(p.value(QStringLiteral("time")).toString(), Qt::ISODate).toMSecsSinceEpoch() / 60000;
        m_bytesPerMinute[minute] = static_cast<qint64>(p.value(QStringLiteral("value")).toDouble() * 60.0);
    }
}

void SourceWriter::error(const QString &message)
{
    std::lock_guard lock(m_mutex);
    // The API shows only the latest error of the pipeline.
    m_errors = QJsonArray{QJsonObject{{QStringLiteral("time"), rfc3339(m_clock.nowMillis())}, {QStringLiteral("message"), message}}};
}

QJsonObject SourceWriter::stats() const
{
    std::lock_guard lock(m_mutex);
    QJsonArray throughput;
    for (const auto &[minute, bytes] : m_bytesPerMinute)
        throughput.append(QJsonObject{{QStringLiteral("time"), rfc3339(minute * 60000)}, {QStringLiteral("value"), static_cast<double>(bytes) / 60.0}});
    return QJsonObject{{QStringLiteral("success_count"), static_cast<double>(m_success)},
                       {QStringLiteral("failure_count"), static_cast<double>(m_failure)},
                       {QStringLiteral("errors"), m_errors},
                       {QStringLiteral("throughput"), throughput}};
}

} // namespace tideline::workspace
