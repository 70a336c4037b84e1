#pragma once
// Routes of catalog objects: streams (+ ingest, stats), views, materialized views, external
// streams and tables, topology.
#include "server/Router.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::server {

class StreamRoutes {
public:
    static void install(Router &router, workspace::Workspace &workspace);

private:
    static void installStreams(Router &router, workspace::Workspace &ws);
    static void installViews(Router &router, workspace::Workspace &ws);
    static void installExternals(Router &router, workspace::Workspace &ws);
};

} // namespace tideline::server
