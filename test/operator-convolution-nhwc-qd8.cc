// convolution2d_nhwc_qd8_f32_qc8w / _qd8_f16_qc8w against a naive reference
// written here: per image b (zero point zp[b], scale s[b]) and output channel c,
//   acc = sum over taps INSIDE the image of (x - zp[b]) * w     (padding = real 0.0)
//   out = clamp(((float) acc * s[b]) * kernel_scale[c] + bias[c])   (f32, this order)
// bit for bit, on random geometry (padding, SAME, stride, dilation, groups,
// depthwise layout, pixel strides, batch) with zero points at the extremes,
// f32 and fp16 outputs, the converter -> convolution pipeline on float
// images, every thread count, reshape to a new size, bad input and invalid state.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <fp16.h>

#include "operator-test-utils.h"
#include "qd8-output-check.h"
#include "qd8-reference.h"
#include "xqnn.h"

namespace {

constexpr uint8_t kCanary = 0xA5;
constexpr float kInf = std::numeric_limits<float>::infinity();

struct QD8Conv {
  bool f16 = false;
  uint32_t pt = 0, pr = 0, pb = 0, pl = 0, kh = 3, kw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  uint32_t groups = 1;
  size_t gic = 3, goc = 4, in_stride = 0, out_stride = 0;
  bool same = false, depthwise = false, bias = true;
  size_t batch = 1, ih = 5, iw = 5;
  float min_frac = -1.0f, max_frac = -1.0f;
  int32_t fixed_zp = 1000;  // 1000: random per image
  // Half of the weights and of the input bytes -128 (adjacent (-128) * (-128)
  // products overflow 16-bit pair sums).
  bool minus128 = false;
  size_t InStride() const { return in_stride ? in_stride : groups * gic; }
  size_t OutStride() const { return out_stride ? out_stride : groups * goc; }
  uint32_t Flags() const {
    return (same ? XQNN_FLAG_TENSORFLOW_SAME_PADDING : 0) | (depthwise ? XQNN_FLAG_DEPTHWISE_CONVOLUTION : 0);
  }
  std::string Describe() const {
    char buf[400];
    std::snprintf(buf, sizeof(buf),
                  "%s batch=%zu in=%zux%zu k=%ux%u s=%ux%u d=%ux%u pad=(%u,%u,%u,%u)%s%s groups=%u gic=%zu "
                  "goc=%zu strides=%zu/%zu bias=%d clamp=[%g,%g] zp=%d%s",
                  f16 ? "f16" : "f32", batch, ih, iw, kh, kw, sh, sw, dh, dw, pt, pr, pb, pl, same ? " SAME" : "",
                  depthwise ? " depthwise" : "", groups, gic, goc, InStride(), OutStride(), bias, min_frac,
                  max_frac, fixed_zp, minus128 ? " minus128" : "");
    return buf;
  }
};

struct QD8ConvData {
  std::vector<int8_t> input;
  std::vector<xqnn_quantization_params> qp;
  std::vector<int8_t> kernel;
  std::vector<float> kernel_scale, bias;
  float output_min = -kInf, output_max = kInf;
};

size_t KernelIndex(const QD8Conv& c, size_t channel, size_t tap, size_t ic) {
  if (c.depthwise) return tap * c.groups * c.goc + channel;
  return (channel * c.kh * c.kw + tap) * c.gic + ic;
}

// Output size and padding, DESIGN.md section 8, computed independently.
bool OutputSize(const QD8Conv& c, size_t ih, size_t iw, int64_t* oh, int64_t* ow, int64_t* pt, int64_t* pl) {
  const int64_t ekh = (int64_t) (c.kh - 1) * c.dh + 1, ekw = (int64_t) (c.kw - 1) * c.dw + 1;
  int64_t t = c.pt, b = c.pb, l = c.pl, r = c.pr;
  if (c.same) {
    const int64_t oy = ((int64_t) ih + c.sh - 1) / c.sh, ox = ((int64_t) iw + c.sw - 1) / c.sw;
    const int64_t th = std::max<int64_t>((oy - 1) * c.sh + ekh - (int64_t) ih, 0);
    const int64_t tw = std::max<int64_t>((ox - 1) * c.sw + ekw - (int64_t) iw, 0);
    t = th / 2, b = th - t, l = tw / 2, r = tw - l;
  }
  if ((int64_t) ih + t + b < ekh || (int64_t) iw + l + r < ekw) return false;
  *oh = ((int64_t) ih + t + b - ekh) / c.sh + 1;
  *ow = ((int64_t) iw + l + r - ekw) / c.sw + 1;
  *pt = t, *pl = l;
  return true;
}

// Reference outputs [batch][oh][ow][channels] in f32 (before fp16 rounding).
std::vector<float> Reference(const QD8Conv& c, const QD8ConvData& d, size_t ih, size_t iw, float mn, float mx,
                             size_t* oh_out, size_t* ow_out) {
  int64_t oh, ow, pt, pl;
  EXPECT_TRUE(OutputSize(c, ih, iw, &oh, &ow, &pt, &pl));
  *oh_out = (size_t) oh, *ow_out = (size_t) ow;
  const size_t channels = c.groups * c.goc;
  std::vector<float> out(c.batch * oh * ow * channels);
  for (size_t n = 0; n < c.batch; n++) {
    const int32_t zp = d.qp[n].zero_point;
    for (int64_t oy = 0; oy < oh; oy++) {
      for (int64_t ox = 0; ox < ow; ox++) {
        for (size_t g = 0; g < c.groups; g++) {
          for (size_t m = 0; m < c.goc; m++) {
            const size_t ch = g * c.goc + m;
            int64_t acc = 0;
            for (size_t ky = 0; ky < c.kh; ky++) {
              const int64_t iy = oy * c.sh + (int64_t) ky * c.dh - pt;
              if (iy < 0 || iy >= (int64_t) ih) continue;  // padding: real 0.0
              for (size_t kx = 0; kx < c.kw; kx++) {
                const int64_t ix = ox * c.sw + (int64_t) kx * c.dw - pl;
                if (ix < 0 || ix >= (int64_t) iw) continue;
                const int8_t* px = &d.input[((n * ih + iy) * iw + ix) * c.InStride() + g * c.gic];
                for (size_t ic = 0; ic < c.gic; ic++) {
                  acc += (int64_t) (px[ic] - zp) * d.kernel[KernelIndex(c, ch, ky * c.kw + kx, ic)];
                }
              }
            }
            out[((n * oh + oy) * ow + ox) * channels + ch] =
                ReferenceQD8Output(acc, d.qp[n].scale, d.kernel_scale[ch], c.bias ? d.bias[ch] : 0.0f, mn, mx);
          }
        }
      }
    }
  }
  return out;
}

QD8ConvData MakeData(const QD8Conv& c, std::mt19937& rng, size_t max_pixels) {
  std::uniform_int_distribution<int32_t> byte(-128, 127), w_dist(-127, 127);
  std::uniform_real_distribution<float> log_scale(-9.0f, -3.0f), bias_dist(-1.0f, 1.0f);
  QD8ConvData d;
  d.input.resize(c.batch * max_pixels * c.InStride() + XQNN_EXTRA_BYTES);
  for (auto& v : d.input) v = (int8_t) byte(rng);
  for (size_t n = 0; n < c.batch; n++) {
    d.qp.push_back({c.fixed_zp != 1000 ? c.fixed_zp : byte(rng), std::exp2(log_scale(rng))});
  }
  const size_t channels = c.groups * c.goc;
  d.kernel.resize(channels * c.kh * c.kw * c.gic);
  for (auto& v : d.kernel) v = (int8_t) w_dist(rng);
  for (size_t ch = 0; ch < channels; ch++) {
    d.kernel_scale.push_back(std::exp2(log_scale(rng)));
    d.bias.push_back(bias_dist(rng));
  }
  if (c.minus128) {
    for (auto& v : d.input) v = rng() % 2 == 0 ? -128 : v;
    for (auto& v : d.kernel) v = rng() % 2 == 0 ? -128 : v;
  }
  return d;
}

xqnn_status Create(const QD8Conv& c, const QD8ConvData& d, const float* kernel_scale, const int8_t* kernel,
                   float mn, float mx, xqnn_operator_t* op) {
  auto fn = c.f16 ? xqnn_create_convolution2d_nhwc_qd8_f16_qc8w : xqnn_create_convolution2d_nhwc_qd8_f32_qc8w;
  return fn(c.pt, c.pr, c.pb, c.pl, c.kh, c.kw, c.sh, c.sw, c.dh, c.dw, c.groups, c.gic, c.goc, c.InStride(),
            c.OutStride(), kernel_scale, kernel, c.bias ? d.bias.data() : nullptr, mn, mx, c.Flags(), op);
}

xqnn_status ReshapeConv(const QD8Conv& c, xqnn_operator_t op, size_t batch, size_t ih, size_t iw, size_t* oh,
                    size_t* ow, pthreadpool_t pool) {
  return c.f16 ? xqnn_reshape_convolution2d_nhwc_qd8_f16_qc8w(op, batch, ih, iw, oh, ow, pool)
               : xqnn_reshape_convolution2d_nhwc_qd8_f32_qc8w(op, batch, ih, iw, oh, ow, pool);
}

xqnn_status SetupConv(const QD8Conv& c, xqnn_operator_t op, const int8_t* in, void* out,
                  const xqnn_quantization_params* qp) {
  return c.f16 ? xqnn_setup_convolution2d_nhwc_qd8_f16_qc8w(op, in, out, qp)
               : xqnn_setup_convolution2d_nhwc_qd8_f32_qc8w(op, in, static_cast<float*>(out), qp);
}

// Runs create (once) and, per input size, reshape / setup / run at each thread
// count, comparing every output with the reference.
void TestConv(QD8Conv c, uint32_t seed, std::vector<size_t> threads, std::vector<std::pair<size_t, size_t>> sizes = {}) {
  SCOPED_TRACE(c.Describe() + " seed=" + std::to_string(seed));
  if (sizes.empty()) sizes.push_back({c.ih, c.iw});
  std::mt19937 rng(seed);
  size_t max_pixels = 0;
  for (auto& s : sizes) max_pixels = std::max(max_pixels, s.first * s.second);
  QD8ConvData d = MakeData(c, rng, max_pixels);
  size_t oh, ow;
  if (c.min_frac >= 0.0f || c.max_frac >= 0.0f) {
    const auto unclamped = Reference(c, d, sizes[0].first, sizes[0].second, -kInf, kInf, &oh, &ow);
    const auto [lo, hi] = std::minmax_element(unclamped.begin(), unclamped.end());
    if (c.min_frac >= 0.0f) d.output_min = *lo + (*hi - *lo) * c.min_frac;
    if (c.max_frac >= 0.0f) d.output_max = *lo + (*hi - *lo) * c.max_frac;
  }
  float mn = d.output_min, mx = d.output_max;
  if (c.f16) {
    mn = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(mn));
    mx = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(mx));
  }
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), d.output_min, d.output_max, &raw), xqnn_status_success);
  OperatorPtr op(raw);
  const size_t esize = c.f16 ? 2 : 4;
  const size_t channels = c.groups * c.goc;
  for (auto [ih, iw] : sizes) {
    SCOPED_TRACE("input " + std::to_string(ih) + "x" + std::to_string(iw));
    const auto expected = Reference(c, d, ih, iw, mn, mx, &oh, &ow);
    const size_t pixels = c.batch * oh * ow;
    std::vector<uint8_t> out((pixels * c.OutStride() + 8) * esize);
    for (size_t t : threads) {
      SCOPED_TRACE("threads=" + std::to_string(t));
      pthreadpool_t pool = TestThreadpool(t);
      size_t got_h = 0, got_w = 0;
      ASSERT_EQ(ReshapeConv(c, op.get(), c.batch, ih, iw, &got_h, &got_w, pool), xqnn_status_success);
      ASSERT_EQ(got_h, oh);
      ASSERT_EQ(got_w, ow);
      std::fill(out.begin(), out.end(), kCanary);
      ASSERT_EQ(SetupConv(c, op.get(), d.input.data(), out.data(), d.qp.data()), xqnn_status_success);
      ASSERT_EQ(xqnn_run_operator(op.get(), pool), xqnn_status_success);
      ASSERT_NO_FATAL_FAILURE(
          ExpectQD8PixelOutputs(out, expected, pixels, channels, c.OutStride(), c.f16, kCanary));
    }
  }
}

