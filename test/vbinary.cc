// Every qs8/qu8 vadd, vaddc, vmul and vmulc micro-kernel (from the families'
// .inc lists) against the references of elementwise-reference.h, bit-exact:
// every batch size up to a few tiles, zero points and scales at their
// extremes, output ranges, and canary bytes after the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "tflite-requantization-reference.h"
#include "xqnn.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

namespace {

struct VBinaryKernel {
  const char* name;
  uint32_t arch;
  xqnn_vbinary_ukernel_fn fn;
  size_t element_tile;
  bool is_signed;
  bool is_add;
  bool broadcast_b;
  bool tflite;  // TFLite requantization (vadd / vaddc only)
};

#define XQNN_UKERNEL(arch, fn, element_tile) {#fn, arch, fn, element_tile, SIGNED, ADD, BROADCAST},
#define SIGNED true
#define ADD true
#define BROADCAST false
const VBinaryKernel kQS8VAdd[] = {
#include "qs8-vadd/qs8-vadd.inc"
};
#undef BROADCAST
#define BROADCAST true
const VBinaryKernel kQS8VAddC[] = {
#include "qs8-vaddc/qs8-vaddc.inc"
};
#undef ADD
#define ADD false
const VBinaryKernel kQS8VMulC[] = {
#include "qs8-vmulc/qs8-vmulc.inc"
};
#undef BROADCAST
#define BROADCAST false
const VBinaryKernel kQS8VMul[] = {
#include "qs8-vmul/qs8-vmul.inc"
};
#undef SIGNED
#define SIGNED false
const VBinaryKernel kQU8VMul[] = {
#include "qu8-vmul/qu8-vmul.inc"
};
#undef BROADCAST
#define BROADCAST true
const VBinaryKernel kQU8VMulC[] = {
#include "qu8-vmulc/qu8-vmulc.inc"
};
#undef ADD
#define ADD true
const VBinaryKernel kQU8VAddC[] = {
#include "qu8-vaddc/qu8-vaddc.inc"
};
#undef BROADCAST
#define BROADCAST false
const VBinaryKernel kQU8VAdd[] = {
#include "qu8-vadd/qu8-vadd.inc"
};
#undef BROADCAST
#undef ADD
#undef SIGNED
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, element_tile) {#fn, arch, fn, element_tile, SIGNED, true, BROADCAST, true},
#define SIGNED true
#define BROADCAST false
const VBinaryKernel kQS8TfliteVAdd[] = {
#include "qs8-vadd/qs8-vadd-tflite.inc"
};
#undef BROADCAST
#define BROADCAST true
const VBinaryKernel kQS8TfliteVAddC[] = {
#include "qs8-vaddc/qs8-vaddc-tflite.inc"
};
#undef SIGNED
#define SIGNED false
const VBinaryKernel kQU8TfliteVAddC[] = {
#include "qu8-vaddc/qu8-vaddc-tflite.inc"
};
#undef BROADCAST
#define BROADCAST false
const VBinaryKernel kQU8TfliteVAdd[] = {
#include "qu8-vadd/qu8-vadd-tflite.inc"
};
#undef BROADCAST
#undef SIGNED
#undef XQNN_UKERNEL

void PrintTo(const VBinaryKernel& kernel, std::ostream* os) { *os << kernel.name; }

struct Quantization {
  int32_t a_zp, b_zp, y_zp, qmin, qmax;
  float a_scale, b_scale, y_scale;
};

class VBinaryKernelTest : public testing::TestWithParam<VBinaryKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }

  int32_t Lo() const { return GetParam().is_signed ? -128 : 0; }
  int32_t Hi() const { return GetParam().is_signed ? 127 : 255; }

  // Runs the kernel on `batch` elements and compares with the reference.
  void Check(size_t batch, const Quantization& q, std::mt19937& rng) {
    const VBinaryKernel& k = GetParam();
    std::uniform_int_distribution<int32_t> value(Lo(), Hi());
    std::vector<uint8_t> a(batch + XQNN_EXTRA_BYTES), b(batch + XQNN_EXTRA_BYTES), y(batch + 16);
    for (auto& v : a) v = (uint8_t) value(rng);
    for (auto& v : b) v = (uint8_t) value(rng);
    std::fill(y.begin(), y.end(), 0xA5);
    union {
      union xqnn_q8_add_minmax_params add;
      union xqnn_q8_mul_minmax_params mul;
    } params;
    if (k.tflite) {
      ASSERT_TRUE(xqnn_init_q8_add_minmax_tflite_scalar_params(&params.add, q.a_zp, q.b_zp, q.a_scale, q.b_scale,
                                                                q.y_scale, q.y_zp, q.qmin, q.qmax));
      // subtract_nd's parameters: b's multiplier negated.
      if (subtract_) params.add.tflite_scalar.b_multiplier = -params.add.tflite_scalar.b_multiplier;
    } else if (k.is_add) {
      const float b_ratio = q.b_scale / q.y_scale;
      xqnn_init_q8_add_minmax_fp32_scalar_params(&params.add, q.a_zp, q.b_zp, q.a_scale / q.y_scale,
                                                 subtract_ ? -b_ratio : b_ratio, q.y_zp, q.qmin, q.qmax);
    } else {
      xqnn_init_q8_mul_minmax_fp32_scalar_params(
          &params.mul, q.a_zp, q.b_zp, xqnn_fp32_requantization_scale(q.a_scale, q.b_scale, q.y_scale),
          q.y_zp, q.qmin, q.qmax);
    }
    k.fn(batch, a.data(), b.data(), y.data(), &params);
    auto load = [&](uint8_t v) { return k.is_signed ? (int32_t) (int8_t) v : (int32_t) v; };
    for (size_t i = 0; i < batch; i++) {
      const int32_t va = load(a[i]);
      const int32_t vb = load(k.broadcast_b ? b[0] : b[i]);
      const int32_t expected =
          k.tflite ? tflite_reference::Add(va, vb, q.a_zp, q.b_zp, q.a_scale, q.b_scale, q.y_scale, q.y_zp, q.qmin, q.qmax, /*left_shift=*/20, /*negate_b=*/subtract_)
          : subtract_ ? xqnn_test::ReferenceSubtract(va, vb, q.a_zp, q.b_zp, q.a_scale, q.b_scale, q.y_scale, q.y_zp, q.qmin, q.qmax)
          : k.is_add ? xqnn_test::ReferenceAdd(va, vb, q.a_zp, q.b_zp, q.a_scale, q.b_scale, q.y_scale, q.y_zp, q.qmin, q.qmax)
                   : xqnn_test::ReferenceMultiply(va, vb, q.a_zp, q.b_zp, q.a_scale, q.b_scale, q.y_scale, q.y_zp, q.qmin, q.qmax);
      ASSERT_EQ(load(y[i]), expected)
          << k.name << " batch=" << batch << " i=" << i << " a=" << va << " b=" << vb
          << " a_zp=" << q.a_zp << " b_zp=" << q.b_zp << " y_zp=" << q.y_zp << " scales=" << q.a_scale
          << "," << q.b_scale << "," << q.y_scale << " range=[" << q.qmin << "," << q.qmax << "]"
          << (subtract_ ? " subtract" : "");
    }
    for (size_t i = batch; i < y.size(); i++) {
      ASSERT_EQ(y[i], 0xA5) << k.name << ": write past the end at " << i << " batch=" << batch;
    }
  }

  bool subtract_ = false;  // add kernels with b's scale / multiplier negated (subtract_nd)

  Quantization Random(std::mt19937& rng) {
    std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
    std::uniform_real_distribution<float> log_scale(-6.0f, 2.0f);
    Quantization q;
    q.a_zp = zp(rng);
    q.b_zp = zp(rng);
    q.y_zp = zp(rng);
    q.qmin = Lo();
    q.qmax = Hi();
    q.a_scale = std::exp2(log_scale(rng));
    q.b_scale = std::exp2(log_scale(rng));
    q.y_scale = std::exp2(log_scale(rng));
    return q;
  }
};

