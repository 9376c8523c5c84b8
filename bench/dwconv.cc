// Depthwise convolution: micro-kernel throughput of every dwconv kernel in the
// families' .inc lists, and the QS8-QC8W / QU8 depthwise convolution operators
// end to end (with Debian's XNNPACK snapshot as a baseline when installed).
// Reports OPS = 2 * channels * kernel_size * output pixels per second.
// Run the operator cases with XQNN_ISA=scalar to get the scalar operator.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/packing.h"
#include "xqnn/requantization.h"

#ifdef XQNN_BENCH_WITH_XNNPACK
#include <xnnpack.h>
#endif

namespace {

// Args: channels, kernel size, output width (one output row of a MobileNet-like layer).
void DwconvBenchmark(benchmark::State& state, xqnn_dwconv_ukernel_fn dwconv, size_t ct, size_t ft,
                     size_t mt, size_t pair_lanes, size_t quad_lanes, uint32_t arch, bool qu8, bool tflite) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t channels = state.range(0), ks = state.range(1), width = state.range(2);
  if (mt == 0 && ks > ft) {
    state.SkipWithError("kernel size above the unipass tile");
    return;
  }
  std::mt19937 rng(1);
  // Each output pixel reads kernel_size distinct rows (stride-1 3x3 layers reuse
  // rows between pixels; here every pixel has its own rows, a harder case for caches).
  const size_t rows = width + ks;
  std::vector<uint8_t> input(rows * channels + XQNN_EXTRA_BYTES), zero(channels + XQNN_EXTRA_BYTES, 0);
  std::generate(input.begin(), input.end(), [&] { return (uint8_t) rng(); });
  std::vector<uint8_t> kernel(channels * ks);
  std::generate(kernel.begin(), kernel.end(), [&] { return (uint8_t) (rng() % 255 + (qu8 ? 0 : 1)); });
  std::vector<int32_t> bias(channels, 0);
  std::vector<float> scale(channels, 0x1.0p-10f);
  std::vector<const void*> indirection(width * ks);
  for (size_t x = 0; x < width; x++) {
    for (size_t t = 0; t < ks; t++) indirection[x * ks + t] = (const void*) (uintptr_t) ((x + t) * channels);
  }
  xqnn_dwconv_packing packing = {};
  packing.type = qu8 ? xqnn_packed_weights_qu8 : xqnn_packed_weights_qs8_qc8w;
  packing.channels = channels;
  packing.kernel_height = ks;
  packing.kernel_width = 1;
  packing.channel_tile = ct;
  packing.pair_lanes = pair_lanes;
  packing.quad_lanes = quad_lanes;
  packing.kernel = kernel.data();
  packing.kernel_channel_stride = ks;
  packing.kernel_tap_stride = 1;
  packing.bias = bias.data();
  packing.scale = scale.data();
  // TFLite: 2^-10 as QuantizeMultiplier gives it (M = 2^30, e = -9).
  std::vector<xqnn_tflite_multiplier> multipliers(channels, xqnn_tflite_multiplier{INT32_C(1) << 30, -9});
  if (tflite) packing.tflite_multipliers = multipliers.data();
  packing.kernel_zero_point = qu8 ? 127 : 0;
  std::vector<uint8_t> packed(xqnn_packed_dwconv_size(&packing));
  xqnn_pack_dwconv_weights(&packing, packed.data());
  union {
    xqnn_qs8_qc8w_conv_minmax_params qs8;
    xqnn_qu8_conv_minmax_params qu8;
  } params;
  if (tflite) {
    xqnn_init_q8_conv_minmax_tflite_scalar_params(qu8 ? &params.qu8.tflite_scalar : &params.qs8.tflite_scalar,
                                                  qu8 ? 127 : 0, qu8 ? 128 : 1,
                                                  qu8 ? 0 : -128, qu8 ? 255 : 127);
  } else if (qu8) {
    xqnn_init_qu8_conv_minmax_fp32_scalar_params(&params.qu8, 127, 0x1.0p-10f, 128, 0, 255);
  } else {
    xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(&params.qs8, 1, -128, 127);
  }
  std::vector<uint8_t> output(width * channels);
  std::vector<int32_t> buffer(channels);
  for (auto _ : state) {
    dwconv(channels, width, indirection.data(), packed.data(), output.data(), ks * sizeof(void*), 0,
           (uintptr_t) input.data(), zero.data(), ks, buffer.data(), &params);
    benchmark::DoNotOptimize(output.data());
  }
  state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * channels * ks * width,
                                             benchmark::Counter::kIsRate);
}

void KernelShapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"channels", "ks", "width"});
  b->Args({96, 9, 56});    // MobileNet v2 3x3 s2, 112x112 -> 56x56
  b->Args({144, 9, 56});   // MobileNet v2 3x3, 56x56
  b->Args({960, 9, 7});    // MobileNet v2 3x3, 7x7
  b->Args({144, 25, 56});  // 5x5
  b->Args({256, 49, 14});  // 7x7 (multipass only)
}

#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql)                                          \
  BENCHMARK_CAPTURE(DwconvBenchmark, fn, fn, ct, ft, mt, pl, ql, arch, QU8, TFLITE)->Apply(KernelShapes)->UseRealTime();
#define TFLITE false
#define QU8 false
#include "qs8-dwconv/qs8-qc8w-dwconv.inc"
#undef QU8
#define QU8 true
#include "qu8-dwconv/qu8-dwconv.inc"
#undef QU8
#undef TFLITE
#define TFLITE true
#define QU8 false
#include "qs8-dwconv/qs8-qc8w-dwconv-tflite.inc"
#undef QU8
#define QU8 true
#include "qu8-dwconv/qu8-dwconv-tflite.inc"
#undef QU8
#undef TFLITE
#undef XQNN_DWCONV_UKERNEL

// ---- operators (one thread): xqnn vs XNNPACK ----
// Args: input size, channels, kernel, stride.
void OperatorShapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"size", "c", "k", "stride"});
  b->Args({112, 32, 3, 1});  // MobileNet v2 first depthwise
  b->Args({56, 144, 3, 1});
  b->Args({28, 192, 3, 2});
  b->Args({14, 576, 3, 1});
  b->Args({7, 960, 3, 1});
  b->Args({14, 256, 5, 1});
  b->Args({14, 256, 7, 1});  // multipass
  b->UseRealTime();
}

struct Layer {
  size_t size, c, oh, ow;
  uint32_t k, s;
  explicit Layer(const benchmark::State& state)
      : size(state.range(0)), c(state.range(1)), k((uint32_t) state.range(2)), s((uint32_t) state.range(3)) {
    oh = ow = (size + 2 * (k / 2) - k) / s + 1;
  }
  void Count(benchmark::State& state) const {
    state.counters["OPS"] = benchmark::Counter((double) state.iterations() * 2.0 * oh * ow * c * k * k,
                                               benchmark::Counter::kIsRate);
  }
};

void XqnnDepthwiseQS8QC8W(benchmark::State& state) {
  const Layer l(state);
  if (xqnn_initialize() != xqnn_status_success) return state.SkipWithError("xqnn_initialize failed");
  std::mt19937 rng(1);
  std::vector<int8_t> kernel(l.c * l.k * l.k);
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(l.c, 0);
  std::vector<float> scales(l.c, 0.001f);
  xqnn_operator_t op = nullptr;
  const uint32_t p = l.k / 2;
  if (xqnn_create_convolution2d_nhwc_qs8_qc8w(p, p, p, p, l.k, l.k, l.s, l.s, 1, 1, (uint32_t) l.c, 1, 1, l.c, l.c,
                                              0, 0.02f, scales.data(), kernel.data(), bias.data(), 0, 0.5f, -128,
                                              127, XQNN_FLAG_DEPTHWISE_CONVOLUTION, &op) != xqnn_status_success) {
    return state.SkipWithError("create failed");
  }
  size_t oh = 0, ow = 0;
  xqnn_reshape_convolution2d_nhwc_qs8_qc8w(op, 1, l.size, l.size, &oh, &ow, nullptr);
  std::vector<int8_t> input(l.size * l.size * l.c + XQNN_EXTRA_BYTES), output(oh * ow * l.c);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  xqnn_setup_convolution2d_nhwc_qs8_qc8w(op, input.data(), output.data());
  for (auto _ : state) xqnn_run_operator(op, nullptr);
  l.Count(state);
  xqnn_delete_operator(op);
}
BENCHMARK(XqnnDepthwiseQS8QC8W)->Apply(OperatorShapes);

