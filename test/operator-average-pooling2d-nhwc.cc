// average_pooling2d_nhwc, QS8 and QU8, against a naive loop over the
// definition (include/xqnn.h): each window averages its taps inside the
// input (padding excluded from the count), requantized with the fp32 scheme,
// or with TFLite's integer rounding (sum +- count / 2) / count under
// XQNN_FLAG_TFLITE_REQUANTIZATION. Random shapes, and the degenerate ones:
// 1x1 pooling, pooling as large as the input, padding on every side, strides
// above the pooling size, 1 and many channels, pixel strides above the
// channels (canary gaps), batch, TensorFlow SAME padding, ties of the TFLite
// rounding, windows up to its 4096-tap bound, thread counts, bad parameters
// and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

struct Geometry {
  uint32_t pad_top, pad_right, pad_bottom, pad_left;
  uint32_t pool_h, pool_w, stride_h, stride_w;
  size_t channels, in_stride, out_stride;
  bool same, tflite;
  size_t batch, in_h, in_w;
  int32_t in_zp;
  float in_scale;
  int32_t out_zp;
  float out_scale;
  int32_t qmin, qmax;

  std::string Describe() const {
    std::ostringstream s;
    s << "batch=" << batch << " input=" << in_h << "x" << in_w << " pooling=" << pool_h << "x" << pool_w
      << " stride=" << stride_h << "x" << stride_w << " padding=(" << pad_top << "," << pad_right << ","
      << pad_bottom << "," << pad_left << ")" << (same ? " SAME" : "") << (tflite ? " TFLITE" : "")
      << " channels=" << channels << " strides=" << in_stride << "," << out_stride << " in=(" << in_scale << ","
      << in_zp << ") out=(" << out_scale << "," << out_zp << ") range=[" << qmin << "," << qmax << "]";
    return s.str();
  }
};

struct PoolOp {
  const char* name;
  bool is_signed;
  xqnn_status (*create)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, size_t,
                        size_t, size_t, int32_t, float, int32_t, float, int32_t, int32_t, uint32_t,
                        xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, size_t, size_t, size_t*, size_t*, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, void*);
};

#define POOL_OP(t, ctype, is_signed)                                                                       \
  PoolOp{"average_pooling2d_nhwc_" #t, is_signed,                                                          \
         [](uint32_t pt, uint32_t pr, uint32_t pb, uint32_t pl, uint32_t ph, uint32_t pw, uint32_t sh,     \
            uint32_t sw, size_t c, size_t is, size_t os, int32_t izp, float is_, int32_t ozp, float os_,   \
            int32_t mn, int32_t mx, uint32_t flags, xqnn_operator_t* out) {                                \
           return xqnn_create_average_pooling2d_nhwc_##t(pt, pr, pb, pl, ph, pw, sh, sw, c, is, os,        \
                                                         (ctype) izp, is_, (ctype) ozp, os_, (ctype) mn,   \
                                                         (ctype) mx, flags, out);                          \
         },                                                                                                \
         xqnn_reshape_average_pooling2d_nhwc_##t,                                                          \
         [](xqnn_operator_t o, const void* x, void* y) {                                                   \
           return xqnn_setup_average_pooling2d_nhwc_##t(o, (const ctype*) x, (ctype*) y);                  \
         }}

const PoolOp kOps[] = {POOL_OP(qs8, int8_t, true), POOL_OP(qu8, uint8_t, false)};

void PrintTo(const PoolOp& op, std::ostream* os) { *os << op.name; }

// TensorFlow SAME padding of one dimension (DESIGN.md section 8), in signed arithmetic.
void SamePadding(size_t in, uint32_t pool, uint32_t stride, size_t* out, int64_t* before) {
  *out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>(((int64_t) *out - 1) * stride + pool - (int64_t) in, 0);
  *before = total / 2;
}

