// Every f32->qs8/qu8 and qs8/qu8->f32 vcvt micro-kernel (from the families'
// .inc lists) against the references of elementwise-reference.h, bit-exact:
// batch sizes around the tile, ties (x.5), values beyond the range, +-inf, NaN,
// extreme zero points and scales, output ranges, canary bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "xqnn.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

namespace {

struct VCvtKernel {
  const char* name;
  uint32_t arch;
  xqnn_vcvt_ukernel_fn fn;
  size_t element_tile;
  bool is_signed;
  bool to_q;
};

#define XQNN_UKERNEL(arch, fn, element_tile) {#fn, arch, fn, element_tile, SIGNED, TO_Q},
#define SIGNED true
#define TO_Q true
const VCvtKernel kF32QS8[] = {
#include "f32-qs8-vcvt/f32-qs8-vcvt.inc"
};
#undef TO_Q
#define TO_Q false
const VCvtKernel kQS8F32[] = {
#include "qs8-f32-vcvt/qs8-f32-vcvt.inc"
};
#undef SIGNED
#define SIGNED false
const VCvtKernel kQU8F32[] = {
#include "qu8-f32-vcvt/qu8-f32-vcvt.inc"
};
#undef TO_Q
#define TO_Q true
const VCvtKernel kF32QU8[] = {
#include "f32-qu8-vcvt/f32-qu8-vcvt.inc"
};
#undef TO_Q
#undef SIGNED
#undef XQNN_UKERNEL

void PrintTo(const VCvtKernel& kernel, std::ostream* os) { *os << kernel.name; }

class VCvtKernelTest : public testing::TestWithParam<VCvtKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }
  int32_t Lo() const { return GetParam().is_signed ? -128 : 0; }
  int32_t Hi() const { return GetParam().is_signed ? 127 : 255; }

  // f32 inputs: random values in and beyond the range, exact ties, specials.
  std::vector<float> Inputs(size_t batch, float scale, int32_t zp, std::mt19937& rng) {
    std::uniform_int_distribution<int> pick(0, 9);
    std::uniform_real_distribution<float> wide(-400.0f, 400.0f);
    std::uniform_int_distribution<int32_t> integer(-300, 300);
    std::vector<float> x(batch + XQNN_EXTRA_BYTES / sizeof(float));
    for (auto& v : x) {
      switch (pick(rng)) {
        case 0: v = std::numeric_limits<float>::quiet_NaN(); break;
        case 1: v = (integer(rng) & 1) ? INFINITY : -INFINITY; break;
        case 2: v = ((float) integer(rng) + 0.5f) * scale; break;  // ties
        case 3: v = (integer(rng) & 1) ? FLT_MAX : -FLT_MAX; break;
        default: v = (wide(rng) - (float) zp * 0.0f) * scale; break;
      }
    }
    return x;
  }

  void CheckToQ(size_t batch, float scale, int32_t zp, int32_t qmin, int32_t qmax, std::mt19937& rng) {
    const VCvtKernel& k = GetParam();
    std::vector<float> x = Inputs(batch, scale, zp, rng);
    std::vector<uint8_t> y(batch + 16, 0xA5);
    union xqnn_f32_q8_cvt_params params;
    xqnn_init_f32_q8_cvt_scalar_params(&params, scale, zp, qmin, qmax);
    k.fn(batch, x.data(), y.data(), &params);
    for (size_t i = 0; i < batch; i++) {
      const int32_t got = k.is_signed ? (int32_t) (int8_t) y[i] : (int32_t) y[i];
      ASSERT_EQ(got, xqnn_test::ReferenceF32ToQ(x[i], scale, zp, qmin, qmax))
          << k.name << " batch=" << batch << " x=" << x[i] << " scale=" << scale << " zp=" << zp
          << " range=[" << qmin << "," << qmax << "]";
    }
    for (size_t i = batch; i < y.size(); i++) ASSERT_EQ(y[i], 0xA5) << k.name << " overrun";
  }

  void CheckToF32(size_t batch, float scale, int32_t zp, std::mt19937& rng) {
    const VCvtKernel& k = GetParam();
    std::uniform_int_distribution<int32_t> value(Lo(), Hi());
    std::vector<uint8_t> x(batch + XQNN_EXTRA_BYTES);
    for (auto& v : x) v = (uint8_t) value(rng);
    std::vector<float> y(batch + 4);
    std::fill(y.begin(), y.end(), 1234.5f);
    union xqnn_q8_f32_cvt_params params;
    xqnn_init_q8_f32_cvt_scalar_params(&params, scale, zp);
    k.fn(batch, x.data(), y.data(), &params);
    for (size_t i = 0; i < batch; i++) {
      const int32_t q = k.is_signed ? (int32_t) (int8_t) x[i] : (int32_t) x[i];
      const float expected = xqnn_test::ReferenceQToF32(q, scale, zp);
      ASSERT_EQ(std::memcmp(&y[i], &expected, sizeof(float)), 0)
          << k.name << " q=" << q << " got " << y[i] << " expected " << expected;
    }
    for (size_t i = batch; i < y.size(); i++) ASSERT_EQ(y[i], 1234.5f) << k.name << " overrun";
  }

  void Check(size_t batch, float scale, int32_t zp, int32_t qmin, int32_t qmax, std::mt19937& rng) {
    if (GetParam().to_q) {
      CheckToQ(batch, scale, zp, qmin, qmax, rng);
    } else {
      CheckToF32(batch, scale, zp, rng);
    }
  }
};

