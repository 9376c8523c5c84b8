// deconvolution2d_nhwc_qd8_f32_qc8w / _qd8_f16_qc8w against a naive scatter
// reference written here: per image b (zero point zp[b], scale s[b]),
//   acc[oy][ox][g][n] = sum over (iy, ix, ky, kx, c) with
//        oy = iy * SH + ky * DH - pad_top, ox = ix * SW + kx * DW - pad_left
//     of (x[iy][ix][g][c] - zp[b]) * w[g][n][ky][kx][c]
//   out = clamp(((float) acc * s[b]) * kernel_scale[c] + bias[c])   (f32, this order)
// bit for bit (outputs no input reaches are bias only: the padding is a real
// 0.0), on random geometry (stride, dilation, padding, adjustment, kernels
// smaller than, equal to and larger than the stride, groups, pixel strides,
// batch) with zero points at the extremes, f32 and fp16 outputs, every thread
// count, reshape to new sizes, bad input and invalid state.
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

struct QD8Deconv {
  bool f16 = false;
  uint32_t pt = 0, pr = 0, pb = 0, pl = 0, kh = 3, kw = 3, sh = 2, sw = 2, dh = 1, dw = 1;
  uint32_t groups = 1, adj_h = 0, adj_w = 0;
  size_t gic = 3, goc = 4, in_stride = 0, out_stride = 0;
  bool bias = true;
  size_t batch = 1, ih = 4, iw = 4;
  float min_frac = -1.0f, max_frac = -1.0f;
  int32_t fixed_zp = 1000;  // 1000: random per image
  // Half of the weights and of the input bytes -128 (adjacent (-128) * (-128)
  // products overflow 16-bit pair sums).
  bool minus128 = false;
  size_t InStride() const { return in_stride ? in_stride : groups * gic; }
  size_t OutStride() const { return out_stride ? out_stride : groups * goc; }
  int64_t OutH(size_t h) const { return (int64_t) sh * ((int64_t) h - 1) + adj_h + (int64_t) (kh - 1) * dh + 1 - pt - pb; }
  int64_t OutW(size_t w) const { return (int64_t) sw * ((int64_t) w - 1) + adj_w + (int64_t) (kw - 1) * dw + 1 - pl - pr; }
  std::string Describe() const {
    char buf[400];
    std::snprintf(buf, sizeof(buf),
                  "%s batch=%zu in=%zux%zu k=%ux%u s=%ux%u d=%ux%u pad=(%u,%u,%u,%u) adj=%ux%u groups=%u "
                  "gic=%zu goc=%zu strides=%zu/%zu bias=%d clamp=[%g,%g] zp=%d%s",
                  f16 ? "f16" : "f32", batch, ih, iw, kh, kw, sh, sw, dh, dw, pt, pr, pb, pl, adj_h, adj_w,
                  groups, gic, goc, InStride(), OutStride(), bias, min_frac, max_frac, fixed_zp,
                  minus128 ? " minus128" : "");
    return buf;
  }
};

struct Data {
  std::vector<int8_t> input;
  std::vector<xqnn_quantization_params> qp;
  std::vector<int8_t> kernel;  // [groups][goc][kh][kw][gic]
  std::vector<float> kernel_scale, bias;
  float output_min = -kInf, output_max = kInf;
};

