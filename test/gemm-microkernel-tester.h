// Tester for gemm / igemm micro-kernels: builds random A, weights, bias and
// scales, packs them with the library's packing, runs the kernel and compares
// every output bit for bit with a reference computed here from the definition:
//   out[m][n] = requantize(bias[n] + sum_k (a[m][k] - a_zp) * (w[n][k] - w_zp), scale[n])
// with requantize the fp32 scheme, or TFLite's fixed-point one for kernels with
// TFLite requantization (tflite(true); reference: tflite-requantization-reference.h).
// Int8 weights are drawn from [-127, 127], or from [-128, 127] with
// full_range(true) (kernels whose .inc row says full_range); extremes(true)
// draws A and W from their two extreme values only (int8: -128 and 127, the
// largest products: -128 * -128 pairs overflow 16-bit pair sums); all_min(true)
// sets every byte of A and W to the minimum of its range (int8: the worst case,
// every product (-128) * (-128)).
// Output buffers are pre-filled with a canary byte so stray writes show.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/packing.h"
#include "xqnn/requantization.h"
#include "tflite-requantization-reference.h"

enum class GemmType { kQS8, kQU8 };

class GemmMicrokernelTester {
 public:
  GemmMicrokernelTester& mr(size_t v) { mr_ = v; return *this; }
  GemmMicrokernelTester& nr(size_t v) { nr_ = v; return *this; }
  GemmMicrokernelTester& kr(size_t v) { kr_ = v; return *this; }
  GemmMicrokernelTester& sr(size_t v) { sr_ = v; return *this; }
  // The kernel's xqnn_gemm_packing.input_offset (xqnn_gemm_input_offset).
  GemmMicrokernelTester& input_offset(int32_t v) { input_offset_ = v; return *this; }
  // The kernel reads weights packed as int16 (.inc weights column 2).
  GemmMicrokernelTester& int16_weights(bool v) { int16_weights_ = v; return *this; }
  GemmMicrokernelTester& m(size_t v) { m_ = v; return *this; }
  GemmMicrokernelTester& n(size_t v) { n_ = v; return *this; }
  GemmMicrokernelTester& k(size_t v) { k_ = v; return *this; }
  GemmMicrokernelTester& ks(size_t v) { ks_ = v; return *this; }
  GemmMicrokernelTester& a_stride(size_t v) { a_stride_ = v; return *this; }
  GemmMicrokernelTester& cm_stride(size_t v) { cm_stride_ = v; return *this; }
  GemmMicrokernelTester& cn_stride(size_t v) { cn_stride_ = v; return *this; }
  GemmMicrokernelTester& a_zero_point(int32_t v) { a_zero_point_ = v; return *this; }
  GemmMicrokernelTester& b_zero_point(int32_t v) { b_zero_point_ = v; return *this; }
  GemmMicrokernelTester& c_zero_point(int32_t v) { c_zero_point_ = v; return *this; }
  GemmMicrokernelTester& qmin(int32_t v) { qmin_ = v; return *this; }
  GemmMicrokernelTester& qmax(int32_t v) { qmax_ = v; return *this; }
  GemmMicrokernelTester& a_offset(size_t v) { a_offset_ = v; return *this; }
  GemmMicrokernelTester& zero_index(size_t v) { zero_index_ = v; return *this; }
  GemmMicrokernelTester& iterations(size_t v) { iterations_ = v; return *this; }
  GemmMicrokernelTester& seed(uint32_t v) { seed_ = v; return *this; }
  GemmMicrokernelTester& tflite(bool v) { tflite_ = v; return *this; }
  GemmMicrokernelTester& full_range(bool v) { full_range_ = v; return *this; }
  GemmMicrokernelTester& extremes(bool v) { extremes_ = v; return *this; }
  GemmMicrokernelTester& all_min(bool v) { all_min_ = v; return *this; }
  // Biases uniform in [-v, v] (default 10000); large ones put the
  // accumulators near the int32 limits (keep k small so they cannot wrap).
  GemmMicrokernelTester& bias_limit(int32_t v) { bias_limit_ = v; return *this; }
  // Inputs and weights within v of their zero points (default: the whole
  // type), so that scales near 1 leave the outputs off the clamps.
  GemmMicrokernelTester& value_limit(int32_t v) { value_limit_ = v; return *this; }
  // Scales (or TFLite multipliers) are 2^u with u uniform in [lo, hi).
  GemmMicrokernelTester& scale_log2(float lo, float hi) { scale_log2_lo_ = lo; scale_log2_hi_ = hi; return *this; }

