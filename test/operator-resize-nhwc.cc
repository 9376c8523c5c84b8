// resize_bilinear2d_nhwc_s8 / _u8 and resize_nearest_neighbor2d_nhwc_x8
// against naive per-pixel loops written from TensorFlow Lite 2.9's kernels
// (reference_ops::ResizeBilinearInteger for int8, the optimized uint8
// kernel's float ResizeBilinearGenericSmallChannel, reference_ops::
// ResizeNearestNeighbor), for every combination of align_corners and
// half_pixel_centers: upsampling, downsampling, equal sizes, 1-pixel inputs
// and outputs, batch, pixel strides with canary gaps, thread counts, bad
// parameters and states.
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

enum class Kind { kBilinearS8, kBilinearU8, kNearest };

struct Shape {
  size_t batch, in_h, in_w, out_h, out_w, channels, in_stride, out_stride;
  uint32_t flags;
  std::string Describe() const {
    std::ostringstream s;
    s << "batch=" << batch << " " << in_h << "x" << in_w << " -> " << out_h << "x" << out_w
      << " channels=" << channels << " strides=" << in_stride << "," << out_stride
      << ((flags & XQNN_FLAG_ALIGN_CORNERS) ? " align_corners" : "")
      << ((flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? " half_pixel_centers" : "");
    return s.str();
  }
};

// TFLite's int8 ComputeInterpolationValues (10 fractional bits).
void FixedPointAxis(int32_t o, int32_t in, int32_t out, uint32_t flags, int32_t* source, int32_t* lo, int32_t* hi) {
  int32_t scale = ((1 << 10) * in + out / 2) / out;
  if ((flags & XQNN_FLAG_ALIGN_CORNERS) && out > 1) scale = ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  *source = (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? o * scale + scale / 2 - (1 << 9) : o * scale;
  *lo = std::max(*source / (1 << 10), 0);
  *hi = std::min((*source + (1 << 10) - 1) / (1 << 10), in - 1);
}

// TFLite's float ComputeInterpolationValues.
void FloatAxis(int32_t o, int32_t in, int32_t out, uint32_t flags, float* source, int32_t* lo, int32_t* hi) {
  float scale = (float) in / (float) out;
  if ((flags & XQNN_FLAG_ALIGN_CORNERS) && out > 1) scale = (float) (in - 1) / (float) (out - 1);
  *source = (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? ((float) o + 0.5f) * scale - 0.5f : (float) o * scale;
  *lo = std::max((int32_t) std::floor(*source), 0);
  *hi = std::min((int32_t) std::ceil(*source), in - 1);
}

// TFLite's GetNearestNeighbor.
int32_t NearestIndex(int32_t o, int32_t in, int32_t out, uint32_t flags) {
  const bool align = (flags & XQNN_FLAG_ALIGN_CORNERS) != 0;
  const float scale = align && out > 1 ? (float) (in - 1) / (float) (out - 1) : (float) in / (float) out;
  const float offset = (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? 0.5f : 0.0f;
  int32_t i = std::min(align ? (int32_t) std::round(((float) o + offset) * scale)
                             : (int32_t) std::floor(((float) o + offset) * scale),
                       in - 1);
  if (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) i = std::max(i, 0);
  return i;
}

std::vector<uint8_t> Reference(Kind kind, const Shape& s, const std::vector<uint8_t>& x) {
  std::vector<uint8_t> y(s.batch * s.out_h * s.out_w * s.channels);
  const int32_t ih = (int32_t) s.in_h, iw = (int32_t) s.in_w, oh = (int32_t) s.out_h, ow = (int32_t) s.out_w;
  auto at = [&](size_t b, int32_t r, int32_t c, size_t ch) {
    return x[((b * s.in_h + (size_t) r) * s.in_w + (size_t) c) * s.in_stride + ch];
  };
  for (size_t b = 0; b < s.batch; b++) {
    for (int32_t oy = 0; oy < oh; oy++) {
      for (int32_t ox = 0; ox < ow; ox++) {
        for (size_t c = 0; c < s.channels; c++) {
          uint8_t v = 0;
          if (kind == Kind::kBilinearS8) {
            int32_t sy, y0, y1, sx, x0, x1;
            FixedPointAxis(oy, ih, oh, s.flags, &sy, &y0, &y1);
            FixedPointAxis(ox, iw, ow, s.flags, &sx, &x0, &x1);
            auto q = [&](int32_t r, int32_t col) { return (int64_t) (int8_t) at(b, r, col, c); };
            const int64_t out20 = q(y0, x0) * ((1 << 10) - (sy - (1 << 10) * y0)) * ((1 << 10) - (sx - (1 << 10) * x0)) +
                                  q(y1, x0) * (sy - (1 << 10) * y0) * ((1 << 10) - (sx - (1 << 10) * x0)) +
                                  q(y0, x1) * ((1 << 10) - (sy - (1 << 10) * y0)) * (sx - (1 << 10) * x0) +
                                  q(y1, x1) * (sy - (1 << 10) * y0) * (sx - (1 << 10) * x0);
            const int64_t round = out20 > 0 ? (1 << 19) : -(1 << 19);
            v = (uint8_t) (int8_t) ((out20 + round) / (1 << 20));
          } else if (kind == Kind::kBilinearU8) {
            float sy, sx;
            int32_t y0, y1, x0, x1;
            FloatAxis(oy, ih, oh, s.flags, &sy, &y0, &y1);
            FloatAxis(ox, iw, ow, s.flags, &sx, &x0, &x1);
            const float w[4] = {(1 - (sy - y0)) * (1 - (sx - x0)), (1 - (sy - y0)) * (sx - x0),
                                (sy - y0) * (1 - (sx - x0)), (sy - y0) * (sx - x0)};
            v = (uint8_t) (at(b, y0, x0, c) * w[0] + at(b, y0, x1, c) * w[1] + at(b, y1, x0, c) * w[2] +
                           at(b, y1, x1, c) * w[3] + 0.5f);
          } else {
            v = at(b, NearestIndex(oy, ih, oh, s.flags), NearestIndex(ox, iw, ow, s.flags), c);
          }
          y[((b * s.out_h + (size_t) oy) * s.out_w + (size_t) ox) * s.channels + c] = v;
        }
      }
    }
  }
  return y;
}

struct ResizeOp {
  const char* name;
  Kind kind;
  xqnn_status (*create)(size_t, size_t, size_t, size_t, size_t, uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, size_t, size_t, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, void*);
};

const ResizeOp kOps[] = {
    {"resize_bilinear2d_nhwc_s8", Kind::kBilinearS8, xqnn_create_resize_bilinear2d_nhwc_s8,
     xqnn_reshape_resize_bilinear2d_nhwc_s8,
     [](xqnn_operator_t o, const void* x, void* y) {
       return xqnn_setup_resize_bilinear2d_nhwc_s8(o, (const int8_t*) x, (int8_t*) y);
     }},
    {"resize_bilinear2d_nhwc_u8", Kind::kBilinearU8, xqnn_create_resize_bilinear2d_nhwc_u8,
     xqnn_reshape_resize_bilinear2d_nhwc_u8,
     [](xqnn_operator_t o, const void* x, void* y) {
       return xqnn_setup_resize_bilinear2d_nhwc_u8(o, (const uint8_t*) x, (uint8_t*) y);
     }},
    {"resize_nearest_neighbor2d_nhwc_x8", Kind::kNearest, xqnn_create_resize_nearest_neighbor2d_nhwc_x8,
     xqnn_reshape_resize_nearest_neighbor2d_nhwc_x8, xqnn_setup_resize_nearest_neighbor2d_nhwc_x8},
};

void PrintTo(const ResizeOp& op, std::ostream* os) { *os << op.name; }

const uint32_t kFlagSets[] = {0, XQNN_FLAG_ALIGN_CORNERS, XQNN_FLAG_HALF_PIXEL_CENTERS};

class ResizeTest : public testing::TestWithParam<ResizeOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }

  void Check(const Shape& s, std::mt19937& rng, pthreadpool_t pool = nullptr) {
    const ResizeOp& r = GetParam();
    std::vector<uint8_t> x(s.batch * s.in_h * s.in_w * s.in_stride + XQNN_EXTRA_BYTES);
    FillRandom(rng, x, 0, 255);
    const std::vector<uint8_t> expected = Reference(r.kind, s, x);
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(r.create(s.out_h, s.out_w, s.channels, s.in_stride, s.out_stride, s.flags, &op), xqnn_status_success)
        << s.Describe();
    OperatorPtr owner(op);
    ASSERT_EQ(r.reshape(op, s.batch, s.in_h, s.in_w, pool), xqnn_status_success) << s.Describe();
    const size_t pixels = s.batch * s.out_h * s.out_w;
    std::vector<uint8_t> y(pixels * s.out_stride + 16, kCanaryByte);
    ASSERT_EQ(r.setup(op, x.data(), y.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    for (size_t p = 0; p < pixels; p++) {
      for (size_t c = 0; c < s.out_stride; c++) {
        const uint8_t got = y[p * s.out_stride + c];
        if (c < s.channels) {
          ASSERT_EQ((int) got, (int) expected[p * s.channels + c])
              << r.name << " " << s.Describe() << " pixel " << p << " channel " << c;
        } else {
          ASSERT_EQ(got, kCanaryByte) << "gap written " << s.Describe();
        }
      }
    }
    for (size_t i = pixels * s.out_stride; i < y.size(); i++) ASSERT_EQ(y[i], kCanaryByte) << "overrun";
  }
};

TEST_P(ResizeTest, Sizes) {
  std::mt19937 rng(1);
  const size_t sizes[][4] = {{1, 1, 1, 1}, {1, 1, 5, 3}, {4, 4, 8, 8}, {3, 5, 6, 10}, {5, 7, 5, 7}, {8, 8, 3, 5},
                             {9, 4, 2, 1}, {2, 3, 17, 33}, {7, 7, 56, 56}, {33, 33, 257, 257}};
  for (uint32_t flags : kFlagSets) {
    for (const auto& sz : sizes) {
      for (size_t channels : {1, 3, 8, 21}) {
        Check(Shape{1, sz[0], sz[1], sz[2], sz[3], channels, channels, channels, flags}, rng);
      }
    }
  }
}

TEST_P(ResizeTest, RandomShapes) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<size_t> size(1, 20), channels(1, 40), extra(0, 4), batch(1, 3);
  for (int i = 0; i < 150; i++) {
    const size_t c = channels(rng);
    const Shape s{batch(rng), size(rng), size(rng), size(rng), size(rng), c, c + extra(rng), c + extra(rng),
                  kFlagSets[i % 3]};
    for (size_t threads : ThreadCountsForSeed(i)) Check(s, rng, TestThreadpool(threads));
  }
}

TEST_P(ResizeTest, Threads) {
  std::mt19937 rng(3);
  for (size_t threads : TestThreadCounts()) Check(Shape{3, 9, 7, 19, 23, 5, 6, 7, 0}, rng, TestThreadpool(threads));
}

TEST_P(ResizeTest, BadParameters) {
  const ResizeOp& r = GetParam();
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(r.create(0, 4, 3, 3, 3, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 0, 3, 3, 3, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, (size_t) 1 << 20, 3, 3, 3, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 4, 0, 3, 3, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 4, 3, 2, 3, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 4, 3, 3, 2, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 4, 3, 3, 3, XQNN_FLAG_ALIGN_CORNERS | XQNN_FLAG_HALF_PIXEL_CENTERS, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(r.create(4, 4, 3, 3, 3, XQNN_FLAG_TENSORFLOW_SAME_PADDING, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  EXPECT_EQ(r.create(4, 4, 3, 3, 3, 0, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(r.create(4, 4, 3, 3, 3, 0, &op), xqnn_status_success);
  OperatorPtr owner(op);
  EXPECT_EQ(r.setup(op, nullptr, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(r.reshape(op, 1, 0, 4, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.reshape(op, 1, 4, (size_t) 1 << 20, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.reshape(op, SIZE_MAX / 4, 4, 4, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(r.reshape(op, 0, 4, 4, nullptr), xqnn_status_success);
  EXPECT_EQ(r.setup(op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(r.reshape(op, 1, 4, 4, nullptr), xqnn_status_success);
  std::vector<uint8_t> x(4 * 4 * 3 + XQNN_EXTRA_BYTES);
  EXPECT_EQ(r.setup(op, x.data(), nullptr), xqnn_status_invalid_parameter);
  // Another operator's type.
  xqnn_operator_t other = nullptr;
  ASSERT_EQ(xqnn_create_max_pooling2d_nhwc_u8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 3, 3, 3, 0, 255, 0, &other),
            xqnn_status_success);
  OperatorPtr other_owner(other);
  EXPECT_EQ(r.reshape(other, 1, 4, 4, nullptr), xqnn_status_invalid_parameter);
}

INSTANTIATE_TEST_SUITE_P(Types, ResizeTest, testing::ValuesIn(kOps),
                         [](const testing::TestParamInfo<ResizeOp>& info) { return std::string(info.param.name); });

}  // namespace
