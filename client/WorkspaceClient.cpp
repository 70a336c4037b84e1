#include "client/WorkspaceClient.h"

namespace tideline::client {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected: return QStringLiteral("disconnected");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Connected: return QStringLiteral("connected");
    case ConnectionState::Reconnecting: return QStringLiteral("reconnecting");
    case ConnectionState::Failed: return QStringLiteral("failed");
    }
    return {};
}

QString resourcePath(Resource resource)
{
    switch (resource) {
    case Resource::Stream: return QStringLiteral("streams");
    case Resource::View: return QStringLiteral("views");
    case Resource::MaterializedView: return QStringLiteral("materialized_views");
    case Resource::ExternalStream: return QStringLiteral("external_streams");
    case Resource::ExternalTable: return QStringLiteral("external_tables");
    case Resource::Udf: return QStringLiteral("udfs");
    case Resource::SavedQuery: return QStringLiteral("savedqueries");
    case Resource::Dashboard: return QStringLiteral("dashboards");
    case Resource::Alert: return QStringLiteral("alerts");
    case Resource::Sink: return QStringLiteral("sinks");
    case Resource::Source: return QStringLiteral("sources");
    case Resource::Schema: return QStringLiteral("schemas");
    case Resource::ApiKey: return QStringLiteral("auth/api_keys");
    case Resource::User: return QStringLiteral("users");
    }
    return {};
}

QString resourceKeyField(Resource resource)
{
    switch (resource) {
    case Resource::Stream: case Resource::View: case Resource::MaterializedView: case Resource::ExternalStream:
    case Resource::ExternalTable: case Resource::Udf: case Resource::Schema:
        return QStringLiteral("name");
    case Resource::User:
        return QStringLiteral("username");
    default:
        return QStringLiteral("id");
    }
}

} // namespace tideline::client
