// Deconvolution operator (QS8) end to end on decoder-like upsampling layers:
// create once, run per iteration. Covers the indirect sub-convolution path
// (kernel 4 / 3, stride 2, padding) and the direct gemm path (kernel == stride).
// With Debian's XNNPACK installed, the same layers through XNNPACK's QS8
// deconvolution as a baseline.
#include <benchmark/benchmark.h>
#include <pthreadpool.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#ifdef XQNN_BENCH_WITH_XNNPACK
#include <xnnpack.h>
#endif

namespace {

struct Layer {
  size_t size, ic, oc;
  uint32_t k, s, pad, adj;
};

Layer LayerOf(const benchmark::State& state) {
  return {(size_t) state.range(0), (size_t) state.range(1), (size_t) state.range(2),
          (uint32_t) state.range(3), (uint32_t) state.range(4), (uint32_t) state.range(5),
          (uint32_t) state.range(6)};
}

void SetCounters(benchmark::State& state, const Layer& l) {
  // MACs of the definition: every input pixel times every kernel tap.
  const double macs = (double) l.size * l.size * l.k * l.k * l.ic * l.oc;
  state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * macs,
                                             benchmark::Counter::kIsRate);
}

// Args: input size, input channels, output channels, kernel, stride, padding, adjustment, threads.
void DeconvolutionQS8(benchmark::State& state) {
  const Layer l = LayerOf(state);
  const size_t threads = state.range(7);
  if (xqnn_initialize() != xqnn_status_success) {
    state.SkipWithError("xqnn_initialize failed");
    return;
  }
  std::mt19937 rng(1);
  std::vector<int8_t> kernel(l.oc * l.k * l.k * l.ic);
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(l.oc, 0);
  xqnn_operator_t op = nullptr;
  if (xqnn_create_deconvolution2d_nhwc_qs8(l.pad, l.pad, l.pad, l.pad, l.k, l.k, l.s, l.s, 1, 1, 1, l.ic, l.oc,
                                           l.ic, l.oc, 0, 0.02f, 0.001f, kernel.data(), bias.data(), 0, 0.5f,
                                           -128, 127, 0, &op) != xqnn_status_success) {
    state.SkipWithError("create failed");
    return;
  }
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  size_t oh = 0, ow = 0;
  xqnn_reshape_deconvolution2d_nhwc_qs8(op, 1, l.size, l.size, l.adj, l.adj, &oh, &ow, pool);
  std::vector<int8_t> input(l.size * l.size * l.ic + XQNN_EXTRA_BYTES), output(oh * ow * l.oc);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  xqnn_setup_deconvolution2d_nhwc_qs8(op, input.data(), output.data());
  for (auto _ : state) {
    xqnn_run_operator(op, pool);
  }
  SetCounters(state, l);
  xqnn_delete_operator(op);
  if (pool != nullptr) pthreadpool_destroy(pool);
}

void Layers(benchmark::internal::Benchmark* b) {
  b->ArgNames({"size", "ic", "oc", "k", "stride", "pad", "adj", "threads"});
  for (int threads : {1, 2}) {
    b->Args({16, 64, 32, 4, 2, 1, 0, threads});   // 2x upsampling, kernel 4 (subconv igemm, 4 taps per phase)
    b->Args({16, 64, 32, 3, 2, 1, 1, threads});   // 2x upsampling, kernel 3 + adjustment (1, 2 or 4 taps)
    b->Args({16, 64, 32, 2, 2, 0, 0, threads});   // kernel == stride (direct gemm)
    b->Args({7, 128, 64, 4, 4, 0, 0, threads});   // 4x upsampling, kernel == stride
  }
  b->UseRealTime();
}

BENCHMARK(DeconvolutionQS8)->Apply(Layers);

#ifdef XQNN_BENCH_WITH_XNNPACK
// Baseline: Debian's XNNPACK snapshot (2022), same layers.
void XnnpackDeconvolutionQS8(benchmark::State& state) {
  const Layer l = LayerOf(state);
  const size_t threads = state.range(7);
  if (xnn_initialize(nullptr) != xnn_status_success) {
    state.SkipWithError("xnn_initialize failed");
    return;
  }
  std::mt19937 rng(1);
  std::vector<int8_t> kernel(l.oc * l.k * l.k * l.ic);
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(l.oc, 0);
  xnn_operator_t op = nullptr;
  if (xnn_create_deconvolution2d_nhwc_qs8(l.pad, l.pad, l.pad, l.pad, l.k, l.k, l.s, l.s, 1, 1, 1, l.ic, l.oc,
                                          l.ic, l.oc, 0, 0.02f, 0.001f, kernel.data(), bias.data(), 0, 0.5f,
                                          -128, 127, 0, &op) != xnn_status_success) {
    state.SkipWithError("create failed");
    return;
  }
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  const size_t oh = l.s * (l.size - 1) + l.adj + l.k - 2 * l.pad;
  std::vector<int8_t> input(l.size * l.size * l.ic + XQNN_EXTRA_BYTES), output(oh * oh * l.oc);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  xnn_setup_deconvolution2d_nhwc_qs8(op, 1, l.size, l.size, l.adj, l.adj, input.data(), output.data(), pool);
  for (auto _ : state) {
    xnn_run_operator(op, pool);
  }
  SetCounters(state, l);
  xnn_delete_operator(op);
  if (pool != nullptr) pthreadpool_destroy(pool);
}

BENCHMARK(XnnpackDeconvolutionQS8)->Apply(Layers);
#endif

}  // namespace

BENCHMARK_MAIN();
