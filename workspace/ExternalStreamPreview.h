#pragma once
// POST /external_streams/preview {settings[] (req), count (default 1, at most 1000), offset
// ("earliest"|"latest", default latest), timeout (seconds, default 60)}: the first `count`
// messages of the topic from `offset`, read by a throw-away reader of the stream's connector
// (partitions assigned, no group, nothing committed, nothing written). The settings are checked
// as CREATE EXTERNAL STREAM checks them, with the same codes. JSON messages come back as parsed;
// any other message as {"raw": text}; each event also carries `_tp_message_key`, `_tp_shard`
// and `_tp_sn`. The handler blocks while it waits, so the wait is capped at 10 s whatever
// `timeout` says; an unreachable broker fails (210) within that.
#include <QJsonArray>
#include <QJsonObject>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

class ExternalStreamPreview {
public:
    static constexpr int kMaxWaitMs = 10000;
    explicit ExternalStreamPreview(Workspace &workspace) : m_ws(workspace) {}
    Outcome<QJsonArray> run(const QJsonObject &request);

private:
    Workspace &m_ws;
};

} // namespace tideline::workspace
