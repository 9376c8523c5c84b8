// convert_nc f32 -> qs8/qu8 and qs8/qu8 -> f32 against naive loops over the
// definitions (round half to even, saturation, NaN -> zero point, +-inf
// saturate): random shapes with row strides, extreme scales and zero points,
// output ranges, thread counts, bad parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

struct ConvertOp {
  const char* name;
  bool is_signed;
  bool to_q;
  // f32 -> q: (scale, zp, min, max); q -> f32: (scale, zp) and min/max ignored.
  xqnn_status (*create)(float, int32_t, int32_t, int32_t, uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, size_t, size_t, size_t, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, void*);
};

#define TO_Q_OP(t, ctype, is_signed)                                                                   \
  ConvertOp{"convert_nc_f32_" #t, is_signed, true,                                                     \
            [](float s, int32_t z, int32_t mn, int32_t mx, uint32_t flags, xqnn_operator_t* out) {      \
              return xqnn_create_convert_nc_f32_##t(s, (ctype) z, (ctype) mn, (ctype) mx, flags, out); \
            },                                                                                         \
            xqnn_reshape_convert_nc_f32_##t,                                                           \
            [](xqnn_operator_t o, const void* x, void* y) {                                            \
              return xqnn_setup_convert_nc_f32_##t(o, (const float*) x, (ctype*) y);                   \
            }}
#define TO_F32_OP(t, ctype, is_signed)                                                                 \
  ConvertOp{"convert_nc_" #t "_f32", is_signed, false,                                                 \
            [](float s, int32_t z, int32_t, int32_t, uint32_t flags, xqnn_operator_t* out) {            \
              return xqnn_create_convert_nc_##t##_f32(s, (ctype) z, flags, out);                       \
            },                                                                                         \
            xqnn_reshape_convert_nc_##t##_f32,                                                         \
            [](xqnn_operator_t o, const void* x, void* y) {                                            \
              return xqnn_setup_convert_nc_##t##_f32(o, (const ctype*) x, (float*) y);                 \
            }}

const ConvertOp kOps[] = {TO_Q_OP(qs8, int8_t, true), TO_Q_OP(qu8, uint8_t, false),
                          TO_F32_OP(qs8, int8_t, true), TO_F32_OP(qu8, uint8_t, false)};

void PrintTo(const ConvertOp& op, std::ostream* os) { *os << op.name; }

struct Case {
  size_t batch, channels, input_stride, output_stride;
  float scale;
  int32_t zp, qmin, qmax;
};

