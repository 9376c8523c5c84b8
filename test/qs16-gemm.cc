// Every QS16-QC8W gemm / igemm micro-kernel (TFLite's 16x8 scheme; the
// families' .inc lists) against a naive reference of TFLite's definition, on
// edge shapes: mr and nr remainders, odd k, k across the 32-bit partial-sum
// blocks of the SIMD kernels, strides, padding rows, output ranges, and the
// extreme inputs (-32768, weights of -128, biases of +-(2^47 - 1)).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernel-list-check.h"
#include "tflite-requantization-reference.h"
#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/packing.h"
#include "xqnn/requantization.h"

namespace {

struct Qs16Kernel {
  const char* name;
  uint32_t arch;
  xqnn_gemm_ukernel_fn gemm;
  xqnn_igemm_ukernel_fn igemm;
  size_t mr, nr, kr, sr;
  int weights;  // .inc column (1: any int8)
};

#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, fn, nullptr, mr, nr, kr, sr, weights},
const Qs16Kernel kGemm[] = {
#include "qs16-gemm/qs16-qc8w-gemm.inc"
};
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {#fn, arch, nullptr, fn, mr, nr, kr, sr, weights},
const Qs16Kernel kIgemm[] = {
#include "qs16-igemm/qs16-qc8w-igemm.inc"
};
#undef XQNN_UKERNEL

void PrintTo(const Qs16Kernel& kernel, std::ostream* os) { *os << kernel.name; }

// TFLite's MultiplyByQuantizedMultiplier(int64_t, ...) as written there.
int32_t Requantize16x8(int64_t acc, const tflite_reference::Multiplier& m, int32_t qmin, int32_t qmax) {
  const int32_t reduced = m.multiplier < 0x7FFF0000 ? (m.multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - m.exponent;
  const int64_t x = acc * (int64_t) reduced + ((int64_t) 1 << (total_shift - 1));
  return std::min(std::max((int32_t) (x >> total_shift), qmin), qmax);
}

struct Case {
  size_t m, n, k, ks;
  int32_t qmin = INT16_MIN, qmax = INT16_MAX;
  bool extreme = false;  // -32768 inputs, -128 weights, largest biases
  uint32_t seed;
};

void RunCase(const Qs16Kernel& kernel, const Case& t) {
  SCOPED_TRACE("m=" + std::to_string(t.m) + " n=" + std::to_string(t.n) + " k=" + std::to_string(t.k) +
               " ks=" + std::to_string(t.ks) + " range=[" + std::to_string(t.qmin) + "," +
               std::to_string(t.qmax) + "]" + (t.extreme ? " extreme" : "") + " seed=" + std::to_string(t.seed));
  const bool indirect = kernel.igemm != nullptr;
  std::mt19937 rng(t.seed);
  auto uniform = [&](int32_t lo, int32_t hi) { return std::uniform_int_distribution<int32_t>(lo, hi)(rng); };
  const size_t a_stride = t.k + 3;  // elements
  const size_t rows = indirect ? t.ks * kernel.mr : t.m;
  std::vector<int16_t> a(rows * a_stride + 16);
  for (auto& v : a) v = t.extreme ? INT16_MIN : (int16_t) uniform(INT16_MIN, INT16_MAX);
  std::vector<int16_t> zero(t.k + 16, 0);
  std::vector<int8_t> w(t.n * t.ks * t.k);  // [n][ks][k]
  for (auto& v : w) v = t.extreme && rng() % 2 == 0 ? INT8_MIN : (int8_t) uniform(-128, 127);
  std::vector<int64_t> bias(t.n);
  for (size_t j = 0; j < t.n; j++) {
    bias[j] = t.extreme ? (j % 2 == 0 ? (INT64_C(1) << 47) - 1 : 1 - (INT64_C(1) << 47)) : uniform(-(1 << 24), 1 << 24);
  }
  std::vector<double> real(t.n);
  std::vector<xqnn_tflite_multiplier> multipliers(t.n);
  for (size_t j = 0; j < t.n; j++) {
    // Multipliers over the whole accepted range of shifts, most of them near
    // what brings k products of 2^22 back to int16.
    const double typical = 0x1.0p-8 / std::sqrt((double) (t.k * t.ks));
    real[j] = j % 5 == 4 ? std::ldexp(1.0 + (rng() % 1000) / 1000.0, uniform(-32, 6))
                         : typical * std::uniform_real_distribution<double>(0.25, 4.0)(rng);
    ASSERT_TRUE(xqnn_tflite_quantize_multiplier(real[j], &multipliers[j]));
    struct xqnn_qs16_multiplier unused;
    ASSERT_TRUE(xqnn_qs16_multiplier(multipliers[j], &unused));
  }

  // Indirection: tap t, row i -> a row of A (offset by a_offset) or the zero row.
  const size_t a_offset = 24;
  std::vector<const void*> indirection(t.ks * kernel.mr);
  std::vector<const int16_t*> row_of(t.ks * kernel.mr);
  for (size_t tap = 0; tap < t.ks; tap++) {
    for (size_t i = 0; i < kernel.mr; i++) {
      const bool pad = indirect && rng() % 6 == 0;
      const int16_t* row = pad ? zero.data() : a.data() + (tap * kernel.mr + i) * a_stride;
      row_of[tap * kernel.mr + i] = row;
      indirection[tap * kernel.mr + i] =
          pad ? (const void*) zero.data() : (const void*) ((const uint8_t*) row - a_offset);
    }
  }

  xqnn_gemm_packing packing = {};
  packing.type = xqnn_packed_weights_qs16_qc8w;
  packing.groups = 1;
  packing.nc = t.n;
  packing.ks = t.ks;
  packing.kc = t.k;
  packing.nr = kernel.nr;
  packing.kr = kernel.kr;
  packing.sr = kernel.sr;
  packing.kernel = w.data();
  packing.bias64 = bias.data();
  packing.tflite_multipliers = multipliers.data();
  std::vector<uint8_t> packed(xqnn_packed_gemm_group_size(&packing));
  xqnn_pack_gemm_weights(&packing, packed.data());

  xqnn_q8_conv_minmax_tflite_params params;
  xqnn_init_q8_conv_minmax_tflite_scalar_params(&params, 0, 0, t.qmin, t.qmax);
  const size_t cm_stride = t.n + 5;  // elements
  std::vector<int16_t> c(t.m * cm_stride, (int16_t) 0x5A5A);
  std::vector<int16_t> expected = c;
  for (size_t i = 0; i < t.m; i++) {
    for (size_t j = 0; j < t.n; j++) {
      int64_t acc = bias[j];
      for (size_t tap = 0; tap < t.ks; tap++) {
        const int16_t* row = indirect ? row_of[tap * kernel.mr + i] : a.data() + i * a_stride;
        for (size_t kk = 0; kk < t.k; kk++) acc += (int64_t) row[kk] * w[(j * t.ks + tap) * t.k + kk];
      }
      expected[i * cm_stride + j] =
          (int16_t) Requantize16x8(acc, tflite_reference::QuantizeMultiplier(real[j]), t.qmin, t.qmax);
    }
  }
  if (indirect) {
    kernel.igemm(t.m, t.n, t.k, t.ks, indirection.data(), packed.data(), c.data(), cm_stride * 2,
                 kernel.nr * 2, a_offset, zero.data(), &params, nullptr);
  } else {
    kernel.gemm(t.m, t.n, t.k, a.data(), a_stride * 2, packed.data(), c.data(), cm_stride * 2,
                kernel.nr * 2, &params, nullptr);
  }
  size_t mismatches = 0;
  for (size_t i = 0; i < c.size(); i++) {
    if (c[i] != expected[i] && mismatches++ < 5) {
      ADD_FAILURE() << "row " << i / cm_stride << " col " << i % cm_stride << ": got " << c[i]
                    << ", expected " << expected[i];
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

class Qs16GemmKernelTest : public testing::TestWithParam<Qs16Kernel> {};

TEST_P(Qs16GemmKernelTest, EdgeCases) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const Qs16Kernel& kernel = GetParam();
  if (!xqnn_arch_supported(kernel.arch)) GTEST_SKIP() << kernel.name << " needs an ISA this CPU lacks";
  EXPECT_EQ(kernel.weights, 1);  // int16 x int8 pairs fit 32 bits whatever the weights
  uint32_t seed = 0;
  const size_t nr = kernel.nr;
  const std::vector<size_t> ks_values = kernel.igemm != nullptr ? std::vector<size_t>{1, 2, 3} : std::vector<size_t>{1};
  for (size_t ks : ks_values) {
    for (size_t k : {1u, 2u, 3u, 7u, 16u, 33u, 255u, 256u, 257u, 300u}) {
      for (size_t m = 1; m <= kernel.mr; m++) {
        for (size_t n : {(size_t) 1, nr - 1, nr, nr + 1, 2 * nr + 3}) {
          if (n == 0) continue;
          RunCase(kernel, Case{m, n, k, ks, INT16_MIN, INT16_MAX, false, seed++});
        }
      }
    }
    // Output ranges, and accumulators at their extremes over long rows.
    RunCase(kernel, Case{kernel.mr, nr + 1, 40, ks, -100, 100, false, seed++});
    RunCase(kernel, Case{kernel.mr, nr + 1, 40, ks, 0, 0, false, seed++});
    RunCase(kernel, Case{kernel.mr, nr + 1, 40, ks, INT16_MIN, -5, false, seed++});
    for (size_t k : {1u, 255u, 256u, 257u, 1200u}) {
      RunCase(kernel, Case{kernel.mr, 2 * nr, k, ks, INT16_MIN, INT16_MAX, true, seed++});
    }
  }
}

std::string KernelName(const testing::TestParamInfo<Qs16Kernel>& info) { return info.param.name; }

TEST(Qs16GemmKernelLists, IgemmRowsMatchGemmRows) { ExpectIgemmRowsMatch(kGemm, kIgemm); }

INSTANTIATE_TEST_SUITE_P(QS16_QC8W_GEMM, Qs16GemmKernelTest, testing::ValuesIn(kGemm), KernelName);
INSTANTIATE_TEST_SUITE_P(QS16_QC8W_IGEMM, Qs16GemmKernelTest, testing::ValuesIn(kIgemm), KernelName);

}  // namespace
