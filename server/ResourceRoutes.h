#pragma once
// Routes of the document resources: saved queries, dashboards, schemas, UDFs, sources, sinks,
// alerts, invitations, API keys, users, roles, workspace, subscription. Most are the same five
// CRUD routes over ResourceStore, declared from one table (see ResourceRoutes.cpp).
#include "server/Router.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::server {

class ResourceRoutes {
public:
    static void install(Router &router, workspace::Workspace &workspace);

private:
    static void installAccounts(Router &router, workspace::Workspace &ws);
    static void installLifecycles(Router &router, workspace::Workspace &ws);
};

} // namespace tideline::server