class ConvertTest : public testing::TestWithParam<ConvertOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const ConvertOp& Op() const { return GetParam(); }
  int32_t Lo() const { return Op().is_signed ? -128 : 0; }
  int32_t Hi() const { return Op().is_signed ? 127 : 255; }
  size_t InSize() const { return Op().to_q ? 4 : 1; }
  size_t OutSize() const { return Op().to_q ? 1 : 4; }

  Case Random(size_t batch, size_t channels, std::mt19937& rng) const {
    std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
    std::uniform_int_distribution<size_t> pad(0, 3);
    std::uniform_real_distribution<float> log_scale(-10.0f, 10.0f);
    return Case{batch, channels, channels + pad(rng), channels + pad(rng), std::exp2(log_scale(rng)),
                zp(rng), Lo(), Hi()};
  }

  // Input bytes: floats in and beyond range, ties, NaN, +-inf; or random q values.
  std::vector<uint8_t> Input(const Case& c, std::mt19937& rng) const {
    const size_t n = c.batch == 0 ? 0 : (c.batch - 1) * c.input_stride + c.channels;
    std::vector<uint8_t> bytes(n * InSize() + XQNN_EXTRA_BYTES);
    if (Op().to_q) {
      std::uniform_int_distribution<int> pick(0, 15);
      std::uniform_int_distribution<int32_t> integer(-300, 300);
      std::uniform_real_distribution<float> wide(-300.0f, 300.0f);
      for (size_t i = 0; i < n; i++) {
        float v;
        switch (pick(rng)) {
          case 0: v = std::numeric_limits<float>::quiet_NaN(); break;
          case 1: v = INFINITY; break;
          case 2: v = -INFINITY; break;
          case 3: case 4: v = ((float) integer(rng) + 0.5f) * c.scale; break;
          default: v = wide(rng) * c.scale; break;
        }
        std::memcpy(&bytes[i * 4], &v, 4);
      }
    } else {
      std::uniform_int_distribution<int32_t> v(Lo(), Hi());
      for (size_t i = 0; i < n; i++) bytes[i] = (uint8_t) v(rng);
    }
    return bytes;
  }

  // Expected output bytes at the element positions (gaps hold the canary).
  std::vector<uint8_t> Reference(const Case& c, const std::vector<uint8_t>& x) const {
    std::vector<uint8_t> y(c.batch * c.output_stride * OutSize() + 16, 0xA5);
    for (size_t b = 0; b < c.batch; b++) {
      for (size_t ch = 0; ch < c.channels; ch++) {
        const size_t i = b * c.input_stride + ch, o = b * c.output_stride + ch;
        if (Op().to_q) {
          float v;
          std::memcpy(&v, &x[i * 4], 4);
          y[o] = (uint8_t) xqnn_test::ReferenceF32ToQ(v, c.scale, c.zp, c.qmin, c.qmax);
        } else {
          const int32_t q = Op().is_signed ? (int32_t) (int8_t) x[i] : (int32_t) x[i];
          const float f = xqnn_test::ReferenceQToF32(q, c.scale, c.zp);
          std::memcpy(&y[o * 4], &f, 4);
        }
      }
    }
    return y;
  }

  std::vector<uint8_t> Run(const Case& c, const std::vector<uint8_t>& x, pthreadpool_t pool) {
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(Op().create(c.scale, c.zp, c.qmin, c.qmax, 0, &op), xqnn_status_success);
    std::vector<uint8_t> y(c.batch * c.output_stride * OutSize() + 16, 0xA5);
    if (op == nullptr) return y;
    EXPECT_EQ(Op().reshape(op, c.batch, c.channels, c.input_stride, c.output_stride, pool), xqnn_status_success);
    EXPECT_EQ(Op().setup(op, x.data(), y.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    xqnn_delete_operator(op);
    return y;
  }

  void Check(const Case& c, std::mt19937& rng) {
    const std::vector<uint8_t> x = Input(c, rng);
    const std::vector<uint8_t> expected = Reference(c, x);
    const std::vector<uint8_t> got = Run(c, x, nullptr);
    for (size_t i = 0; i < got.size(); i++) {
      ASSERT_EQ(got[i], expected[i]) << Op().name << " batch=" << c.batch << " channels=" << c.channels
                                     << " strides=" << c.input_stride << "," << c.output_stride
                                     << " scale=" << c.scale << " zp=" << c.zp << " range=[" << c.qmin
                                     << "," << c.qmax << "] byte " << i;
    }
  }
};

TEST_P(ConvertTest, RandomShapes) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<size_t> batch(1, 9), channels(1, 40);
  for (int i = 0; i < 100; i++) Check(Random(batch(rng), channels(rng), rng), rng);
  Case dense = Random(5, 33, rng);
  dense.input_stride = dense.output_stride = dense.channels;  // merged into one row
  Check(dense, rng);
  Check(Random(1, 5000, rng), rng);
}

TEST_P(ConvertTest, ExtremeQuantization) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (float scale : {FLT_MIN, 1.0e-30f, 1.0f, 1.0e30f, FLT_MAX}) {
    for (int32_t zp : {Lo(), Hi()}) {
      Case c = Random(3, 21, rng);
      c.scale = scale;
      c.zp = zp;
      Check(c, rng);
      if (Op().to_q) {
        c.qmin = bound(rng);
        c.qmax = bound(rng);
        if (c.qmin > c.qmax) std::swap(c.qmin, c.qmax);
        Check(c, rng);
      }
    }
  }
}

