// f32-qd8-vcvt and f16-qd8-vcvt row converters (from the families' .inc
// lists): bit-exact against test/qd8-reference.h on random rows of many
// lengths and distributions, the special rows (all-zero, constant, huge,
// denormal, +-inf, NaN) with their documented results, properties of the
// quantization (0.0 exact, error <= scale / 2), and no stray writes.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <fp16.h>

#include "qd8-reference.h"
#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

namespace {

struct VcvtKernel {
  const char* name;
  uint32_t arch;
  xqnn_qd8_vcvt_ukernel_fn fn;
  bool f16;
};

#define XQNN_VCVT_UKERNEL(arch, fn) {#fn, arch, fn, F16},
#define F16 false
const VcvtKernel kF32Kernels[] = {
#include "f32-qd8-vcvt/f32-qd8-vcvt.inc"
};
#undef F16
#define F16 true
const VcvtKernel kF16Kernels[] = {
#include "f16-qd8-vcvt/f16-qd8-vcvt.inc"
};
#undef F16
#undef XQNN_VCVT_UKERNEL

void PrintTo(const VcvtKernel& kernel, std::ostream* os) { *os << kernel.name; }

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int8_t kCanary = 0x5A;

class VcvtQD8Test : public testing::TestWithParam<VcvtKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not available";
  }

  // Runs the kernel on `row` (rounded to fp16 first for f16 kernels; the
  // reference sees the same widened values) and checks it bit for bit.
  // Returns the kernel's output.
  std::vector<int8_t> Check(std::vector<float> row, xqnn_quantization_params* params_out = nullptr) {
    const VcvtKernel& kernel = GetParam();
    const size_t n = row.size();
    // Exactly n input elements (ASan catches over-reads).
    std::vector<float> in32;
    std::vector<uint16_t> in16;
    const void* input;
    if (kernel.f16) {
      for (float& x : row) {
        in16.push_back(fp16_ieee_from_fp32_value(x));
        x = fp16_ieee_to_fp32_value(in16.back());
      }
      input = in16.data();
    } else {
      in32 = row;
      input = in32.data();
    }
    std::vector<int8_t> expected(n);
    xqnn_quantization_params expected_params;
    ReferenceQD8Row(row.data(), n, expected.data(), &expected_params);

    std::vector<int8_t> output(n + 16, kCanary);
    xqnn_quantization_params params[2];
    std::memset(params, 0x5A, sizeof(params));
    const xqnn_quantization_params canary_params = params[1];
    kernel.fn(n, input, output.data(), &params[0]);

    EXPECT_EQ(params[0].zero_point, expected_params.zero_point);
    EXPECT_EQ(xqnn_bits(params[0].scale), xqnn_bits(expected_params.scale))
        << params[0].scale << " vs " << expected_params.scale;
    EXPECT_EQ(std::memcmp(&params[1], &canary_params, sizeof(canary_params)), 0) << "stray params write";
    for (size_t i = 0; i < n; i++) {
      EXPECT_EQ(output[i], expected[i]) << "element " << i << " of " << n << " (x = " << row[i] << ")";
    }
    for (size_t i = n; i < output.size(); i++) EXPECT_EQ(output[i], kCanary) << "stray write at " << i;
    // Invariants of the scheme, whatever the row.
    EXPECT_GE(params[0].zero_point, -128);
    EXPECT_LE(params[0].zero_point, 127);
    EXPECT_TRUE(std::isfinite(params[0].scale) && params[0].scale > 0.0f);
    if (params_out != nullptr) *params_out = params[0];
    output.resize(n);
    return output;
  }

  static uint32_t xqnn_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof(u));
    return u;
  }
};

TEST_P(VcvtQD8Test, RandomRows) {
  std::mt19937 rng(42);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::uniform_real_distribution<float> log_scale(-20.0f, 20.0f);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (size_t n : {1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 64, 100, 1000}) {
    for (int trial = 0; trial < 6; trial++) {
      const float s = std::exp2(log_scale(rng));
      std::vector<float> row(n);
      for (float& x : row) {
        switch (trial % 3) {
          case 0: x = s * gauss(rng); break;
          case 1: x = s * std::abs(uniform(rng)); break;         // non-negative
          default: x = s * (uniform(rng) - 1.0f) * 0.5f; break;  // non-positive
        }
      }
      SCOPED_TRACE("n=" + std::to_string(n) + " trial=" + std::to_string(trial));
      xqnn_quantization_params p;
      const std::vector<int8_t> q = Check(row, &p);
      if (GetParam().f16) continue;  // properties below use the f32 row
      // 0.0 is exact; every value is within half a step (plus rounding of scale).
      float lo = 0.0f, hi = 0.0f;
      for (float x : row) { lo = std::min(lo, x); hi = std::max(hi, x); }
      EXPECT_NEAR(p.scale, (hi - lo) / 255.0f, (hi - lo) / 255.0f * 1e-6f);
      for (size_t i = 0; i < n; i++) {
        const float dequantized = p.scale * static_cast<float>(q[i] - p.zero_point);
        EXPECT_LE(std::abs(dequantized - row[i]), p.scale * 0.5f * 1.001f + std::abs(row[i]) * 1e-6f)
            << "element " << i;
      }
    }
  }
}

