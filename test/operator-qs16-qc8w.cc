// QS16-QC8W (TensorFlow Lite's 16x8 scheme) fully-connected, convolution and
// deconvolution operators against naive references written here from
// TFLite's definition (reference_integer_ops with int16 input, int8 filter,
// int64 bias, MultiplyByQuantizedMultiplier(int64_t, ...)), bit-exact, at
// several thread counts; plus the extremes of the accumulator and the
// rejected arguments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "tflite-requantization-reference.h"
#include "xqnn.h"

namespace {

constexpr int16_t kCanary = (int16_t) 0x5A5A;

// TFLite's MultiplyByQuantizedMultiplier(int64_t x, multiplier, shift), as it
// is written there (the arithmetic right shift of a negative int64 is what
// TFLite relies on too), then the cast to int32 and the clamp.
int32_t Requantize16x8(int64_t acc, double real, int32_t qmin, int32_t qmax) {
  const tflite_reference::Multiplier m = tflite_reference::QuantizeMultiplier(real);
  const int32_t reduced = m.multiplier < 0x7FFF0000 ? (m.multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - m.exponent;
  const int64_t x = acc * (int64_t) reduced + ((int64_t) 1 << (total_shift - 1));
  const int32_t result = (int32_t) (x >> total_shift);
  return std::min(std::max(result, qmin), qmax);
}

struct Quantization {
  float input_scale = 0.0f, output_scale = 0.0f;
  std::vector<float> kernel_scales;
  std::vector<int8_t> kernel;
  std::vector<int64_t> bias;
  int16_t qmin = INT16_MIN, qmax = INT16_MAX;
  bool has_bias = true;
  bool fully_connected = false;  // TFLite forms its multiplier from a float product

  double Real(size_t channel) const {
    return tflite_reference::RealMultiplier(input_scale, kernel_scales[channel], output_scale,
                                            fully_connected);
  }
  const int64_t* Bias() const { return has_bias ? bias.data() : nullptr; }
};

// Random weights, scales and bias for `channels` outputs of `k` products each.
// Scales are chosen so that outputs spread over the int16 range with some
// saturation; `extreme` uses -32768 inputs and -128 / 127 weights.
Quantization RandomQuantization(std::mt19937& rng, size_t channels, size_t kernel_elements, size_t k) {
  Quantization q;
  q.input_scale = std::uniform_real_distribution<float>(0.5f, 2.0f)(rng) * 0x1.0p-10f;
  q.output_scale = std::uniform_real_distribution<float>(0.5f, 2.0f)(rng) * 0x1.0p-8f;
  q.kernel_scales.resize(channels);
  // Accumulators grow like sqrt(k) * 2^14 * 2^6; aim at a few thousand output units.
  const float spread = 1.0f / std::sqrt((float) std::max<size_t>(k, 1));
  for (auto& s : q.kernel_scales) {
    s = spread * std::uniform_real_distribution<float>(0.25f, 4.0f)(rng) * 0x1.0p-4f;
  }
  q.kernel.resize(kernel_elements);
  FillRandom(rng, q.kernel, -128, 127);
  q.bias.resize(channels);
  FillRandom(rng, q.bias, -(1 << 20), 1 << 20);
  if (rng() % 4 == 0) {
    q.qmin = (int16_t) std::uniform_int_distribution<int32_t>(-32768, 0)(rng);
    q.qmax = (int16_t) std::uniform_int_distribution<int32_t>(q.qmin, 32767)(rng);
  }
  q.has_bias = rng() % 5 != 0;
  return q;
}

std::vector<int16_t> RandomInput(std::mt19937& rng, size_t elements) {
  std::vector<int16_t> input(elements + XQNN_EXTRA_BYTES / sizeof(int16_t));
  FillRandom(rng, input, -32768, 32767);
  return input;
}

void ExpectOutput(const std::vector<int16_t>& output, const std::vector<int16_t>& expected) {
  ASSERT_EQ(output.size(), expected.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); i++) {
    if (output[i] != expected[i] && mismatches++ < 8) {
      ADD_FAILURE() << "element " << i << ": got " << output[i] << ", expected " << expected[i];
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

// ---- fully connected ----

struct FcShape {
  size_t batch, ic, oc, istride, ostride;
  bool transpose;
};

void TestFullyConnected(const FcShape& s, uint32_t seed, bool extreme = false) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  SCOPED_TRACE("fc batch=" + std::to_string(s.batch) + " ic=" + std::to_string(s.ic) +
               " oc=" + std::to_string(s.oc) + " seed=" + std::to_string(seed) +
               (extreme ? " extreme" : ""));
  std::mt19937 rng(seed);
  Quantization q = RandomQuantization(rng, s.oc, s.ic * s.oc, s.ic);
  q.fully_connected = true;
  std::vector<int16_t> input = RandomInput(rng, s.batch == 0 ? 0 : (s.batch - 1) * s.istride + s.ic);
  if (extreme) {
    std::fill(input.begin(), input.end(), INT16_MIN);
    for (auto& w : q.kernel) w = rng() % 2 == 0 ? INT8_MIN : w;
    q.bias[0] = (INT64_C(1) << 47) - 1;
    if (s.oc > 1) q.bias[1] = 1 - (INT64_C(1) << 47);
  }
  std::vector<int16_t> expected(s.batch == 0 ? 0 : (s.batch - 1) * s.ostride + s.oc, kCanary);
  for (size_t b = 0; b < s.batch; b++) {
    for (size_t n = 0; n < s.oc; n++) {
      int64_t acc = q.has_bias ? q.bias[n] : 0;
      for (size_t k = 0; k < s.ic; k++) {
        const int8_t w = s.transpose ? q.kernel[k * s.oc + n] : q.kernel[n * s.ic + k];
        acc += (int64_t) input[b * s.istride + k] * w;
      }
      expected[b * s.ostride + n] = (int16_t) Requantize16x8(acc, q.Real(n), q.qmin, q.qmax);
    }
  }
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_fully_connected_nc_qs16_qc8w(
                s.ic, s.oc, s.istride, s.ostride, q.input_scale, q.kernel_scales.data(), q.kernel.data(),
                q.Bias(), q.output_scale, q.qmin, q.qmax, s.transpose ? XQNN_FLAG_TRANSPOSE_WEIGHTS : 0, &raw),
            xqnn_status_success);
  OperatorPtr op(raw);
  for (size_t threads : ThreadCountsForSeed(seed)) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    std::vector<int16_t> output(expected.size(), kCanary);
    ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs16_qc8w(op.get(), s.batch, TestThreadpool(threads)),
              xqnn_status_success);
    ASSERT_EQ(xqnn_setup_fully_connected_nc_qs16_qc8w(op.get(), input.data(), output.data()),
              xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op.get(), TestThreadpool(threads)), xqnn_status_success);
    ExpectOutput(output, expected);
  }
}

