// Tester for dwconv micro-kernels: random input rows, weights, bias and
// scales; packs them with xqnn_pack_dwconv_weights, runs the kernel and
// compares every output bit for bit with a reference computed here:
//   out[x][c] = requantize(bias[c] + sum_t (in(x, t)[c] - x_zp) * (w[c][t] - w_zp), scale[c])
// where in(x, t) is the row that indirection entry x * step + t designates (the
// zero row for padding taps). Int8 weights span [-128, 127] (every dwconv
// kernel multiplies in 32 bits: exact over the full range); all_min(true) sets
// every input and weight byte to the minimum of its range (int8: -128, every
// product 2^14). Outputs are pre-filled with a canary byte.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/packing.h"
#include "xqnn/requantization.h"
#include "tflite-requantization-reference.h"

class DwconvMicrokernelTester {
 public:
  DwconvMicrokernelTester& channel_tile(size_t v) { channel_tile_ = v; return *this; }
  DwconvMicrokernelTester& multipass(bool v) { multipass_ = v; return *this; }
  DwconvMicrokernelTester& pair_lanes(size_t v) { pair_lanes_ = v; return *this; }
  DwconvMicrokernelTester& quad_lanes(size_t v) { quad_lanes_ = v; return *this; }
  DwconvMicrokernelTester& channels(size_t v) { channels_ = v; return *this; }
  DwconvMicrokernelTester& kernel_size(size_t v) { kernel_size_ = v; return *this; }
  DwconvMicrokernelTester& width(size_t v) { width_ = v; return *this; }
  // Indirection entries between consecutive output pixels (0: kernel_size).
  DwconvMicrokernelTester& step(size_t v) { step_ = v; return *this; }
  DwconvMicrokernelTester& output_stride(size_t v) { output_stride_ = v; return *this; }
  DwconvMicrokernelTester& input_offset(size_t v) { input_offset_ = v; return *this; }
  // Indirection entries i with i % 5 == zero_index point at the zero row.
  DwconvMicrokernelTester& zero_index(size_t v) { zero_index_ = v; return *this; }
  DwconvMicrokernelTester& input_zero_point(int32_t v) { input_zero_point_ = v; return *this; }
  DwconvMicrokernelTester& kernel_zero_point(int32_t v) { kernel_zero_point_ = v; return *this; }
  DwconvMicrokernelTester& output_zero_point(int32_t v) { output_zero_point_ = v; return *this; }
  // Scales 2^v times those that put the accumulators in the output range.
  DwconvMicrokernelTester& scale_log2_offset(float v) { scale_log2_offset_ = v; return *this; }
  DwconvMicrokernelTester& qmin(int32_t v) { qmin_ = v; return *this; }
  DwconvMicrokernelTester& qmax(int32_t v) { qmax_ = v; return *this; }
  DwconvMicrokernelTester& iterations(size_t v) { iterations_ = v; return *this; }
  DwconvMicrokernelTester& seed(uint32_t v) { seed_ = v; return *this; }
  // TFLite requantization (tflite-requantization-reference.h) instead of fp32.
  DwconvMicrokernelTester& tflite(bool v) { tflite_ = v; return *this; }
  DwconvMicrokernelTester& all_min(bool v) { all_min_ = v; return *this; }
  // Inputs and weights within 1 of their zero points, biases in [-20, 20] and
  // scales 2^u, u uniform in [-1, 1): outputs off the clamps at scales around
  // 1 (TFLite: right shifts of 0 and left shifts of 1 in one tile).
  DwconvMicrokernelTester& unit_scales(bool v) { unit_scales_ = v; return *this; }
  // Biases up to +-(2^31 - 2^24) and scales 2^u, u uniform in [0, 8): scaled
  // sums far beyond int32 either way (fp32 requantization only).
  DwconvMicrokernelTester& huge_sums(bool v) { huge_sums_ = v; return *this; }

  std::string Describe() const {
    return "channels=" + std::to_string(channels_) + " kernel_size=" + std::to_string(kernel_size_) +
           " width=" + std::to_string(width_) + " step=" + std::to_string(Step()) +
           " output_stride=" + std::to_string(OutputStride()) + " input_offset=" +
           std::to_string(input_offset_) + " zero_index=" + std::to_string((long long) zero_index_) +
           " zp=(" + std::to_string(input_zero_point_) + "," + std::to_string(kernel_zero_point_) +
           "," + std::to_string(output_zero_point_) + ") q=[" + std::to_string(qmin_) + "," +
           std::to_string(qmax_) + "] seed=" + std::to_string(seed_) + (tflite_ ? " tflite" : "") + (all_min_ ? " all_min" : "") + (unit_scales_ ? " unit_scales" : "") + (huge_sums_ ? " huge_sums" : "");
  }

