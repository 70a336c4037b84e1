#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

void registerAggregateFunctions(AggregateRegistry &registry)
{
    (void)registry;
}

} // namespace tideline::engine
