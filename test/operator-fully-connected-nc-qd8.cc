// fully_connected_nc_qd8_f32_qc8w / _qd8_f16_qc8w: f32 activations are
// quantized per row by the library's convert_nc_f32_qd8 and multiplied by the
// library's QD8 fully-connected operator; the test's reference quantizes with
// the documented formula (test/qd8-reference.h) and computes
//   acc = sum_k (q[m][k] - zp[m]) * w[n][k]
//   out = clamp(((float) acc * scale[m]) * kernel_scale[n] + bias[n])   (f32, this order)
// bit for bit; plus an accuracy test against unquantized math on Gaussian and
// heavy-tailed data with a proven error bound, identical bits at every thread
// count, bad input and invalid state.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fp16.h>
#include <pthreadpool.h>

#include "qd8-reference.h"
#include "xqnn.h"

namespace {

constexpr uint8_t kCanary = 0xA5;
constexpr float kInf = std::numeric_limits<float>::infinity();

using OperatorPtr = std::unique_ptr<xqnn_operator, decltype(&xqnn_delete_operator)>;

struct FCCase {
  bool f16 = false;
  size_t batch = 1, ic = 1, oc = 1, input_stride = 0, output_stride = 0;
  bool transpose = false;
  bool bias = true;
  float min_frac = -1.0f, max_frac = -1.0f;  // clamp at this fraction of the output span; < 0: none
  // Half of the weights -128, and rows whose minimum (half of their values)
  // quantizes to -128 (adjacent (-128) * (-128) products overflow 16-bit pair sums).
  bool minus128 = false;
  std::string Describe() const {
    char buf[256];
    std::snprintf(buf, sizeof(buf), "%s batch=%zu ic=%zu oc=%zu strides=%zu/%zu transpose=%d bias=%d clamp=[%g,%g]%s",
                  f16 ? "f16" : "f32", batch, ic, oc, input_stride, output_stride, transpose, bias,
                  min_frac, max_frac, minus128 ? " minus128" : "");
    return buf;
  }
};

struct FCData {
  std::vector<float> input;        // [batch][input_stride]
  std::vector<int8_t> kernel;      // [oc][ic], or [ic][oc] when transposed
  std::vector<float> kernel_scale;
  std::vector<float> bias;
  float output_min = -kInf, output_max = kInf;
};

int8_t Weight(const FCCase& c, const FCData& d, size_t n, size_t k) {
  return c.transpose ? d.kernel[k * c.oc + n] : d.kernel[n * c.ic + k];
}

// Unclamped or clamped reference outputs in f32, [batch][oc].
std::vector<float> Reference(const FCCase& c, const FCData& d, float output_min, float output_max) {
  std::vector<float> out(c.batch * c.oc);
  std::vector<int8_t> q(c.ic);
  for (size_t m = 0; m < c.batch; m++) {
    xqnn_quantization_params p;
    ReferenceQD8Row(&d.input[m * c.input_stride], c.ic, q.data(), &p);
    for (size_t n = 0; n < c.oc; n++) {
      int64_t acc = 0;
      for (size_t k = 0; k < c.ic; k++) acc += (int64_t) (q[k] - p.zero_point) * Weight(c, d, n, k);
      out[m * c.oc + n] = ReferenceQD8Output(acc, p.scale, d.kernel_scale[n], c.bias ? d.bias[n] : 0.0f,
                                             output_min, output_max);
    }
  }
  return out;
}

FCData MakeData(const FCCase& c, std::mt19937& rng) {
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::uniform_int_distribution<int32_t> w_dist(-127, 127);
  std::uniform_real_distribution<float> log_scale(-8.0f, -3.0f);
  std::uniform_real_distribution<float> bias_dist(-1.0f, 1.0f);
  FCData d;
  d.input.resize((c.batch == 0 ? 0 : (c.batch - 1) * c.input_stride + c.ic) + XQNN_EXTRA_BYTES / sizeof(float));
  for (float& x : d.input) x = gauss(rng) * 2.0f;
  d.kernel.resize(c.ic * c.oc);
  for (int8_t& w : d.kernel) w = static_cast<int8_t>(w_dist(rng));
  if (c.minus128) {
    // Each row spans [-128, 127] / 32 (scale 1/32, zero point 0: -4 quantizes
    // to -128) and is -4 half of the time.
    std::uniform_real_distribution<float> x_dist(-4.0f, 127.0f / 32.0f);
    for (size_t m = 0; m < c.batch; m++) {
      float* row = &d.input[m * c.input_stride];
      for (size_t k = 0; k < c.ic; k++) row[k] = rng() % 2 == 0 ? -4.0f : x_dist(rng);
      row[0] = -4.0f;
      row[c.ic - 1] = 127.0f / 32.0f;
    }
    for (int8_t& w : d.kernel) w = rng() % 2 == 0 ? -128 : w;
  }
  for (size_t n = 0; n < c.oc; n++) {
    d.kernel_scale.push_back(std::exp2(log_scale(rng)));
    d.bias.push_back(bias_dist(rng));
  }
  if (c.batch != 0 && (c.min_frac >= 0.0f || c.max_frac >= 0.0f)) {
    const auto unclamped = Reference(c, d, -kInf, kInf);
    const auto [lo, hi] = std::minmax_element(unclamped.begin(), unclamped.end());
    if (c.min_frac >= 0.0f) d.output_min = *lo + (*hi - *lo) * c.min_frac;
    if (c.max_frac >= 0.0f) d.output_max = *lo + (*hi - *lo) * c.max_frac;
  }
  return d;
}

OperatorPtr CreateFC(const FCCase& c, const FCData& d) {
  xqnn_operator_t op = nullptr;
  const uint32_t flags = c.transpose ? XQNN_FLAG_TRANSPOSE_WEIGHTS : 0;
  const xqnn_status status =
      c.f16 ? xqnn_create_fully_connected_nc_qd8_f16_qc8w(
                  c.ic, c.oc, c.input_stride, c.output_stride, d.kernel_scale.data(), d.kernel.data(),
                  c.bias ? d.bias.data() : nullptr, d.output_min, d.output_max, flags, &op)
            : xqnn_create_fully_connected_nc_qd8_f32_qc8w(
                  c.ic, c.oc, c.input_stride, c.output_stride, d.kernel_scale.data(), d.kernel.data(),
                  c.bias ? d.bias.data() : nullptr, d.output_min, d.output_max, flags, &op);
  EXPECT_EQ(status, xqnn_status_success);
  return OperatorPtr(op, xqnn_delete_operator);
}

// Library pipeline: convert_nc_f32_qd8, then the fully-connected operator.
// Returns the raw output bytes (canary-filled outside the outputs).
std::vector<uint8_t> RunFC(const FCCase& c, const FCData& d, pthreadpool_t pool) {
  const size_t esize = c.f16 ? 2 : 4;
  const size_t q_stride = c.ic + 3;  // quantized rows, deliberately strided
  std::vector<int8_t> q((c.batch == 0 ? 0 : (c.batch - 1) * q_stride + c.ic) + XQNN_EXTRA_BYTES);
  std::vector<xqnn_quantization_params> qp(std::max<size_t>(c.batch, 1));
  xqnn_operator_t convert = nullptr;
  EXPECT_EQ(xqnn_create_convert_nc_f32_qd8(0, &convert), xqnn_status_success);
  OperatorPtr convert_guard(convert, xqnn_delete_operator);
  EXPECT_EQ(xqnn_reshape_convert_nc_f32_qd8(convert, c.batch, c.ic, c.input_stride, q_stride, pool), xqnn_status_success);
  EXPECT_EQ(xqnn_setup_convert_nc_f32_qd8(convert, d.input.data(), q.data(), qp.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(convert, pool), xqnn_status_success);

  // The FC operator reads rows input_stride apart: repack q accordingly.
  std::vector<int8_t> a((c.batch == 0 ? 0 : (c.batch - 1) * c.input_stride + c.ic) + XQNN_EXTRA_BYTES);
  for (size_t m = 0; m < c.batch; m++) std::memcpy(&a[m * c.input_stride], &q[m * q_stride], c.ic);

  std::vector<uint8_t> out(((c.batch == 0 ? 0 : (c.batch - 1) * c.output_stride + c.oc) + 8) * esize, kCanary);
  OperatorPtr op = CreateFC(c, d);
  if (op == nullptr) return out;
  if (c.f16) {
    EXPECT_EQ(xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(op.get(), c.batch, pool), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_fully_connected_nc_qd8_f16_qc8w(op.get(), a.data(), out.data(), qp.data()), xqnn_status_success);
  } else {
    EXPECT_EQ(xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(op.get(), c.batch, pool), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_fully_connected_nc_qd8_f32_qc8w(op.get(), a.data(), reinterpret_cast<float*>(out.data()), qp.data()),
              xqnn_status_success);
  }
  EXPECT_EQ(xqnn_run_operator(op.get(), pool), xqnn_status_success);
  return out;
}

void CheckExact(const FCCase& c, const FCData& d, const std::vector<uint8_t>& out) {
  float output_min = d.output_min, output_max = d.output_max;
  if (c.f16) {  // the operator rounds its bounds to fp16
    output_min = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(output_min));
    output_max = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(output_max));
  }
  const auto expected = Reference(c, d, output_min, output_max);
  const size_t esize = c.f16 ? 2 : 4;
  std::vector<bool> written(out.size(), false);
  for (size_t m = 0; m < c.batch; m++) {
    for (size_t n = 0; n < c.oc; n++) {
      const size_t index = (m * c.output_stride + n) * esize;
      std::fill(written.begin() + index, written.begin() + index + esize, true);
      const float e = expected[m * c.oc + n];
      if (c.f16) {
        uint16_t actual;
        std::memcpy(&actual, &out[index], 2);
        ASSERT_EQ(actual, fp16_ieee_from_fp32_value(e)) << "row " << m << " channel " << n;
      } else {
        float actual;
        std::memcpy(&actual, &out[index], 4);
        ASSERT_EQ(std::memcmp(&actual, &e, 4), 0) << "row " << m << " channel " << n << ": " << actual << " vs " << e;
      }
    }
  }
  for (size_t i = 0; i < out.size(); i++) {
    if (!written[i]) ASSERT_EQ(out[i], kCanary) << "stray write at byte " << i;
  }
}

