#include "engine/functions/Function.h"

namespace tideline::engine {

void registerHashFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
