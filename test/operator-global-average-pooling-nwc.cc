// global_average_pooling_nwc, QS8 and QU8, against a naive loop over the
// definition: widths across the unipass / multipass boundary, batch, strides,
// extreme scales and zero points, output ranges, thread counts, bad parameters
// and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

struct PoolOp {
  const char* name;
  bool is_signed;
  xqnn_status (*create)(int32_t, float, int32_t, float, int32_t, int32_t, uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, size_t, size_t, size_t, size_t, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, void*);
};

#define POOL_OP(t, ctype, is_signed)                                                                  \
  PoolOp{"global_average_pooling_nwc_" #t, is_signed,                                                 \
         [](int32_t zi, float si, int32_t zo, float so, int32_t mn, int32_t mx, uint32_t flags,        \
            xqnn_operator_t* out) {                                                                   \
           return xqnn_create_global_average_pooling_nwc_##t((ctype) zi, si, (ctype) zo, so,          \
                                                             (ctype) mn, (ctype) mx, flags, out);     \
         },                                                                                           \
         xqnn_reshape_global_average_pooling_nwc_##t,                                                 \
         [](xqnn_operator_t o, const void* x, void* y) {                                              \
           return xqnn_setup_global_average_pooling_nwc_##t(o, (const ctype*) x, (ctype*) y);         \
         }}

const PoolOp kOps[] = {POOL_OP(qs8, int8_t, true), POOL_OP(qu8, uint8_t, false)};

void PrintTo(const PoolOp& op, std::ostream* os) { *os << op.name; }

struct Case {
  size_t batch, width, channels, input_stride, output_stride;
  int32_t x_zp, y_zp, qmin, qmax;
  float x_scale, y_scale;
};

class GlobalAveragePoolingTest : public testing::TestWithParam<PoolOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const PoolOp& Op() const { return GetParam(); }
  int32_t Lo() const { return Op().is_signed ? -128 : 0; }
  int32_t Hi() const { return Op().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  Case Random(size_t batch, size_t width, size_t channels, std::mt19937& rng) const {
    std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
    std::uniform_int_distribution<size_t> pad(0, 3);
    std::uniform_real_distribution<float> log_scale(-4.0f, 4.0f);
    return Case{batch, width, channels, channels + pad(rng), channels + pad(rng), zp(rng), zp(rng),
                Lo(), Hi(), std::exp2(log_scale(rng)), std::exp2(log_scale(rng))};
  }

  std::vector<uint8_t> Input(const Case& c, std::mt19937& rng) const {
    std::uniform_int_distribution<int32_t> v(Lo(), Hi());
    std::vector<uint8_t> x(c.batch * c.width * c.input_stride + XQNN_EXTRA_BYTES);
    for (auto& e : x) e = (uint8_t) v(rng);
    return x;
  }

  std::vector<int32_t> Reference(const Case& c, const std::vector<uint8_t>& x) const {
    const float scale = xqnn_test::AveragePoolingScale(c.x_scale, c.y_scale, c.width);
    std::vector<int32_t> y(c.batch * c.channels);
    for (size_t b = 0; b < c.batch; b++) {
      for (size_t ch = 0; ch < c.channels; ch++) {
        int64_t sum = 0;
        for (size_t p = 0; p < c.width; p++) sum += Load(x[(b * c.width + p) * c.input_stride + ch]) - c.x_zp;
        y[b * c.channels + ch] = xqnn_test::ReferenceAverage(sum, scale, c.y_zp, c.qmin, c.qmax);
      }
    }
    return y;
  }

  // Runs the operator; checks that the gaps between output rows stay untouched.
  std::vector<int32_t> Run(const Case& c, const std::vector<uint8_t>& x, pthreadpool_t pool) {
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(Op().create(c.x_zp, c.x_scale, c.y_zp, c.y_scale, c.qmin, c.qmax, 0, &op), xqnn_status_success);
    if (op == nullptr) return {};
    std::vector<uint8_t> y(c.batch * c.output_stride + 16, 0xA5);
    EXPECT_EQ(Op().reshape(op, c.batch, c.width, c.channels, c.input_stride, c.output_stride, pool), xqnn_status_success);
    EXPECT_EQ(Op().setup(op, x.data(), y.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    // Running again gives the same result (the multipass scratch is reinitialised).
    std::vector<uint8_t> first = y;
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    EXPECT_EQ(first, y);
    xqnn_delete_operator(op);
    std::vector<int32_t> out(c.batch * c.channels);
    for (size_t b = 0; b < c.batch; b++) {
      for (size_t ch = 0; ch < c.output_stride; ch++) {
        if (ch < c.channels) {
          out[b * c.channels + ch] = Load(y[b * c.output_stride + ch]);
        } else {
          EXPECT_EQ(y[b * c.output_stride + ch], 0xA5) << "gap written";
        }
      }
    }
    for (size_t i = c.batch * c.output_stride; i < y.size(); i++) EXPECT_EQ(y[i], 0xA5) << "overrun";
    return out;
  }

  void Check(const Case& c, std::mt19937& rng, pthreadpool_t pool = nullptr) {
    const std::vector<uint8_t> x = Input(c, rng);
    const std::vector<int32_t> expected = Reference(c, x);
    const std::vector<int32_t> got = Run(c, x, pool);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); i++) {
      ASSERT_EQ(got[i], expected[i]) << Op().name << " batch=" << c.batch << " width=" << c.width
                                     << " channels=" << c.channels << " strides=" << c.input_stride << ","
                                     << c.output_stride << " zps=" << c.x_zp << "," << c.y_zp << " scales="
                                     << c.x_scale << "," << c.y_scale << " at " << i;
    }
  }
};

