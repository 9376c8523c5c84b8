// Tester for the QS8 / QS8-QC8W / QU8 convolution2d_nhwc operators: random
// input, weights, bias and scales; runs the operator and compares every output
// bit for bit with a NAIVE reference computed here from the definition
//   acc[n][oy][ox][g][m] = bias + sum_{ky,kx,ic} (x[n][iy][ix][g*gic+ic] - x_zp) * (w - w_zp)
//   iy = oy * stride_h + ky * dilation_h - pad_top (taps outside the image contribute nothing)
// then xqnn_requantize_fp32_reference with scale (float)((float)(in_scale * w_scale[c]) / out_scale).
// Output buffers are pre-filled with a canary byte: pixel-stride gaps must stay untouched.
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"
#include "xqnn/requantization.h"

enum class ConvType { kQS8, kQS8QC8W, kQU8 };

inline const char* ConvTypeName(ConvType t) {
  switch (t) {
    case ConvType::kQS8: return "qs8";
    case ConvType::kQS8QC8W: return "qs8_qc8w";
    case ConvType::kQU8: return "qu8";
  }
  return "?";
}

// Parameters of one create call (defaults give a valid 3x3 convolution).
struct ConvCreateArgs {
  uint32_t pad_top = 0, pad_right = 0, pad_bottom = 0, pad_left = 0;
  uint32_t kernel_height = 3, kernel_width = 3;
  uint32_t stride_height = 1, stride_width = 1;
  uint32_t dilation_height = 1, dilation_width = 1;
  uint32_t groups = 1;
  size_t gic = 3, goc = 5;
  size_t input_stride = 0, output_stride = 0;  // 0: dense
  int32_t input_zero_point = 0, kernel_zero_point = 0, output_zero_point = 0;
  float input_scale = 0.5f, kernel_scale = 0.25f, output_scale = 1.0f;
  const float* kernel_scales = nullptr;  // qc8w; nullptr: kernel_scale for every channel
  const void* kernel = nullptr;
  const int32_t* bias = nullptr;
  int32_t output_min = -128, output_max = 127;
  uint32_t flags = 0;

  size_t InputStride() const { return input_stride != 0 ? input_stride : groups * gic; }
  size_t OutputStride() const { return output_stride != 0 ? output_stride : groups * goc; }
};

inline xqnn_status CreateConvolution(ConvType type, const ConvCreateArgs& a, xqnn_operator_t* op) {
  switch (type) {
    case ConvType::kQS8:
      return xqnn_create_convolution2d_nhwc_qs8(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_height, a.kernel_width,
          a.stride_height, a.stride_width, a.dilation_height, a.dilation_width, a.groups, a.gic,
          a.goc, a.InputStride(), a.OutputStride(), (int8_t) a.input_zero_point, a.input_scale,
          a.kernel_scale, (const int8_t*) a.kernel, a.bias, (int8_t) a.output_zero_point,
          a.output_scale, (int8_t) a.output_min, (int8_t) a.output_max, a.flags, op);
    case ConvType::kQS8QC8W:
      return xqnn_create_convolution2d_nhwc_qs8_qc8w(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_height, a.kernel_width,
          a.stride_height, a.stride_width, a.dilation_height, a.dilation_width, a.groups, a.gic,
          a.goc, a.InputStride(), a.OutputStride(), (int8_t) a.input_zero_point, a.input_scale,
          a.kernel_scales, (const int8_t*) a.kernel, a.bias, (int8_t) a.output_zero_point,
          a.output_scale, (int8_t) a.output_min, (int8_t) a.output_max, a.flags, op);
    case ConvType::kQU8:
      return xqnn_create_convolution2d_nhwc_qu8(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_height, a.kernel_width,
          a.stride_height, a.stride_width, a.dilation_height, a.dilation_width, a.groups, a.gic,
          a.goc, a.InputStride(), a.OutputStride(), (uint8_t) a.input_zero_point, a.input_scale,
          (uint8_t) a.kernel_zero_point, a.kernel_scale, (const uint8_t*) a.kernel, a.bias,
          (uint8_t) a.output_zero_point, a.output_scale, (uint8_t) a.output_min,
          (uint8_t) a.output_max, a.flags, op);
  }
  return xqnn_status_invalid_parameter;
}