class AveragePoolingTest : public testing::TestWithParam<PoolOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const PoolOp& Op() const { return GetParam(); }
  int32_t Lo() const { return Op().is_signed ? -128 : 0; }
  int32_t Hi() const { return Op().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  bool OutputShape(const Geometry& g, size_t* out_h, size_t* out_w, int64_t* top, int64_t* left) const {
    if (g.same) {
      SamePadding(g.in_h, g.pool_h, g.stride_h, out_h, top);
      SamePadding(g.in_w, g.pool_w, g.stride_w, out_w, left);
      return true;
    }
    const int64_t ph = (int64_t) g.in_h + g.pad_top + g.pad_bottom, pw = (int64_t) g.in_w + g.pad_left + g.pad_right;
    if (ph < g.pool_h || pw < g.pool_w) return false;
    *out_h = (size_t) ((ph - g.pool_h) / g.stride_h + 1);
    *out_w = (size_t) ((pw - g.pool_w) / g.stride_w + 1);
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
            int64_t sum = 0, count = 0;
            for (int64_t i = 0; i < g.pool_h; i++) {
              const int64_t iy = (int64_t) (oy * g.stride_h) + i - top;
              if (iy < 0 || iy >= (int64_t) g.in_h) continue;
              for (int64_t j = 0; j < g.pool_w; j++) {
                const int64_t ix = (int64_t) (ox * g.stride_w) + j - left;
                if (ix < 0 || ix >= (int64_t) g.in_w) continue;
                sum += Load(x[((b * g.in_h + iy) * g.in_w + ix) * g.in_stride + c]);
                count++;
              }
            }
            int32_t out;
            if (g.tflite) {  // TFLite's reference_integer_ops::AveragePool rounding
              const int64_t q = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
              out = (int32_t) std::min<int64_t>(std::max<int64_t>(q, g.qmin), g.qmax);
            } else {
              const float scale = g.in_scale / (g.out_scale * (float) count);
              float f = (float) (int32_t) (sum - count * g.in_zp) * scale;
              f = std::min(std::max(f, (float) (g.qmin - g.out_zp)), (float) (g.qmax - g.out_zp));
              out = (int32_t) std::nearbyint(f) + g.out_zp;
            }
            y[((b * out_h + oy) * out_w + ox) * g.channels + c] = out;
          }
        }
      }
    }
    return y;
  }

  xqnn_status Create(const Geometry& g, xqnn_operator_t* op) const {
    const uint32_t flags = (g.same ? XQNN_FLAG_TENSORFLOW_SAME_PADDING : 0) |
                           (g.tflite ? XQNN_FLAG_TFLITE_REQUANTIZATION : 0);
    return Op().create(g.pad_top, g.pad_right, g.pad_bottom, g.pad_left, g.pool_h, g.pool_w, g.stride_h,
                       g.stride_w, g.channels, g.in_stride, g.out_stride, g.in_zp, g.in_scale, g.out_zp,
                       g.out_scale, g.qmin, g.qmax, flags, op);
  }

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

  Geometry Basic(size_t in_h, size_t in_w, uint32_t pool, uint32_t stride, size_t channels, bool tflite) const {
    const int32_t zp = Op().is_signed ? -3 : 131;
    return Geometry{0, 0, 0, 0, pool, pool, stride, stride, channels, channels, channels, false, tflite, 1, in_h,
                    in_w, zp, 0.5f, tflite ? zp : zp + 5, tflite ? 0.5f : 0.25f, Lo(), Hi()};
  }
};

TEST_P(AveragePoolingTest, Degenerate) {
  std::mt19937 rng(1);
  for (bool tflite : {false, true}) {
    for (size_t channels : {1, 3, 16, 17, 64, 300}) {
      Check(Basic(5, 7, 1, 1, channels, tflite), rng);  // 1x1 pooling: a (requantized) copy
      Check(Basic(5, 7, 1, 2, channels, tflite), rng);
      Check(Basic(4, 4, 4, 1, channels, tflite), rng);  // pooling == input: one output
      Check(Basic(6, 6, 2, 2, channels, tflite), rng);
      Check(Basic(7, 7, 3, 2, channels, tflite), rng);
      Check(Basic(7, 8, 2, 3, channels, tflite), rng);  // stride above the pooling
    }
  }
}

