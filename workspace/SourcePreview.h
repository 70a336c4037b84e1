#pragma once
// POST /source/preview: runs a source's connector without a target stream and collects the
// first `size` events (default 1) within `timeout` (a Go duration, default 10s, at most 1m).
// Nothing is written and no position is committed: Kafka reads as a throw-away group,
// JetStream through an ordered ephemeral consumer. JSON messages are returned as parsed; a text
// message (or one that is not a JSON object) as {"raw": text}. `columns` are the inferred
// types of the samples (EventTypeInference), the ColumnDef[] POST /source/infer returns too.
#include <QJsonArray>
#include <QJsonObject>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

struct SourcePreviewResult {
    QJsonArray events;
    QJsonArray columns;
};

class SourcePreview {
public:
    explicit SourcePreview(Workspace &workspace) : m_ws(workspace) {}
    Outcome<SourcePreviewResult> run(const QJsonObject &request);

    // EventInferResponse of POST /source/infer {event}: inferred and recommended columns.
    static QJsonObject infer(const QJsonArray &events);

private:
    Workspace &m_ws;
};

} // namespace tideline::workspace