inline xqnn_status ReshapeConvolution(ConvType type, xqnn_operator_t op, size_t batch, size_t h,
                                      size_t w, size_t* oh, size_t* ow, pthreadpool_t pool) {
  switch (type) {
    case ConvType::kQS8: return xqnn_reshape_convolution2d_nhwc_qs8(op, batch, h, w, oh, ow, pool);
    case ConvType::kQS8QC8W: return xqnn_reshape_convolution2d_nhwc_qs8_qc8w(op, batch, h, w, oh, ow, pool);
    case ConvType::kQU8: return xqnn_reshape_convolution2d_nhwc_qu8(op, batch, h, w, oh, ow, pool);
  }
  return xqnn_status_invalid_parameter;
}

inline xqnn_status SetupConvolution(ConvType type, xqnn_operator_t op, const void* in, void* out) {
  switch (type) {
    case ConvType::kQS8: return xqnn_setup_convolution2d_nhwc_qs8(op, (const int8_t*) in, (int8_t*) out);
    case ConvType::kQS8QC8W: return xqnn_setup_convolution2d_nhwc_qs8_qc8w(op, (const int8_t*) in, (int8_t*) out);
    case ConvType::kQU8: return xqnn_setup_convolution2d_nhwc_qu8(op, (const uint8_t*) in, (uint8_t*) out);
  }
  return xqnn_status_invalid_parameter;
}

class ConvolutionOperatorTester {
 public:
  ConvolutionOperatorTester& padding(uint32_t t, uint32_t r, uint32_t b, uint32_t l) {
    a_.pad_top = t; a_.pad_right = r; a_.pad_bottom = b; a_.pad_left = l; return *this;
  }
  ConvolutionOperatorTester& padding(uint32_t p) { return padding(p, p, p, p); }
  ConvolutionOperatorTester& same_padding(bool v) { same_ = v; return *this; }
  ConvolutionOperatorTester& kernel_size(uint32_t h, uint32_t w) { a_.kernel_height = h; a_.kernel_width = w; return *this; }
  ConvolutionOperatorTester& kernel_size(uint32_t k) { return kernel_size(k, k); }
  ConvolutionOperatorTester& stride(uint32_t h, uint32_t w) { a_.stride_height = h; a_.stride_width = w; return *this; }
  ConvolutionOperatorTester& stride(uint32_t s) { return stride(s, s); }
  ConvolutionOperatorTester& dilation(uint32_t h, uint32_t w) { a_.dilation_height = h; a_.dilation_width = w; return *this; }
  ConvolutionOperatorTester& dilation(uint32_t d) { return dilation(d, d); }
  ConvolutionOperatorTester& groups(uint32_t v) { a_.groups = v; return *this; }
  ConvolutionOperatorTester& group_input_channels(size_t v) { a_.gic = v; return *this; }
  ConvolutionOperatorTester& group_output_channels(size_t v) { a_.goc = v; return *this; }
  // Depthwise layout [kh][kw][groups * multiplier], group_input_channels 1.
  ConvolutionOperatorTester& depthwise(uint32_t channels, size_t multiplier) {
    depthwise_ = true; a_.groups = channels; a_.gic = 1; a_.goc = multiplier; return *this;
  }
  ConvolutionOperatorTester& input_pixel_stride(size_t v) { a_.input_stride = v; return *this; }
  ConvolutionOperatorTester& output_pixel_stride(size_t v) { a_.output_stride = v; return *this; }
  ConvolutionOperatorTester& batch_size(size_t v) { batch_ = v; return *this; }
  ConvolutionOperatorTester& input_size(size_t h, size_t w) { ih_ = h; iw_ = w; return *this; }
  // A second reshape to this size after the first run (0: none).
  ConvolutionOperatorTester& next_input_size(size_t h, size_t w) { next_ih_ = h; next_iw_ = w; return *this; }
  ConvolutionOperatorTester& input_zero_point(int32_t v) { a_.input_zero_point = v; zp_set_ = true; return *this; }
  ConvolutionOperatorTester& kernel_zero_point(int32_t v) { a_.kernel_zero_point = v; kzp_set_ = true; return *this; }
  ConvolutionOperatorTester& output_zero_point(int32_t v) { a_.output_zero_point = v; ozp_set_ = true; return *this; }
  // Output clamp as offsets from the type's minimum (qmin) / maximum (qmax),
  // or absolute values with output_range.
  ConvolutionOperatorTester& output_range(int32_t lo, int32_t hi) { range_set_ = true; lo_ = lo; hi_ = hi; return *this; }
  // log2 spread of per-channel requantization scales (qs8_qc8w).
  ConvolutionOperatorTester& scale_spread(float v) { spread_ = v; return *this; }
  ConvolutionOperatorTester& no_bias(bool v) { no_bias_ = v; return *this; }
  // Thread counts to run at (0: NULL threadpool); default: NULL and one of 1, 2, 3 by seed
  // (8 spin-waiting threads on a loaded 2-core machine are slow; the Threads test uses 8).
  ConvolutionOperatorTester& threads(std::vector<size_t> v) { threads_ = std::move(v); return *this; }
  ConvolutionOperatorTester& iterations(size_t v) { iterations_ = v; return *this; }
  ConvolutionOperatorTester& seed(uint32_t v) { seed_ = v; return *this; }
  // XQNN_FLAG_TFLITE_REQUANTIZATION, checked against tflite-requantization-reference.h.
  ConvolutionOperatorTester& tflite(bool v) { tflite_ = v; return *this; }
  // Int8 types: half of the weights and half of the input bytes are -128 (the
  // full int8 range; adjacent (-128) * (-128) products overflow 16-bit pair sums).
  ConvolutionOperatorTester& minus128(bool v) { minus128_ = v; return *this; }

