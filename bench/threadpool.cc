// What one parallel operator call costs beyond its work: pthreadpool_parallelize_1d
// over threads * 8 tiles (the tiling reshape aims for, XQNN_TARGET_TILES_PER_THREAD)
// of a fixed amount of arithmetic, on pools of 1 and 2 threads. Each call of an
// operator run pays this once; MobileNet v2 makes 65 such calls per inference.
// Compare a 2-thread time with half the 1-thread time of the same work.
#include <benchmark/benchmark.h>
#include <pthreadpool.h>

#include <cstddef>
#include <cstdint>

namespace {

struct Work {
  size_t iterations_per_tile;
  uint64_t sink[64];
};

// A dependent chain of integer operations: no memory traffic, so the measured
// cost is dispatch, wake-up and join, not caches.
void RunTile(void* context, size_t tile) {
  Work* work = static_cast<Work*>(context);
  uint64_t x = tile + 1;
  for (size_t i = 0; i < work->iterations_per_tile; i++) x = x * 6364136223846793005u + 1442695040888963407u;
  work->sink[tile % 64] = x;
}

void ParallelizeCall(benchmark::State& state) {
  const size_t threads = static_cast<size_t>(state.range(0));
  const size_t total_iterations = static_cast<size_t>(state.range(1));
  const size_t tiles = threads * 8;
  pthreadpool_t pool = pthreadpool_create(threads);
  Work work = {};
  work.iterations_per_tile = total_iterations / tiles;
  for (auto _ : state) {
    pthreadpool_parallelize_1d(pool, RunTile, &work, tiles, 0);
    benchmark::DoNotOptimize(work.sink);
  }
  pthreadpool_destroy(pool);
}

// Work per call: none, and about 2, 8 and 32 us on one ~3.5 GHz core (the
// range of MobileNet v2's layers on AVX512-VNNI is 1-110 us).
BENCHMARK(ParallelizeCall)
    ->ArgNames({"threads", "iterations"})
    ->ArgsProduct({{1, 2}, {0, 2000, 8000, 32000}})
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
