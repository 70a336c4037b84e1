#include "engine/functions/Function.h"

namespace tideline::engine {

void registerMiscFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