class FullyConnectedQD8Test : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

TEST_P(FullyConnectedQD8Test, RandomShapes) {
  std::mt19937 rng(GetParam() ? 11 : 10);
  std::uniform_int_distribution<size_t> batch_dist(1, 13), ic_dist(1, 40), oc_dist(1, 19), pad_dist(0, 7);
  for (int iteration = 0; iteration < 80; iteration++) {
    FCCase c;
    c.f16 = GetParam();
    c.batch = batch_dist(rng);
    c.ic = ic_dist(rng);
    c.oc = oc_dist(rng);
    if (iteration < 4) c.batch = c.ic = 1 + (iteration % 2), c.oc = 1 + iteration / 2;
    c.input_stride = c.ic + (iteration % 2 ? pad_dist(rng) : 0);
    c.output_stride = c.oc + (iteration % 3 ? pad_dist(rng) : 0);
    c.transpose = iteration % 4 == 1;
    c.bias = iteration % 5 != 2;
    if (iteration % 6 == 3) c.min_frac = 0.3f;
    if (iteration % 7 == 4) c.max_frac = 0.6f;
    if (iteration % 9 == 5) c.min_frac = c.max_frac = 0.5f;
    SCOPED_TRACE(c.Describe());
    const FCData d = MakeData(c, rng);
    CheckExact(c, d, RunFC(c, d, nullptr));
  }
}

