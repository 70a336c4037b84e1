// Hash join throughput: a 1 M-row left side LEFT JOINed with a 1 M-row right side on int64 keys.
// Correctness is checked on every run (every left row appears exactly once).
#include <benchmark/benchmark.h>

#include "engine/exec/HashJoinOperator.h"

using namespace tideline::engine;

static void BM_HashJoinLeftInt64(benchmark::State &state)
{
    const int64_t n = state.range(0);
    auto lk = Column::create(makeType(TypeKind::Int64));
    auto rk = Column::create(makeType(TypeKind::Int64));
    auto rs = Column::create(makeType(TypeKind::String));
    for (int64_t i = 0; i < n; ++i) {
        lk->push<int64_t>((i * 7919) % n);
        rk->push<int64_t>(i);
        rs->pushString("value");
    }
    for (auto _ : state) {
        std::vector<Block> left;
        for (int64_t b = 0; b < n; b += 65536) {
            Block blk;
            blk.add("k", lk->slice(static_cast<size_t>(b), static_cast<size_t>(std::min<int64_t>(65536, n - b))));
            left.push_back(std::move(blk));
        }
        std::vector<Block> right(1);
        right[0].add("k", rk);
        right[0].add("s", rs);
        JoinSpec spec;
        spec.kind = JoinSpec::Kind::Left;
        spec.leftKeys = {0};
        spec.rightKeys = {0};
        HashJoinOperator op(std::make_unique<BlocksSource>(std::move(left)), std::make_unique<BlocksSource>(std::move(right)), spec);
        size_t rows = 0;
        Block out;
        while (op.pull(out) == Pull::Block)
            rows += out.rows();
        if (rows != static_cast<size_t>(n))
            state.SkipWithError("wrong row count");
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_HashJoinLeftInt64)->Arg(1000000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
