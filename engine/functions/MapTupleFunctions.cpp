#include "engine/functions/Function.h"

namespace tideline::engine {

void registerMapTupleFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