  void Test(xqnn_dwconv_ukernel_fn dwconv, bool qu8) const {
    SCOPED_TRACE(Describe());
    std::mt19937 rng(seed_);
    const int32_t type_min = qu8 ? 0 : -128, type_max = qu8 ? 255 : 127;
    const int32_t value_limit = unit_scales_ ? 1 : 256;
    const int32_t bias_limit = unit_scales_ ? 20 : huge_sums_ ? INT32_MAX - (INT32_C(1) << 24) : 20000;
    std::uniform_int_distribution<int32_t> x_dist(std::max(type_min, input_zero_point_ - value_limit),
                                                  std::min(type_max, input_zero_point_ + value_limit));
    std::uniform_int_distribution<int32_t> w_dist(std::max(type_min, kernel_zero_point_ - value_limit),
                                                  std::min(type_max, kernel_zero_point_ + value_limit));
    std::uniform_int_distribution<int32_t> bias_dist(-bias_limit, bias_limit);
    const size_t step = Step();
    const size_t entries = (width_ - 1) * step + kernel_size_;
    const size_t rows = entries;  // one distinct input row per indirection entry
    const size_t channels = channels_;
    const size_t out_stride = OutputStride();

    std::vector<uint8_t> input(input_offset_ + rows * channels + XQNN_EXTRA_BYTES);
    std::vector<uint8_t> zero(channels + XQNN_EXTRA_BYTES, (uint8_t) input_zero_point_);
    std::vector<uint8_t> kernel(channels * kernel_size_);
    std::vector<int32_t> bias(channels);
    std::vector<float> scale(channels);
    std::vector<const void*> indirection(entries);
    std::vector<const uint8_t*> row_ptr(entries);
    std::vector<uint8_t> output((width_ - 1) * out_stride + channels + 32);
    std::vector<int32_t> buffer(channels);

    for (size_t iteration = 0; iteration < iterations_; iteration++) {
      for (auto& v : input) v = (uint8_t) (all_min_ ? x_dist.min() : x_dist(rng));
      for (auto& v : kernel) v = (uint8_t) (all_min_ ? w_dist.min() : w_dist(rng));
      for (auto& v : bias) v = bias_dist(rng);
      for (size_t i = 0; i < entries; i++) {
        const bool is_zero = zero_index_ != SIZE_MAX && i % 5 == zero_index_ % 5;
        row_ptr[i] = is_zero ? zero.data() : input.data() + input_offset_ + i * channels;
        indirection[i] = is_zero ? (const void*) zero.data() : (const void*) (uintptr_t) (i * channels);
      }
      // Accumulators, then scales that put them in the output range.
      std::vector<int64_t> acc(width_ * channels);
      for (size_t x = 0; x < width_; x++) {
        for (size_t c = 0; c < channels; c++) {
          int64_t sum = bias[c];
          for (size_t t = 0; t < kernel_size_; t++) {
            const uint8_t xb = row_ptr[x * step + t][c];
            const uint8_t wb = kernel[c * kernel_size_ + t];
            const int64_t xv = (qu8 ? (int64_t) xb : (int64_t) (int8_t) xb) - input_zero_point_;
            const int64_t wv = qu8 ? (int64_t) wb - kernel_zero_point_ : (int64_t) (int8_t) wb;
            sum += xv * wv;
          }
          acc[x * channels + c] = sum;
        }
      }
      std::uniform_real_distribution<float> spread(-1.0f, 1.0f);
      // all_min: every product is the same, so the sum grows with kernel_size, not its root.
      const double terms = all_min_ ? (double) kernel_size_ : std::sqrt((double) kernel_size_) * 0.35;
      const float base = 40.0f / (float) (terms * 128.0 * 128.0 + 1.0);
      for (auto& s : scale) {
        s = unit_scales_ ? std::exp2(spread(rng))
            : huge_sums_ ? std::exp2(4.0f + 3.99f * spread(rng))
                         : base * std::exp2(spread(rng) + scale_log2_offset_);
      }
      if (qu8 && !tflite_) std::fill(scale.begin(), scale.end(), scale[0]);
      std::vector<tflite_reference::Multiplier> multipliers(channels);
      std::vector<xqnn_tflite_multiplier> packed_multipliers(channels);
      for (size_t c = 0; c < channels; c++) {
        multipliers[c] = tflite_reference::QuantizeMultiplier(scale[c]);
        packed_multipliers[c] = {multipliers[c].multiplier, multipliers[c].exponent};
      }

      xqnn_dwconv_packing packing = {};
      packing.type = qu8 ? xqnn_packed_weights_qu8 : xqnn_packed_weights_qs8_qc8w;
      packing.channels = channels;
      packing.kernel_height = kernel_size_;
      packing.kernel_width = 1;
      packing.channel_tile = channel_tile_;
      packing.pair_lanes = pair_lanes_;
      packing.quad_lanes = quad_lanes_;
      packing.kernel = kernel.data();
      packing.kernel_channel_stride = kernel_size_;
      packing.kernel_tap_stride = 1;
      packing.bias = bias.data();
      packing.scale = scale.data();
      packing.tflite_multipliers = tflite_ ? packed_multipliers.data() : nullptr;
      packing.input_zero_point = input_zero_point_;
      packing.kernel_zero_point = kernel_zero_point_;
      std::vector<uint8_t> packed(xqnn_packed_dwconv_size(&packing));
      xqnn_pack_dwconv_weights(&packing, packed.data());

      union {
        xqnn_qs8_qc8w_conv_minmax_params qs8;
        xqnn_qu8_conv_minmax_params qu8;
      } params;
      if (tflite_) {
        xqnn_init_q8_conv_minmax_tflite_scalar_params(&params.qs8.tflite_scalar, qu8 ? kernel_zero_point_ : 0,
                                                      output_zero_point_, qmin_, qmax_);
      } else if (qu8) {
        xqnn_init_qu8_conv_minmax_fp32_scalar_params(&params.qu8, (uint8_t) kernel_zero_point_, scale[0],
                                                     (uint8_t) output_zero_point_, (uint8_t) qmin_, (uint8_t) qmax_);
      } else {
        xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(&params.qs8, (int8_t) output_zero_point_,
                                                          (int8_t) qmin_, (int8_t) qmax_);
      }

      std::fill(output.begin(), output.end(), kCanary);
      std::fill(buffer.begin(), buffer.end(), 0x5A5A5A5A);
      dwconv(channels, width_, indirection.data(), packed.data(), output.data(),
             step * sizeof(void*), out_stride - channels, (uintptr_t) input.data() + input_offset_,
             zero.data(), kernel_size_, multipass_ ? buffer.data() : nullptr, &params);

      for (size_t x = 0; x < width_; x++) {
        for (size_t c = 0; c < out_stride && x * out_stride + c < output.size(); c++) {
          const uint8_t byte = output[x * out_stride + c];
          if (c < channels) {
            const int32_t expected =
                tflite_ ? tflite_reference::Requantize((int32_t) acc[x * channels + c], multipliers[c],
                                                       output_zero_point_, qmin_, qmax_)
                        : xqnn_requantize_fp32_reference((int32_t) acc[x * channels + c], scale[c],
                                                         output_zero_point_, qmin_, qmax_);
            const int32_t actual = qu8 ? (int32_t) byte : (int32_t) (int8_t) byte;
            ASSERT_EQ(actual, expected) << "pixel " << x << ", channel " << c << ", accumulator "
                                        << acc[x * channels + c];
          } else {
            ASSERT_EQ(byte, kCanary) << "stray write at pixel " << x << ", element " << c;
          }
        }
      }
      for (size_t i = (width_ - 1) * out_stride + channels; i < output.size(); i++) {
        ASSERT_EQ(output[i], kCanary) << "stray write past the output";
      }
    }
  }

 private:
  size_t Step() const { return step_ != 0 ? step_ : kernel_size_; }
  size_t OutputStride() const { return output_stride_ != 0 ? output_stride_ : channels_; }

  static constexpr uint8_t kCanary = 0xA5;
  size_t channel_tile_ = 1;
  bool multipass_ = false;
  size_t pair_lanes_ = 0;
  size_t quad_lanes_ = 0;
  size_t channels_ = 1, kernel_size_ = 1, width_ = 1, step_ = 0, output_stride_ = 0;
  size_t input_offset_ = 0;
  size_t zero_index_ = SIZE_MAX;
  int32_t input_zero_point_ = 0, kernel_zero_point_ = 0, output_zero_point_ = 0;
  float scale_log2_offset_ = 0.0f;
  int32_t qmin_ = -128, qmax_ = 127;
  size_t iterations_ = 2;
  uint32_t seed_ = 1;
  bool tflite_ = false;
  bool unit_scales_ = false;
  bool huge_sums_ = false;
  bool all_min_ = false;
};