void XqnnDepthwiseQU8(benchmark::State& state) {
  const Layer l(state);
  if (xqnn_initialize() != xqnn_status_success) return state.SkipWithError("xqnn_initialize failed");
  std::mt19937 rng(1);
  std::vector<uint8_t> kernel(l.c * l.k * l.k);
  std::generate(kernel.begin(), kernel.end(), [&] { return (uint8_t) rng(); });
  std::vector<int32_t> bias(l.c, 0);
  xqnn_operator_t op = nullptr;
  const uint32_t p = l.k / 2;
  if (xqnn_create_convolution2d_nhwc_qu8(p, p, p, p, l.k, l.k, l.s, l.s, 1, 1, (uint32_t) l.c, 1, 1, l.c, l.c,
                                         128, 0.02f, 127, 0.001f, kernel.data(), bias.data(), 128, 0.5f, 0, 255,
                                         XQNN_FLAG_DEPTHWISE_CONVOLUTION, &op) != xqnn_status_success) {
    return state.SkipWithError("create failed");
  }
  size_t oh = 0, ow = 0;
  xqnn_reshape_convolution2d_nhwc_qu8(op, 1, l.size, l.size, &oh, &ow, nullptr);
  std::vector<uint8_t> input(l.size * l.size * l.c + XQNN_EXTRA_BYTES), output(oh * ow * l.c);
  std::generate(input.begin(), input.end(), [&] { return (uint8_t) rng(); });
  xqnn_setup_convolution2d_nhwc_qu8(op, input.data(), output.data());
  for (auto _ : state) xqnn_run_operator(op, nullptr);
  l.Count(state);
  xqnn_delete_operator(op);
}
BENCHMARK(XqnnDepthwiseQU8)->Apply(OperatorShapes);

#ifdef XQNN_BENCH_WITH_XNNPACK
// Baseline: Debian's XNNPACK snapshot (2022), same layers and quantization.
void XnnpackDepthwiseQC8(benchmark::State& state) {
  const Layer l(state);
  if (xnn_initialize(nullptr) != xnn_status_success) return state.SkipWithError("xnn_initialize failed");
  std::mt19937 rng(1);
  std::vector<int8_t> kernel(l.c * l.k * l.k);
  std::generate(kernel.begin(), kernel.end(), [&] { return (int8_t) (rng() % 255 - 127); });
  std::vector<int32_t> bias(l.c, 0);
  std::vector<float> scales(l.c, 0.001f);
  xnn_operator_t op = nullptr;
  const uint32_t p = l.k / 2;
  if (xnn_create_convolution2d_nhwc_qc8(p, p, p, p, l.k, l.k, l.s, l.s, 1, 1, (uint32_t) l.c, 1, 1, l.c, l.c, 0,
                                        0.02f, scales.data(), kernel.data(), bias.data(), 0, 0.5f, -128, 127,
                                        XNN_FLAG_DEPTHWISE_CONVOLUTION, &op) != xnn_status_success) {
    return state.SkipWithError("create failed");
  }
  std::vector<int8_t> input(l.size * l.size * l.c + XQNN_EXTRA_BYTES), output(l.oh * l.ow * l.c);
  std::generate(input.begin(), input.end(), [&] { return (int8_t) rng(); });
  xnn_setup_convolution2d_nhwc_qc8(op, 1, l.size, l.size, input.data(), output.data(), nullptr);
  for (auto _ : state) xnn_run_operator(op, nullptr);
  l.Count(state);
  xnn_delete_operator(op);
}
BENCHMARK(XnnpackDepthwiseQC8)->Apply(OperatorShapes);

void XnnpackDepthwiseQU8(benchmark::State& state) {
  const Layer l(state);
  if (xnn_initialize(nullptr) != xnn_status_success) return state.SkipWithError("xnn_initialize failed");
  std::mt19937 rng(1);
  std::vector<uint8_t> kernel(l.c * l.k * l.k);
  std::generate(kernel.begin(), kernel.end(), [&] { return (uint8_t) rng(); });
  std::vector<int32_t> bias(l.c, 0);
  xnn_operator_t op = nullptr;
  const uint32_t p = l.k / 2;
  if (xnn_create_convolution2d_nhwc_qu8(p, p, p, p, l.k, l.k, l.s, l.s, 1, 1, (uint32_t) l.c, 1, 1, l.c, l.c, 128,
                                        0.02f, 127, 0.001f, kernel.data(), bias.data(), 128, 0.5f, 0, 255,
                                        XNN_FLAG_DEPTHWISE_CONVOLUTION, &op) != xnn_status_success) {
    return state.SkipWithError("create failed");
  }
  std::vector<uint8_t> input(l.size * l.size * l.c + XQNN_EXTRA_BYTES), output(l.oh * l.ow * l.c);
  std::generate(input.begin(), input.end(), [&] { return (uint8_t) rng(); });
  xnn_setup_convolution2d_nhwc_qu8(op, 1, l.size, l.size, input.data(), output.data(), nullptr);
  for (auto _ : state) xnn_run_operator(op, nullptr);
  l.Count(state);
  xnn_delete_operator(op);
}
BENCHMARK(XnnpackDepthwiseQU8)->Apply(OperatorShapes);
#endif

}  // namespace

BENCHMARK_MAIN();
