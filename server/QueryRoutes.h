#pragma once
// Routes of the Queries group: POST /queries (SSE), GET /queries[?tag=], GET/DELETE
// /queries/{id}, POST /queries/{id}/cancel, GET /queries/{id}/pipeline, POST /format,
// POST /sqlanalyze, GET /global-metrics, GET /info.
#include "server/Router.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::server {

class QueryRoutes {
public:
    static void install(Router &router, workspace::Workspace &workspace);
};

} // namespace tideline::server