// ---- convolution and deconvolution ----

struct ConvShape {
  size_t batch = 1, height = 5, width = 4;
  uint32_t kh = 3, kw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  uint32_t pt = 0, pr = 0, pb = 0, pl = 0;
  uint32_t groups = 1;
  size_t gic = 3, goc = 4;
  size_t extra_input_stride = 0, extra_output_stride = 0;
  uint32_t adjustment_h = 0, adjustment_w = 0;  // deconvolution

  size_t InputStride() const { return groups * gic + extra_input_stride; }
  size_t OutputStride() const { return groups * goc + extra_output_stride; }
  std::string Describe() const {
    return "batch=" + std::to_string(batch) + " in=" + std::to_string(height) + "x" + std::to_string(width) +
           " k=" + std::to_string(kh) + "x" + std::to_string(kw) + " s=" + std::to_string(sh) + "x" +
           std::to_string(sw) + " d=" + std::to_string(dh) + "x" + std::to_string(dw) + " pad=" +
           std::to_string(pt) + "," + std::to_string(pr) + "," + std::to_string(pb) + "," +
           std::to_string(pl) + " groups=" + std::to_string(groups) + " gic=" + std::to_string(gic) +
           " goc=" + std::to_string(goc) + " adj=" + std::to_string(adjustment_h) + "," +
           std::to_string(adjustment_w);
  }
};

