// max_pooling2d_nhwc, s8 and u8, against a naive loop over the definition
// (include/xqnn.h): the window's taps inside the input, padding ignored, an
// all-padding window giving output_min, then the clamp. Random shapes, and
// the degenerate ones: 1x1 pooling, pooling as large as the (padded) input,
// padding on every side (also wider than the pooling), dilation, strides
// above the pooling size, 1 and many channels, pixel strides above the
// channels (canary gaps), batch, TensorFlow SAME padding, thread counts,
// bad parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

struct Geometry {
  uint32_t pad_top, pad_right, pad_bottom, pad_left;
  uint32_t pool_h, pool_w, stride_h, stride_w, dil_h, dil_w;
  size_t channels, in_stride, out_stride;
  bool same;
  size_t batch, in_h, in_w;
  int32_t qmin, qmax;

  std::string Describe() const {
    std::ostringstream s;
    s << "batch=" << batch << " input=" << in_h << "x" << in_w << " pooling=" << pool_h << "x" << pool_w
      << " stride=" << stride_h << "x" << stride_w << " dilation=" << dil_h << "x" << dil_w << " padding=("
      << pad_top << "," << pad_right << "," << pad_bottom << "," << pad_left << ")" << (same ? " SAME" : "")
      << " channels=" << channels << " strides=" << in_stride << "," << out_stride << " range=[" << qmin << ","
      << qmax << "]";
    return s.str();
  }
};

struct PoolOp {
  const char* name;
  bool is_signed;
  xqnn_status (*create)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
                        uint32_t, size_t, size_t, size_t, int32_t, int32_t, uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, size_t, size_t, size_t*, size_t*, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, void*);
};

#define POOL_OP(t, ctype, is_signed)                                                                       \
  PoolOp{"max_pooling2d_nhwc_" #t, is_signed,                                                              \
         [](uint32_t pt, uint32_t pr, uint32_t pb, uint32_t pl, uint32_t ph, uint32_t pw, uint32_t sh,     \
            uint32_t sw, uint32_t dh, uint32_t dw, size_t c, size_t is, size_t os, int32_t mn, int32_t mx, \
            uint32_t flags, xqnn_operator_t* out) {                                                        \
           return xqnn_create_max_pooling2d_nhwc_##t(pt, pr, pb, pl, ph, pw, sh, sw, dh, dw, c, is, os,    \
                                                     (ctype) mn, (ctype) mx, flags, out);                  \
         },                                                                                                \
         xqnn_reshape_max_pooling2d_nhwc_##t,                                                              \
         [](xqnn_operator_t o, const void* x, void* y) {                                                   \
           return xqnn_setup_max_pooling2d_nhwc_##t(o, (const ctype*) x, (ctype*) y);                      \
         }}

const PoolOp kOps[] = {POOL_OP(s8, int8_t, true), POOL_OP(u8, uint8_t, false)};

void PrintTo(const PoolOp& op, std::ostream* os) { *os << op.name; }

// TensorFlow SAME padding of one dimension, written out independently of the
// library (DESIGN.md section 8), in signed arithmetic.
void SamePadding(size_t in, uint32_t pool, uint32_t stride, uint32_t dilation, size_t* out, int64_t* before) {
  const int64_t ek = (int64_t) (pool - 1) * dilation + 1;
  *out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>(((int64_t) *out - 1) * stride + ek - (int64_t) in, 0);
  *before = total / 2;
}

// True when offset d from a window's first tap is tap i * dilation, i < pooling.
bool IsTap(int64_t d, uint32_t pooling, uint32_t dilation) {
  return d >= 0 && d % dilation == 0 && d / dilation < (int64_t) pooling;
}

