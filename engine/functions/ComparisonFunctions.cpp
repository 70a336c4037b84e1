#include "engine/functions/Function.h"

namespace tideline::engine {

void registerComparisonFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