// Kernel layout [groups][goc][kh][kw][gic], for both.
size_t KernelIndex(const ConvShape& s, size_t g, size_t m, size_t ky, size_t kx, size_t c) {
  return (((g * s.goc + m) * s.kh + ky) * s.kw + kx) * s.gic + c;
}

void TestConvolution(const ConvShape& s, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  SCOPED_TRACE("conv " + s.Describe() + " seed=" + std::to_string(seed));
  std::mt19937 rng(seed);
  const size_t channels = s.groups * s.goc;
  const size_t k = s.kh * s.kw * s.gic;
  Quantization q = RandomQuantization(rng, channels, channels * k, k);
  const size_t ist = s.InputStride(), ost = s.OutputStride();
  std::vector<int16_t> input = RandomInput(rng, s.batch * s.height * s.width * ist);
  const size_t ekh = (s.kh - 1) * s.dh + 1, ekw = (s.kw - 1) * s.dw + 1;
  const size_t oh = (s.height + s.pt + s.pb - ekh) / s.sh + 1;
  const size_t ow = (s.width + s.pl + s.pr - ekw) / s.sw + 1;
  std::vector<int16_t> expected(s.batch * oh * ow * ost, kCanary);
  for (size_t b = 0; b < s.batch; b++)
    for (size_t oy = 0; oy < oh; oy++)
      for (size_t ox = 0; ox < ow; ox++)
        for (size_t g = 0; g < s.groups; g++)
          for (size_t m = 0; m < s.goc; m++) {
            const size_t n = g * s.goc + m;
            int64_t acc = q.has_bias ? q.bias[n] : 0;
            for (size_t ky = 0; ky < s.kh; ky++)
              for (size_t kx = 0; kx < s.kw; kx++) {
                const ptrdiff_t iy = (ptrdiff_t) (oy * s.sh + ky * s.dh) - (ptrdiff_t) s.pt;
                const ptrdiff_t ix = (ptrdiff_t) (ox * s.sw + kx * s.dw) - (ptrdiff_t) s.pl;
                if (iy < 0 || ix < 0 || iy >= (ptrdiff_t) s.height || ix >= (ptrdiff_t) s.width) continue;
                for (size_t c = 0; c < s.gic; c++) {
                  acc += (int64_t) input[((b * s.height + iy) * s.width + ix) * ist + g * s.gic + c] *
                         q.kernel[KernelIndex(s, g, m, ky, kx, c)];
                }
              }
            expected[((b * oh + oy) * ow + ox) * ost + n] =
                (int16_t) Requantize16x8(acc, q.Real(n), q.qmin, q.qmax);
          }
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_convolution2d_nhwc_qs16_qc8w(
                s.pt, s.pr, s.pb, s.pl, s.kh, s.kw, s.sh, s.sw, s.dh, s.dw, s.groups, s.gic, s.goc,
                ist, ost, q.input_scale, q.kernel_scales.data(), q.kernel.data(), q.Bias(),
                q.output_scale, q.qmin, q.qmax, 0, &raw),
            xqnn_status_success);
  OperatorPtr op(raw);
  for (size_t threads : ThreadCountsForSeed(seed)) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    std::vector<int16_t> output(expected.size(), kCanary);
    size_t out_h = 0, out_w = 0;
    ASSERT_EQ(xqnn_reshape_convolution2d_nhwc_qs16_qc8w(op.get(), s.batch, s.height, s.width, &out_h,
                                                        &out_w, TestThreadpool(threads)),
              xqnn_status_success);
    ASSERT_EQ(out_h, oh);
    ASSERT_EQ(out_w, ow);
    ASSERT_EQ(xqnn_setup_convolution2d_nhwc_qs16_qc8w(op.get(), input.data(), output.data()),
              xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op.get(), TestThreadpool(threads)), xqnn_status_success);
    ExpectOutput(output, expected);
  }
}