QD8Conv RandomConv(std::mt19937& rng, bool f16) {
  for (;;) {
    QD8Conv c;
    c.f16 = f16;
    c.kh = rng() % 3 + 1, c.kw = rng() % 3 + 1;
    c.sh = rng() % 2 + 1, c.sw = rng() % 3 + 1;
    c.dh = rng() % 2 + 1, c.dw = rng() % 2 + 1;
    c.same = rng() % 4 == 0;
    if (!c.same) c.pt = rng() % 3, c.pr = rng() % 3, c.pb = rng() % 3, c.pl = rng() % 3;
    c.groups = rng() % 3 == 0 ? rng() % 3 + 2 : 1;
    c.gic = rng() % 5 + 1, c.goc = rng() % 6 + 1;
    if (rng() % 5 == 0) c.depthwise = true, c.gic = 1, c.groups = rng() % 6 + 1, c.goc = rng() % 2 + 1;
    if (rng() % 3 == 0) c.in_stride = c.groups * c.gic + rng() % 4;
    if (rng() % 3 == 0) c.out_stride = c.groups * c.goc + rng() % 4;
    c.batch = rng() % 3 + 1, c.ih = rng() % 7 + 1, c.iw = rng() % 7 + 1;
    c.bias = rng() % 5 != 0;
    if (rng() % 5 == 0) c.min_frac = 0.25f;
    if (rng() % 5 == 0) c.max_frac = 0.7f;
    if (rng() % 4 == 0) c.fixed_zp = rng() % 2 ? 127 : -128;
    int64_t oh, ow, pt, pl;
    if (OutputSize(c, c.ih, c.iw, &oh, &ow, &pt, &pl)) return c;
  }
}

