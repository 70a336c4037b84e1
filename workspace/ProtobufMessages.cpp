#include "workspace/ProtobufMessages.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <google/protobuf/descriptor.h>
#include "engine/exec/Engine.h"
#include "engine/formats/ProtobufReader.h"
#include "workspace/BlockJsonEncoder.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

bool sourceIsProtobuf(const QJsonObject &properties)
{
    return properties.value(QStringLiteral("data_type")).toString().toLower() == QLatin1String("protobuf");
}

ProtobufMessages::~ProtobufMessages() = default;

Outcome<std::shared_ptr<const ProtobufMessages>> ProtobufMessages::make(Workspace &ws, const QString &stream, const QString &formatSchema)
{
    auto info = ws.engine().find("default", stream.toStdString());
    if (!info)
        return Failure::badRequest(QStringLiteral("stream: '%1' does not exist").arg(stream), static_cast<int>(engine::ErrorCode::UnknownStream));
    if (formatSchema.isEmpty())
        return Failure::badRequest(QStringLiteral("properties.format_schema is required with data_type 'protobuf' ('schema_name:MessageType')"), 36);
    try {
        auto [schema, type] = ws.engine().formatSchemas().resolveProtobuf(formatSchema.toStdString());
        const google::protobuf::Descriptor *message = schema->message(type);
        std::vector<engine::ColumnSpec> columns;
        for (const auto &c : info->columns)
            if (!c.aliasExpr && message && message->FindFieldByName(c.name))
                columns.push_back({c.name, c.type});
        if (columns.empty())
            return Failure::badRequest(QStringLiteral("properties.format_schema: message %1 has no field named like a column of stream '%2'")
                                           .arg(QString::fromStdString(type), stream), 36);
        std::shared_ptr<ProtobufMessages> made(new ProtobufMessages);
        made->m_reader = std::make_unique<engine::ProtobufReader>(schema, type, columns);
        for (const auto &c : columns)
            made->m_keys.push_back(QJsonDocument(QJsonObject{{QString::fromStdString(c.name), 0}}).toJson(QJsonDocument::Compact).mid(1).chopped(2));
        return std::shared_ptr<const ProtobufMessages>(std::move(made));
    } catch (const engine::EngineError &e) {
        return Failure::badRequest(QStringLiteral("properties.format_schema: ") + QString::fromStdString(e.status().message()),
                                   static_cast<int>(e.status().code()));
    }
}

std::optional<QByteArray> ProtobufMessages::toJson(const QByteArray &message, QString &error) const
{
    try {
        engine::Block row = m_reader->readSingle(std::string_view(message.constData(), static_cast<size_t>(message.size())));
        std::string out = "{";
        for (size_t c = 0; c < row.columnCount(); ++c) {
            out += (c ? "," : "");
            out.append(m_keys[c].constData(), static_cast<size_t>(m_keys[c].size()));
            BlockJsonEncoder::encodeValue(*row.at(c).column, 0, out);
        }
        out += '}';
        return QByteArray::fromStdString(out);
    } catch (const engine::EngineError &e) {
        error = QString::fromStdString(e.status().message());
        return std::nullopt;
    }
}

} // namespace tideline::workspace