  std::string Describe(ConvType type) const {
    char buf[512];
    snprintf(buf, sizeof(buf),
             "%s batch=%zu in=%zux%zu kernel=%ux%u stride=%ux%u dilation=%ux%u pad=(%u,%u,%u,%u)%s "
             "groups=%u gic=%zu goc=%zu%s in_stride=%zu out_stride=%zu zp=(%d,%d,%d) seed=%u%s%s",
             ConvTypeName(type), batch_, ih_, iw_, a_.kernel_height, a_.kernel_width,
             a_.stride_height, a_.stride_width, a_.dilation_height, a_.dilation_width, a_.pad_top,
             a_.pad_right, a_.pad_bottom, a_.pad_left, same_ ? " SAME" : "", a_.groups, a_.gic,
             a_.goc, depthwise_ ? " depthwise" : "", a_.InputStride(), a_.OutputStride(),
             a_.input_zero_point, a_.kernel_zero_point, a_.output_zero_point, seed_,
             tflite_ ? " tflite" : "", minus128_ ? " minus128" : "");
    return buf;
  }

  void Test(ConvType type) const {
    SCOPED_TRACE(Describe(type));
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    const bool qu8 = type == ConvType::kQU8;
    const int32_t tmin = qu8 ? 0 : -128, tmax = qu8 ? 255 : 127;
    std::mt19937 rng(seed_);
    std::uniform_int_distribution<int32_t> x_dist(tmin, tmax);
    std::uniform_int_distribution<int32_t> zp_dist(tmin, tmax);
    std::uniform_int_distribution<int32_t> bias_dist(-20000, 20000);
    std::uniform_real_distribution<float> log_dist(-8.0f, 0.0f);
    std::uniform_real_distribution<float> spread_dist(-spread_, spread_);

    ConvCreateArgs a = a_;
    if (same_) a.flags |= XQNN_FLAG_TENSORFLOW_SAME_PADDING;
    if (depthwise_) a.flags |= XQNN_FLAG_DEPTHWISE_CONVOLUTION;
    if (tflite_) a.flags |= XQNN_FLAG_TFLITE_REQUANTIZATION;
    const size_t groups = a.groups, gic = a.gic, goc = a.goc;
    const size_t channels = groups * goc;
    const size_t ks = (size_t) a.kernel_height * a.kernel_width;

    for (size_t iteration = 0; iteration < iterations_; iteration++) {
      if (!zp_set_) a.input_zero_point = zp_dist(rng);
      if (!kzp_set_) a.kernel_zero_point = qu8 ? zp_dist(rng) : 0;
      if (!ozp_set_) a.output_zero_point = zp_dist(rng);
      a.output_min = range_set_ ? lo_ : tmin;
      a.output_max = range_set_ ? hi_ : tmax;
      // Weights: per channel a random magnitude, so accumulators (and scales) differ per channel.
      std::vector<uint8_t> kernel(channels * ks * gic);
      std::vector<int32_t> magnitude(channels);
      const int32_t magnitudes[] = {1, 5, 31, 127};
      for (auto& m : magnitude) m = magnitudes[rng() % 4];
      for (size_t c = 0; c < channels; c++) {
        for (size_t i = 0; i < ks * gic; i++) {
          const int32_t m = type == ConvType::kQS8QC8W ? magnitude[c] : 127;
          int32_t v = std::uniform_int_distribution<int32_t>(-m, m)(rng);
          if (qu8) v = std::min(std::max(v + a.kernel_zero_point, 0), 255);
          else if (minus128_ && rng() % 2 == 0) v = -128;
          kernel[KernelIndex(a, c, i / gic, i % gic)] = (uint8_t) v;
        }
      }
      std::vector<int32_t> bias(channels);
      for (auto& b : bias) b = bias_dist(rng);
      a.kernel = kernel.data();
      a.bias = no_bias_ ? nullptr : bias.data();
      a.input_scale = std::exp2(log_dist(rng));
      a.output_scale = std::exp2(log_dist(rng));

      // Input: every byte random, gaps included (they must not matter).
      const size_t in_stride = a.InputStride(), out_stride = a.OutputStride();
      std::vector<size_t> sizes = {ih_, iw_};
      if (next_ih_ != 0) { sizes.push_back(next_ih_); sizes.push_back(next_iw_); }
      size_t max_pixels = 0;
      for (size_t i = 0; i < sizes.size(); i += 2) max_pixels = std::max(max_pixels, sizes[i] * sizes[i + 1]);
      std::vector<uint8_t> input(batch_ * max_pixels * in_stride + XQNN_EXTRA_BYTES);
      for (auto& v : input) v = (uint8_t) (!qu8 && minus128_ && rng() % 2 == 0 ? -128 : x_dist(rng));

      // Accumulators of the first size, to choose scales that use the output range.
      size_t oh, ow;
      std::vector<int64_t> acc = Accumulate(qu8, a, input, sizes[0], sizes[1], bias, &oh, &ow);
      std::vector<float> kernel_scales(channels);
      {
        std::vector<double> sigma(channels, 0.0);
        const size_t pixels = batch_ * oh * ow;
        for (size_t c = 0; c < channels; c++) {
          double s = 0.0;
          for (size_t p = 0; p < pixels; p++) s += (double) acc[p * channels + c] * (double) acc[p * channels + c];
          sigma[c] = std::sqrt(s / (double) std::max<size_t>(pixels, 1)) + 1.0;
        }
        std::vector<double> sorted = sigma;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted[channels / 2];
        for (size_t c = 0; c < channels; c++) {
          const double s = type == ConvType::kQS8QC8W ? sigma[c] : median;
          double r = 50.0 / s;
          if (type == ConvType::kQS8QC8W) r *= std::exp2((double) spread_dist(rng));
          r = std::min(std::max(r, 0x1.0p-24), 64.0);
          kernel_scales[c] = (float) (r * a.output_scale / a.input_scale);
        }
      }
      a.kernel_scale = kernel_scales[channels / 2];
      a.kernel_scales = kernel_scales.data();

      xqnn_operator_t raw = nullptr;
      ASSERT_EQ(CreateConvolution(type, a, &raw), xqnn_status_success);
      OperatorPtr op(raw);

      for (size_t s = 0; s < sizes.size(); s += 2) {
        const size_t h = sizes[s], w = sizes[s + 1];
        SCOPED_TRACE("reshape to " + std::to_string(h) + "x" + std::to_string(w));
        if (s != 0) acc = Accumulate(qu8, a, input, h, w, bias, &oh, &ow);
        // Reference outputs.
        std::vector<int32_t> expected(acc.size());
        for (size_t p = 0; p < acc.size() / channels; p++) {
          for (size_t c = 0; c < channels; c++) {
            const float ks_c = type == ConvType::kQS8QC8W ? kernel_scales[c] : a.kernel_scale;
            if (tflite_) {
              expected[p * channels + c] = ReferenceRequantizeTflite(
                  acc[p * channels + c], a.input_scale, ks_c, a.output_scale, /*float_product=*/qu8,
                  a.output_zero_point, a.output_min, a.output_max);
              continue;
            }
            const float scale = ReferenceRequantizationScale(a.input_scale, ks_c, a.output_scale);
            const int32_t reference = xqnn_requantize_fp32_reference(
                (int32_t) acc[p * channels + c], scale, a.output_zero_point, a.output_min, a.output_max);
            // Two independent references of the same scheme must agree.
            ASSERT_EQ(reference, ReferenceRequantize(acc[p * channels + c], scale, a.output_zero_point,
                                                     a.output_min, a.output_max));
            expected[p * channels + c] = reference;
          }
        }
        std::vector<uint8_t> output(batch_ * oh * ow * out_stride + 16);
        const std::vector<size_t> thread_counts =
            threads_.empty() ? std::vector<size_t>{0, 1 + seed_ % 3} : threads_;
        for (size_t threads : thread_counts) {
          // 0: no threadpool (the caller's thread).
          pthreadpool_t pool = TestThreadpool(threads);
          SCOPED_TRACE("threads=" + std::to_string(threads));
          size_t got_h = 0, got_w = 0;
          ASSERT_EQ(ReshapeConvolution(type, op.get(), batch_, h, w, &got_h, &got_w, pool),
                    xqnn_status_success);
          ASSERT_EQ(got_h, oh);
          ASSERT_EQ(got_w, ow);
          std::fill(output.begin(), output.end(), kCanary);
          ASSERT_EQ(SetupConvolution(type, op.get(), input.data(), output.data()), xqnn_status_success);
          ASSERT_EQ(xqnn_run_operator(op.get(), pool), xqnn_status_success);
          for (size_t p = 0; p < batch_ * oh * ow; p++) {
            for (size_t c = 0; c < out_stride; c++) {
              const uint8_t byte = output[p * out_stride + c];
              if (c < channels) {
                const int32_t actual = qu8 ? (int32_t) byte : (int32_t) (int8_t) byte;
                ASSERT_EQ(actual, expected[p * channels + c])
                    << "pixel " << p << " (of " << oh << "x" << ow << "), channel " << c
                    << ", accumulator " << acc[p * channels + c];
              } else {
                ASSERT_EQ(byte, kCanary) << "stray write in the pixel-stride gap: pixel " << p << ", element " << c;
              }
            }
          }
          for (size_t i = batch_ * oh * ow * out_stride; i < output.size(); i++) {
            ASSERT_EQ(output[i], kCanary) << "stray write past the output";
          }
        }
      }
    }
  }