  size_t mr() const { return mr_; }
  size_t nr() const { return nr_; }
  bool full_range() const { return full_range_; }

  std::string Describe() const {
    return "m=" + std::to_string(m_) + " n=" + std::to_string(n_) + " k=" + std::to_string(k_) +
           " ks=" + std::to_string(ks_) + " a_stride=" + std::to_string(AStride()) +
           " cm_stride=" + std::to_string(CmStride()) + " cn_stride=" + std::to_string(CnStride()) +
           " a_zp=" + std::to_string(a_zero_point_) + " b_zp=" + std::to_string(b_zero_point_) +
           " c_zp=" + std::to_string(c_zero_point_) + " qmin=" + std::to_string(qmin_) +
           " qmax=" + std::to_string(qmax_) + " seed=" + std::to_string(seed_) +
           " scale_log2=[" + std::to_string(scale_log2_lo_) + ", " + std::to_string(scale_log2_hi_) + ")" +
           (tflite_ ? " tflite" : "") + (full_range_ ? " full_range" : "") + (extremes_ ? " extremes" : "") + (all_min_ ? " all_min" : "") +
           " bias_limit=" + std::to_string(bias_limit_) + " value_limit=" + std::to_string(value_limit_);
  }

  void Test(xqnn_gemm_ukernel_fn gemm, GemmType type) const { Run(gemm, nullptr, type); }
  void Test(xqnn_igemm_ukernel_fn igemm, GemmType type) const { Run(nullptr, igemm, type); }

 private:
  size_t AStride() const { return a_stride_ != 0 ? a_stride_ : k_; }
  size_t CmStride() const { return cm_stride_ != 0 ? cm_stride_ : n_; }
  size_t CnStride() const { return cn_stride_ != 0 ? cn_stride_ : nr_; }

