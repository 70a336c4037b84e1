#pragma once
// JavaScript UDFs and UDAs as Proton runs them, in QJSEngine instead of V8 (engine/functions/
// UserFunction.h is the seam).
//
// Scalar: the source defines a function named like the UDF; it is called once per block with one
// JS array per argument and must return an array of the same length.
// Aggregate: the source is an object literal { initialize, process, finalize [, serialize,
// deserialize, merge, has_customized_emit] }. Every group gets its own object (the literal is
// evaluated again), initialize() runs on it, process(arrays...) once per block with the group's
// rows, finalize() for each emit.
//
// Each function has its own QJSEngine (no name clashes between UDFs' globals); all engines of a
// runtime live on its JsSandbox thread, which applies the time and memory limits.
#include <memory>
#include "engine/functions/UserFunction.h"
#include "workspace/JsSandbox.h"

namespace tideline::workspace {

class JavaScriptRuntime final : public engine::UserFunctionRuntime {
public:
    explicit JavaScriptRuntime(JsLimits limits = {});

    engine::Result<std::shared_ptr<const engine::UserScalarFunction>> compileScalar(const engine::UserFunctionDefinition &definition) override;
    engine::Result<std::shared_ptr<const engine::UserAggregateFunction>> compileAggregate(const engine::UserFunctionDefinition &definition) override;

private:
    std::shared_ptr<JsSandbox> m_sandbox;
};

} // namespace tideline::workspace
