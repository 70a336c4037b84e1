#include "engine/functions/Function.h"

namespace tideline::engine {

void registerConversionFunctions(FunctionRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