  void Run(xqnn_gemm_ukernel_fn gemm, xqnn_igemm_ukernel_fn igemm, GemmType type) const {
    SCOPED_TRACE(Describe());
    const bool qu8 = type == GemmType::kQU8;
    std::mt19937 rng(seed_);
    const int32_t type_min = qu8 ? 0 : -128, type_max = qu8 ? 255 : 127;
    std::uniform_int_distribution<int32_t> a_dist(std::max(type_min, a_zero_point_ - value_limit_),
                                                  std::min(type_max, a_zero_point_ + value_limit_));
    const int32_t w_min = qu8 ? 0 : full_range_ ? -128 : -127;
    std::uniform_int_distribution<int32_t> w_dist(std::max(w_min, b_zero_point_ - value_limit_),
                                                  std::min(type_max, b_zero_point_ + value_limit_));
    std::uniform_int_distribution<int32_t> coin(0, 1);
    std::uniform_int_distribution<int32_t> bias_dist(-bias_limit_, bias_limit_);
    std::uniform_real_distribution<float> log_scale_dist(scale_log2_lo_, scale_log2_hi_);

    const size_t ks = igemm != nullptr ? ks_ : 1;
    const size_t a_stride = AStride();
    // The input pool that rows (and, for igemm, taps) are read from.
    const size_t a_rows = igemm != nullptr ? ks * mr_ : m_;
    std::vector<uint8_t> a((a_rows - 1) * a_stride + k_ + XQNN_EXTRA_BYTES + a_offset_);
    std::vector<uint8_t> zero(k_ + XQNN_EXTRA_BYTES, (uint8_t) a_zero_point_);
    std::vector<uint8_t> w(n_ * ks * k_);
    std::vector<int32_t> bias(n_);
    std::vector<float> scale(n_);
    const size_t cm_stride = CmStride();
    const size_t cn_stride = CnStride();
    const size_t c_size = (m_ - 1) * cm_stride + ((n_ - 1) / nr_) * cn_stride + (n_ - 1) % nr_ + 1;
    std::vector<uint8_t> c(c_size + 64);
    std::vector<const void*> indirection(ks * mr_);

    for (size_t iteration = 0; iteration < iterations_; iteration++) {
      for (auto& v : a) v = (uint8_t) (all_min_ ? a_dist.min() : extremes_ ? (coin(rng) ? a_dist.max() : a_dist.min()) : a_dist(rng));
      for (auto& v : w) v = (uint8_t) (all_min_ ? w_dist.min() : extremes_ ? (coin(rng) ? w_dist.max() : w_dist.min()) : w_dist(rng));
      for (auto& v : bias) v = bias_dist(rng);
      for (auto& v : scale) v = std::exp2(log_scale_dist(rng));

      // Row pointers of every (tap, row): rows m..mr-1 repeat row m-1 (kernel contract).
      std::vector<const uint8_t*> row_ptr(ks * mr_);
      for (size_t t = 0; t < ks; t++) {
        for (size_t i = 0; i < mr_; i++) {
          // igemm: rows past m point at other valid data (as an operator's padded
          // tiles do); gemm: the kernel aliases them itself.
          const size_t row = igemm != nullptr ? i : std::min(i, m_ - 1);
          const uint8_t* p = a.data() + a_offset_ + (igemm != nullptr ? (t * mr_ + row) : row) * a_stride;
          if (igemm != nullptr && zero_index_ != SIZE_MAX && (t * mr_ + row) % 5 == zero_index_ % 5) {
            p = zero.data();
          }
          row_ptr[t * mr_ + i] = p;
          indirection[t * mr_ + i] =
              p == zero.data() ? (const void*) zero.data() : (const void*) (p - a_offset_);
        }
      }

      // TFLite: one multiplier per channel (QU8 too: the kernels read them per channel).
      std::vector<tflite_reference::Multiplier> multipliers(n_);
      std::vector<xqnn_tflite_multiplier> packed_multipliers(n_);
      for (size_t j = 0; j < n_; j++) {
        multipliers[j] = tflite_reference::QuantizeMultiplier(scale[j]);
        packed_multipliers[j] = {multipliers[j].multiplier, multipliers[j].exponent};
      }

      xqnn_gemm_packing packing = {};
      packing.type = qu8 ? xqnn_packed_weights_qu8 : xqnn_packed_weights_qs8_qc8w;
      packing.groups = 1;
      packing.nc = n_;
      packing.ks = ks;
      packing.kc = k_;
      packing.nr = nr_;
      packing.kr = kr_;
      packing.sr = sr_;
      packing.kernel = w.data();
      packing.bias = bias.data();
      packing.scale = scale.data();
      packing.tflite_multipliers = tflite_ ? packed_multipliers.data() : nullptr;
      packing.input_zero_point = a_zero_point_;
      packing.kernel_zero_point = b_zero_point_;
      packing.input_offset = input_offset_;
      packing.int16_weights = int16_weights_;
      std::vector<uint8_t> packed(xqnn_packed_gemm_group_size(&packing));
      xqnn_pack_gemm_weights(&packing, packed.data());

      union {
        xqnn_qs8_qc8w_conv_minmax_params qs8;
        xqnn_qu8_conv_minmax_params qu8;
      } params;
      // fp32 QU8 kernels take one scale per tensor: use channel 0's everywhere.
      if (tflite_) {
        xqnn_init_q8_conv_minmax_tflite_scalar_params(&params.qs8.tflite_scalar, qu8 ? b_zero_point_ : 0,
                                                      c_zero_point_, qmin_, qmax_);
      } else if (qu8) {
        std::fill(scale.begin(), scale.end(), scale[0]);
        xqnn_init_qu8_conv_minmax_fp32_scalar_params(&params.qu8, (uint8_t) b_zero_point_, scale[0],
                                                     (uint8_t) c_zero_point_, (uint8_t) qmin_, (uint8_t) qmax_);
      } else {
        xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(&params.qs8, (int8_t) c_zero_point_,
                                                          (int8_t) qmin_, (int8_t) qmax_);
      }

      // Reference.
      std::vector<int32_t> expected(m_ * n_);
      for (size_t i = 0; i < m_; i++) {
        for (size_t j = 0; j < n_; j++) {
          int64_t acc = bias[j];
          for (size_t t = 0; t < ks; t++) {
            const uint8_t* row = row_ptr[t * mr_ + i];
            for (size_t kk = 0; kk < k_; kk++) {
              const int32_t av = qu8 ? (int32_t) row[kk] : (int32_t) (int8_t) row[kk];
              const uint8_t wb = w[(j * ks + t) * k_ + kk];
              const int32_t wv = qu8 ? (int32_t) wb - b_zero_point_ : (int32_t) (int8_t) wb;
              acc += (int64_t) (av - a_zero_point_) * wv;
            }
          }
          expected[i * n_ + j] =
              tflite_ ? tflite_reference::Requantize((int32_t) acc, multipliers[j], c_zero_point_, qmin_, qmax_)
                      : xqnn_requantize_fp32_reference((int32_t) acc, scale[j], c_zero_point_, qmin_, qmax_);
        }
      }

      std::fill(c.begin(), c.end(), kCanary);
      if (gemm != nullptr) {
        gemm(m_, n_, k_, a.data() + a_offset_, a_stride, packed.data(), c.data(), cm_stride,
             cn_stride, &params, nullptr);
      } else {
        igemm(m_, n_, k_, ks, indirection.data(), packed.data(), c.data(), cm_stride, cn_stride,
              a_offset_, zero.data(), &params, nullptr);
      }

      std::vector<bool> written(c.size(), false);
      for (size_t i = 0; i < m_; i++) {
        for (size_t j = 0; j < n_; j++) {
          const size_t index = i * cm_stride + (j / nr_) * cn_stride + j % nr_;
          written[index] = true;
          const int32_t actual = qu8 ? (int32_t) c[index] : (int32_t) (int8_t) c[index];
          ASSERT_EQ(actual, expected[i * n_ + j]) << "at row " << i << ", column " << j;
        }
      }
      for (size_t index = 0; index < c.size(); index++) {
        if (!written[index]) {
          ASSERT_EQ(c[index], kCanary) << "stray write at byte " << index;
        }
      }
    }
  }

  static constexpr uint8_t kCanary = 0xA5;
  size_t mr_ = 1, nr_ = 1, kr_ = 1, sr_ = 1;
  int32_t input_offset_ = 0;
  bool int16_weights_ = false;
  size_t m_ = 1, n_ = 1, k_ = 1, ks_ = 1;
  size_t a_stride_ = 0, cm_stride_ = 0, cn_stride_ = 0;
  int32_t a_zero_point_ = 0, b_zero_point_ = 0, c_zero_point_ = 0;
  int32_t qmin_ = -128, qmax_ = 127;
  size_t a_offset_ = 0;
  size_t zero_index_ = SIZE_MAX;
  size_t iterations_ = 3;
  uint32_t seed_ = 1;
  bool tflite_ = false;
  int32_t bias_limit_ = 10000;
  int32_t value_limit_ = 256;
  bool full_range_ = false;
  bool extremes_ = false;
  bool all_min_ = false;
  float scale_log2_lo_ = -12.0f, scale_log2_hi_ = -4.0f;
};
