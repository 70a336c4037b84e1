#include "workspace/Source.h"

#include "engine/common/Status.h"
#include "workspace/KafkaSource.h"
#include "workspace/NatsJetStreamSource.h"
#include "workspace/NatsSource.h"
#include "workspace/StreamGeneratorSource.h"
#include "workspace/WebSocketSource.h"

namespace tideline::workspace {

Outcome<std::unique_ptr<Source>> makeSource(const QString &type, const SourceContext &context)
{
    if (type == QLatin1String("stream_generator"))
        return StreamGeneratorSource::create(context);
    if (type == QLatin1String("websocket"))
        return WebSocketSource::create(context);
    if (type == QLatin1String("nats"))
        return NatsSource::create(context);
    if (type == QLatin1String("nats_jetstream"))
        return NatsJetStreamSource::create(context);
    if (type == QLatin1String("kafka"))
        return KafkaSource::create(context);
    if (type == QLatin1String("redpanda_connect"))
        return Failure::badRequest(QStringLiteral("type: redpanda_connect sources are not supported by this server"),
                                   static_cast<int>(engine::ErrorCode::NotImplemented));
    return Failure::badRequest(QStringLiteral("type: '%1' is not one of stream_generator, websocket, nats, nats_jetstream, kafka").arg(type),
                               static_cast<int>(engine::ErrorCode::BadArguments));
}

bool sourceIsJson(const QJsonObject &properties)
{
    QString type = properties.value(QStringLiteral("data_type")).toString(QStringLiteral("json")).toLower();
    return type != QLatin1String("text") && type != QLatin1String("raw");
}

} // namespace tideline::workspace
