// sigmoid, tanh, hardswish, leaky_relu (QS8, QU8) and lut_elementwise_nc_x8
// against a naive per-element reference (the header's formula evaluated for
// each element, not through a table): random shapes, strides wider than the
// channels (gaps keep their canary bytes), batch 0, extreme zero points and
// scales, output ranges, thread counts; then bad parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

enum class Op { kSigmoid, kTanh, kHardswish, kLeakyRelu };

struct Case {
  Op op;
  bool is_signed;
};

std::string Name(const testing::TestParamInfo<Case>& info) {
  static const char* names[] = {"sigmoid", "tanh", "hardswish", "leaky_relu"};
  return std::string(names[(int) info.param.op]) + (info.param.is_signed ? "_qs8" : "_qu8");
}

struct Params {
  size_t batch = 1, channels = 1, input_stride = 1, output_stride = 1;
  int32_t input_zero_point = 0, output_zero_point = 0, output_min = 0, output_max = 255;
  float input_scale = 1.0f, output_scale = 1.0f, negative_slope = 0.25f;
  std::string Describe() const {
    std::ostringstream s;
    s << "batch " << batch << " channels " << channels << " strides " << input_stride << "/" << output_stride
      << " input zp " << input_zero_point << " scale " << input_scale << " output zp " << output_zero_point
      << " scale " << output_scale << " range [" << output_min << ", " << output_max << "] slope "
      << negative_slope;
    return s.str();
  }
};