// Int8 weights of -128 (half of the weights, and inputs quantized to -128 half
// of the time): accepted and exact on the MR-row and 1-row kernels at every tier.
TEST_P(FullyConnectedQD8Test, WeightsOfMinus128) {
  std::mt19937 rng(GetParam() ? 31 : 30);
  for (size_t batch : {1, 2, 7}) {
    for (size_t ic : {8, 16, 40, 203}) {
      FCCase c;
      c.f16 = GetParam();
      c.minus128 = true;
      c.batch = batch, c.ic = ic, c.oc = 19, c.input_stride = ic, c.output_stride = 19;
      c.transpose = ic == 40;
      SCOPED_TRACE(c.Describe());
      const FCData d = MakeData(c, rng);
      // The inputs do quantize to -128 (else this test would prove nothing).
      std::vector<int8_t> q(ic);
      xqnn_quantization_params p;
      ReferenceQD8Row(&d.input[0], ic, q.data(), &p);
      ASSERT_GE(std::count(q.begin(), q.end(), -128), (std::ptrdiff_t) ic / 4);
      CheckExact(c, d, RunFC(c, d, nullptr));
    }
  }
}

TEST_P(FullyConnectedQD8Test, BatchZeroIsANoOp) {
  std::mt19937 rng(3);
  FCCase c;
  c.f16 = GetParam();
  c.batch = 0, c.ic = 5, c.oc = 3, c.input_stride = 5, c.output_stride = 3;
  const FCData d = MakeData(c, rng);
  const auto out = RunFC(c, d, nullptr);
  for (uint8_t b : out) ASSERT_EQ(b, kCanary);
}

