// Micro-kernel throughput of every s8 / u8 maxpool kernel in the families'
// .inc lists: one output row of `pixels` pixels, 3x3 windows (9 taps) over
// distinct input rows, `channels` channels. Reports taps per second
// (pixels * 9 * channels input bytes compared).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

namespace {

void MaxpoolBenchmark(benchmark::State& state, xqnn_maxpool_ukernel_fn fn, uint32_t arch) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t pixels = state.range(0), channels = state.range(1), taps = 9;
  // A stride-2 3x3 window over 3 input rows of 2 * pixels + 1 pixels.
  const size_t input_width = 2 * pixels + 1;
  std::mt19937 rng(1);
  std::vector<uint8_t> x(3 * input_width * channels + XQNN_EXTRA_BYTES), pad(channels + XQNN_EXTRA_BYTES, 0x80);
  std::vector<uint8_t> y(pixels * channels);
  std::generate(x.begin(), x.end(), [&] { return (uint8_t) rng(); });
  std::vector<const void*> indirection(pixels * taps);
  for (size_t p = 0; p < pixels; p++) {
    for (size_t i = 0; i < 3; i++) {
      for (size_t j = 0; j < 3; j++) {
        indirection[p * taps + i * 3 + j] = (const void*) (uintptr_t) ((i * input_width + 2 * p + j) * channels);
      }
    }
  }
  const xqnn_x8_minmax_params params = {0x81, 0x7F};
  for (auto _ : state) {
    fn(pixels, taps, channels, indirection.data(), (size_t) (uintptr_t) x.data(), pad.data(), y.data(), channels,
       &params);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["taps"] =
      benchmark::Counter((double) state.iterations() * pixels * taps * channels, benchmark::Counter::kIsRate);
}

#define XQNN_UKERNEL(arch, fn, channel_tile) \
  BENCHMARK_CAPTURE(MaxpoolBenchmark, fn, fn, arch)->Args({56, 64})->Args({7, 960})->UseRealTime();
#include "s8-maxpool/s8-maxpool.inc"
#include "u8-maxpool/u8-maxpool.inc"
#undef XQNN_UKERNEL

}  // namespace

BENCHMARK_MAIN();
