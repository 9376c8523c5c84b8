// Tester for QD8 gemm / igemm micro-kernels (qd8-f32-qc8w, qd8-f16-qc8w):
// random int8 A with per-row (gemm) or per-image (igemm) quantization
// parameters, int8 weights in [-127, 127] (full_range(true): [-128, 127]; all_min:
// every A and W byte -128; extremes: each -128 or 127), per-channel kernel scales and float
// bias, packed with the library's packing; every output compared bit for bit
// with the reference of test/qd8-reference.h:
//   acc = sum_k (a[m][k] - zero_point[m]) * w[n][k]           (exact, int64)
//   out = clamp(((float) acc * scale[m]) * kernel_scale[n] + bias[n])   in f32, that order
//   f16 output: fp16_ieee_from_fp32_value(out)
// Output buffers are pre-filled with a canary byte so stray writes show.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <fp16.h>

#include "qd8-reference.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/packing.h"

class QD8GemmMicrokernelTester {
 public:
  QD8GemmMicrokernelTester& mr(size_t v) { mr_ = v; return *this; }
  QD8GemmMicrokernelTester& nr(size_t v) { nr_ = v; return *this; }
  QD8GemmMicrokernelTester& kr(size_t v) { kr_ = v; return *this; }
  QD8GemmMicrokernelTester& sr(size_t v) { sr_ = v; return *this; }
  QD8GemmMicrokernelTester& m(size_t v) { m_ = v; return *this; }
  QD8GemmMicrokernelTester& n(size_t v) { n_ = v; return *this; }
  QD8GemmMicrokernelTester& k(size_t v) { k_ = v; return *this; }
  QD8GemmMicrokernelTester& ks(size_t v) { ks_ = v; return *this; }
  QD8GemmMicrokernelTester& a_stride(size_t v) { a_stride_ = v; return *this; }
  QD8GemmMicrokernelTester& cm_stride(size_t v) { cm_stride_ = v; return *this; }
  QD8GemmMicrokernelTester& cn_stride(size_t v) { cn_stride_ = v; return *this; }
  // Fixed zero point for every row (otherwise random per row in [-128, 127]).
  QD8GemmMicrokernelTester& zero_point(int32_t v) { zero_point_ = v; fixed_zero_point_ = true; return *this; }
  // Clamping range as fractions (0..255) of the span of the unclamped outputs;
  // 0 / 255 mean -inf / +inf.
  QD8GemmMicrokernelTester& qmin(uint32_t v) { qmin_ = v; return *this; }
  QD8GemmMicrokernelTester& qmax(uint32_t v) { qmax_ = v; return *this; }
  QD8GemmMicrokernelTester& f16_output(bool v) { f16_ = v; return *this; }
  QD8GemmMicrokernelTester& a_offset(size_t v) { a_offset_ = v; return *this; }
  QD8GemmMicrokernelTester& zero_index(size_t v) { zero_index_ = v; return *this; }
  QD8GemmMicrokernelTester& iterations(size_t v) { iterations_ = v; return *this; }
  QD8GemmMicrokernelTester& seed(uint32_t v) { seed_ = v; return *this; }
  QD8GemmMicrokernelTester& full_range(bool v) { full_range_ = v; return *this; }
  // The kernel reads weights packed as int16 (.inc weights column 2).
  QD8GemmMicrokernelTester& int16_weights(bool v) { int16_weights_ = v; return *this; }
  QD8GemmMicrokernelTester& extremes(bool v) { extremes_ = v; return *this; }
  QD8GemmMicrokernelTester& all_min(bool v) { all_min_ = v; return *this; }

  size_t mr() const { return mr_; }
  size_t nr() const { return nr_; }
  bool full_range() const { return full_range_; }

  std::string Describe() const {
    return std::string(f16_ ? "f16" : "f32") + " m=" + std::to_string(m_) + " n=" + std::to_string(n_) +
           " k=" + std::to_string(k_) + " ks=" + std::to_string(ks_) +
           " a_stride=" + std::to_string(AStride()) + " cm_stride=" + std::to_string(CmStride()) +
           " cn_stride=" + std::to_string(CnStride()) +
           " zp=" + (fixed_zero_point_ ? std::to_string(zero_point_) : std::string("random")) +
           " qmin=" + std::to_string(qmin_) + " qmax=" + std::to_string(qmax_) +
           " a_offset=" + std::to_string(a_offset_) + " seed=" + std::to_string(seed_) +
           (full_range_ ? " full_range" : "") + (extremes_ ? " extremes" : "") + (all_min_ ? " all_min" : "");
  }

