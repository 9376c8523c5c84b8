// Micro-kernel throughput of every gemm kernel in the families' .inc lists,
// on shapes from MobileNet v2's (and two of v1's) 1x1 convolutions (M =
// pixels, N = output channels, K = input channels). Reports ops/s (2 * M * N
// * K per iteration).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/packing.h"
#include "xqnn/requantization.h"

namespace {

void GemmBenchmark(benchmark::State& state, xqnn_gemm_ukernel_fn gemm, size_t mr, size_t nr,
                   size_t kr, uint32_t arch, bool qu8, bool tflite, bool int16_weights) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t m = state.range(0), n = state.range(1), k = state.range(2);
  std::mt19937 rng(1);
  std::vector<uint8_t> a(m * k + XQNN_EXTRA_BYTES), w(n * k), c(m * n);
  std::generate(a.begin(), a.end(), [&] { return (uint8_t) rng(); });
  // int8 weights in [-127, 127], which every kernel (any weights column) takes.
  std::generate(w.begin(), w.end(), [&] { return (uint8_t) ((int) (rng() % 255) - 127); });
  std::vector<int32_t> bias(n, 0);
  std::vector<float> scale(n, 0x1.0p-10f);
  // 2^-10 as TFLite's multiplier: 0.5 * 2^-9.
  std::vector<xqnn_tflite_multiplier> multipliers(n, xqnn_tflite_multiplier{INT32_C(1) << 30, -9});
  xqnn_gemm_packing packing = {};
  packing.type = qu8 ? xqnn_packed_weights_qu8 : xqnn_packed_weights_qs8_qc8w;
  packing.groups = 1; packing.nc = n; packing.ks = 1; packing.kc = k;
  packing.nr = nr; packing.kr = kr; packing.sr = 1;
  packing.input_offset = xqnn_gemm_input_offset(arch, qu8);
  packing.int16_weights = int16_weights;
  packing.kernel = w.data(); packing.bias = bias.data(); packing.scale = scale.data();
  if (tflite) packing.tflite_multipliers = multipliers.data();
  std::vector<uint8_t> packed(xqnn_packed_gemm_group_size(&packing));
  xqnn_pack_gemm_weights(&packing, packed.data());
  union {
    xqnn_qs8_qc8w_conv_minmax_params qs8;
    xqnn_qu8_conv_minmax_params qu8;
  } params;
  if (tflite) {
    params.qs8.tflite_scalar = xqnn_q8_conv_minmax_tflite_params{qu8 ? 128 : 0, qu8 ? 128 : 0, qu8 ? 0 : -128,
                                                                 qu8 ? 255 : 127};
  } else if (qu8) {
    xqnn_init_qu8_conv_minmax_fp32_scalar_params(&params.qu8, 128, 0x1.0p-10f, 128, 0, 255);
  } else {
    xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(&params.qs8, 0, -128, 127);
  }
  for (auto _ : state) {
    for (size_t i = 0; i < m; i += mr) {
      gemm(std::min(mr, m - i), n, k, a.data() + i * k, k, packed.data(), c.data() + i * n, n,
           nr, &params, nullptr);
    }
  }
  state.counters["OPS"] = benchmark::Counter(
      (double) state.iterations() * 2.0 * m * n * k, benchmark::Counter::kIsRate);
}

void Shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"M", "N", "K"});
  b->Args({12544, 16, 32});   // 112x112 project
  b->Args({3136, 24, 144});   // 56x56 project
  b->Args({784, 192, 32});    // 28x28 expand
  b->Args({196, 64, 384});    // 14x14 project
  b->Args({49, 1280, 320});   // 7x7 final
  b->Args({1, 1001, 1280});   // classifier
  b->Args({12544, 64, 32});   // MobileNet v1 112x112 pointwise
  b->Args({196, 512, 512});   // MobileNet v1 14x14 pointwise
  b->Args({49, 1024, 1024});  // MobileNet v1 7x7 pointwise
}

int RegisterAll() {
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) \
  benchmark::RegisterBenchmark(#fn, GemmBenchmark, fn, mr, nr, kr, arch, QU8, TFLITE, weights == 2)->Apply(Shapes)->UseRealTime();
#define TFLITE false
#define QU8 false
#include "qs8-gemm/qs8-qc8w-gemm.inc"
#undef QU8
#define QU8 true
#include "qu8-gemm/qu8-gemm.inc"
#undef QU8
#undef TFLITE
#define TFLITE true
#define QU8 false
#include "qs8-gemm/qs8-qc8w-gemm-tflite.inc"
#undef QU8
#define QU8 true
#include "qu8-gemm/qu8-gemm-tflite.inc"
#undef QU8
#undef TFLITE
#undef XQNN_UKERNEL
  return 0;
}

const int registered = RegisterAll();

}  // namespace

BENCHMARK_MAIN();