TEST_P(FullyConnectedQD8Test, SameBitsAtEveryThreadCount) {
  std::mt19937 rng(21);
  FCCase c;
  c.f16 = GetParam();
  c.batch = 37, c.ic = 29, c.oc = 23, c.input_stride = 31, c.output_stride = 26;
  const FCData d = MakeData(c, rng);
  const auto reference = RunFC(c, d, nullptr);
  CheckExact(c, d, reference);
  for (size_t threads : {1, 2, 3, 8}) {
    pthreadpool_t pool = pthreadpool_create(threads);
    const auto out = RunFC(c, d, pool);
    pthreadpool_destroy(pool);
    ASSERT_EQ(out, reference) << threads << " threads";
  }
  // Batch 1 (the gemm1 kernel path), many columns split across threads.
  c.batch = 1, c.oc = 61, c.output_stride = 61;
  const FCData d1 = MakeData(c, rng);
  const auto reference1 = RunFC(c, d1, nullptr);
  CheckExact(c, d1, reference1);
  for (size_t threads : {2, 3, 8}) {
    pthreadpool_t pool = pthreadpool_create(threads);
    const auto out = RunFC(c, d1, pool);
    pthreadpool_destroy(pool);
    ASSERT_EQ(out, reference1) << threads << " threads";
  }
}

// Accuracy against unquantized math. Float weights W[n][k] are quantized per
// channel (symmetric, s_w[n] = max_k |W[n][k]| / 127) by the test; activations
// go through convert_nc_f32_qd8 (scale s_a[m]). With |x - s_a (q - zp)| <= s_a / 2
// and |W - s_w w| <= s_w / 2 for every element, the error of an output is at most
//   B = sum_k (|x_k| s_w / 2 + |W_k| s_a / 2 + s_a s_w / 4)
// plus float rounding (bounded here by 1e-5 * (sum_k |x_k W_k| + |bias|)).
// Every output must be within that bound; the measured relative errors (error
// divided by the RMS of the exact outputs of the row) are printed and checked
// against a bound well above what the schemes give.
struct AccuracyStats {
  double max_rel = 0.0, sum_rel = 0.0;
  size_t count = 0;
};

