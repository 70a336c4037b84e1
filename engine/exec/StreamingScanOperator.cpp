#include "engine/exec/StreamingScanOperator.h"

#include "engine/exec/ScanOperator.h"
#include "engine/formats/DateTimeParser.h"
#include "engine/formats/TimeZones.h"

namespace tideline::engine {

StreamingScanOperator::StreamingScanOperator(std::shared_ptr<StreamInfo> stream, int64_t startSn, std::shared_ptr<QueryWaker> waker)
    : m_stream(std::move(stream)), m_log(m_stream->log), m_reader(*m_log, startSn), m_waker(std::move(waker)),
      m_columns(ScanOperator::storedColumns(*m_stream))
{
    std::weak_ptr<QueryWaker> weak = m_waker;
    m_listener = m_log->addListener([weak](int64_t) {
        if (auto w = weak.lock())
            w->notify();
    });
}

StreamingScanOperator::~StreamingScanOperator()
{
    m_log->removeListener(m_listener);
}

int64_t StreamingScanOperator::startPosition(const StreamLog &log, const std::string &seekTo, int64_t nowMs)
{
    if (seekTo.empty() || seekTo == "latest")
        return log.nextSn();
    if (seekTo == "earliest")
        return log.firstSn();
    if (seekTo.find_first_not_of("0123456789") == std::string::npos)
        return std::max<int64_t>(std::stoll(seekTo), log.firstSn());
    LogReader probe(log, log.firstSn());
    if (seekTo[0] == '-' || seekTo[0] == '+') {
        // Relative: -2h, -30m, -10s, -1d (m = minute).
        size_t unitPos = seekTo.find_first_not_of("0123456789", 1);
        int64_t amount = std::stoll(seekTo.substr(1, unitPos - 1));
        std::string unit = unitPos == std::string::npos ? "s" : seekTo.substr(unitPos);
        int64_t ms = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : unit == "d" ? 86400000 : -1;
        if (ms < 0)
            fail(ErrorCode::BadArguments, "Invalid seek_to '" + seekTo + "'");
        probe.seekToTime(nowMs + (seekTo[0] == '-' ? -amount : amount) * ms);
        return probe.position();
    }
    int64_t ms = 0;
    if (!parseDateTimeBestEffort(seekTo, TimeZone::get(""), 3, ms))
        fail(ErrorCode::BadArguments, "Invalid seek_to '" + seekTo + "': expected earliest, latest, a sequence number, a time or a relative time like -2h");
    probe.seekToTime(ms);
    return probe.position();
}

Pull StreamingScanOperator::pull(Block &out)
{
    Block record;
    RecordMeta meta;
    if (!m_reader.next(record, meta)) {
        if (!m_reader.status())
            throw EngineError(m_reader.status());
        return Pull::Pending;
    }
    stats.scannedRows += record.rows();
    stats.scannedBytes += record.byteSize();
    Block block = ScanOperator::shape(record, meta, m_columns, m_reader.sequenceColumn());
    out = std::move(block);
    return Pull::Block;
}

} // namespace tideline::engine