class ConvolutionQD8Test : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

TEST_P(ConvolutionQD8Test, RandomGeometry) {
  std::mt19937 rng(GetParam() ? 101 : 100);
  for (uint32_t i = 0; i < 80; i++) {
    const uint32_t seed = rng();
    TestConv(RandomConv(rng, GetParam()), seed, ThreadCountsForSeed(seed));
    if (HasFatalFailure()) return;
  }
}

TEST_P(ConvolutionQD8Test, PaddingIsRealZeroAtExtremeZeroPoints) {
  // Heavy padding, several images with different extreme zero points.
  for (int32_t zp : {-128, 127, 0, 1000}) {
    QD8Conv c;
    c.f16 = GetParam();
    c.kh = c.kw = 3, c.pt = c.pr = c.pb = c.pl = 2, c.batch = 3, c.ih = 4, c.iw = 3, c.gic = 5, c.goc = 7;
    c.fixed_zp = zp;
    TestConv(c, 7 + zp, {0});
  }
}

// Int8 weights of -128 (half of the weights and inputs): accepted and exact at
// every tier. gic >= 16: the igemm kernels see several 8-element K blocks per tap.
TEST_P(ConvolutionQD8Test, WeightsOfMinus128) {
  QD8Conv c;
  c.f16 = GetParam();
  c.minus128 = true;
  c.kh = c.kw = 3, c.pt = c.pr = c.pb = c.pl = 1, c.batch = 2, c.ih = 5, c.iw = 4, c.gic = 24, c.goc = 11;
  TestConv(c, 30, {0, 2});
  for (int32_t zp : {-128, 0, 127}) {
    c.fixed_zp = zp;
    c.kh = c.kw = 1, c.pt = c.pr = c.pb = c.pl = 0, c.gic = 40, c.goc = 9, c.ih = c.iw = 3;
    TestConv(c, 31 + zp, {0});
    c.kh = c.kw = 3, c.ih = c.iw = 3, c.gic = 17, c.groups = 2;  // one output pixel: the 1-row kernel
    TestConv(c, 32 + zp, {0});
    c.groups = 1;
  }
}