template <class Dist>
AccuracyStats MeasureAccuracy(bool f16, Dist x_dist, Dist w_dist, uint32_t seed) {
  std::mt19937 rng(seed);
  const size_t batch = 16, ic = 256, oc = 64;
  std::vector<float> x(batch * ic + XQNN_EXTRA_BYTES), W(oc * ic), bias(oc), kernel_scale(oc);
  for (size_t i = 0; i < batch * ic; i++) x[i] = x_dist(rng);
  for (float& v : W) v = w_dist(rng) * 0.05f;
  std::normal_distribution<float> bias_dist(0.0f, 0.1f);
  for (float& v : bias) v = bias_dist(rng);
  std::vector<int8_t> w(oc * ic);
  for (size_t n = 0; n < oc; n++) {
    float amax = 0.0f;
    for (size_t k = 0; k < ic; k++) amax = std::max(amax, std::abs(W[n * ic + k]));
    kernel_scale[n] = amax / 127.0f;
    for (size_t k = 0; k < ic; k++) {
      w[n * ic + k] = static_cast<int8_t>(std::max(-127.0f, std::min(127.0f, std::nearbyint(W[n * ic + k] / kernel_scale[n]))));
    }
  }
  std::vector<int8_t> q(batch * ic + XQNN_EXTRA_BYTES);
  std::vector<xqnn_quantization_params> qp(batch);
  xqnn_operator_t convert = nullptr, fc = nullptr;
  EXPECT_EQ(xqnn_create_convert_nc_f32_qd8(0, &convert), xqnn_status_success);
  EXPECT_EQ(xqnn_reshape_convert_nc_f32_qd8(convert, batch, ic, ic, ic, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_setup_convert_nc_f32_qd8(convert, x.data(), q.data(), qp.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(convert, nullptr), xqnn_status_success);
  xqnn_delete_operator(convert);
  std::vector<float> y(batch * oc);
  std::vector<uint16_t> y16(batch * oc);
  if (f16) {
    EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f16_qc8w(ic, oc, ic, oc, kernel_scale.data(), w.data(), bias.data(),
                                                          -kInf, kInf, 0, &fc), xqnn_status_success);
    EXPECT_EQ(xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(fc, batch, nullptr), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_fully_connected_nc_qd8_f16_qc8w(fc, q.data(), y16.data(), qp.data()), xqnn_status_success);
  } else {
    EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f32_qc8w(ic, oc, ic, oc, kernel_scale.data(), w.data(), bias.data(),
                                                          -kInf, kInf, 0, &fc), xqnn_status_success);
    EXPECT_EQ(xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(fc, batch, nullptr), xqnn_status_success);
    EXPECT_EQ(xqnn_setup_fully_connected_nc_qd8_f32_qc8w(fc, q.data(), y.data(), qp.data()), xqnn_status_success);
  }
  EXPECT_EQ(xqnn_run_operator(fc, nullptr), xqnn_status_success);
  xqnn_delete_operator(fc);
  if (f16) for (size_t i = 0; i < y.size(); i++) y[i] = fp16_ieee_to_fp32_value(y16[i]);

  AccuracyStats stats;
  for (size_t m = 0; m < batch; m++) {
    std::vector<double> exact(oc);
    double sum_sq = 0.0;
    for (size_t n = 0; n < oc; n++) {
      double s = bias[n];
      for (size_t k = 0; k < ic; k++) s += (double) x[m * ic + k] * W[n * ic + k];
      exact[n] = s;
      sum_sq += s * s;
    }
    const double rms = std::sqrt(sum_sq / oc);
    for (size_t n = 0; n < oc; n++) {
      const double sa = qp[m].scale, sw = kernel_scale[n];
      double bound = 0.0, magnitude = std::abs(bias[n]);
      for (size_t k = 0; k < ic; k++) {
        const double xv = std::abs(x[m * ic + k]), wv = std::abs(W[n * ic + k]);
        bound += xv * sw / 2 + wv * sa / 2 + sa * sw / 4;
        magnitude += xv * wv;
      }
      bound = bound * 1.0001 + 1e-5 * magnitude;
      if (f16) bound += std::abs(exact[n]) * 0x1p-11 + 0x1p-24;  // fp16 rounding of the output
      const double err = std::abs(y[m * oc + n] - exact[n]);
      EXPECT_LE(err, bound) << "row " << m << " channel " << n << " exact " << exact[n] << " got " << y[m * oc + n];
      const double rel = err / rms;
      stats.max_rel = std::max(stats.max_rel, rel);
      stats.sum_rel += rel;
      stats.count++;
    }
  }
  return stats;
}

void ReportAccuracy(const char* name, const AccuracyStats& s, double max_bound, double mean_bound) {
  const double mean = s.sum_rel / s.count;
  std::printf("accuracy %-28s max rel err %.5f, mean rel err %.5f (error / RMS of exact outputs)\n", name,
              s.max_rel, mean);
  EXPECT_LE(s.max_rel, max_bound) << name;
  EXPECT_LE(mean, mean_bound) << name;
}

TEST_P(FullyConnectedQD8Test, AccuracyAgainstFloat) {
  const bool f16 = GetParam();
  // Gaussian activations and weights.
  ReportAccuracy(f16 ? "f16 gaussian" : "f32 gaussian",
                 MeasureAccuracy(f16, std::normal_distribution<float>(0.0f, 1.0f),
                                 std::normal_distribution<float>(0.0f, 1.0f), 1),
                 0.05, 0.01);
  // Heavy tails: Student-t with 3 degrees of freedom.
  ReportAccuracy(f16 ? "f16 student-t(3)" : "f32 student-t(3)",
                 MeasureAccuracy(f16, std::student_t_distribution<float>(3.0f),
                                 std::student_t_distribution<float>(3.0f), 2),
                 0.15, 0.03);
  // Laplace: exponential magnitude with a random sign (piecewise via extreme_value is
  // not Laplace; build it from two exponentials).
  struct Laplace {
    std::exponential_distribution<float> e{1.0f};
    float operator()(std::mt19937& rng) { return e(rng) - e(rng); }
  };
  ReportAccuracy(f16 ? "f16 laplace" : "f32 laplace", MeasureAccuracy(f16, Laplace{}, Laplace{}, 3), 0.08, 0.02);
}