TEST_P(VBinaryKernelTest, BatchSizes) {
  std::mt19937 rng(1);
  const size_t tile = GetParam().element_tile;
  for (size_t batch = 1; batch <= tile * 5 + 3; batch++) {
    for (int iteration = 0; iteration < 4; iteration++) Check(batch, Random(rng), rng);
  }
  Check(1000, Random(rng), rng);
}

TEST_P(VBinaryKernelTest, ExtremeZeroPoints) {
  std::mt19937 rng(2);
  for (int32_t a_zp : {Lo(), Hi()}) {
    for (int32_t b_zp : {Lo(), Hi()}) {
      for (int32_t y_zp : {Lo(), Hi()}) {
        Quantization q = Random(rng);
        q.a_zp = a_zp;
        q.b_zp = b_zp;
        q.y_zp = y_zp;
        Check(GetParam().element_tile * 3 + 1, q, rng);
      }
    }
  }
}

TEST_P(VBinaryKernelTest, ExtremeScales) {
  std::mt19937 rng(3);
  // Ratios at the edges of [2^-32, 256): the largest float below 256, and 2^-32.
  const float big = std::nextafter(256.0f, 0.0f);
  const float tiny = 0x1.0p-32f;
  for (int i = 0; i < 4; i++) {
    Quantization q = Random(rng);
    if (GetParam().tflite) {
      // TFLite's multipliers at the edges of [2^-32, 1): inputs 2^30 apart, the
      // output multiplier 2 max / (2^20 y_scale) just below 1 or near 2^-30.
      q.a_scale = (i & 1) ? 1.0f : 0x1.0p-30f;
      q.b_scale = (i & 1) ? 0x1.0p-30f : 1.0f;
      q.y_scale = (i & 2) ? 0x1.0p+11f : 0x1.0002p-19f;
    } else if (GetParam().is_add) {
      q.y_scale = 1.0f;
      q.a_scale = (i & 1) ? big : tiny;
      q.b_scale = (i & 2) ? big : tiny;
    } else {
      q.a_scale = (i & 1) ? big : tiny;
      q.b_scale = 1.0f;
      q.y_scale = (i & 2) ? 1.0f : 0.5f;
      if (q.a_scale == big) q.y_scale = 1.0f;
    }
    Check(97, q, rng);
  }
}

