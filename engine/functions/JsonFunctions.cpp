#include "engine/functions/Function.h"

namespace tideline::engine {

void registerJsonFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