void TestDeconvolution(const ConvShape& s, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  SCOPED_TRACE("deconv " + s.Describe() + " seed=" + std::to_string(seed));
  std::mt19937 rng(seed);
  const size_t channels = s.groups * s.goc;
  const size_t k = s.kh * s.kw * s.gic;
  Quantization q = RandomQuantization(rng, channels, channels * k, k);
  const size_t ist = s.InputStride(), ost = s.OutputStride();
  std::vector<int16_t> input = RandomInput(rng, s.batch * s.height * s.width * ist);
  const size_t full_h = s.sh * (s.height - 1) + s.adjustment_h + (s.kh - 1) * s.dh + 1;
  const size_t full_w = s.sw * (s.width - 1) + s.adjustment_w + (s.kw - 1) * s.dw + 1;
  const size_t oh = full_h - s.pt - s.pb, ow = full_w - s.pl - s.pr;
  std::vector<int64_t> acc(s.batch * oh * ow * channels);
  for (size_t b = 0; b < s.batch; b++)
    for (size_t oy = 0; oy < oh; oy++)
      for (size_t ox = 0; ox < ow; ox++)
        for (size_t n = 0; n < channels; n++) acc[((b * oh + oy) * ow + ox) * channels + n] = q.has_bias ? q.bias[n] : 0;
  for (size_t b = 0; b < s.batch; b++)
    for (size_t iy = 0; iy < s.height; iy++)
      for (size_t ix = 0; ix < s.width; ix++)
        for (size_t ky = 0; ky < s.kh; ky++)
          for (size_t kx = 0; kx < s.kw; kx++) {
            const ptrdiff_t oy = (ptrdiff_t) (iy * s.sh + ky * s.dh) - (ptrdiff_t) s.pt;
            const ptrdiff_t ox = (ptrdiff_t) (ix * s.sw + kx * s.dw) - (ptrdiff_t) s.pl;
            if (oy < 0 || ox < 0 || oy >= (ptrdiff_t) oh || ox >= (ptrdiff_t) ow) continue;
            for (size_t g = 0; g < s.groups; g++)
              for (size_t m = 0; m < s.goc; m++)
                for (size_t c = 0; c < s.gic; c++) {
                  acc[((b * oh + oy) * ow + ox) * channels + g * s.goc + m] +=
                      (int64_t) input[((b * s.height + iy) * s.width + ix) * ist + g * s.gic + c] *
                      q.kernel[KernelIndex(s, g, m, ky, kx, c)];
                }
          }
  std::vector<int16_t> expected(s.batch * oh * ow * ost, kCanary);
  for (size_t p = 0; p < s.batch * oh * ow; p++)
    for (size_t n = 0; n < channels; n++)
      expected[p * ost + n] = (int16_t) Requantize16x8(acc[p * channels + n], q.Real(n), q.qmin, q.qmax);
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_deconvolution2d_nhwc_qs16_qc8w(
                s.pt, s.pr, s.pb, s.pl, s.kh, s.kw, s.sh, s.sw, s.dh, s.dw, s.groups, s.gic, s.goc,
                ist, ost, q.input_scale, q.kernel_scales.data(), q.kernel.data(), q.Bias(),
                q.output_scale, q.qmin, q.qmax, 0, &raw),
            xqnn_status_success);
  OperatorPtr op(raw);
  for (size_t threads : ThreadCountsForSeed(seed)) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    std::vector<int16_t> output(expected.size(), kCanary);
    size_t out_h = 0, out_w = 0;
    ASSERT_EQ(xqnn_reshape_deconvolution2d_nhwc_qs16_qc8w(op.get(), s.batch, s.height, s.width,
                                                          s.adjustment_h, s.adjustment_w, &out_h,
                                                          &out_w, TestThreadpool(threads)),
              xqnn_status_success);
    ASSERT_EQ(out_h, oh);
    ASSERT_EQ(out_w, ow);
    ASSERT_EQ(xqnn_setup_deconvolution2d_nhwc_qs16_qc8w(op.get(), input.data(), output.data()),
              xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op.get(), TestThreadpool(threads)), xqnn_status_success);
    ExpectOutput(output, expected);
  }
}