// TFLite: an output multiplier in [1/2, 1) (no rounding shift) on sums near 0:
// the input of the larger scale contributes v * 2^19, so a sum is small (and
// its output in range) where that input is at its zero point, 1 in 256
// elements; the other input's term is v itself (b_scale = 2^-19 a_scale).
TEST_P(VBinaryKernelTest, TfliteOutputShiftZero) {
  if (!GetParam().tflite) GTEST_SKIP() << "TFLite kernels only";
  std::mt19937 rng(6);
  for (int swap = 0; swap < 2; swap++) {
    for (int32_t y_zp : {Lo(), (Lo() + Hi() + 1) / 2, Hi()}) {
      Quantization q = Random(rng);
      q.y_zp = y_zp;
      q.a_scale = swap ? 0x1.0p-19f : 1.0f;
      q.b_scale = swap ? 1.0f : 0x1.0p-19f;
      q.y_scale = 0x1.8p-19f;  // output multiplier 2 / (2^20 * 1.5 * 2^-19) = 2/3
      Check(4099, q, rng);
    }
  }
}

// Results exactly halfway between two integers, for every zero point pair:
// add with equal input scales and an output scale twice as large computes
// (a' + b') / 2 (ties to even in fp32; TFLite rounds them away from zero),
// multiply with scale 1/2 computes a' * b' / 2.
TEST_P(VBinaryKernelTest, HalfwayResults) {
  std::mt19937 rng(5);
  for (int32_t a_zp : {Lo(), 0, Hi()}) {
    for (int32_t b_zp : {Lo(), Hi()}) {
      Quantization q = Random(rng);
      q.a_zp = a_zp;
      q.b_zp = b_zp;
      q.y_zp = GetParam().is_signed ? 0 : 128;
      q.a_scale = 1.0f;
      q.b_scale = 1.0f;
      q.y_scale = 2.0f;
      Check(301, q, rng);
    }
  }
}

TEST_P(VBinaryKernelTest, OutputRange) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (int i = 0; i < 20; i++) {
    Quantization q = Random(rng);
    q.qmin = bound(rng);
    q.qmax = bound(rng);
    if (q.qmin > q.qmax) std::swap(q.qmin, q.qmax);
    Check(GetParam().element_tile * 4 + 3, q, rng);
  }
}

// subtract_nd runs the add kernels with b's ratio (fp32) or multiplier
// (TFLite) negated: every batch size, and halfway results (ties).
TEST_P(VBinaryKernelTest, SubtractNegatedB) {
  if (!GetParam().is_add) GTEST_SKIP() << "add kernels only";
  subtract_ = true;
  std::mt19937 rng(5);
  const size_t tile = GetParam().element_tile;
  for (size_t batch = 1; batch <= tile * 3 + 3; batch++) {
    for (int iteration = 0; iteration < 4; iteration++) {
      Quantization q = Random(rng);
      if (iteration == 0) {
        q.a_scale = q.b_scale = 1.0f;
        q.y_scale = 2.0f;
      }
      Check(batch, q, rng);
      if (HasFatalFailure()) return;
    }
  }
}