TEST_P(ConvolutionQD8Test, OneByOneAndSingleOutputPixel) {
  QD8Conv c;
  c.f16 = GetParam();
  c.kh = c.kw = 1, c.batch = 3, c.ih = 4, c.iw = 5, c.gic = 9, c.goc = 6;  // 1x1, stride 1, no padding
  TestConv(c, 1, {0, 2});
  c.kh = c.kw = 3, c.ih = c.iw = 3;  // one output pixel per image (the 1-row kernel)
  TestConv(c, 2, {0, 3});
  // Past one 16-column block, K odd (AVX2: byte copy of int16-packed weights).
  c.gic = 37, c.goc = 45;
  TestConv(c, 5, {0, 2}, {{3, 3}, {5, 4}, {3, 3}});
}

TEST_P(ConvolutionQD8Test, ReshapeToNewSizes) {
  QD8Conv c;
  c.f16 = GetParam();
  c.kh = 3, c.kw = 2, c.pt = 1, c.pl = 1, c.pb = 1, c.pr = 0, c.sh = 2, c.batch = 2;
  TestConv(c, 3, {0, 1}, {{5, 6}, {9, 3}, {2, 2}, {5, 6}});
  c.same = true, c.pt = c.pl = c.pb = c.pr = 0;
  TestConv(c, 4, {0}, {{7, 7}, {1, 1}, {4, 9}});
}

