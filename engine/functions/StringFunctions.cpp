#include "engine/functions/Function.h"

namespace tideline::engine {

void registerStringFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
