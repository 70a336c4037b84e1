#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine {

// Every family registers its functions; combinators (_if, _distinct) and the NULL adapter are
// applied by AggregateRegistry::resolve(), not registered per function.
void registerAggregateFunctions(AggregateRegistry &registry)
{
    registerSumCountAvg(registry);
    registerStatistics(registry);
    registerMinMax(registry);
    registerArgMinMax(registry);
    registerUniq(registry);
    registerQuantile(registry);
    registerTopK(registry);
    registerGroupArray(registry);
}

} // namespace tideline::engine