TEST_P(GlobalAveragePoolingTest, Widths) {
  std::mt19937 rng(1);
  for (size_t width = 1; width <= 30; width++) {
    for (size_t channels : {1, 3, 4, 17}) Check(Random(2, width, channels, rng), rng);
  }
  Check(Random(1, 49, 1024, rng), rng);  // MobileNet head: 7x7 pixels, 1024 channels
  Check(Random(3, 1000, 5, rng), rng);
}

TEST_P(GlobalAveragePoolingTest, ExtremeQuantization) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (size_t width : {1, 7, 8, 50}) {
    for (int32_t x_zp : {Lo(), Hi()}) {
      for (int32_t y_zp : {Lo(), Hi()}) {
        Case c = Random(3, width, 13, rng);
        c.x_zp = x_zp;
        c.y_zp = y_zp;
        Check(c, rng);
        c.qmin = bound(rng);
        c.qmax = bound(rng);
        if (c.qmin > c.qmax) std::swap(c.qmin, c.qmax);
        Check(c, rng);
        // Scale just below 256 and at 2^-32.
        c.y_scale = 1.0f;
        c.x_scale = std::nextafter(256.0f, 0.0f) * (float) width;
        if (xqnn_test::AveragePoolingScale(c.x_scale, c.y_scale, width) < 256.0f) Check(c, rng);
        c.x_scale = 0x1.0p-32f * (float) width;
        Check(c, rng);
      }
    }
  }
}

TEST_P(GlobalAveragePoolingTest, BatchZero) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Op().create(0, 1.0f, 0, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_success);
  ASSERT_EQ(Op().reshape(op, 0, 5, 3, 3, 3, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().setup(op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  xqnn_delete_operator(op);
}

TEST_P(GlobalAveragePoolingTest, ThreadCounts) {
  std::mt19937 rng(3);
  const Case cases[] = {Random(1, 49, 1000, rng), Random(7, 5, 300, rng), Random(16, 20, 40, rng),
                        Random(2, 3, 5000, rng)};
  for (const Case& c : cases) {
    const std::vector<uint8_t> x = Input(c, rng);
    const std::vector<int32_t> serial = Run(c, x, nullptr);
    ASSERT_EQ(serial, Reference(c, x));
    for (size_t threads : TestThreadCounts()) ASSERT_EQ(Run(c, x, TestThreadpool(threads)), serial) << threads << " threads";
  }
}

TEST_P(GlobalAveragePoolingTest, InvalidParametersAndStates) {
  const float nan = std::nanf(""), inf = INFINITY;
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(Op().create(0, 1.0f, 0, 1.0f, Lo(), Hi(), 0, nullptr), xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -1.0f, nan, inf}) {
    EXPECT_EQ(Op().create(0, bad, 0, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter);
    EXPECT_EQ(Op().create(0, 1.0f, 0, bad, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter);
  }
  EXPECT_EQ(Op().create(0, 1.0f, 0, 1.0f, Hi(), Lo(), 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().create(0, 1.0f, 0, 1.0f, Lo(), Hi(), 1, &op), xqnn_status_invalid_parameter);

  ASSERT_EQ(Op().create(Lo(), 1.0f, Hi(), 1.0f, Lo(), Hi(), 0, &op), xqnn_status_success);
  uint8_t x[64 + XQNN_EXTRA_BYTES] = {}, y[64] = {};
  EXPECT_EQ(Op().setup(op, x, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().reshape(nullptr, 1, 2, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 2, 0, 3, 3, nullptr), xqnn_status_invalid_parameter);   // channels 0
  EXPECT_EQ(Op().reshape(op, 1, 0, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);   // width 0
  EXPECT_EQ(Op().reshape(op, 1, 2, 3, 2, 3, nullptr), xqnn_status_invalid_parameter);   // input stride
  EXPECT_EQ(Op().reshape(op, 1, 2, 3, 3, 2, nullptr), xqnn_status_invalid_parameter);   // output stride
  EXPECT_EQ(Op().reshape(op, SIZE_MAX / 4, 8, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);  // overflow
  EXPECT_EQ(Op().reshape(op, 1, (size_t(1) << 23) + 1, 1, 1, 1, nullptr), xqnn_status_unsupported_parameter);
  // Scale input_scale / (output_scale * width) below 2^-32.
  xqnn_operator_t small = nullptr;
  ASSERT_EQ(Op().create(0, 0x1.0p-30f, 0, 1.0f, Lo(), Hi(), 0, &small), xqnn_status_success);
  EXPECT_EQ(Op().reshape(small, 1, 3, 1, 1, 1, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().reshape(small, 1, 5, 1, 1, 1, nullptr), xqnn_status_unsupported_parameter);
  xqnn_delete_operator(small);
  // Scale at or above 256.
  ASSERT_EQ(Op().create(0, 512.0f, 0, 1.0f, Lo(), Hi(), 0, &small), xqnn_status_success);
  EXPECT_EQ(Op().reshape(small, 1, 1, 1, 1, 1, nullptr), xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().reshape(small, 1, 3, 1, 1, 1, nullptr), xqnn_status_success);
  xqnn_delete_operator(small);

  ASSERT_EQ(Op().reshape(op, 2, 8, 3, 3, 3, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().setup(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, x, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().setup(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().reshape(op, 1, 0, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const PoolOp& other = std::string(Op().name) == kOps[0].name ? kOps[1] : kOps[0];
  EXPECT_EQ(other.reshape(op, 1, 2, 3, 3, 3, nullptr), xqnn_status_invalid_parameter);
  xqnn_delete_operator(op);
}

std::string OpName(const testing::TestParamInfo<PoolOp>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Ops, GlobalAveragePoolingTest, testing::ValuesIn(kOps), OpName);

}  // namespace
