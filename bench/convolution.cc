// Convolution operator (QS8-QC8W) end to end on MobileNet-like layers: create
// once, run per iteration. Covers the three paths: 1x1 (gemm), 3x3 dense
// (igemm) and 3x3 depthwise (dwconv).
#include <benchmark/benchmark.h>
#include <pthreadpool.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"

namespace {

// Args: input size, input channels, output channels, kernel, stride, depthwise, threads.
void ConvolutionQS8QC8W(benchmark::State& state) {
  const size_t size = state.range(0), ic = state.range(1), oc = state.range(2);
  const uint32_t k = (uint32_t) state.range(3), s = (uint32_t) state.range(4);
  const bool depthwise = state.range(5) != 0;
  const size_t threads = state.range(6);
  if (xqnn_initialize() != xqnn_status_success) {
    state.SkipWithError("xqnn_initialize failed");
    return;
  }
  const uint32_t groups = depthwise ? (uint32_t) ic : 1;
  const size_t gic = depthwise ? 1 : ic, goc = depthwise ? 1 : oc;
  std::mt19937 rng(1);
  std::vector<int8_t> kernel(groups * goc * k * k * gic);
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(groups * goc, 0);
  std::vector<float> scales(groups * goc, 0.001f);
  xqnn_operator_t op = nullptr;
  if (xqnn_create_convolution2d_nhwc_qs8_qc8w(
          k / 2, k / 2, k / 2, k / 2, k, k, s, s, 1, 1, groups, gic, goc, groups * gic, groups * goc, 0, 0.02f,
          scales.data(), kernel.data(), bias.data(), 0, 0.5f, -128, 127,
          depthwise ? XQNN_FLAG_DEPTHWISE_CONVOLUTION : 0, &op) != xqnn_status_success) {
    state.SkipWithError("create failed");
    return;
  }
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  size_t oh = 0, ow = 0;
  xqnn_reshape_convolution2d_nhwc_qs8_qc8w(op, 1, size, size, &oh, &ow, pool);
  std::vector<int8_t> input(size * size * ic + XQNN_EXTRA_BYTES), output(oh * ow * oc);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  xqnn_setup_convolution2d_nhwc_qs8_qc8w(op, input.data(), output.data());
  for (auto _ : state) {
    xqnn_run_operator(op, pool);
  }
  const double macs = (double) oh * ow * groups * goc * k * k * gic;
  state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * macs,
                                             benchmark::Counter::kIsRate);
  xqnn_delete_operator(op);
  if (pool != nullptr) pthreadpool_destroy(pool);
}

void Layers(benchmark::internal::Benchmark* b) {
  b->ArgNames({"size", "ic", "oc", "k", "stride", "dw", "threads"});
  for (int threads : {1, 2}) {
    b->Args({56, 128, 128, 1, 1, 0, threads});  // pointwise (gemm)
    b->Args({56, 128, 128, 3, 1, 1, threads});  // depthwise 3x3 (dwconv)
    b->Args({112, 3, 32, 3, 2, 0, threads});    // first layer (igemm)
    b->Args({28, 64, 64, 3, 1, 0, threads});    // dense 3x3 (igemm)
    b->Args({14, 256, 256, 7, 1, 1, threads});  // depthwise 7x7 (multipass dwconv)
  }
  b->UseRealTime();
}

BENCHMARK(ConvolutionQS8QC8W)->Apply(Layers);

}  // namespace

BENCHMARK_MAIN();