TEST_P(ConvolutionQD8Test, SameBitsAtEveryThreadCount) {
  QD8Conv c;
  c.f16 = GetParam();
  c.kh = c.kw = 3, c.pt = c.pr = c.pb = c.pl = 1, c.batch = 3, c.ih = 9, c.iw = 7, c.gic = 6, c.goc = 11, c.groups = 2;
  TestConv(c, 5, TestThreadCounts());
}

// Float images through convert_nc_f32_qd8 (one row per image) and the
// convolution, against the test's quantization of the same images.
TEST_P(ConvolutionQD8Test, ConverterPipeline) {
  QD8Conv c;
  c.f16 = GetParam();
  c.kh = c.kw = 3, c.pt = c.pr = c.pb = c.pl = 1, c.batch = 3, c.ih = 6, c.iw = 5, c.gic = 4, c.goc = 5;
  std::mt19937 rng(9);
  QD8ConvData d = MakeData(c, rng, c.ih * c.iw);
  const size_t row = c.ih * c.iw * c.gic;
  std::vector<float> x(c.batch * row);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  for (size_t n = 0; n < c.batch; n++) {
    for (size_t i = 0; i < row; i++) x[n * row + i] = gauss(rng) * (n == 1 ? 100.0f : 1.0f) + (n == 2 ? 3.0f : 0.0f);
  }
  // Library quantization.
  xqnn_operator_t convert = nullptr;
  ASSERT_EQ(xqnn_create_convert_nc_f32_qd8(0, &convert), xqnn_status_success);
  OperatorPtr convert_guard(convert);
  ASSERT_EQ(xqnn_reshape_convert_nc_f32_qd8(convert, c.batch, row, row, row, nullptr), xqnn_status_success);
  std::vector<xqnn_quantization_params> qp(c.batch);
  ASSERT_EQ(xqnn_setup_convert_nc_f32_qd8(convert, x.data(), d.input.data(), qp.data()), xqnn_status_success);
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &raw), xqnn_status_success);
  OperatorPtr op(raw);
  size_t oh, ow;
  ASSERT_EQ(ReshapeConv(c, op.get(), c.batch, c.ih, c.iw, &oh, &ow, nullptr), xqnn_status_success);
  std::vector<uint8_t> out(c.batch * oh * ow * c.goc * 4);
  // Set up BEFORE the converter runs: the zero rows must follow the
  // parameters written at run time.
  ASSERT_EQ(SetupConv(c, op.get(), d.input.data(), out.data(), qp.data()), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(convert, nullptr), xqnn_status_success);
  ASSERT_EQ(xqnn_run_operator(op.get(), nullptr), xqnn_status_success);
  // Test-side quantization of the same images, then the naive convolution.
  QD8ConvData r = d;
  for (size_t n = 0; n < c.batch; n++) ReferenceQD8Row(&x[n * row], row, &r.input[n * row], &r.qp[n]);
  ASSERT_NE(r.qp[0].zero_point, r.qp[2].zero_point);
  const auto expected = Reference(c, r, c.ih, c.iw, -kInf, kInf, &oh, &ow);
  for (size_t i = 0; i < expected.size(); i++) {
    if (c.f16) {
      uint16_t actual;
      std::memcpy(&actual, &out[i * 2], 2);
      ASSERT_EQ(actual, fp16_ieee_from_fp32_value(expected[i])) << i;
    } else {
      ASSERT_EQ(std::memcmp(&out[i * 4], &expected[i], 4), 0) << i;
    }
  }
}

