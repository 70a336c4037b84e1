#include "engine/functions/Function.h"

namespace tideline::engine {

void registerRegexpFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