TEST_P(VCvtKernelTest, BatchSizes) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
  std::uniform_real_distribution<float> log_scale(-8.0f, 8.0f);
  for (size_t batch = 1; batch <= GetParam().element_tile * 5 + 3; batch++) {
    for (int i = 0; i < 4; i++) Check(batch, std::exp2(log_scale(rng)), zp(rng), Lo(), Hi(), rng);
  }
  Check(1000, 0.37f, zp(rng), Lo(), Hi(), rng);
}

TEST_P(VCvtKernelTest, ExtremeZeroPointsScalesAndRanges) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (float scale : {FLT_MIN, 1.0e-20f, 1.0f, 3.0e20f, FLT_MAX}) {
    for (int32_t zp : {Lo(), Hi(), (Lo() + Hi()) / 2}) {
      Check(GetParam().element_tile * 3 + 1, scale, zp, Lo(), Hi(), rng);
      int32_t qmin = bound(rng), qmax = bound(rng);
      if (qmin > qmax) std::swap(qmin, qmax);
      Check(GetParam().element_tile * 3 + 1, scale, zp, qmin, qmax, rng);
    }
  }
}

TEST_P(VCvtKernelTest, NaNAndInfinity) {
  if (!GetParam().to_q) GTEST_SKIP() << "f32 inputs only";
  const VCvtKernel& k = GetParam();
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::signaling_NaN(), INFINITY, -INFINITY};
  for (int32_t zp : {Lo(), Hi(), (Lo() + Hi()) / 2}) {
    for (int32_t qmin : {Lo(), zp}) {
      const int32_t qmax = Hi();
      std::vector<float> x(std::begin(specials), std::end(specials));
      x.resize(x.size() + XQNN_EXTRA_BYTES / sizeof(float), 0.0f);
      std::vector<uint8_t> y(5);
      union xqnn_f32_q8_cvt_params params;
      xqnn_init_f32_q8_cvt_scalar_params(&params, 0.5f, zp, qmin, qmax);
      k.fn(5, x.data(), y.data(), &params);
      auto q = [&](uint8_t v) { return k.is_signed ? (int32_t) (int8_t) v : (int32_t) v; };
      for (int i = 0; i < 3; i++) EXPECT_EQ(q(y[i]), std::max(zp, qmin)) << "NaN #" << i << " -> zero point";
      EXPECT_EQ(q(y[3]), qmax) << "+inf saturates to output_max";
      EXPECT_EQ(q(y[4]), qmin) << "-inf saturates to output_min";
    }
  }
}

std::string KernelName(const testing::TestParamInfo<VCvtKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(F32_QS8_VCVT, VCvtKernelTest, testing::ValuesIn(kF32QS8), KernelName);
INSTANTIATE_TEST_SUITE_P(F32_QU8_VCVT, VCvtKernelTest, testing::ValuesIn(kF32QU8), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_F32_VCVT, VCvtKernelTest, testing::ValuesIn(kQS8F32), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_F32_VCVT, VCvtKernelTest, testing::ValuesIn(kQU8F32), KernelName);

}  // namespace