TEST_P(VcvtQD8Test, AllZero) {
  xqnn_quantization_params p;
  const auto q = Check(std::vector<float>(37, 0.0f), &p);
  EXPECT_EQ(p.zero_point, 0);
  EXPECT_EQ(p.scale, 1.0f);
  for (int8_t v : q) EXPECT_EQ(v, 0);
  // -0.0 too.
  Check(std::vector<float>(5, -0.0f), &p);
  EXPECT_EQ(p.zero_point, 0);
  EXPECT_EQ(p.scale, 1.0f);
}

TEST_P(VcvtQD8Test, ConstantRows) {
  xqnn_quantization_params p;
  auto q = Check(std::vector<float>(9, 3.5f), &p);
  EXPECT_EQ(p.zero_point, -128);
  EXPECT_EQ(p.scale, 3.5f / 255.0f);
  for (int8_t v : q) EXPECT_EQ(v, 127);
  q = Check(std::vector<float>(9, -0.25f), &p);
  EXPECT_EQ(p.zero_point, 127);
  EXPECT_EQ(p.scale, 0.25f / 255.0f);
  for (int8_t v : q) EXPECT_EQ(v, -128);
}

TEST_P(VcvtQD8Test, HugeRows) {
  const float big = GetParam().f16 ? 65504.0f : FLT_MAX;
  xqnn_quantization_params p;
  auto q = Check({big, -big, 0.0f, big * 0.5f, -big * 0.25f, 1.0f}, &p);
  EXPECT_EQ(q[0], 127);
  EXPECT_EQ(q[1], -128);
  EXPECT_EQ(q[2], p.zero_point);
  q = Check({big, big, big}, &p);
  for (int8_t v : q) EXPECT_EQ(v, 127);
  q = Check({-big, 1.0f}, &p);
  EXPECT_EQ(q[0], -128);
}

TEST_P(VcvtQD8Test, DenormalRows) {
  xqnn_quantization_params p;
  if (GetParam().f16) {
    const float tiny = fp16_ieee_to_fp32_value(1);  // smallest fp16 denormal, 2^-24
    auto q = Check({tiny, 0.0f, -tiny * 3.0f, tiny * 100.0f}, &p);
    EXPECT_EQ(q[1], p.zero_point);
    return;
  }
  const float smallest = std::numeric_limits<float>::denorm_min();  // 2^-149
  auto q = Check({smallest}, &p);
  EXPECT_EQ(p.scale, smallest);  // (2^-149) / 255 rounds to 0: clamped up
  // hi_s = 1: errors 128 + 0 and 127 + 1 tie, so the max end sets zp = 126.
  EXPECT_EQ(p.zero_point, 126);
  EXPECT_EQ(q[0], 127);
  q = Check({-smallest, 0.0f}, &p);
  EXPECT_EQ(p.scale, smallest);
  EXPECT_EQ(p.zero_point, 127);
  EXPECT_EQ(q[0], 126);
  EXPECT_EQ(q[1], 127);
  Check({1e-40f, -3e-41f, 0.0f, 5e-39f, -1e-45f}, &p);
  EXPECT_GT(p.scale, 0.0f);
  Check({FLT_MIN, -FLT_MIN * 0.5f, 1e-44f}, &p);
}

TEST_P(VcvtQD8Test, InfinityAndNaN) {
  xqnn_quantization_params p;
  // Only infinities / NaNs / zeros: scale 1, zero point 0.
  auto q = Check({kInf, -kInf, kNaN, 0.0f, -kNaN}, &p);
  EXPECT_EQ(p.zero_point, 0);
  EXPECT_EQ(p.scale, 1.0f);
  EXPECT_EQ(q[0], 127);
  EXPECT_EQ(q[1], -128);
  EXPECT_EQ(q[2], 0);
  EXPECT_EQ(q[3], 0);
  EXPECT_EQ(q[4], 0);
  // Mixed with finite values: the range ignores them; inf saturates, NaN -> zero point.
  q = Check({1.0f, kInf, -2.0f, kNaN, -kInf, 0.5f}, &p);
  EXPECT_EQ(p.scale, 3.0f / 255.0f);
  EXPECT_EQ(q[1], 127);
  EXPECT_EQ(q[3], p.zero_point);
  EXPECT_EQ(q[4], -128);
  // NaN first and last (reduction order must not matter).
  Check({kNaN, 1.0f, 2.0f, kNaN}, &p);
  EXPECT_EQ(p.zero_point, -128);
}

TEST_P(VcvtQD8Test, RandomBitPatterns) {
  // Any bit pattern at all: no UB, nothing out of bounds, same as the reference.
  std::mt19937 rng(7);
  for (size_t n : {1, 5, 33, 256}) {
    for (int trial = 0; trial < 20; trial++) {
      std::vector<float> row(n);
      for (float& x : row) {
        const uint32_t bits = rng();
        std::memcpy(&x, &bits, sizeof(x));
        if (GetParam().f16) x = fp16_ieee_to_fp32_value(static_cast<uint16_t>(bits));
      }
      Check(row);
    }
  }
}

std::string KernelName(const testing::TestParamInfo<VcvtKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(F32_QD8_VCVT, VcvtQD8Test, testing::ValuesIn(kF32Kernels), KernelName);
INSTANTIATE_TEST_SUITE_P(F16_QD8_VCVT, VcvtQD8Test, testing::ValuesIn(kF16Kernels), KernelName);

}  // namespace