class MaxPoolingTest : public testing::TestWithParam<PoolOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const PoolOp& Op() const { return GetParam(); }
  int32_t Lo() const { return Op().is_signed ? -128 : 0; }
  int32_t Hi() const { return Op().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  // Output size and leading padding, or false when the window does not fit.
  bool OutputShape(const Geometry& g, size_t* out_h, size_t* out_w, int64_t* top, int64_t* left) const {
    if (g.same) {
      SamePadding(g.in_h, g.pool_h, g.stride_h, g.dil_h, out_h, top);
      SamePadding(g.in_w, g.pool_w, g.stride_w, g.dil_w, out_w, left);
      return true;
    }
    const int64_t eh = (int64_t) (g.pool_h - 1) * g.dil_h + 1, ew = (int64_t) (g.pool_w - 1) * g.dil_w + 1;
    const int64_t ph = (int64_t) g.in_h + g.pad_top + g.pad_bottom, pw = (int64_t) g.in_w + g.pad_left + g.pad_right;
    if (ph < eh || pw < ew) return false;
    *out_h = (size_t) ((ph - eh) / g.stride_h + 1);
    *out_w = (size_t) ((pw - ew) / g.stride_w + 1);
    *top = g.pad_top;
    *left = g.pad_left;
    return true;
  }

  std::vector<int32_t> Reference(const Geometry& g, const std::vector<uint8_t>& x, size_t out_h, size_t out_w,
                                 int64_t top, int64_t left) const {
    std::vector<int32_t> y(g.batch * out_h * out_w * g.channels);
    for (size_t b = 0; b < g.batch; b++) {
      for (size_t oy = 0; oy < out_h; oy++) {
        for (size_t ox = 0; ox < out_w; ox++) {
          for (size_t c = 0; c < g.channels; c++) {
            // Over the input pixels, each taken when it is a tap of the
            // window: iy = oy * stride + i * dilation - top for some i < pooling.
            int32_t m = Lo();  // TFLite's loop starts at the type's lowest value
            for (size_t iy = 0; iy < g.in_h; iy++) {
              if (!IsTap((int64_t) iy + top - (int64_t) (oy * g.stride_h), g.pool_h, g.dil_h)) continue;
              for (size_t ix = 0; ix < g.in_w; ix++) {
                if (!IsTap((int64_t) ix + left - (int64_t) (ox * g.stride_w), g.pool_w, g.dil_w)) continue;
                m = std::max(m, Load(x[((b * g.in_h + iy) * g.in_w + ix) * g.in_stride + c]));
              }
            }
            y[((b * out_h + oy) * out_w + ox) * g.channels + c] = std::min(std::max(m, g.qmin), g.qmax);
          }
        }
      }
    }
    return y;
  }

  xqnn_status Create(const Geometry& g, xqnn_operator_t* op) const {
    return Op().create(g.pad_top, g.pad_right, g.pad_bottom, g.pad_left, g.pool_h, g.pool_w, g.stride_h,
                       g.stride_w, g.dil_h, g.dil_w, g.channels, g.in_stride, g.out_stride, g.qmin, g.qmax,
                       g.same ? XQNN_FLAG_TENSORFLOW_SAME_PADDING : 0, op);
  }

  // Runs the operator (twice, which must agree) and returns the outputs;
  // checks that gaps between output pixels and the bytes after stay untouched.
  std::vector<int32_t> Run(const Geometry& g, const std::vector<uint8_t>& x, size_t out_h, size_t out_w,
                           pthreadpool_t pool) const {
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(Create(g, &op), xqnn_status_success) << g.Describe();
    if (op == nullptr) return {};
    OperatorPtr owner(op);
    size_t h = 0, w = 0;
    EXPECT_EQ(Op().reshape(op, g.batch, g.in_h, g.in_w, &h, &w, pool), xqnn_status_success) << g.Describe();
    EXPECT_EQ(h, out_h) << g.Describe();
    EXPECT_EQ(w, out_w) << g.Describe();
    const size_t pixels = g.batch * out_h * out_w;
    std::vector<uint8_t> y(pixels * g.out_stride + 16, kCanaryByte);
    EXPECT_EQ(Op().setup(op, x.data(), y.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    const std::vector<uint8_t> first = y;
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    EXPECT_EQ(first, y) << "second run differs";
    std::vector<int32_t> out(pixels * g.channels);
    for (size_t p = 0; p < pixels; p++) {
      for (size_t c = 0; c < g.out_stride; c++) {
        if (c < g.channels) {
          out[p * g.channels + c] = Load(y[p * g.out_stride + c]);
        } else if (y[p * g.out_stride + c] != kCanaryByte) {
          ADD_FAILURE() << "gap written at pixel " << p << " " << g.Describe();
          return {};
        }
      }
    }
    for (size_t i = pixels * g.out_stride; i < y.size(); i++) EXPECT_EQ(y[i], kCanaryByte) << "overrun";
    return out;
  }

  void Check(const Geometry& g, std::mt19937& rng, pthreadpool_t pool = nullptr) {
    size_t out_h, out_w;
    int64_t top, left;
    ASSERT_TRUE(OutputShape(g, &out_h, &out_w, &top, &left)) << g.Describe();
    std::vector<uint8_t> x(g.batch * g.in_h * g.in_w * g.in_stride + XQNN_EXTRA_BYTES);
    FillRandom(rng, x, Lo(), Hi());
    const std::vector<int32_t> expected = Reference(g, x, out_h, out_w, top, left);
    const std::vector<int32_t> got = Run(g, x, out_h, out_w, pool);
    ASSERT_EQ(got.size(), expected.size()) << g.Describe();
    for (size_t i = 0; i < got.size(); i++) {
      ASSERT_EQ(got[i], expected[i]) << Op().name << " " << g.Describe() << " at element " << i;
    }
  }

  Geometry Basic(size_t in_h, size_t in_w, uint32_t pool, uint32_t stride, size_t channels) const {
    return Geometry{0, 0, 0, 0, pool, pool, stride, stride, 1, 1, channels, channels, channels, false, 1, in_h, in_w,
                    Lo(), Hi()};
  }
};

TEST_P(MaxPoolingTest, Degenerate) {
  std::mt19937 rng(1);
  for (size_t channels : {1, 3, 16, 17, 64, 300}) {
    Check(Basic(5, 7, 1, 1, channels), rng);  // 1x1 pooling: a copy
    Check(Basic(5, 7, 1, 2, channels), rng);  // 1x1 stride 2: subsampling
    Check(Basic(4, 4, 4, 1, channels), rng);  // pooling == input: one output
    Check(Basic(6, 6, 2, 2, channels), rng);
    Check(Basic(7, 7, 3, 2, channels), rng);
    Check(Basic(9, 9, 2, 5, channels), rng);  // stride above the pooling size
    Geometry g = Basic(5, 6, 3, 1, channels);
    g.pad_top = 1, g.pad_right = 2, g.pad_bottom = 1, g.pad_left = 2;  // padding on every side
    Check(g, rng);
    g.pad_top = 4, g.pad_right = 5, g.pad_bottom = 3, g.pad_left = 6;  // windows of padding only
    Check(g, rng);
    g = Basic(1, 1, 3, 1, channels);
    g.pad_top = g.pad_right = g.pad_bottom = g.pad_left = 1;  // pooling == padded input
    Check(g, rng);
  }
}

// Windows far larger than the image cost only the taps inside it.
TEST_P(MaxPoolingTest, HugeWindows) {
  std::mt19937 rng(6);
  Geometry g = Basic(3, 4, 65535, 1, 5);
  g.pool_w = 40000;
  g.same = true;
  Check(g, rng);
  g.stride_h = 2;
  g.dil_w = 3;
  Check(g, rng);
  g = Basic(2, 3, 60000, 30000, 17);  // 3x3 outputs, some windows only padding
  g.pad_top = g.pad_bottom = g.pad_left = g.pad_right = 70000;
  g.batch = 2;
  Check(g, rng);
}

TEST_P(MaxPoolingTest, PixelStridesBatchAndRanges) {
  std::mt19937 rng(2);
  for (size_t channels : {1, 15, 33}) {
    Geometry g = Basic(6, 5, 3, 2, channels);
    g.in_stride = channels + 5;
    g.out_stride = channels + 3;
    g.batch = 3;
    g.pad_top = g.pad_left = 1;
    Check(g, rng);
    g.qmin = Lo() + 40;
    g.qmax = Hi() - 50;
    Check(g, rng);
    g.qmin = g.qmax = Lo() + 100;
    Check(g, rng);
  }
}

TEST_P(MaxPoolingTest, DilationAndSamePadding) {
  std::mt19937 rng(3);
  for (uint32_t dil : {1u, 2u, 3u}) {
    for (uint32_t stride : {1u, 2u, 3u}) {
      for (uint32_t pool : {1u, 2u, 3u}) {
        for (size_t in : {1, 2, 5, 8}) {
          Geometry g = Basic(in, in + 1, pool, stride, 7);
          g.dil_h = g.dil_w = dil;
          g.same = true;
          Check(g, rng);
          g.same = false;
          g.pad_top = g.pad_bottom = g.pad_left = g.pad_right = pool;
          Check(g, rng);
        }
      }
    }
  }
}

TEST_P(MaxPoolingTest, RandomShapes) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<uint32_t> small(1, 4), pad(0, 3), coin(0, 1);
  std::uniform_int_distribution<size_t> size(1, 12), channels(1, 70), batch(1, 3), extra(0, 4);
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  int checked = 0;
  while (checked < 120) {
    Geometry g{pad(rng), pad(rng), pad(rng), pad(rng), small(rng), small(rng), small(rng), small(rng),
               coin(rng) + 1, coin(rng) + 1, channels(rng), 0, 0, coin(rng) == 1 && coin(rng) == 1,
               batch(rng), size(rng), size(rng), Lo(), Hi()};
    if (g.same) g.pad_top = g.pad_right = g.pad_bottom = g.pad_left = 0;
    g.in_stride = g.channels + extra(rng);
    g.out_stride = g.channels + extra(rng);
    if (coin(rng)) {
      g.qmin = bound(rng);
      g.qmax = bound(rng);
      if (g.qmin > g.qmax) std::swap(g.qmin, g.qmax);
    }
    size_t h, w;
    int64_t t, l;
    if (!OutputShape(g, &h, &w, &t, &l)) continue;
    // A pool on every 8th shape only: pthreadpool spin-waits, which is slow on a busy 2-core machine.
    Check(g, rng, checked % 8 == 0 ? TestThreadpool(ThreadCountsForSeed((uint32_t) checked / 8)[1]) : nullptr);
    checked++;
  }
}

TEST_P(MaxPoolingTest, ThreadCounts) {
  std::mt19937 rng(5);
  Geometry g = Basic(33, 20, 3, 2, 40);
  g.batch = 3;
  g.pad_top = g.pad_left = g.pad_bottom = 1;
  for (size_t threads : TestThreadCounts()) Check(g, rng, TestThreadpool(threads));
  g = Basic(2, 50, 2, 1, 9);
  g.batch = 7;
  for (size_t threads : TestThreadCounts()) Check(g, rng, TestThreadpool(threads));
}

TEST_P(MaxPoolingTest, BatchZero) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Create(Basic(4, 4, 2, 2, 3), &op), xqnn_status_success);
  OperatorPtr owner(op);
  size_t h = 0, w = 0;
  ASSERT_EQ(Op().reshape(op, 0, 4, 4, &h, &w, nullptr), xqnn_status_success);
  EXPECT_EQ(h, 2u);
  EXPECT_EQ(w, 2u);
  EXPECT_EQ(Op().setup(op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
}

TEST_P(MaxPoolingTest, InvalidParameters) {
  xqnn_operator_t op = nullptr;
  const Geometry ok = Basic(4, 4, 2, 2, 3);
  auto expect_invalid = [&](Geometry g, uint32_t flags, const char* what) {
    xqnn_operator_t bad = nullptr;
    EXPECT_EQ(Op().create(g.pad_top, g.pad_right, g.pad_bottom, g.pad_left, g.pool_h, g.pool_w, g.stride_h,
                          g.stride_w, g.dil_h, g.dil_w, g.channels, g.in_stride, g.out_stride, g.qmin, g.qmax,
                          flags, &bad),
              xqnn_status_invalid_parameter)
        << what;
    EXPECT_EQ(bad, nullptr) << what;
  };
  EXPECT_EQ(Create(ok, nullptr), xqnn_status_invalid_parameter);
  Geometry g = ok;
  g.pool_h = 0;
  expect_invalid(g, 0, "pooling height 0");
  g = ok;
  g.pool_w = 0;
  expect_invalid(g, 0, "pooling width 0");
  g = ok;
  g.stride_h = 0;
  expect_invalid(g, 0, "stride 0");
  g = ok;
  g.dil_w = 0;
  expect_invalid(g, 0, "dilation 0");
  g = ok;
  g.pool_h = 3;
  g.dil_h = UINT32_MAX;
  expect_invalid(g, 0, "effective pooling above 2^32 - 1");
  g = ok;
  g.channels = 0;
  expect_invalid(g, 0, "channels 0");
  g = ok;
  g.channels = SIZE_MAX;
  g.in_stride = g.out_stride = SIZE_MAX;
  expect_invalid(g, 0, "channels SIZE_MAX");
  g = ok;
  g.in_stride = 2;
  expect_invalid(g, 0, "input pixel stride below channels");
  g = ok;
  g.out_stride = 2;
  expect_invalid(g, 0, "output pixel stride below channels");
  g = ok;
  g.qmin = Hi();
  g.qmax = Lo();
  expect_invalid(g, 0, "output_min > output_max");
  expect_invalid(ok, XQNN_FLAG_DEPTHWISE_CONVOLUTION, "unsupported flag");
  g = ok;
  g.pad_left = 1;
  expect_invalid(g, XQNN_FLAG_TENSORFLOW_SAME_PADDING, "explicit padding with SAME");

  ASSERT_EQ(Create(ok, &op), xqnn_status_success);
  OperatorPtr owner(op);
  uint8_t x[64 + XQNN_EXTRA_BYTES] = {}, y[64] = {};
  size_t h, w;
  EXPECT_EQ(Op().setup(op, x, y), xqnn_status_invalid_state);  // before reshape
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().reshape(nullptr, 1, 4, 4, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 0, 4, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 4, 0, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 1, 4, &h, &w, nullptr), xqnn_status_invalid_parameter);  // pooling above input
  EXPECT_EQ(Op().reshape(op, SIZE_MAX / 8, 4, 4, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, SIZE_MAX / 2, SIZE_MAX / 2, &h, &w, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().reshape(op, 1, 4, 4, &h, &w, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // before setup
  EXPECT_EQ(Op().setup(op, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, x, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().setup(op, x, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // A failed reshape leaves the operator unusable until the next good one.
  EXPECT_EQ(Op().reshape(op, 1, 1, 1, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const PoolOp& other = std::string(Op().name) == kOps[0].name ? kOps[1] : kOps[0];
  EXPECT_EQ(other.reshape(op, 1, 4, 4, &h, &w, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(other.setup(op, x, y), xqnn_status_invalid_parameter);
}

std::string OpName(const testing::TestParamInfo<PoolOp>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Ops, MaxPoolingTest, testing::ValuesIn(kOps), OpName);

}  // namespace
