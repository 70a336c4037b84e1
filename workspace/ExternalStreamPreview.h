#pragma once
// POST /external_streams/preview {settings[] (req), count (default 1, at most 1000), offset
// ("earliest"|"latest", default latest), timeout (seconds, default 60)}: the first `count`
// messages of the topic from `offset`, read by a throw-away reader of the stream's connector
// (partitions assigned, no group, nothing committed, nothing written). The settings are checked
// as CREATE EXTERNAL STREAM checks them, with the same codes. JSON messages come back as parsed;
// any other message as {"raw": text}; each event also carries `_tp_message_key`, `_tp_shard`
// and `_tp_sn`. run() blocks while it waits (the server calls it off its thread), at most 60 s;
// an unreachable broker fails (210) within min(timeout, 5 s).
#include <QJsonArray>
#include <QJsonObject>
#include "workspace/Outcome.h"

namespace tideline::workspace {

class Workspace;

class ExternalStreamPreview {
public:
    static constexpr int kMaxWaitMs = 60000;
    explicit ExternalStreamPreview(Workspace &workspace) : m_ws(workspace) {}
    Outcome<QJsonArray> run(const QJsonObject &request);

private:
    Workspace &m_ws;
};

} // namespace tideline::workspace
