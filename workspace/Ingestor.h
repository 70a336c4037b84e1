#pragma once
// POST /streams/{name}/ingest: a request body in one of the four v1beta2 formats becomes ONE
// block appended to the stream's log (so one ingest call is one watermark step), acknowledged
// only once durable. A malformed body or a bad value fails the whole call and appends nothing.
#include <QByteArray>
#include <QString>
#include "engine/exec/Engine.h"
#include "workspace/Outcome.h"

namespace tideline::workspace {

enum class IngestFormat {
    Compact,   // {"columns": [...], "data": [[...], ...]}
    Streaming, // newline-delimited JSON objects (JSONEachRow)
    Raw,       // the whole body is one event, into column `raw`
    Lines,     // one event per line, into column `raw`
};

struct IngestResult {
    qint64 rows = 0;
    qint64 firstSn = 0;
};

class Ingestor {
public:
    explicit Ingestor(engine::Engine &engine) : m_engine(engine) {}
    Outcome<IngestResult> ingest(const QString &database, const QString &stream, IngestFormat format, const QByteArray &body);

private:
    engine::Engine &m_engine;
};

} // namespace tideline::workspace
