#include "engine/functions/Function.h"

namespace tideline::engine {

void registerDateTimeFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
