#pragma once
// What each Resource of the client means for a workspace: the calls the server's routes make
// (StreamCatalog for catalog objects, ResourceCatalog for documents, Credentials for keys and
// users), answered as a client Reply (the same JSON the REST API returns; Null where the API
// answers without a body). Runs on a worker thread; stateless.
#include <optional>
#include "client/WorkspaceClient.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::client {

class LocalResources {
public:
    static Reply list(workspace::Workspace &ws, Resource resource);
    static Reply get(workspace::Workspace &ws, Resource resource, const QString &key);
    static Reply create(workspace::Workspace &ws, Resource resource, const QJsonObject &body);
    static Reply update(workspace::Workspace &ws, Resource resource, const QString &key, const QJsonObject &body);
    static Reply remove(workspace::Workspace &ws, Resource resource, const QString &key);
    static Reply action(workspace::Workspace &ws, Resource resource, const QString &key, const QString &action);
    static Reply stats(workspace::Workspace &ws, Resource resource, const QString &key, int historyDays = 0);
    // POST /source/preview (Event[]); external streams answer as the server does until their
    // connector previews.
    static Reply preview(workspace::Workspace &ws, Resource resource, const QJsonObject &body);
    static Reply ingest(workspace::Workspace &ws, const QString &stream, IngestFormat format, const QByteArray &body);

    // The ResourceStore kind of a document resource ("dashboard"), empty for the others.
    static QString documentKind(Resource resource);
    static Reply failure(int httpStatus, int code, const QString &message);
    // The body checked against the OpenAPI request schema of `method` on `path` (below
    // /v1beta2/), as the server checks it before any route runs; nullopt when it passes.
    static std::optional<Reply> invalidBody(const char *method, const QString &path, const QJsonObject &body);
};

} // namespace tideline::client