TEST_P(ConvolutionQD8Test, BadInputAndState) {
  QD8Conv c;
  c.f16 = GetParam();
  std::mt19937 rng(1);
  QD8ConvData d = MakeData(c, rng, 25);
  xqnn_operator_t op = nullptr;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, nullptr, d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), nullptr, -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), 1.0f, -1.0f, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), nan, 1.0f, &op), xqnn_status_invalid_parameter);
  auto bad_scales = d.kernel_scale;
  for (float bad : {0.0f, -2.0f, nan, kInf}) {
    bad_scales[2] = bad;
    EXPECT_EQ(Create(c, d, bad_scales.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter) << bad;
  }
  QD8Conv bad = c;
  bad.kh = 0;
  EXPECT_EQ(Create(bad, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter);
  bad = c, bad.in_stride = 2;
  EXPECT_EQ(Create(bad, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);

  ASSERT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_success);
  OperatorPtr guard(op);
  std::vector<float> out(100);
  size_t oh, ow;
  EXPECT_EQ(SetupConv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(ReshapeConv(c, op, 1, 0, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeConv(c, op, 1, 1, 1, &oh, &ow, nullptr), xqnn_status_invalid_parameter);  // smaller than the kernel
  EXPECT_EQ(SetupConv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_invalid_state);
  ASSERT_EQ(ReshapeConv(c, op, 1, 5, 5, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(SetupConv(c, op, d.input.data(), out.data(), nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupConv(c, op, nullptr, out.data(), d.qp.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupConv(c, op, d.input.data(), nullptr, d.qp.data()), xqnn_status_invalid_parameter);
  ASSERT_EQ(SetupConv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Batch 0: nothing to do.
  ASSERT_EQ(ReshapeConv(c, op, 0, 5, 5, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(SetupConv(c, op, nullptr, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Wrong operator type.
  QD8Conv other = c;
  other.f16 = !c.f16;
  EXPECT_EQ(ReshapeConv(other, op, 1, 5, 5, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
}

INSTANTIATE_TEST_SUITE_P(ConvolutionNHWC, ConvolutionQD8Test, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) { return info.param ? "QD8_F16_QC8W" : "QD8_F32_QC8W"; });

}  // namespace