 private:
  size_t KernelIndex(const ConvCreateArgs& a, size_t c, size_t tap, size_t ic) const {
    if (depthwise_) return tap * a.groups * a.goc + c;  // [kh][kw][groups * multiplier]
    return (c * a.kernel_height * a.kernel_width + tap) * a.gic + ic;  // [groups][goc][kh][kw][gic]
  }

  // Naive convolution; padding per DESIGN.md section 8 computed independently here.
  std::vector<int64_t> Accumulate(bool qu8, const ConvCreateArgs& a, const std::vector<uint8_t>& input,
                                  size_t ih, size_t iw, const std::vector<int32_t>& bias,
                                  size_t* oh_out, size_t* ow_out) const {
    const int64_t ekh = (int64_t) (a.kernel_height - 1) * a.dilation_height + 1;
    const int64_t ekw = (int64_t) (a.kernel_width - 1) * a.dilation_width + 1;
    int64_t pt = a.pad_top, pb = a.pad_bottom, pl = a.pad_left, pr = a.pad_right;
    if (same_) {
      const int64_t oh = ((int64_t) ih + a.stride_height - 1) / a.stride_height;
      const int64_t ow = ((int64_t) iw + a.stride_width - 1) / a.stride_width;
      const int64_t th = std::max<int64_t>((oh - 1) * a.stride_height + ekh - (int64_t) ih, 0);
      const int64_t tw = std::max<int64_t>((ow - 1) * a.stride_width + ekw - (int64_t) iw, 0);
      pt = th / 2; pb = th - pt; pl = tw / 2; pr = tw - pl;
    }
    const int64_t oh = ((int64_t) ih + pt + pb - ekh) / a.stride_height + 1;
    const int64_t ow = ((int64_t) iw + pl + pr - ekw) / a.stride_width + 1;
    EXPECT_GT(oh, 0);
    EXPECT_GT(ow, 0);
    *oh_out = (size_t) oh;
    *ow_out = (size_t) ow;
    const size_t groups = a.groups, gic = a.gic, goc = a.goc, channels = groups * goc;
    const size_t in_stride = a.InputStride();
    const uint8_t* kernel = (const uint8_t*) a.kernel;
    std::vector<int64_t> acc(batch_ * oh * ow * channels);
    for (size_t n = 0; n < batch_; n++) {
      for (int64_t oy = 0; oy < oh; oy++) {
        for (int64_t ox = 0; ox < ow; ox++) {
          for (size_t g = 0; g < groups; g++) {
            for (size_t m = 0; m < goc; m++) {
              const size_t c = g * goc + m;
              int64_t sum = no_bias_ ? 0 : bias[c];
              for (size_t ky = 0; ky < a.kernel_height; ky++) {
                const int64_t iy = oy * a.stride_height + (int64_t) ky * a.dilation_height - pt;
                if (iy < 0 || iy >= (int64_t) ih) continue;
                for (size_t kx = 0; kx < a.kernel_width; kx++) {
                  const int64_t ix = ox * a.stride_width + (int64_t) kx * a.dilation_width - pl;
                  if (ix < 0 || ix >= (int64_t) iw) continue;
                  const uint8_t* px = &input[((n * ih + iy) * iw + ix) * in_stride + g * gic];
                  for (size_t ic = 0; ic < gic; ic++) {
                    const uint8_t wb = kernel[KernelIndex(a, c, ky * a.kernel_width + kx, ic)];
                    int64_t xv, wv;
                    if (qu8) {
                      xv = (int64_t) px[ic] - a.input_zero_point;
                      wv = (int64_t) wb - a.kernel_zero_point;
                    } else {
                      xv = (int64_t) (int8_t) px[ic] - a.input_zero_point;
                      wv = (int8_t) wb;
                    }
                    sum += xv * wv;
                  }
                }
              }
              acc[((n * oh + oy) * ow + ox) * channels + c] = sum;
            }
          }
        }
      }
    }
    return acc;
  }

 private:
  static constexpr uint8_t kCanary = kCanaryByte;
  ConvCreateArgs a_;
  bool same_ = false, depthwise_ = false, no_bias_ = false, tflite_ = false, minus128_ = false;
  bool zp_set_ = false, kzp_set_ = false, ozp_set_ = false, range_set_ = false;
  int32_t lo_ = 0, hi_ = 0;
  float spread_ = 0.0f;
  size_t batch_ = 1, ih_ = 5, iw_ = 5, next_ih_ = 0, next_iw_ = 0;
  std::vector<size_t> threads_ = {};
  size_t iterations_ = 1;
  uint32_t seed_ = 1;
};
