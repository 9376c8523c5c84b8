// Micro-kernel throughput of every qs8/qu8 vadd, vaddc, vmul, vmulc,
// gavgpool and x8-lut kernel in the families' .inc lists. Reports elements per second
// (gavgpool: input elements, rows * channels).
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

enum class BinaryOp { kAdd, kAddTFLite, kAddTFLiteUnsigned, kMul };

void VBinaryBenchmark(benchmark::State& state, xqnn_vbinary_ukernel_fn fn, uint32_t arch, BinaryOp op) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t batch = state.range(0);
  std::mt19937 rng(1);
  std::vector<uint8_t> a(batch + XQNN_EXTRA_BYTES), b(batch + XQNN_EXTRA_BYTES), y(batch);
  std::generate(a.begin(), a.end(), [&] { return (uint8_t) rng(); });
  std::generate(b.begin(), b.end(), [&] { return (uint8_t) rng(); });
  union {
    xqnn_q8_add_minmax_params add;
    xqnn_q8_mul_minmax_params mul;
  } params;
  if (op == BinaryOp::kAdd) {
    xqnn_init_q8_add_minmax_fp32_scalar_params(&params.add, 3, -5, 0.75f, 1.25f, 1, -128, 127);
  } else if (op == BinaryOp::kAddTFLite) {
    // MobileNet v2's residual adds: scales within a factor of 2 of each other.
    xqnn_init_q8_add_minmax_tflite_scalar_params(&params.add, 3, -5, 0.35f, 0.5f, 0.6f, 1, -128, 127);
  } else if (op == BinaryOp::kAddTFLiteUnsigned) {
    xqnn_init_q8_add_minmax_tflite_scalar_params(&params.add, 131, 123, 0.35f, 0.5f, 0.6f, 129, 0, 255);
  } else {
    xqnn_init_q8_mul_minmax_fp32_scalar_params(&params.mul, 3, -5, 0x1.0p-7f, 1, -128, 127);
  }
  for (auto _ : state) {
    fn(batch, a.data(), b.data(), y.data(), &params);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["elements"] = benchmark::Counter((double) state.iterations() * batch, benchmark::Counter::kIsRate);
}

void GavgpoolBenchmark(benchmark::State& state, xqnn_gavgpool_unipass_ukernel_fn unipass,
                       xqnn_gavgpool_multipass_ukernel_fn multipass, size_t row_tile, uint32_t arch) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t rows = state.range(0), channels = state.range(1);
  std::mt19937 rng(1);
  std::vector<uint8_t> x(rows * channels + XQNN_EXTRA_BYTES), zero(channels + XQNN_EXTRA_BYTES, 0), y(channels);
  std::generate(x.begin(), x.end(), [&] { return (uint8_t) rng(); });
  std::vector<int32_t> buffer(channels);
  xqnn_q8_avgpool_minmax_params params;
  xqnn_init_q8_avgpool_minmax_fp32_scalar_params(&params, -3 * (int32_t) rows, 1.0f / (float) rows, 1, -128, 127);
  for (auto _ : state) {
    if (rows <= row_tile) {
      unipass(rows, channels, x.data(), channels, zero.data(), y.data(), &params);
    } else {
      multipass(rows, channels, x.data(), channels, zero.data(), buffer.data(), y.data(), &params);
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["elements"] =
      benchmark::Counter((double) state.iterations() * rows * channels, benchmark::Counter::kIsRate);
}

#define XQNN_UKERNEL(arch, fn, element_tile) \
  BENCHMARK_CAPTURE(VBinaryBenchmark, fn, fn, arch, OP)->Arg(4096)->Arg(100)->UseRealTime();
#define OP BinaryOp::kAdd
#include "qs8-vadd/qs8-vadd.inc"
#include "qs8-vaddc/qs8-vaddc.inc"
#include "qu8-vadd/qu8-vadd.inc"
#include "qu8-vaddc/qu8-vaddc.inc"
#undef OP
#define OP BinaryOp::kAddTFLite
#include "qs8-vadd/qs8-vadd-tflite.inc"
#include "qs8-vaddc/qs8-vaddc-tflite.inc"
#undef OP
#define OP BinaryOp::kAddTFLiteUnsigned
#include "qu8-vadd/qu8-vadd-tflite.inc"
#include "qu8-vaddc/qu8-vaddc-tflite.inc"
#undef OP
#define OP BinaryOp::kMul
#include "qs8-vmul/qs8-vmul.inc"
#include "qs8-vmulc/qs8-vmulc.inc"
#include "qu8-vmul/qu8-vmul.inc"
#include "qu8-vmulc/qu8-vmulc.inc"
#undef OP
// vmax / vmin: the params argument is ignored (no requantization).
#define OP BinaryOp::kAdd
#include "s8-vmax/s8-vmax.inc"
#include "s8-vmaxc/s8-vmaxc.inc"
#include "s8-vmin/s8-vmin.inc"
#include "s8-vminc/s8-vminc.inc"
#include "u8-vmax/u8-vmax.inc"
#include "u8-vmaxc/u8-vmaxc.inc"
#include "u8-vmin/u8-vmin.inc"
#include "u8-vminc/u8-vminc.inc"
#undef OP
#undef XQNN_UKERNEL

void LutBenchmark(benchmark::State& state, xqnn_vcvt_ukernel_fn fn, uint32_t arch) {
  if (xqnn_initialize() != xqnn_status_success || !xqnn_arch_supported(arch)) {
    state.SkipWithError("unsupported");
    return;
  }
  const size_t batch = state.range(0);
  std::mt19937 rng(1);
  std::vector<uint8_t> x(batch + XQNN_EXTRA_BYTES), table(256), y(batch);
  std::generate(x.begin(), x.end(), [&] { return (uint8_t) rng(); });
  std::generate(table.begin(), table.end(), [&] { return (uint8_t) rng(); });
  for (auto _ : state) {
    fn(batch, x.data(), y.data(), table.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["elements"] = benchmark::Counter((double) state.iterations() * batch, benchmark::Counter::kIsRate);
}

#define XQNN_UKERNEL(arch, fn, element_tile) \
  BENCHMARK_CAPTURE(LutBenchmark, fn, fn, arch)->Arg(4096)->Arg(100)->UseRealTime();
#include "x8-lut/x8-lut.inc"
#undef XQNN_UKERNEL

#define XQNN_GAVGPOOL_UKERNEL(arch, unipass, multipass, row_tile, channel_tile)                    \
  BENCHMARK_CAPTURE(GavgpoolBenchmark, unipass, unipass, multipass, row_tile, arch)               \
      ->Args({7, 1280})->Args({49, 1280})->UseRealTime();
#include "qs8-gavgpool/qs8-gavgpool.inc"
#include "qu8-gavgpool/qu8-gavgpool.inc"
#undef XQNN_GAVGPOOL_UKERNEL

}  // namespace

BENCHMARK_MAIN();