std::string KernelName(const testing::TestParamInfo<VBinaryKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(QS8_VADD, VBinaryKernelTest, testing::ValuesIn(kQS8VAdd), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_VADDC, VBinaryKernelTest, testing::ValuesIn(kQS8VAddC), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_VMUL, VBinaryKernelTest, testing::ValuesIn(kQS8VMul), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_VMULC, VBinaryKernelTest, testing::ValuesIn(kQS8VMulC), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_VADD, VBinaryKernelTest, testing::ValuesIn(kQU8VAdd), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_VADDC, VBinaryKernelTest, testing::ValuesIn(kQU8VAddC), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_VMUL, VBinaryKernelTest, testing::ValuesIn(kQU8VMul), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_VMULC, VBinaryKernelTest, testing::ValuesIn(kQU8VMulC), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_TFLITE_VADD, VBinaryKernelTest, testing::ValuesIn(kQS8TfliteVAdd), KernelName);
INSTANTIATE_TEST_SUITE_P(QS8_TFLITE_VADDC, VBinaryKernelTest, testing::ValuesIn(kQS8TfliteVAddC), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_TFLITE_VADD, VBinaryKernelTest, testing::ValuesIn(kQU8TfliteVAdd), KernelName);
INSTANTIATE_TEST_SUITE_P(QU8_TFLITE_VADDC, VBinaryKernelTest, testing::ValuesIn(kQU8TfliteVAddC), KernelName);

// ---- s8 / u8 vmax, vmaxc, vmin, vminc: against a naive loop, bit for bit ----

struct VMinMaxKernel {
  const char* name;
  uint32_t arch;
  xqnn_vbinary_ukernel_fn fn;
  size_t element_tile;
  bool is_signed;
  bool is_max;
  bool broadcast_b;
};

#define XQNN_UKERNEL(arch, fn, element_tile) {#fn, arch, fn, element_tile, SIGNED, MAX, BROADCAST},
#define SIGNED true
#define MAX true
#define BROADCAST false
const VMinMaxKernel kVMinMax[] = {
#include "s8-vmax/s8-vmax.inc"
#undef BROADCAST
#define BROADCAST true
#include "s8-vmaxc/s8-vmaxc.inc"
#undef MAX
#define MAX false
#include "s8-vminc/s8-vminc.inc"
#undef BROADCAST
#define BROADCAST false
#include "s8-vmin/s8-vmin.inc"
#undef SIGNED
#define SIGNED false
#include "u8-vmin/u8-vmin.inc"
#undef BROADCAST
#define BROADCAST true
#include "u8-vminc/u8-vminc.inc"
#undef MAX
#define MAX true
#include "u8-vmaxc/u8-vmaxc.inc"
#undef BROADCAST
#define BROADCAST false
#include "u8-vmax/u8-vmax.inc"
};
#undef BROADCAST
#undef MAX
#undef SIGNED
#undef XQNN_UKERNEL

void PrintTo(const VMinMaxKernel& kernel, std::ostream* os) { *os << kernel.name; }

class VMinMaxKernelTest : public testing::TestWithParam<VMinMaxKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    if (!xqnn_arch_supported(GetParam().arch)) GTEST_SKIP() << "ISA not supported";
  }
};

// Every batch up to a few tiles, with values over the whole type (so signed
// and unsigned order differ), equal values, and canary bytes after the output.
TEST_P(VMinMaxKernelTest, BatchSizes) {
  const VMinMaxKernel& k = GetParam();
  std::mt19937 rng(6);
  std::uniform_int_distribution<int32_t> byte(0, 255);
  auto load = [&](uint8_t v) { return k.is_signed ? (int32_t) (int8_t) v : (int32_t) v; };
  for (size_t batch = 1; batch <= k.element_tile * 5 + 3; batch++) {
    for (int iteration = 0; iteration < 4; iteration++) {
      std::vector<uint8_t> a(batch + XQNN_EXTRA_BYTES), b(batch + XQNN_EXTRA_BYTES), y(batch + 16, 0xA5);
      for (auto& v : a) v = (uint8_t) byte(rng);
      for (auto& v : b) v = iteration == 3 ? a[&v - b.data()] : (uint8_t) byte(rng);
      k.fn(batch, a.data(), b.data(), y.data(), nullptr);
      for (size_t i = 0; i < batch; i++) {
        const int32_t va = load(a[i]), vb = load(k.broadcast_b ? b[0] : b[i]);
        ASSERT_EQ(load(y[i]), k.is_max ? std::max(va, vb) : std::min(va, vb))
            << k.name << " batch=" << batch << " i=" << i << " a=" << va << " b=" << vb;
      }
      for (size_t i = batch; i < y.size(); i++) ASSERT_EQ(y[i], 0xA5) << k.name << ": write past the end at " << i;
    }
  }
}

std::string MinMaxKernelName(const testing::TestParamInfo<VMinMaxKernel>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(X8_VMINMAX, VMinMaxKernelTest, testing::ValuesIn(kVMinMax), MinMaxKernelName);

}  // namespace
