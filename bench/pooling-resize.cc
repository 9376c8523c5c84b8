// Micro-kernel throughput of every qs8 / qu8 avgpool kernel and every s8
// ibilinear kernel in the families' .inc lists, as bench/maxpool.cc:
//   avgpool:   one output row of `pixels` pixels, 3x3 stride-2 windows, `channels`
//              channels; reports taps per second (pixels * 9 * channels);
//   ibilinear: one output row of `pixels` pixels interpolated from 2 input rows
//              (2x upsampling), `channels` channels; reports output bytes per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

namespace {

void AvgpoolBenchmark(benchmark::State& state, xqnn_avgpool_ukernel_fn fn, uint32_t arch) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t pixels = state.range(0), channels = state.range(1), taps = 9;
  const size_t input_width = 2 * pixels + 1;
  std::mt19937 rng(1);
  std::vector<uint8_t> x(3 * input_width * channels + XQNN_EXTRA_BYTES), pad(channels + XQNN_EXTRA_BYTES, 0);
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
  std::vector<float> scales(pixels, 1.0f / 9);
  union xqnn_q8_avgpool_minmax_params params;
  xqnn_init_q8_avgpool_minmax_fp32_scalar_params(&params, 0, 1.0f, 0, -128, 127);
  for (auto _ : state) {
    fn(pixels, taps, channels, indirection.data(), (size_t) (uintptr_t) x.data(), pad.data(), scales.data(),
       y.data(), channels, &params);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["taps"] =
      benchmark::Counter((double) state.iterations() * pixels * taps * channels, benchmark::Counter::kIsRate);
}

void IbilinearBenchmark(benchmark::State& state, xqnn_ibilinear_ukernel_fn fn, uint32_t arch) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t pixels = state.range(0), channels = state.range(1);
  const size_t input_width = pixels / 2 + 1;
  std::mt19937 rng(1);
  std::vector<uint8_t> x(2 * input_width * channels + XQNN_EXTRA_BYTES), y(pixels * channels);
  std::generate(x.begin(), x.end(), [&] { return (uint8_t) rng(); });
  std::vector<const void*> indirection(4 * pixels);
  std::vector<int16_t> weights(2 * pixels);
  for (size_t p = 0; p < pixels; p++) {
    const size_t x0 = p / 2;
    indirection[4 * p + 0] = (const void*) (uintptr_t) (x0 * channels);
    indirection[4 * p + 1] = (const void*) (uintptr_t) ((x0 + 1) * channels);
    indirection[4 * p + 2] = (const void*) (uintptr_t) ((input_width + x0) * channels);
    indirection[4 * p + 3] = (const void*) (uintptr_t) ((input_width + x0 + 1) * channels);
    weights[2 * p] = (int16_t) (p % 2 == 0 ? 256 : 768);
    weights[2 * p + 1] = 256;
  }
  for (auto _ : state) {
    fn(pixels, channels, indirection.data(), (size_t) (uintptr_t) x.data(), weights.data(), y.data(), channels);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["bytes"] =
      benchmark::Counter((double) state.iterations() * pixels * channels, benchmark::Counter::kIsRate);
}

#define XQNN_UKERNEL(arch, fn, channel_tile) \
  BENCHMARK_CAPTURE(AvgpoolBenchmark, fn, fn, arch)->Args({56, 64})->Args({7, 960})->UseRealTime();
#include "qs8-avgpool/qs8-avgpool.inc"
#include "qu8-avgpool/qu8-avgpool.inc"
#undef XQNN_UKERNEL

#define XQNN_UKERNEL(arch, fn, channel_tile) \
  BENCHMARK_CAPTURE(IbilinearBenchmark, fn, fn, arch)->Args({66, 21})->Args({112, 64})->UseRealTime();
#include "s8-ibilinear/s8-ibilinear.inc"
#undef XQNN_UKERNEL

}  // namespace

BENCHMARK_MAIN();
