#include "engine/functions/Function.h"

namespace tideline::engine {

void registerConditionalFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
