#include "engine/functions/Function.h"

namespace tideline::engine {

void registerLogicalFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