std::vector<float> Reference(const QD8Deconv& c, const Data& d, size_t ih, size_t iw, float mn, float mx) {
  const int64_t oh = c.OutH(ih), ow = c.OutW(iw);
  const size_t channels = c.groups * c.goc;
  std::vector<int64_t> acc(c.batch * oh * ow * channels, 0);
  for (size_t n = 0; n < c.batch; n++) {
    const int32_t zp = d.qp[n].zero_point;
    for (size_t iy = 0; iy < ih; iy++) {
      for (size_t ix = 0; ix < iw; ix++) {
        for (size_t ky = 0; ky < c.kh; ky++) {
          const int64_t oy = (int64_t) iy * c.sh + (int64_t) ky * c.dh - c.pt;
          if (oy < 0 || oy >= oh) continue;
          for (size_t kx = 0; kx < c.kw; kx++) {
            const int64_t ox = (int64_t) ix * c.sw + (int64_t) kx * c.dw - c.pl;
            if (ox < 0 || ox >= ow) continue;
            for (size_t g = 0; g < c.groups; g++) {
              const int8_t* px = &d.input[((n * ih + iy) * iw + ix) * c.InStride() + g * c.gic];
              for (size_t m = 0; m < c.goc; m++) {
                const size_t ch = g * c.goc + m;
                int64_t sum = 0;
                for (size_t ic = 0; ic < c.gic; ic++) {
                  sum += (int64_t) (px[ic] - zp) * d.kernel[((ch * c.kh + ky) * c.kw + kx) * c.gic + ic];
                }
                acc[((n * oh + oy) * ow + ox) * channels + ch] += sum;
              }
            }
          }
        }
      }
    }
  }
  std::vector<float> out(acc.size());
  for (size_t p = 0; p < acc.size() / channels; p++) {
    const size_t n = p / (oh * ow);
    for (size_t ch = 0; ch < channels; ch++) {
      out[p * channels + ch] = ReferenceQD8Output(acc[p * channels + ch], d.qp[n].scale, d.kernel_scale[ch],
                                                  c.bias ? d.bias[ch] : 0.0f, mn, mx);
    }
  }
  return out;
}

