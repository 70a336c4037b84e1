#include "engine/functions/Function.h"

namespace tideline::engine {

void registerMathFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
