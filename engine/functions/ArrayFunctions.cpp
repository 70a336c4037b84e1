#include "engine/functions/Function.h"

namespace tideline::engine {

void registerArrayFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
