#pragma once
// Remote UDFs as Proton calls them: one HTTP POST per block, body {"<arg name>": [values], ...},
// reply {"result": [values]} with one value per row. AUTH_METHOD 'auth_header' sends
// AUTH_HEADER: AUTH_KEY. The request runs on this runtime's own thread (its own event loop and
// QNetworkAccessManager, as HttpDelivery), so the query thread only waits, up to the function's
// EXECUTION_TIMEOUT (default 10 s); a timeout is 159, any other failure 2533.
#include <memory>
#include "engine/functions/UserFunction.h"

class QThread;
class QNetworkAccessManager;

namespace tideline::workspace {

class RemoteFunctionRuntime final : public engine::UserFunctionRuntime, public std::enable_shared_from_this<RemoteFunctionRuntime> {
public:
    RemoteFunctionRuntime();
    ~RemoteFunctionRuntime() override;

    engine::Result<std::shared_ptr<const engine::UserScalarFunction>> compileScalar(const engine::UserFunctionDefinition &definition) override;
    engine::Result<std::shared_ptr<const engine::UserAggregateFunction>> compileAggregate(const engine::UserFunctionDefinition &definition) override;

    // Posts `body` and returns the reply body; used by the compiled functions.
    engine::Result<std::string> post(const engine::UserFunctionDefinition &definition, const std::string &body);

private:
    QThread *m_thread;
    QNetworkAccessManager *m_nam; // lives on m_thread
};

} // namespace tideline::workspace