TEST_P(AveragePoolingTest, Padding) {
  std::mt19937 rng(2);
  for (bool tflite : {false, true}) {
    for (size_t channels : {1, 8, 33}) {
      Geometry g = Basic(5, 6, 3, 1, channels, tflite);
      g.pad_top = 1, g.pad_right = 2, g.pad_bottom = 2, g.pad_left = 1;
      Check(g, rng);
      g.stride_h = 2, g.stride_w = 3;
      Check(g, rng);
      g = Basic(5, 6, 3, 2, channels, tflite);
      g.same = true;
      Check(g, rng);
      g = Basic(1, 1, 5, 3, channels, tflite);  // SAME on a single pixel
      g.same = true;
      Check(g, rng);
    }
  }
}

TEST_P(AveragePoolingTest, RandomShapes) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<uint32_t> pool(1, 5), stride(1, 3), pad(0, 2);
  std::uniform_int_distribution<size_t> size(1, 9), channels(1, 40), extra(0, 5), batch(1, 3);
  std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
  std::uniform_real_distribution<float> log_scale(-3.0f, 3.0f);
  for (int i = 0; i < 200; i++) {
    Geometry g{};
    g.pool_h = pool(rng), g.pool_w = pool(rng), g.stride_h = stride(rng), g.stride_w = stride(rng);
    g.same = i % 3 == 0;
    g.tflite = i % 2 == 0;
    if (!g.same) {
      // Padding below the pooling size: no window lies wholly in the padding.
      g.pad_top = std::min(pad(rng), g.pool_h - 1), g.pad_bottom = std::min(pad(rng), g.pool_h - 1);
      g.pad_left = std::min(pad(rng), g.pool_w - 1), g.pad_right = std::min(pad(rng), g.pool_w - 1);
    }
    g.in_h = std::max<size_t>(size(rng), g.pool_h), g.in_w = std::max<size_t>(size(rng), g.pool_w);
    g.channels = channels(rng), g.in_stride = g.channels + extra(rng), g.out_stride = g.channels + extra(rng);
    g.batch = batch(rng);
    g.in_zp = zp(rng), g.in_scale = std::exp2(log_scale(rng));
    g.out_zp = g.tflite ? g.in_zp : zp(rng), g.out_scale = g.tflite ? g.in_scale : std::exp2(log_scale(rng));
    g.qmin = Lo(), g.qmax = Hi();
    if (i % 5 == 1) {
      g.qmin = std::min(g.in_zp + 7, Hi()), g.qmax = std::min(g.qmin + 50, Hi());
    }
    for (size_t threads : ThreadCountsForSeed(i)) Check(g, rng, TestThreadpool(threads));
  }
}

// TFLite rounding: exact halves round away from zero; windows of 2 and 4
// taps over small values make them frequent. Windows up to 4096 taps.
TEST_P(AveragePoolingTest, TfliteTiesAndLargeWindows) {
  std::mt19937 rng(4);
  for (uint32_t p : {1u, 2u}) {
    for (size_t channels : {7, 32, 70}) Check(Basic(6, 9, p + 1, 1, channels, true), rng);
  }
  Check(Basic(64, 64, 64, 1, 5, true), rng);  // 4096 taps: the bound
  Check(Basic(63, 65, 63, 2, 3, true), rng);
  Check(Basic(45, 45, 45, 1, 9, false), rng);
  // Above the bound: unsupported_parameter at reshape.
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Create(Basic(65, 65, 65, 1, 1, true), &op), xqnn_status_success);
  OperatorPtr owner(op);
  EXPECT_EQ(Op().reshape(op, 1, 65, 65, nullptr, nullptr, nullptr), xqnn_status_unsupported_parameter);
}

TEST_P(AveragePoolingTest, Threads) {
  std::mt19937 rng(5);
  for (size_t threads : TestThreadCounts()) {
    Geometry g = Basic(13, 11, 3, 2, 19, threads % 2 == 0);
    g.batch = 3;
    g.same = true;
    Check(g, rng, TestThreadpool(threads));
  }
}

