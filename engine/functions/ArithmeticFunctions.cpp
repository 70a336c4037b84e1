#include "engine/functions/Function.h"

namespace tideline::engine {

void registerArithmeticFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