TEST_P(ConvertTest, NaNConvertsToZeroPointAndInfinitySaturates) {
  if (!Op().to_q) GTEST_SKIP() << "f32 input only";
  const float in[5] = {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
                       INFINITY, -INFINITY, 0.0f};
  std::vector<uint8_t> x(sizeof(in) + XQNN_EXTRA_BYTES);
  std::memcpy(x.data(), in, sizeof(in));
  const int32_t zp = (Lo() + Hi()) / 2;
  const Case c{1, 5, 5, 5, 0.25f, zp, Lo() + 10, Hi() - 10};
  const std::vector<uint8_t> y = Run(c, x, nullptr);
  auto q = [&](uint8_t v) { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; };
  EXPECT_EQ(q(y[0]), zp);
  EXPECT_EQ(q(y[1]), zp);
  EXPECT_EQ(q(y[2]), Hi() - 10);
  EXPECT_EQ(q(y[3]), Lo() + 10);
  EXPECT_EQ(q(y[4]), zp);
}

TEST_P(ConvertTest, BatchZero) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Op().create(1.0f, 0, Lo(), Hi(), 0, &op), xqnn_status_success);
  ASSERT_EQ(Op().reshape(op, 0, 3, 3, 3, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().setup(op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  xqnn_delete_operator(op);
}

TEST_P(ConvertTest, ThreadCounts) {
  std::mt19937 rng(3);
  Case dense = Random(40, 1000, rng);
  dense.input_stride = dense.output_stride = dense.channels;
  const Case cases[] = {Random(1, 20000, rng), Random(50, 300, rng), dense, Random(3, 7000, rng)};
  for (const Case& c : cases) {
    const std::vector<uint8_t> x = Input(c, rng);
    const std::vector<uint8_t> serial = Run(c, x, nullptr);
    ASSERT_EQ(serial, Reference(c, x));
    for (size_t threads : TestThreadCounts()) ASSERT_EQ(Run(c, x, TestThreadpool(threads)), serial) << threads << " threads";
  }
}

TEST_P(ConvertTest, InvalidParametersAndStates) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(Op().create(1.0f, 0, Lo(), Hi(), 0, nullptr), xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -0.0f, -1.0f, std::nanf(""), INFINITY}) {
    EXPECT_EQ(Op().create(bad, 0, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter) << bad;
  }
  EXPECT_EQ(Op().create(FLT_MIN / 2, 0, Lo(), Hi(), 0, &op), xqnn_status_unsupported_parameter);
  if (Op().to_q) EXPECT_EQ(Op().create(1.0f, 0, Hi(), Lo(), 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().create(1.0f, 0, Lo(), Hi(), 4, &op), xqnn_status_invalid_parameter);

  ASSERT_EQ(Op().create(0.5f, Hi(), Lo(), Hi(), 0, &op), xqnn_status_success);
  std::vector<uint8_t> x(64 + XQNN_EXTRA_BYTES), y(64);
  EXPECT_EQ(Op().setup(op, x.data(), y.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().reshape(nullptr, 1, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 0, 3, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 3, 2, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 3, 3, 2, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, SIZE_MAX / 8, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().reshape(op, 2, 3, 4, 5, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().setup(op, nullptr, y.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, x.data(), nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().setup(op, x.data(), y.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().reshape(op, 1, 0, 3, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const ConvertOp& other = std::string(Op().name) == kOps[0].name ? kOps[1] : kOps[0];
  EXPECT_EQ(other.reshape(op, 1, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  xqnn_delete_operator(op);
}

std::string OpName(const testing::TestParamInfo<ConvertOp>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Ops, ConvertTest, testing::ValuesIn(kOps), OpName);

}  // namespace
