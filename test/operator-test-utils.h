// Helpers shared by operator tests: threadpools of several sizes, the
// reference requantization scale, random data.
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "tflite-requantization-reference.h"
#include "xqnn.h"

struct ThreadpoolDeleter {
  void operator()(pthreadpool_t pool) const { pthreadpool_destroy(pool); }
};
using ThreadpoolPtr = std::unique_ptr<struct pthreadpool, ThreadpoolDeleter>;

struct OperatorDeleter {
  void operator()(xqnn_operator_t op) const { xqnn_delete_operator(op); }
};
using OperatorPtr = std::unique_ptr<struct xqnn_operator, OperatorDeleter>;

// Thread counts every operator is checked at: NULL pool (0 here), 1, 2, 3, 8.
inline const std::vector<size_t>& TestThreadCounts() {
  static const std::vector<size_t> counts = {0, 1, 2, 3, 8};
  return counts;
}

// Each random shape runs without a pool and with one of the other counts
// (rotating by seed): pthreadpool spin-waits, so 8 threads on a 2-core CI
// machine are slow, and running every shape at every count would dominate the
// suite. Dedicated tests run a few shapes at all counts.
inline std::vector<size_t> ThreadCountsForSeed(uint32_t seed) {
  // 1, 2 or 3 threads; 8 (oversubscribed on CI) only in the dedicated tests.
  const auto& all = TestThreadCounts();
  return {all[0], all[1 + seed % (all.size() - 2)]};
}

// The pool for a count of TestThreadCounts(), created once per process
// (creating 8-thread pools per shape would dominate the test time).
inline pthreadpool_t TestThreadpool(size_t threads) {
  static std::vector<ThreadpoolPtr>* pools = [] {
    auto* v = new std::vector<ThreadpoolPtr>(9);
    for (size_t t : TestThreadCounts()) {
      if (t != 0) (*v)[t].reset(pthreadpool_create(t));
    }
    return v;
  }();
  return threads == 0 ? nullptr : (*pools)[threads].get();
}

// The design's requantization scale, written out independently of the library.
inline float ReferenceRequantizationScale(float input_scale, float kernel_scale, float output_scale) {
  volatile float product = input_scale * kernel_scale;
  volatile float scale = product / output_scale;
  return scale;
}

// round_half_even(clamp((float) acc * scale)) + zp, written out independently.
inline int32_t ReferenceRequantize(int64_t acc64, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
  const int32_t acc = (int32_t) (uint32_t) (uint64_t) acc64;  // kernels wrap modulo 2^32
  volatile float scaled = (float) acc * scale;
  float clamped = std::fmax(std::fmin((float) scaled, (float) (qmax - zp)), (float) (qmin - zp));
  return (int32_t) std::nearbyint(clamped) + zp;
}

// The same accumulator with TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION):
// float_product for QU8 operators and the per-tensor QS8 fully-connected one
// (tflite-requantization-reference.h).
inline int32_t ReferenceRequantizeTflite(int64_t acc64, float input_scale, float kernel_scale,
                                         float output_scale, bool float_product, int32_t zp,
                                         int32_t qmin, int32_t qmax) {
  const int32_t acc = (int32_t) (uint32_t) (uint64_t) acc64;
  const tflite_reference::Multiplier m = tflite_reference::QuantizeMultiplier(
      tflite_reference::RealMultiplier(input_scale, kernel_scale, output_scale, float_product));
  return tflite_reference::Requantize(acc, m, zp, qmin, qmax);
}

// The QD8 convolution and deconvolution create functions (one parameter
// list) reject XQNN_FLAG_TFLITE_REQUANTIZATION: they do not requantize. A 3x3
// kernel, 4 -> 2 channels, with `stride` and `padding`.
using QD8ConvolutionCreate = xqnn_status (*)(
    uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
    uint32_t, size_t, size_t, size_t, size_t, const float*, const int8_t*, const float*, float, float,
    uint32_t, xqnn_operator_t*);
inline void ExpectRejectsTfliteRequantization(QD8ConvolutionCreate create, uint32_t stride, uint32_t padding) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const std::vector<int8_t> kernel(2 * 3 * 3 * 4, 1);
  const std::vector<float> scales(2, 0.5f);
  for (uint32_t flags : {0u, (uint32_t) XQNN_FLAG_TFLITE_REQUANTIZATION}) {
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(create(padding, padding, padding, padding, 3, 3, stride, stride, 1, 1, 1, 4, 2, 4, 2, scales.data(),
                     kernel.data(), nullptr, -1.0f, 1.0f, flags, &op),
              flags == 0 ? xqnn_status_success : xqnn_status_invalid_parameter);
    xqnn_delete_operator(op);
  }
}

template <typename T>
void FillRandom(std::mt19937& rng, std::vector<T>& v, int32_t lo, int32_t hi) {
  std::uniform_int_distribution<int32_t> dist(lo, hi);
  for (auto& x : v) x = (T) dist(rng);
}

constexpr uint8_t kCanaryByte = 0xA5;