  void Test(xqnn_gemm_ukernel_fn gemm) const { Run(gemm, nullptr); }
  void Test(xqnn_igemm_ukernel_fn igemm) const { Run(nullptr, igemm); }

 private:
  size_t AStride() const { return a_stride_ != 0 ? a_stride_ : k_; }
  size_t CmStride() const { return cm_stride_ != 0 ? cm_stride_ : n_; }  // elements
  size_t CnStride() const { return cn_stride_ != 0 ? cn_stride_ : nr_; }  // elements

  void Run(xqnn_gemm_ukernel_fn gemm, xqnn_igemm_ukernel_fn igemm) const {
    SCOPED_TRACE(Describe());
    std::mt19937 rng(seed_);
    std::uniform_int_distribution<int32_t> a_dist(-128, 127);
    std::uniform_int_distribution<int32_t> w_dist(full_range_ ? -128 : -127, 127);
    std::uniform_int_distribution<int32_t> coin(0, 1);
    // A and W bytes: all -128, each -128 or 127, or uniform.
    auto draw = [&](std::uniform_int_distribution<int32_t>& dist) {
      return static_cast<int8_t>(all_min_ ? -128 : extremes_ ? (coin(rng) ? 127 : -128) : dist(rng));
    };
    std::uniform_int_distribution<int32_t> zp_dist(-128, 127);
    std::uniform_real_distribution<float> log_scale_dist(-10.0f, -2.0f);
    std::uniform_real_distribution<float> bias_dist(-4.0f, 4.0f);

    const size_t esize = f16_ ? 2 : 4;
    const size_t ks = igemm != nullptr ? ks_ : 1;
    const size_t a_stride = AStride();
    const size_t a_rows = igemm != nullptr ? ks * mr_ : m_;
    std::vector<int8_t> a((a_rows - 1) * a_stride + k_ + XQNN_EXTRA_BYTES + a_offset_);
    std::vector<int8_t> zero(k_ + XQNN_EXTRA_BYTES);
    std::vector<int8_t> w(n_ * ks * k_);
    std::vector<float> bias(n_), kernel_scale(n_);
    std::vector<xqnn_quantization_params> qp(igemm != nullptr ? 1 : m_);
    const size_t cm_stride = CmStride();
    const size_t cn_stride = CnStride();
    const size_t c_elements = (m_ - 1) * cm_stride + ((n_ - 1) / nr_) * cn_stride + (n_ - 1) % nr_ + 1;
    std::vector<uint8_t> c((c_elements + 16) * esize);
    std::vector<const void*> indirection(ks * mr_);

    for (size_t iteration = 0; iteration < iterations_; iteration++) {
      for (auto& v : a) v = draw(a_dist);
      for (auto& v : w) v = draw(w_dist);
      for (auto& v : bias) v = bias_dist(rng);
      for (auto& v : kernel_scale) v = std::exp2(log_scale_dist(rng));
      for (auto& p : qp) {
        p.zero_point = fixed_zero_point_ ? zero_point_ : zp_dist(rng);
        p.scale = std::exp2(log_scale_dist(rng));
      }
      // Padding rows hold the image's zero point (they must contribute 0).
      std::fill(zero.begin(), zero.end(), static_cast<int8_t>(qp[0].zero_point));

      std::vector<const int8_t*> row_ptr(ks * mr_);
      for (size_t t = 0; t < ks; t++) {
        for (size_t i = 0; i < mr_; i++) {
          const size_t row = igemm != nullptr ? i : std::min(i, m_ - 1);
          const int8_t* p = a.data() + a_offset_ + (igemm != nullptr ? (t * mr_ + row) : row) * a_stride;
          if (igemm != nullptr && zero_index_ != SIZE_MAX && (t * mr_ + row) % 5 == zero_index_ % 5) {
            p = zero.data();
          }
          row_ptr[t * mr_ + i] = p;
          indirection[t * mr_ + i] =
              p == zero.data() ? static_cast<const void*>(zero.data()) : static_cast<const void*>(p - a_offset_);
        }
      }

      xqnn_gemm_packing packing = {};
      packing.type = xqnn_packed_weights_qd8;
      packing.groups = 1;
      packing.nc = n_;
      packing.ks = ks;
      packing.kc = k_;
      packing.nr = nr_;
      packing.kr = kr_;
      packing.sr = sr_;
      packing.kernel = w.data();
      packing.float_bias = bias.data();
      packing.scale = kernel_scale.data();
      packing.int16_weights = int16_weights_;
      std::vector<uint8_t> packed(xqnn_packed_gemm_group_size(&packing));
      xqnn_pack_gemm_weights(&packing, packed.data());

      // Reference: exact accumulators, then the documented float order.
      std::vector<int64_t> acc(m_ * n_);
      for (size_t i = 0; i < m_; i++) {
        const int32_t zp = qp[igemm != nullptr ? 0 : i].zero_point;
        for (size_t j = 0; j < n_; j++) {
          int64_t sum = 0;
          for (size_t t = 0; t < ks; t++) {
            const int8_t* row = row_ptr[t * mr_ + i];
            for (size_t kk = 0; kk < k_; kk++) {
              sum += (int64_t) (row[kk] - zp) * w[(j * ks + t) * k_ + kk];
            }
          }
          acc[i * n_ + j] = sum;
        }
      }
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      for (size_t i = 0; i < m_; i++) {
        for (size_t j = 0; j < n_; j++) {
          const float v = ReferenceQD8Output(acc[i * n_ + j], qp[igemm != nullptr ? 0 : i].scale,
                                             kernel_scale[j], bias[j], -INFINITY, INFINITY);
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
      }
      xqnn_f32_minmax_params params;
      params.min = qmin_ == 0 ? -INFINITY : lo + (hi - lo) * (float) qmin_ / 255.0f;
      params.max = qmax_ == 255 ? INFINITY : lo + (hi - lo) * (float) qmax_ / 255.0f;
      if (f16_) {  // as the operators do: bounds representable in fp16
        params.min = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(params.min));
        params.max = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(params.max));
      }

      std::fill(c.begin(), c.end(), kCanary);
      if (gemm != nullptr) {
        gemm(m_, n_, k_, a.data() + a_offset_, a_stride, packed.data(), c.data(), cm_stride * esize,
             cn_stride * esize, &params, qp.data());
      } else {
        igemm(m_, n_, k_, ks, indirection.data(), packed.data(), c.data(), cm_stride * esize,
              cn_stride * esize, a_offset_, zero.data(), &params, qp.data());
      }

      std::vector<bool> written(c.size(), false);
      for (size_t i = 0; i < m_; i++) {
        for (size_t j = 0; j < n_; j++) {
          const size_t index = (i * cm_stride + (j / nr_) * cn_stride + j % nr_) * esize;
          std::fill(written.begin() + index, written.begin() + index + esize, true);
          const float expected = ReferenceQD8Output(acc[i * n_ + j], qp[igemm != nullptr ? 0 : i].scale,
                                                    kernel_scale[j], bias[j], params.min, params.max);
          if (f16_) {
            uint16_t actual;
            std::memcpy(&actual, &c[index], sizeof(actual));
            ASSERT_EQ(actual, fp16_ieee_from_fp32_value(expected))
                << "at row " << i << ", column " << j << ": " << fp16_ieee_to_fp32_value(actual)
                << " vs " << expected;
          } else {
            float actual;
            std::memcpy(&actual, &c[index], sizeof(actual));
            uint32_t actual_bits, expected_bits;
            std::memcpy(&actual_bits, &actual, 4);
            std::memcpy(&expected_bits, &expected, 4);
            ASSERT_EQ(actual_bits, expected_bits)
                << "at row " << i << ", column " << j << ": " << actual << " vs " << expected;
          }
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
  size_t m_ = 1, n_ = 1, k_ = 1, ks_ = 1;
  size_t a_stride_ = 0, cm_stride_ = 0, cn_stride_ = 0;
  int32_t zero_point_ = 0;
  bool fixed_zero_point_ = false;
  uint32_t qmin_ = 0, qmax_ = 255;
  bool f16_ = false;
  size_t a_offset_ = 0;
  size_t zero_index_ = SIZE_MAX;
  size_t iterations_ = 3;
  uint32_t seed_ = 1;
  bool full_range_ = false;
  bool int16_weights_ = false;
  bool extremes_ = false;
  bool all_min_ = false;
};

// The edge cases every QD8 gemm / igemm micro-kernel is tested on.
inline void TestQD8GemmEdgeCases(const QD8GemmMicrokernelTester& base, xqnn_gemm_ukernel_fn gemm,
                                 xqnn_igemm_ukernel_fn igemm) {
  const size_t mr = base.mr();
  const size_t nr = base.nr();
  auto run = [&](QD8GemmMicrokernelTester t) {
    if (gemm != nullptr) t.Test(gemm); else t.Test(igemm);
  };
  uint32_t seed = 1;
  for (size_t ks : {1, 3}) {
    if (gemm != nullptr && ks != 1) continue;
    for (size_t k = 1; k <= 20; k += (k < 10 ? 1 : 3)) {
      for (size_t m = 1; m <= mr; m++) {
        for (size_t n = 1; n <= 2 * nr + 1; n++) {
          run(QD8GemmMicrokernelTester(base).m(m).n(n).k(k).ks(ks).iterations(1).seed(seed++));
        }
      }
    }
    // Strided A and C, cn_stride larger than nr.
    run(QD8GemmMicrokernelTester(base).m(mr).n(3 * nr).k(13).ks(ks).a_stride(37).cm_stride(5 * nr + 3)
            .cn_stride(nr + 5).seed(seed++));
    // Zero points at their extremes.
    for (int32_t zp : {-128, 0, 127}) {
      run(QD8GemmMicrokernelTester(base).m(mr).n(nr + 1).k(17).ks(ks).zero_point(zp).seed(seed++));
    }
    // Clamping: lower, upper, both, a single value.
    const uint32_t ranges[][2] = {{64, 255}, {0, 192}, {100, 150}, {128, 128}};
    for (const auto& r : ranges) {
      run(QD8GemmMicrokernelTester(base).m(mr).n(2 * nr).k(9).ks(ks).qmin(r[0]).qmax(r[1]).seed(seed++));
    }
    // Large k (accumulator range).
    run(QD8GemmMicrokernelTester(base).m(mr).n(nr).k(1000).ks(ks).seed(seed++));
  }
  if (base.full_range()) {
    // Weights of -128 (full_range kernels): every A and W byte -128 (every
    // product 2^14), then random mixes of -128 and 127.
    for (size_t ks : {1, 3}) {
      if (gemm != nullptr && ks != 1) continue;
      for (size_t k : {1, 8, 16, 17, 64, 1000}) {
        run(QD8GemmMicrokernelTester(base).m(mr).n(2 * nr + 1).k(k).ks(ks).all_min(true).zero_point(0)
                .seed(seed++));
      }
      for (size_t k : {16, 24, 1000}) {
        run(QD8GemmMicrokernelTester(base).m(mr).n(nr + 1).k(k).ks(ks).extremes(true).seed(seed++));
      }
    }
    if (igemm != nullptr) {
      run(QD8GemmMicrokernelTester(base).m(mr).n(nr + 3).k(16).ks(3).a_offset(67).zero_index(1).all_min(true)
              .zero_point(-128).seed(seed++));
    }
  }
  if (igemm != nullptr) {
    // Padding rows (the zero-point buffer) and an input offset, any zero point.
    for (size_t zero_index = 0; zero_index < 5; zero_index++) {
      run(QD8GemmMicrokernelTester(base).m(mr).n(nr + 3).k(11).ks(3).a_offset(67).zero_index(zero_index)
              .zero_point(zero_index == 0 ? -128 : zero_index == 1 ? 127 : -100 + 50 * (int32_t) zero_index)
              .seed(seed++));
    }
  }
}