TEST_P(AveragePoolingTest, BadParameters) {
  const Geometry good = Basic(5, 5, 2, 1, 4, false);
  xqnn_operator_t op = nullptr;
  auto rejects = [&](Geometry g, uint32_t flags_extra, xqnn_status expected) {
    op = nullptr;
    const uint32_t flags = (g.same ? XQNN_FLAG_TENSORFLOW_SAME_PADDING : 0) |
                           (g.tflite ? XQNN_FLAG_TFLITE_REQUANTIZATION : 0) | flags_extra;
    EXPECT_EQ(Op().create(g.pad_top, g.pad_right, g.pad_bottom, g.pad_left, g.pool_h, g.pool_w, g.stride_h,
                          g.stride_w, g.channels, g.in_stride, g.out_stride, g.in_zp, g.in_scale, g.out_zp,
                          g.out_scale, g.qmin, g.qmax, flags, &op),
              expected)
        << g.Describe();
    EXPECT_EQ(op, nullptr);
  };
  Geometry g = good;
  g.pool_h = 0;
  rejects(g, 0, xqnn_status_invalid_parameter);
  g = good, g.stride_w = 0;
  rejects(g, 0, xqnn_status_invalid_parameter);
  g = good, g.channels = 0;
  rejects(g, 0, xqnn_status_invalid_parameter);
  g = good, g.in_stride = 3;
  rejects(g, 0, xqnn_status_invalid_parameter);
  g = good, g.out_stride = 3;
  rejects(g, 0, xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -1.0f, INFINITY, NAN}) {
    g = good, g.in_scale = bad;
    rejects(g, 0, xqnn_status_invalid_parameter);
    g = good, g.out_scale = bad;
    rejects(g, 0, xqnn_status_invalid_parameter);
  }
  g = good, g.qmin = Hi(), g.qmax = Hi() - 1;
  rejects(g, 0, xqnn_status_invalid_parameter);
  rejects(good, 0x100, xqnn_status_invalid_parameter);
  g = good, g.same = true, g.pad_left = 1;
  rejects(g, 0, xqnn_status_invalid_parameter);
  g = good, g.tflite = true;  // different output quantization
  rejects(g, 0, xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(good, nullptr), xqnn_status_invalid_parameter);

  // Reshape: empty input, pooling larger than the input, a window wholly in
  // the padding, a requantization scale out of range, overflowing sizes.
  ASSERT_EQ(Create(good, &op), xqnn_status_success);
  OperatorPtr owner(op);
  EXPECT_EQ(Op().reshape(op, 1, 0, 5, nullptr, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, 1, 5, nullptr, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, SIZE_MAX / 2, 5, 5, nullptr, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, nullptr, nullptr), xqnn_status_invalid_state);
  xqnn_operator_t padded = nullptr;
  g = good, g.pad_top = 3, g.pool_h = 2;
  ASSERT_EQ(Create(g, &padded), xqnn_status_success);
  OperatorPtr padded_owner(padded);
  EXPECT_EQ(Op().reshape(padded, 1, 5, 5, nullptr, nullptr, nullptr), xqnn_status_invalid_parameter);
  xqnn_operator_t tiny = nullptr;
  g = good, g.in_scale = 1e-30f;
  ASSERT_EQ(Create(g, &tiny), xqnn_status_success);
  OperatorPtr tiny_owner(tiny);
  EXPECT_EQ(Op().reshape(tiny, 1, 5, 5, nullptr, nullptr, nullptr), xqnn_status_unsupported_parameter);
  // Batch 0: nothing to compute, setup accepts NULL pointers.
  EXPECT_EQ(Op().reshape(op, 0, 5, 5, nullptr, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().setup(op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Setup with NULL after a real reshape.
  EXPECT_EQ(Op().reshape(op, 1, 5, 5, nullptr, nullptr, nullptr), xqnn_status_success);
  std::vector<uint8_t> x(5 * 5 * 4 + XQNN_EXTRA_BYTES);
  EXPECT_EQ(Op().setup(op, x.data(), nullptr), xqnn_status_invalid_parameter);
}

INSTANTIATE_TEST_SUITE_P(Types, AveragePoolingTest, testing::ValuesIn(kOps),
                         [](const testing::TestParamInfo<PoolOp>& info) { return std::string(info.param.name); });

}  // namespace