size_t Pick(std::mt19937& rng, size_t lo, size_t hi) {
  return std::uniform_int_distribution<size_t>(lo, hi)(rng);
}

TEST(QS16QC8WFullyConnected, RandomShapes) {
  std::mt19937 rng(1601);
  for (uint32_t seed = 0; seed < 60; seed++) {
    FcShape s;
    s.batch = Pick(rng, 0, 9);
    s.ic = Pick(rng, 1, seed % 6 == 0 ? 700 : 40);
    s.oc = Pick(rng, 1, 40);
    s.istride = s.ic + (rng() % 3 == 0 ? Pick(rng, 1, 5) : 0);
    s.ostride = s.oc + (rng() % 3 == 0 ? Pick(rng, 1, 5) : 0);
    s.transpose = rng() % 4 == 0;
    TestFullyConnected(s, seed);
  }
}

// int16 -32768 times int8 -128 over long rows (past the 32-bit partial sums of
// the SIMD kernels) with the largest biases create accepts.
TEST(QS16QC8WFullyConnected, ExtremeAccumulators) {
  for (size_t ic : {1u, 2u, 255u, 256u, 257u, 511u, 512u, 513u, 1500u, 5000u}) {
    TestFullyConnected(FcShape{3, ic, 19, ic, 19, false}, 7 + (uint32_t) ic, /*extreme=*/true);
  }
}

TEST(QS16QC8WConvolution, RandomShapes) {
  std::mt19937 rng(1602);
  for (uint32_t seed = 0; seed < 60; seed++) {
    ConvShape s;
    s.batch = Pick(rng, 1, 2);
    s.kh = (uint32_t) Pick(rng, 1, 3);
    s.kw = (uint32_t) Pick(rng, 1, 3);
    s.sh = (uint32_t) Pick(rng, 1, 2);
    s.sw = (uint32_t) Pick(rng, 1, 2);
    s.dh = (uint32_t) Pick(rng, 1, 2);
    s.dw = (uint32_t) Pick(rng, 1, 2);
    s.pt = (uint32_t) Pick(rng, 0, 2);
    s.pb = (uint32_t) Pick(rng, 0, 2);
    s.pl = (uint32_t) Pick(rng, 0, 2);
    s.pr = (uint32_t) Pick(rng, 0, 2);
    s.groups = (uint32_t) Pick(rng, 1, 3);
    s.gic = Pick(rng, 1, 9);
    s.goc = Pick(rng, 1, 9);
    if (seed % 5 == 0) {  // depthwise: one input and one output channel per group
      s.groups = (uint32_t) Pick(rng, 1, 24);
      s.gic = s.goc = 1;
    }
    if (seed % 7 == 0) {  // 1x1, stride 1, unpadded: the gemm path
      s.kh = s.kw = s.sh = s.sw = 1;
      s.pt = s.pb = s.pl = s.pr = 0;
    }
    const size_t ekh = (s.kh - 1) * s.dh + 1, ekw = (s.kw - 1) * s.dw + 1;
    s.height = Pick(rng, std::max<size_t>(1, ekh > s.pt + s.pb ? ekh - s.pt - s.pb : 1), 7);
    s.width = Pick(rng, std::max<size_t>(1, ekw > s.pl + s.pr ? ekw - s.pl - s.pr : 1), 7);
    s.extra_input_stride = rng() % 3 == 0 ? Pick(rng, 1, 4) : 0;
    s.extra_output_stride = rng() % 3 == 0 ? Pick(rng, 1, 4) : 0;
    TestConvolution(s, seed);
  }
}

