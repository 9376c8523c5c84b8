// QS16 add_nd and multiply_nd (TensorFlow Lite's int16 ADD and MUL) against
// naive references of TFLite's arithmetic (tflite-requantization-reference.h)
// on random broadcast shapes, every int16 value range, several thread counts;
// plus the rejected arguments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "tflite-requantization-reference.h"
#include "xqnn.h"

namespace {

enum class Op { kAdd, kMultiply };

struct Shapes {
  std::vector<size_t> a, b, out;
};

// Random shapes of rank 0 to 5 whose dimensions broadcast (1 on either side).
Shapes RandomShapes(std::mt19937& rng) {
  Shapes s;
  const size_t rank = rng() % 6;
  for (size_t d = 0; d < rank; d++) {
    const size_t size = 1 + rng() % 5;
    const uint32_t pattern = rng() % 4;  // 0: both, 1: a broadcast, 2: b broadcast, 3: both 1
    s.a.push_back(pattern == 1 || pattern == 3 ? 1 : size);
    s.b.push_back(pattern == 2 || pattern == 3 ? 1 : size);
    s.out.push_back(pattern == 3 ? 1 : size);
  }
  // Lower rank on one side: leading dimensions dropped.
  if (!s.a.empty() && rng() % 3 == 0) {
    const size_t drop = rng() % (s.a.size() + 1);
    for (size_t d = 0; d < drop; d++) {
      if (s.a[d] != 1) return RandomShapes(rng);  // only 1s may be dropped
    }
    s.a.erase(s.a.begin(), s.a.begin() + (ptrdiff_t) drop);
  }
  return s;
}

size_t Count(const std::vector<size_t>& shape) {
  size_t n = 1;
  for (size_t d : shape) n *= d;
  return n;
}

// Index into `shape` (right-aligned to out's rank) of output coordinate `coord`.
size_t BroadcastIndex(const std::vector<size_t>& shape, const std::vector<size_t>& coord) {
  size_t index = 0;
  const size_t offset = coord.size() - shape.size();
  for (size_t d = 0; d < shape.size(); d++) {
    index = index * shape[d] + (shape[d] == 1 ? 0 : coord[offset + d]);
  }
  return index;
}

void TestCase(Op op, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  std::mt19937 rng(seed);
  const Shapes s = RandomShapes(rng);
  SCOPED_TRACE("op=" + std::to_string((int) op) + " seed=" + std::to_string(seed));
  auto uniform = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
  const float s1 = std::exp2(uniform(-14.0f, -6.0f)), s2 = std::exp2(uniform(-14.0f, -6.0f));
  // Output scales that keep most results inside int16 (some saturate).
  const float so = op == Op::kAdd ? std::max(s1, s2) * uniform(0.6f, 3.0f) : s1 * s2 * uniform(2000.0f, 60000.0f);
  int32_t qmin = INT16_MIN, qmax = INT16_MAX;
  if (rng() % 3 == 0) {
    qmin = std::uniform_int_distribution<int32_t>(INT16_MIN, 0)(rng);
    qmax = std::uniform_int_distribution<int32_t>(qmin, INT16_MAX)(rng);
  }
  std::vector<int16_t> a(Count(s.a) + XQNN_EXTRA_BYTES), b(Count(s.b) + XQNN_EXTRA_BYTES);
  FillRandom(rng, a, INT16_MIN, INT16_MAX);
  FillRandom(rng, b, INT16_MIN, INT16_MAX);
  const size_t n = Count(s.out);
  std::vector<int16_t> expected(n);
  std::vector<size_t> coord(s.out.size(), 0);
  for (size_t i = 0; i < n; i++) {
    const int32_t va = a[BroadcastIndex(s.a, coord)], vb = b[BroadcastIndex(s.b, coord)];
    expected[i] = (int16_t) (op == Op::kAdd
        ? tflite_reference::Add(va, vb, 0, 0, s1, s2, so, 0, qmin, qmax, /*left_shift=*/15)
        : tflite_reference::Mul16(va, vb, s1, s2, so, qmin, qmax));
    for (size_t d = coord.size(); d-- > 0;) {
      if (++coord[d] < s.out[d]) break;
      coord[d] = 0;
    }
  }
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(op == Op::kAdd ? xqnn_create_add_nd_qs16(s1, s2, so, (int16_t) qmin, (int16_t) qmax, 0, &raw)
                           : xqnn_create_multiply_nd_qs16(s1, s2, so, (int16_t) qmin, (int16_t) qmax, 0, &raw),
            xqnn_status_success);
  OperatorPtr owner(raw);
  for (size_t threads : ThreadCountsForSeed(seed)) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    std::vector<int16_t> y(n, (int16_t) 0x5A5A);
    if (op == Op::kAdd) {
      ASSERT_EQ(xqnn_reshape_add_nd_qs16(raw, s.a.size(), s.a.data(), s.b.size(), s.b.data(), TestThreadpool(threads)),
                xqnn_status_success);
      ASSERT_EQ(xqnn_setup_add_nd_qs16(raw, a.data(), b.data(), y.data()), xqnn_status_success);
    } else {
      ASSERT_EQ(xqnn_reshape_multiply_nd_qs16(raw, s.a.size(), s.a.data(), s.b.size(), s.b.data(),
                                              TestThreadpool(threads)),
                xqnn_status_success);
      ASSERT_EQ(xqnn_setup_multiply_nd_qs16(raw, a.data(), b.data(), y.data()), xqnn_status_success);
    }
    ASSERT_EQ(xqnn_run_operator(raw, TestThreadpool(threads)), xqnn_status_success);
    size_t mismatches = 0;
    for (size_t i = 0; i < n; i++) {
      if (y[i] != expected[i] && mismatches++ < 5) {
        ADD_FAILURE() << "element " << i << ": got " << y[i] << ", expected " << expected[i];
      }
    }
    EXPECT_EQ(mismatches, 0u);
  }
}

