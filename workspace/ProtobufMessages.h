#pragma once
// Sources with `data_type: "protobuf"`: every message is one ProtobufSingle message of a stored
// format schema (`format_schema: "schema_name:MessageType"`, as external streams name it),
// decoded by the engine's ProtobufReader into the target stream's columns that the message type
// has fields for, and handed on as one JSON object (columns by name), so it takes the JSON path
// of every other source (SourceWriter) with the stream's own types and defaults.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>
#include "workspace/Outcome.h"

namespace tideline::engine {
class ProtobufReader;
}

namespace tideline::workspace {

class Workspace;

class ProtobufMessages {
public:
    // 400 with the engine's code for an unknown schema (2611) or message type (36), or a stream
    // none of whose columns the message type has a field for.
    static Outcome<std::shared_ptr<const ProtobufMessages>> make(Workspace &ws, const QString &stream, const QString &formatSchema);
    ~ProtobufMessages();

    // The message as a JSON object; nullopt, with the reason in `error`, for bytes that are not
    // a message of the type. Thread-safe.
    std::optional<QByteArray> toJson(const QByteArray &message, QString &error) const;

private:
    ProtobufMessages() = default;
    std::unique_ptr<engine::ProtobufReader> m_reader;
    std::vector<QByteArray> m_keys; // "\"column\":" per column, in the reader's order
};

// Whether a source's properties ask for Protobuf messages.
bool sourceIsProtobuf(const QJsonObject &properties);

} // namespace tideline::workspace