TEST_P(FullyConnectedQD8Test, BadInputAndState) {
  const bool f16 = GetParam();
  const int8_t kernel[6] = {1, 2, 3, -4, 5, -6};
  const float scales[3] = {0.5f, 0.25f, 1.0f};
  const float bias[3] = {0.0f, 1.0f, -1.0f};
  auto create = [&](size_t ic, size_t oc, size_t is, size_t os, const float* ks, const int8_t* k, float mn, float mx,
                    uint32_t flags, xqnn_operator_t* op) {
    return f16 ? xqnn_create_fully_connected_nc_qd8_f16_qc8w(ic, oc, is, os, ks, k, bias, mn, mx, flags, op)
               : xqnn_create_fully_connected_nc_qd8_f32_qc8w(ic, oc, is, os, ks, k, bias, mn, mx, flags, op);
  };
  xqnn_operator_t op = nullptr;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(create(2, 3, 2, 3, scales, kernel, -kInf, kInf, 0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(0, 3, 2, 3, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 0, 2, 3, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 1, 3, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 2, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(SIZE_MAX / 2, 3, SIZE_MAX / 2, 3, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, nullptr, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, scales, nullptr, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, scales, kernel, 1.0f, 0.0f, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, scales, kernel, nan, 1.0f, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, scales, kernel, 0.0f, nan, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(create(2, 3, 2, 3, scales, kernel, -kInf, kInf, 0x100, &op), xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -1.0f, nan, kInf, -0.0f}) {
    const float bad_scales[3] = {0.5f, bad, 1.0f};
    EXPECT_EQ(create(2, 3, 2, 3, bad_scales, kernel, -kInf, kInf, 0, &op), xqnn_status_invalid_parameter) << bad;
  }
  EXPECT_EQ(op, nullptr);

  ASSERT_EQ(create(2, 3, 2, 3, scales, kernel, -kInf, kInf, 0, &op), xqnn_status_success);
  OperatorPtr guard(op, xqnn_delete_operator);
  int8_t input[2 + XQNN_EXTRA_BYTES] = {1, 2};
  float out32[3];
  uint16_t out16[3];
  void* out = f16 ? (void*) out16 : (void*) out32;
  xqnn_quantization_params qp = {0, 1.0f};
  auto reshape = [&](xqnn_operator_t o, size_t batch) {
    return f16 ? xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(o, batch, nullptr)
               : xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(o, batch, nullptr);
  };
  auto setup = [&](xqnn_operator_t o, const int8_t* in, void* outp, const xqnn_quantization_params* p) {
    return f16 ? xqnn_setup_fully_connected_nc_qd8_f16_qc8w(o, in, outp, p)
               : xqnn_setup_fully_connected_nc_qd8_f32_qc8w(o, in, static_cast<float*>(outp), p);
  };
  EXPECT_EQ(setup(op, input, out, &qp), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(reshape(op, SIZE_MAX / 2), xqnn_status_invalid_parameter);
  EXPECT_EQ(setup(op, input, out, &qp), xqnn_status_invalid_state);
  ASSERT_EQ(reshape(op, 1), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(setup(op, nullptr, out, &qp), xqnn_status_invalid_parameter);
  EXPECT_EQ(setup(op, input, nullptr, &qp), xqnn_status_invalid_parameter);
  EXPECT_EQ(setup(op, input, out, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(setup(op, input, out, &qp), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // Expected: acc = {1*1+2*2, 3*1-4*2, 5*1-6*2} = {5, -5, -7}; out = acc * 1 * scale + bias.
  const float expected[3] = {5.0f * 0.5f + 0.0f, -5.0f * 0.25f + 1.0f, -7.0f * 1.0f - 1.0f};
  for (int n = 0; n < 3; n++) {
    EXPECT_EQ(f16 ? fp16_ieee_to_fp32_value(out16[n]) : out32[n], expected[n]) << n;
  }
  // Wrong type: a QD8-F32 operator given to the F16 functions and vice versa.
  EXPECT_EQ(f16 ? xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(op, 1, nullptr)
                : xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(op, 1, nullptr),
            xqnn_status_invalid_parameter);
  EXPECT_EQ(reshape(nullptr, 1), xqnn_status_invalid_parameter);
}

INSTANTIATE_TEST_SUITE_P(FullyConnectedNC, FullyConnectedQD8Test, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) { return info.param ? "QD8_F16_QC8W" : "QD8_F32_QC8W"; });

}  // namespace