class LutOperatorTest : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  bool Signed() const { return GetParam().is_signed; }
  int32_t QMin() const { return Signed() ? -128 : 0; }
  int32_t QMax() const { return Signed() ? 127 : 255; }

  double F(double x, double slope) const {
    switch (GetParam().op) {
      case Op::kSigmoid: return 1.0 / (1.0 + std::exp(-x));
      case Op::kTanh: return std::tanh(x);
      case Op::kHardswish: return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
      case Op::kLeakyRelu: return x < 0.0 ? slope * x : x;
    }
    return 0.0;
  }

  // The element's value as the header defines it (q is the stored int8 / uint8 value).
  int32_t Reference(int32_t q, const Params& p) const {
    const double x = (double) p.input_scale * (double) (q - p.input_zero_point);
    const double y = std::nearbyint(F(x, p.negative_slope) / (double) p.output_scale) + p.output_zero_point;
    return (int32_t) std::min(std::max(y, (double) p.output_min), (double) p.output_max);
  }

  xqnn_status Create(const Params& p, xqnn_operator_t* op) const {
    const size_t c = p.channels, xs = p.input_stride, ys = p.output_stride;
    if (Signed()) {
      const int8_t izp = (int8_t) p.input_zero_point, ozp = (int8_t) p.output_zero_point;
      const int8_t lo = (int8_t) p.output_min, hi = (int8_t) p.output_max;
      switch (GetParam().op) {
        case Op::kSigmoid:
          return xqnn_create_sigmoid_nc_qs8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
        case Op::kTanh:
          return xqnn_create_tanh_nc_qs8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
        case Op::kHardswish:
          return xqnn_create_hardswish_nc_qs8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
        case Op::kLeakyRelu:
          return xqnn_create_leaky_relu_nc_qs8(c, xs, ys, p.negative_slope, izp, p.input_scale, ozp,
                                               p.output_scale, lo, hi, 0, op);
      }
    }
    const uint8_t izp = (uint8_t) p.input_zero_point, ozp = (uint8_t) p.output_zero_point;
    const uint8_t lo = (uint8_t) p.output_min, hi = (uint8_t) p.output_max;
    switch (GetParam().op) {
      case Op::kSigmoid:
        return xqnn_create_sigmoid_nc_qu8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
      case Op::kTanh:
        return xqnn_create_tanh_nc_qu8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
      case Op::kHardswish:
        return xqnn_create_hardswish_nc_qu8(c, xs, ys, izp, p.input_scale, ozp, p.output_scale, lo, hi, 0, op);
      case Op::kLeakyRelu:
        return xqnn_create_leaky_relu_nc_qu8(c, xs, ys, p.negative_slope, izp, p.input_scale, ozp,
                                             p.output_scale, lo, hi, 0, op);
    }
    return xqnn_status_invalid_state;
  }

  // Reshape and setup of this case's type (or of another op's, for the type checks).
  xqnn_status Reshape(xqnn_operator_t op, size_t batch, pthreadpool_t pool) const {
    const bool s = Signed();
    switch (GetParam().op) {
      case Op::kSigmoid: return s ? xqnn_reshape_sigmoid_nc_qs8(op, batch, pool) : xqnn_reshape_sigmoid_nc_qu8(op, batch, pool);
      case Op::kTanh: return s ? xqnn_reshape_tanh_nc_qs8(op, batch, pool) : xqnn_reshape_tanh_nc_qu8(op, batch, pool);
      case Op::kHardswish:
        return s ? xqnn_reshape_hardswish_nc_qs8(op, batch, pool) : xqnn_reshape_hardswish_nc_qu8(op, batch, pool);
      case Op::kLeakyRelu:
        return s ? xqnn_reshape_leaky_relu_nc_qs8(op, batch, pool) : xqnn_reshape_leaky_relu_nc_qu8(op, batch, pool);
    }
    return xqnn_status_invalid_state;
  }
  xqnn_status Setup(xqnn_operator_t op, const void* x, void* y) const {
    const bool s = Signed();
    const auto* xs = (const int8_t*) x;
    const auto* xu = (const uint8_t*) x;
    auto* ys = (int8_t*) y;
    auto* yu = (uint8_t*) y;
    switch (GetParam().op) {
      case Op::kSigmoid: return s ? xqnn_setup_sigmoid_nc_qs8(op, xs, ys) : xqnn_setup_sigmoid_nc_qu8(op, xu, yu);
      case Op::kTanh: return s ? xqnn_setup_tanh_nc_qs8(op, xs, ys) : xqnn_setup_tanh_nc_qu8(op, xu, yu);
      case Op::kHardswish:
        return s ? xqnn_setup_hardswish_nc_qs8(op, xs, ys) : xqnn_setup_hardswish_nc_qu8(op, xu, yu);
      case Op::kLeakyRelu:
        return s ? xqnn_setup_leaky_relu_nc_qs8(op, xs, ys) : xqnn_setup_leaky_relu_nc_qu8(op, xu, yu);
    }
    return xqnn_status_invalid_state;
  }

  void Check(const Params& p, std::mt19937& rng, pthreadpool_t pool = nullptr) {
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(Create(p, &op), xqnn_status_success) << p.Describe();
    OperatorPtr owner(op);
    ASSERT_EQ(Reshape(op, p.batch, pool), xqnn_status_success) << p.Describe();
    const size_t in_size = p.batch == 0 ? 0 : (p.batch - 1) * p.input_stride + p.channels;
    const size_t out_size = p.batch == 0 ? 0 : (p.batch - 1) * p.output_stride + p.channels;
    std::vector<uint8_t> x(in_size + XQNN_EXTRA_BYTES);
    FillRandom(rng, x, 0, 255);
    std::vector<uint8_t> y(out_size + 16, kCanaryByte);
    ASSERT_EQ(Setup(op, x.data(), y.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    for (size_t b = 0; b < p.batch; b++) {
      for (size_t c = 0; c < p.output_stride && b * p.output_stride + c < out_size; c++) {
        const uint8_t got = y[b * p.output_stride + c];
        if (c >= p.channels) {
          ASSERT_EQ(got, kCanaryByte) << "gap written, " << p.Describe();
          continue;
        }
        const uint8_t in = x[b * p.input_stride + c];
        const int32_t q = Signed() ? (int32_t) (int8_t) in : (int32_t) in;
        const int32_t expected = Reference(q, p);
        const int32_t actual = Signed() ? (int32_t) (int8_t) got : (int32_t) got;
        ASSERT_EQ(actual, expected) << "input " << q << " at " << b << "," << c << ", " << p.Describe();
      }
    }
    for (size_t i = out_size; i < y.size(); i++) ASSERT_EQ(y[i], kCanaryByte) << "overrun " << p.Describe();
  }

  Params Random(std::mt19937& rng) const {
    std::uniform_int_distribution<int32_t> q(QMin(), QMax());
    std::uniform_real_distribution<float> log_scale(-8.0f, 3.0f);
    Params p;
    p.batch = std::uniform_int_distribution<size_t>(1, 9)(rng);
    p.channels = std::uniform_int_distribution<size_t>(1, 70)(rng);
    p.input_stride = p.channels + std::uniform_int_distribution<size_t>(0, 1)(rng) * std::uniform_int_distribution<size_t>(0, 9)(rng);
    p.output_stride = p.channels + std::uniform_int_distribution<size_t>(0, 1)(rng) * std::uniform_int_distribution<size_t>(0, 9)(rng);
    p.input_zero_point = q(rng);
    p.output_zero_point = q(rng);
    p.input_scale = std::exp2(log_scale(rng));
    p.output_scale = std::exp2(log_scale(rng));
    p.output_min = q(rng);
    p.output_max = q(rng);
    if (p.output_min > p.output_max) std::swap(p.output_min, p.output_max);
    if (std::uniform_int_distribution<int>(0, 1)(rng)) {
      p.output_min = QMin();
      p.output_max = QMax();
    }
    p.negative_slope = std::uniform_real_distribution<float>(-2.0f, 2.0f)(rng);
    return p;
  }
};

TEST_P(LutOperatorTest, RandomShapes) {
  std::mt19937 rng(7);
  for (uint32_t i = 0; i < 60; i++) {
    for (size_t threads : ThreadCountsForSeed(i)) Check(Random(rng), rng, TestThreadpool(threads));
  }
}

TEST_P(LutOperatorTest, LargeBatchEveryThreadCount) {
  std::mt19937 rng(8);
  Params p = Random(rng);
  p.batch = 700;
  p.channels = p.input_stride = p.output_stride = 97;  // merged into one long row
  for (size_t threads : TestThreadCounts()) Check(p, rng, TestThreadpool(threads));
  p.output_stride = 101;  // strided rows
  for (size_t threads : TestThreadCounts()) Check(p, rng, TestThreadpool(threads));
}

TEST_P(LutOperatorTest, Degenerate) {
  std::mt19937 rng(9);
  Params p = Random(rng);
  p.batch = 0;  // nothing to compute: succeeds, writes nothing
  Check(p, rng);
  p = Random(rng);
  p.channels = 1;
  p.input_stride = 5;
  p.output_stride = 3;
  Check(p, rng);
  // Extreme zero points and scales: saturated tables, and near-identity ones.
  for (int32_t izp : {QMin(), QMax()}) {
    for (int32_t ozp : {QMin(), QMax()}) {
      for (float is : {FLT_MIN, 1e-3f, 0.1f, 1e3f, FLT_MAX}) {
        for (float os : {FLT_MIN, 1.0f / 256, 1.0f, FLT_MAX}) {
          p = Random(rng);
          p.input_zero_point = izp;
          p.output_zero_point = ozp;
          p.input_scale = is;
          p.output_scale = os;
          p.output_min = QMin();
          p.output_max = QMax();
          Check(p, rng);
        }
      }
    }
  }
  p = Random(rng);
  p.output_min = p.output_max;  // a constant output
  Check(p, rng);
}

TEST_P(LutOperatorTest, BadParameters) {
  Params good;
  good.channels = good.input_stride = good.output_stride = 4;
  good.output_min = QMin();
  good.output_max = QMax();
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Create(good, &op), xqnn_status_success);
  OperatorPtr owner(op);
  auto expect_invalid = [&](Params p, const char* what) {
    xqnn_operator_t bad = nullptr;
    EXPECT_EQ(Create(p, &bad), xqnn_status_invalid_parameter) << what;
    EXPECT_EQ(bad, nullptr) << what;
  };
  Params p = good;
  p.channels = 0;
  expect_invalid(p, "zero channels");
  p = good;
  p.input_stride = 3;
  expect_invalid(p, "input stride < channels");
  p = good;
  p.output_stride = 3;
  expect_invalid(p, "output stride < channels");
  for (float s : {0.0f, -1.0f, INFINITY, NAN}) {
    p = good;
    p.input_scale = s;
    expect_invalid(p, "input scale");
    p = good;
    p.output_scale = s;
    expect_invalid(p, "output scale");
  }
  p = good;
  p.output_min = good.output_max;
  p.output_max = good.output_max - 1;
  expect_invalid(p, "output_min > output_max");
  if (GetParam().op == Op::kLeakyRelu) {
    for (float s : {INFINITY, -INFINITY, NAN}) {
      p = good;
      p.negative_slope = s;
      expect_invalid(p, "negative slope");
    }
  }
  // Flags: none are defined for these operators.
  xqnn_operator_t bad = nullptr;
  EXPECT_EQ(Signed() ? xqnn_create_sigmoid_nc_qs8(4, 4, 4, 0, 1.0f, 0, 1.0f, -128, 127, 0x80, &bad)
                     : xqnn_create_sigmoid_nc_qu8(4, 4, 4, 0, 1.0f, 0, 1.0f, 0, 255, 0x80, &bad),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(bad, nullptr);
  // NULL output operator pointer.
  EXPECT_EQ(Create(good, nullptr), xqnn_status_invalid_parameter);

  // States: setup before reshape, NULL data, another operator's functions.
  uint8_t x[4 + XQNN_EXTRA_BYTES] = {0}, y[4];
  EXPECT_EQ(Setup(op, x, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  ASSERT_EQ(Reshape(op, 1, nullptr), xqnn_status_success);
  EXPECT_EQ(Setup(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Setup(op, x, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_lut_elementwise_nc_x8(op, 1, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_lut_elementwise_nc_x8(op, x, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Reshape(op, SIZE_MAX, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Reshape(op, 1, nullptr), xqnn_status_success);
  ASSERT_EQ(Setup(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
}

INSTANTIATE_TEST_SUITE_P(Ops, LutOperatorTest,
                         testing::Values(Case{Op::kSigmoid, true}, Case{Op::kSigmoid, false},
                                         Case{Op::kTanh, true}, Case{Op::kTanh, false},
                                         Case{Op::kHardswish, true}, Case{Op::kHardswish, false},
                                         Case{Op::kLeakyRelu, true}, Case{Op::kLeakyRelu, false}),
                         Name);

// lut_elementwise_nc_x8: out = table[input byte], for random tables and shapes.
TEST(LutElementwiseX8, RandomTables) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  std::mt19937 rng(11);
  for (uint32_t i = 0; i < 40; i++) {
    std::vector<uint8_t> table(256);
    FillRandom(rng, table, 0, 255);
    const size_t batch = std::uniform_int_distribution<size_t>(0, 40)(rng);
    const size_t channels = std::uniform_int_distribution<size_t>(1, 300)(rng);
    const size_t xs = channels + std::uniform_int_distribution<size_t>(0, 3)(rng);
    const size_t ys = channels + std::uniform_int_distribution<size_t>(0, 3)(rng);
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_lut_elementwise_nc_x8(channels, xs, ys, table.data(), 0, &op), xqnn_status_success);
    OperatorPtr owner(op);
    const std::vector<uint8_t> expected_table = table;
    table.assign(256, 0);  // create copied it
    std::vector<uint8_t> x(batch * xs + XQNN_EXTRA_BYTES), y(batch * ys + 8, kCanaryByte);
    FillRandom(rng, x, 0, 255);
    for (size_t threads : ThreadCountsForSeed(i)) {
      pthreadpool_t pool = TestThreadpool(threads);
      ASSERT_EQ(xqnn_reshape_lut_elementwise_nc_x8(op, batch, pool), xqnn_status_success);
      ASSERT_EQ(xqnn_setup_lut_elementwise_nc_x8(op, x.data(), y.data()), xqnn_status_success);
      ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    }
    for (size_t b = 0; b < batch; b++) {
      for (size_t c = 0; c < ys; c++) {
        const uint8_t expected = c < channels ? expected_table[x[b * xs + c]] : kCanaryByte;
        ASSERT_EQ(y[b * ys + c], expected) << "batch " << batch << " channels " << channels << " at " << b << "," << c;
      }
    }
    for (size_t k = batch * ys; k < y.size(); k++) ASSERT_EQ(y[k], kCanaryByte) << "overrun";
  }
}

TEST(LutElementwiseX8, BadParameters) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  uint8_t table[256] = {0};
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 4, 4, nullptr, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(0, 4, 4, table, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 3, 4, table, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 4, 3, table, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 4, 4, table, 1, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 4, 4, table, 0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(xqnn_create_lut_elementwise_nc_x8(4, 4, 4, table, 0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  EXPECT_EQ(xqnn_reshape_sigmoid_nc_qs8(op, 1, nullptr), xqnn_status_invalid_parameter);
}

}  // namespace