TEST(QS16QC8WDeconvolution, RandomShapes) {
  std::mt19937 rng(1603);
  for (uint32_t seed = 0; seed < 40; seed++) {
    ConvShape s;
    s.batch = Pick(rng, 1, 2);
    s.height = Pick(rng, 1, 5);
    s.width = Pick(rng, 1, 5);
    s.kh = (uint32_t) Pick(rng, 1, 4);
    s.kw = (uint32_t) Pick(rng, 1, 4);
    s.sh = (uint32_t) Pick(rng, 1, 3);
    s.sw = (uint32_t) Pick(rng, 1, 3);
    s.dh = (uint32_t) Pick(rng, 1, 2);
    s.dw = (uint32_t) Pick(rng, 1, 2);
    s.adjustment_h = (uint32_t) Pick(rng, 0, s.sh - 1);
    s.adjustment_w = (uint32_t) Pick(rng, 0, s.sw - 1);
    s.groups = (uint32_t) Pick(rng, 1, 2);
    s.gic = Pick(rng, 1, 7);
    s.goc = Pick(rng, 1, 7);
    const size_t full_h = s.sh * (s.height - 1) + s.adjustment_h + (s.kh - 1) * s.dh + 1;
    const size_t full_w = s.sw * (s.width - 1) + s.adjustment_w + (s.kw - 1) * s.dw + 1;
    s.pt = (uint32_t) Pick(rng, 0, std::min<size_t>(2, (full_h - 1) / 2));
    s.pb = (uint32_t) Pick(rng, 0, std::min<size_t>(2, (full_h - 1) / 2));
    s.pl = (uint32_t) Pick(rng, 0, std::min<size_t>(2, (full_w - 1) / 2));
    s.pr = (uint32_t) Pick(rng, 0, std::min<size_t>(2, (full_w - 1) / 2));
    s.extra_input_stride = rng() % 3 == 0 ? Pick(rng, 1, 4) : 0;
    s.extra_output_stride = rng() % 3 == 0 ? Pick(rng, 1, 4) : 0;
    TestDeconvolution(s, seed);
  }
}

// ---- rejected arguments ----

class QS16QC8WCreate : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }

  xqnn_status CreateFc(size_t ic, const int8_t* kernel, const float* scales, const int64_t* bias,
                       float input_scale, float output_scale, int16_t qmin, int16_t qmax) {
    xqnn_operator_t op = nullptr;
    const xqnn_status status = xqnn_create_fully_connected_nc_qs16_qc8w(
        ic, 2, ic, 2, input_scale, scales, kernel, bias, output_scale, qmin, qmax, 0, &op);
    EXPECT_EQ(op == nullptr, status != xqnn_status_success);
    xqnn_delete_operator(op);
    return status;
  }

  std::vector<int8_t> kernel_ = std::vector<int8_t>(2 * 4, 1);
  std::vector<float> scales_ = std::vector<float>(2, 0.5f);
  std::vector<int64_t> bias_ = std::vector<int64_t>(2, 0);
};

TEST_F(QS16QC8WCreate, AcceptsValidArguments) {
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), bias_.data(), 1.0f, 1.0f, -5, 5), xqnn_status_success);
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 1.0f, 1.0f, INT16_MIN, INT16_MAX),
            xqnn_status_success);
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs16_qc8w(4, 2, 4, 2, 1.0f, scales_.data(), kernel_.data(), nullptr,
                                                     1.0f, -1, 1, XQNN_FLAG_TFLITE_REQUANTIZATION, &op),
            xqnn_status_success);
  xqnn_delete_operator(op);
}