Data MakeData(const QD8Deconv& c, std::mt19937& rng, size_t max_pixels) {
  std::uniform_int_distribution<int32_t> byte(-128, 127), w_dist(-127, 127);
  std::uniform_real_distribution<float> log_scale(-9.0f, -3.0f), bias_dist(-1.0f, 1.0f);
  Data d;
  d.input.resize(c.batch * max_pixels * c.InStride() + XQNN_EXTRA_BYTES);
  for (auto& v : d.input) v = (int8_t) byte(rng);
  for (size_t n = 0; n < c.batch; n++) d.qp.push_back({c.fixed_zp != 1000 ? c.fixed_zp : byte(rng), std::exp2(log_scale(rng))});
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

xqnn_status Create(const QD8Deconv& c, const Data& d, const float* ks, const int8_t* k, float mn, float mx,
                   xqnn_operator_t* op) {
  auto fn = c.f16 ? xqnn_create_deconvolution2d_nhwc_qd8_f16_qc8w : xqnn_create_deconvolution2d_nhwc_qd8_f32_qc8w;
  return fn(c.pt, c.pr, c.pb, c.pl, c.kh, c.kw, c.sh, c.sw, c.dh, c.dw, c.groups, c.gic, c.goc, c.InStride(),
            c.OutStride(), ks, k, c.bias ? d.bias.data() : nullptr, mn, mx, 0, op);
}

xqnn_status ReshapeDeconv(const QD8Deconv& c, xqnn_operator_t op, size_t batch, size_t ih, size_t iw, uint32_t ah,
                          uint32_t aw, size_t* oh, size_t* ow, pthreadpool_t pool) {
  return c.f16 ? xqnn_reshape_deconvolution2d_nhwc_qd8_f16_qc8w(op, batch, ih, iw, ah, aw, oh, ow, pool)
               : xqnn_reshape_deconvolution2d_nhwc_qd8_f32_qc8w(op, batch, ih, iw, ah, aw, oh, ow, pool);
}

xqnn_status SetupDeconv(const QD8Deconv& c, xqnn_operator_t op, const int8_t* in, void* out,
                        const xqnn_quantization_params* qp) {
  return c.f16 ? xqnn_setup_deconvolution2d_nhwc_qd8_f16_qc8w(op, in, out, qp)
               : xqnn_setup_deconvolution2d_nhwc_qd8_f32_qc8w(op, in, static_cast<float*>(out), qp);
}

void TestDeconv(QD8Deconv c, uint32_t seed, std::vector<size_t> threads,
                std::vector<std::pair<size_t, size_t>> sizes = {}) {
  SCOPED_TRACE(c.Describe() + " seed=" + std::to_string(seed));
  if (sizes.empty()) sizes.push_back({c.ih, c.iw});
  std::mt19937 rng(seed);
  size_t max_pixels = 0;
  for (auto& s : sizes) max_pixels = std::max(max_pixels, s.first * s.second);
  Data d = MakeData(c, rng, max_pixels);
  if (c.min_frac >= 0.0f || c.max_frac >= 0.0f) {
    const auto unclamped = Reference(c, d, sizes[0].first, sizes[0].second, -kInf, kInf);
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
    const int64_t oh = c.OutH(ih), ow = c.OutW(iw);
    ASSERT_GT(oh, 0);
    ASSERT_GT(ow, 0);
    const auto expected = Reference(c, d, ih, iw, mn, mx);
    const size_t pixels = c.batch * oh * ow;
    std::vector<uint8_t> out((pixels * c.OutStride() + 8) * esize);
    for (size_t t : threads) {
      SCOPED_TRACE("threads=" + std::to_string(t));
      pthreadpool_t pool = TestThreadpool(t);
      size_t got_h = 0, got_w = 0;
      ASSERT_EQ(ReshapeDeconv(c, op.get(), c.batch, ih, iw, c.adj_h, c.adj_w, &got_h, &got_w, pool), xqnn_status_success);
      ASSERT_EQ((int64_t) got_h, oh);
      ASSERT_EQ((int64_t) got_w, ow);
      std::fill(out.begin(), out.end(), kCanary);
      ASSERT_EQ(SetupDeconv(c, op.get(), d.input.data(), out.data(), d.qp.data()), xqnn_status_success);
      ASSERT_EQ(xqnn_run_operator(op.get(), pool), xqnn_status_success);
      ASSERT_NO_FATAL_FAILURE(
          ExpectQD8PixelOutputs(out, expected, pixels, channels, c.OutStride(), c.f16, kCanary));
    }
  }
}

QD8Deconv RandomDeconv(std::mt19937& rng, bool f16) {
  for (;;) {
    QD8Deconv c;
    c.f16 = f16;
    c.kh = rng() % 4 + 1, c.kw = rng() % 4 + 1;
    c.sh = rng() % 3 + 1, c.sw = rng() % 3 + 1;
    c.dh = rng() % 2 + 1, c.dw = rng() % 2 + 1;
    c.pt = rng() % 3, c.pb = rng() % 3, c.pl = rng() % 3, c.pr = rng() % 3;
    if (rng() % 4 == 0) c.pt = c.pb = c.pl = c.pr = 0, c.kh = c.sh, c.kw = c.sw;  // kernel == stride
    c.adj_h = rng() % c.sh, c.adj_w = rng() % c.sw;
    c.groups = rng() % 3 == 0 ? rng() % 3 + 2 : 1;
    c.gic = rng() % 5 + 1, c.goc = rng() % 5 + 1;
    if (rng() % 3 == 0) c.in_stride = c.groups * c.gic + rng() % 4;
    if (rng() % 3 == 0) c.out_stride = c.groups * c.goc + rng() % 4;
    c.batch = rng() % 3 + 1, c.ih = rng() % 5 + 1, c.iw = rng() % 5 + 1;
    c.bias = rng() % 5 != 0;
    if (rng() % 5 == 0) c.min_frac = 0.25f;
    if (rng() % 5 == 0) c.max_frac = 0.7f;
    if (rng() % 4 == 0) c.fixed_zp = rng() % 2 ? 127 : -128;
    if (c.OutH(c.ih) > 0 && c.OutW(c.iw) > 0) return c;
  }
}

class DeconvolutionQD8Test : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

TEST_P(DeconvolutionQD8Test, RandomGeometry) {
  std::mt19937 rng(GetParam() ? 201 : 200);
  for (uint32_t i = 0; i < 80; i++) {
    const uint32_t seed = rng();
    TestDeconv(RandomDeconv(rng, GetParam()), seed, ThreadCountsForSeed(seed));
    if (HasFatalFailure()) return;
  }
}

TEST_P(DeconvolutionQD8Test, PaddingAndUncoveredOutputsAtExtremeZeroPoints) {
  for (int32_t zp : {-128, 127, 0, 1000}) {
    QD8Deconv c;
    c.f16 = GetParam();
    c.kh = c.kw = 1, c.sh = c.sw = 3, c.adj_h = 2, c.adj_w = 1, c.batch = 3, c.ih = 3, c.iw = 2;  // bias-only phases
    c.fixed_zp = zp;
    TestDeconv(c, 11 + zp, {0});
    c.kh = c.kw = 4, c.sh = c.sw = 2, c.adj_h = 1, c.adj_w = 0, c.pt = c.pl = 2, c.pb = c.pr = 1;
    TestDeconv(c, 12 + zp, {0});
  }
}

// Int8 weights of -128 (half of the weights and inputs): accepted and exact at
// every tier. gic >= 16: the igemm kernels see several 8-element K blocks per tap.
TEST_P(DeconvolutionQD8Test, WeightsOfMinus128) {
  QD8Deconv c;
  c.f16 = GetParam();
  c.minus128 = true;
  c.kh = c.kw = 3, c.sh = c.sw = 2, c.pt = c.pl = 1, c.adj_h = 1, c.batch = 2, c.ih = 3, c.iw = 4, c.gic = 24, c.goc = 9;
  TestDeconv(c, 40, {0, 2});
  for (int32_t zp : {-128, 0, 127}) {
    c.fixed_zp = zp;
    c.kh = c.kw = 2, c.sh = c.sw = 2, c.pt = c.pl = 0, c.adj_h = 0, c.gic = 40, c.goc = 7;
    TestDeconv(c, 41 + zp, {0});
  }
}

TEST_P(DeconvolutionQD8Test, KernelEqualsStride) {
  QD8Deconv c;
  c.f16 = GetParam();
  c.kh = c.kw = 2, c.sh = c.sw = 2, c.batch = 2, c.ih = 3, c.iw = 4, c.gic = 7, c.goc = 5;
  TestDeconv(c, 3, {0, 2});
}

TEST_P(DeconvolutionQD8Test, ReshapeToNewSizes) {
  QD8Deconv c;
  c.f16 = GetParam();
  c.batch = 2, c.pt = 1, c.pl = 1;
  TestDeconv(c, 4, {0, 1}, {{3, 4}, {1, 1}, {5, 2}, {3, 4}});
}

TEST_P(DeconvolutionQD8Test, SameBitsAtEveryThreadCount) {
  QD8Deconv c;
  c.f16 = GetParam();
  c.kh = c.kw = 3, c.sh = c.sw = 2, c.pt = c.pl = 1, c.batch = 3, c.ih = 5, c.iw = 4, c.gic = 5, c.goc = 9, c.groups = 2;
  TestDeconv(c, 5, TestThreadCounts());
}

TEST_P(DeconvolutionQD8Test, BadInputAndState) {
  QD8Deconv c;
  c.f16 = GetParam();
  std::mt19937 rng(1);
  Data d = MakeData(c, rng, 16);
  xqnn_operator_t op = nullptr;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, nullptr, d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), nullptr, -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), 1.0f, -1.0f, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, nan, &op), xqnn_status_invalid_parameter);
  auto bad_scales = d.kernel_scale;
  for (float bad : {0.0f, -2.0f, nan, kInf}) {
    bad_scales[1] = bad;
    EXPECT_EQ(Create(c, d, bad_scales.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter) << bad;
  }
  QD8Deconv bad = c;
  bad.sh = 0;
  EXPECT_EQ(Create(bad, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);

  ASSERT_EQ(Create(c, d, d.kernel_scale.data(), d.kernel.data(), -kInf, kInf, &op), xqnn_status_success);
  OperatorPtr guard(op);
  std::vector<float> out(1000);
  size_t oh, ow;
  EXPECT_EQ(SetupDeconv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(ReshapeDeconv(c, op, 1, 0, 4, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeDeconv(c, op, 1, 4, 4, 2, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);  // adjustment >= stride
  EXPECT_EQ(SetupDeconv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_invalid_state);
  ASSERT_EQ(ReshapeDeconv(c, op, 1, 4, 4, 1, 1, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(SetupDeconv(c, op, d.input.data(), out.data(), nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupDeconv(c, op, nullptr, out.data(), d.qp.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupDeconv(c, op, d.input.data(), nullptr, d.qp.data()), xqnn_status_invalid_parameter);
  ASSERT_EQ(SetupDeconv(c, op, d.input.data(), out.data(), d.qp.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  ASSERT_EQ(ReshapeDeconv(c, op, 0, 4, 4, 0, 0, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(SetupDeconv(c, op, nullptr, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  QD8Deconv other = c;
  other.f16 = !c.f16;
  EXPECT_EQ(ReshapeDeconv(other, op, 1, 4, 4, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
}

INSTANTIATE_TEST_SUITE_P(DeconvolutionNHWC, DeconvolutionQD8Test, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) { return info.param ? "QD8_F16_QC8W" : "QD8_F32_QC8W"; });

}  // namespace