TEST(QS16AddND, RandomBroadcastShapes) {
  for (uint32_t seed = 0; seed < 150; seed++) TestCase(Op::kAdd, seed);
}

TEST(QS16MultiplyND, RandomBroadcastShapes) {
  for (uint32_t seed = 0; seed < 150; seed++) TestCase(Op::kMultiply, 1000 + seed);
}

// A long row (the elementwise tiles split it across threads) at every thread count.
TEST(QS16AddND, LongRowAllThreadCounts) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  const size_t n = 100003;
  std::mt19937 rng(5);
  std::vector<int16_t> a(n + 8), b(n + 8);
  FillRandom(rng, a, INT16_MIN, INT16_MAX);
  FillRandom(rng, b, INT16_MIN, INT16_MAX);
  xqnn_operator_t raw = nullptr;
  ASSERT_EQ(xqnn_create_add_nd_qs16(0x1.0p-10f, 0x1.8p-11f, 0x1.0p-9f, INT16_MIN, INT16_MAX, 0, &raw),
            xqnn_status_success);
  OperatorPtr owner(raw);
  for (size_t threads : TestThreadCounts()) {
    std::vector<int16_t> y(n);
    ASSERT_EQ(xqnn_reshape_add_nd_qs16(raw, 1, &n, 1, &n, TestThreadpool(threads)), xqnn_status_success);
    ASSERT_EQ(xqnn_setup_add_nd_qs16(raw, a.data(), b.data(), y.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(raw, TestThreadpool(threads)), xqnn_status_success);
    for (size_t i = 0; i < n; i++) {
      ASSERT_EQ(y[i], tflite_reference::Add(a[i], b[i], 0, 0, 0x1.0p-10f, 0x1.8p-11f, 0x1.0p-9f, 0, INT16_MIN,
                                            INT16_MAX, 15))
          << "element " << i << ", threads " << threads;
    }
  }
}

TEST(QS16BinaryCreate, RejectsInvalidArguments) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  xqnn_operator_t op = nullptr;
  for (float bad : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    EXPECT_EQ(xqnn_create_add_nd_qs16(bad, 1.0f, 1.0f, -5, 5, 0, &op), xqnn_status_invalid_parameter);
    EXPECT_EQ(xqnn_create_add_nd_qs16(1.0f, bad, 1.0f, -5, 5, 0, &op), xqnn_status_invalid_parameter);
    EXPECT_EQ(xqnn_create_multiply_nd_qs16(1.0f, 1.0f, bad, -5, 5, 0, &op), xqnn_status_invalid_parameter);
  }
  EXPECT_EQ(xqnn_create_add_nd_qs16(1.0f, 1.0f, 1.0f, 5, -5, 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_multiply_nd_qs16(1.0f, 1.0f, 1.0f, 0, 0, 0x100, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_create_add_nd_qs16(1.0f, 1.0f, 1.0f, -5, 5, 0, nullptr), xqnn_status_invalid_parameter);
  // TFLite's multipliers out of range: add's output multiplier 2 max / (2^15 out) >= 1, mul's >= 256.
  EXPECT_EQ(xqnn_create_add_nd_qs16(1.0f, 1.0f, 0x1.0p-20f, -5, 5, 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(xqnn_create_multiply_nd_qs16(1.0f, 1.0f, 0x1.0p-9f, -5, 5, 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(xqnn_create_multiply_nd_qs16(1.0f, 1.0f, 1.0f, -5, 5, XQNN_FLAG_TFLITE_REQUANTIZATION, &op),
            xqnn_status_success);
  OperatorPtr owner(op);
  const size_t shape[1] = {4};
  std::vector<int16_t> x(4 + 8), y(4);
  ASSERT_EQ(xqnn_reshape_multiply_nd_qs16(op, 1, shape, 1, shape, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_setup_multiply_nd_qs16(op, nullptr, x.data(), y.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_add_nd_qs16(op, x.data(), x.data(), y.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_setup_multiply_nd_qs8(op, (const int8_t*) x.data(), (const int8_t*) x.data(), (int8_t*) y.data()),
            xqnn_status_invalid_parameter);
}

}  // namespace