TEST_F(QS16QC8WCreate, RejectsNullAndInvalidArguments) {
  EXPECT_EQ(CreateFc(4, nullptr, scales_.data(), nullptr, 1.0f, 1.0f, -5, 5), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateFc(4, kernel_.data(), nullptr, nullptr, 1.0f, 1.0f, -5, 5), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateFc(0, kernel_.data(), scales_.data(), nullptr, 1.0f, 1.0f, -5, 5), xqnn_status_invalid_parameter);
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 1.0f, 1.0f, 5, -5), xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, bad, 1.0f, -5, 5), xqnn_status_invalid_parameter);
    EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 1.0f, bad, -5, 5), xqnn_status_invalid_parameter);
    std::vector<float> scales = {0.5f, bad};
    EXPECT_EQ(CreateFc(4, kernel_.data(), scales.data(), nullptr, 1.0f, 1.0f, -5, 5), xqnn_status_invalid_parameter);
  }
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs16_qc8w(4, 2, 4, 2, 1.0f, scales_.data(), kernel_.data(), nullptr,
                                                     1.0f, -1, 1, 0, nullptr),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs16_qc8w(4, 2, 3, 2, 1.0f, scales_.data(), kernel_.data(), nullptr,
                                                     1.0f, -1, 1, 0, &op),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
}

// Outside TFLite's own assumptions: requantization multipliers of 128 and
// above (shift > 7) or below 2^-32, biases of 2^47 and more, more than 2^24
// products per output.
TEST_F(QS16QC8WCreate, RejectsWhatTfliteArithmeticCannotHold) {
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 256.0f, 1.0f, -5, 5),
            xqnn_status_unsupported_parameter);
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 255.0f, 1.0f, -5, 5), xqnn_status_success);
  EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), nullptr, 0x1.0p-40f, 1.0f, -5, 5),
            xqnn_status_unsupported_parameter);
  for (int64_t bias : {INT64_C(1) << 47, -(INT64_C(1) << 47), INT64_MAX, INT64_MIN}) {
    const std::vector<int64_t> b = {0, bias};
    EXPECT_EQ(CreateFc(4, kernel_.data(), scales_.data(), b.data(), 1.0f, 1.0f, -5, 5),
              xqnn_status_unsupported_parameter);
  }
  // 2^24 + 1 products per output: a 1x1 convolution of 1 output channel
  // (one 16 MiB kernel).
  const size_t too_long = ((size_t) 1 << 24) + 1;
  std::vector<int8_t> kernel(too_long, 1);
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qs16_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, too_long, 1, too_long, 1,
                                                     1.0f, scales_.data(), kernel.data(), nullptr, 1.0f, -5, 5,
                                                     0, &op),
            xqnn_status_unsupported_parameter);
  EXPECT_EQ(op, nullptr);
}

TEST_F(QS16QC8WCreate, SetupRejectsNullAndWrongType) {
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_fully_connected_nc_qs16_qc8w(4, 2, 4, 2, 1.0f, scales_.data(), kernel_.data(), nullptr,
                                                     1.0f, -1, 1, 0, &raw),
            xqnn_status_success);
  OperatorPtr op(raw);
  std::vector<int16_t> input(8 + XQNN_EXTRA_BYTES), output(4);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs16_qc8w(op.get(), input.data(), output.data()),
            xqnn_status_invalid_state);
  ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs16_qc8w(op.get(), 2, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs16_qc8w(op.get(), nullptr, output.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs16_qc8w(op.get(), input.data(), nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8_qc8w(op.get(), (const int8_t*) input.data(), (int8_t*) output.data()),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_reshape_fully_connected_nc_qs8_qc8w(op.get(), 2, nullptr), xqnn_status_invalid_parameter);
}

}  // namespace
