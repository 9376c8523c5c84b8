// add_nd, subtract_nd and multiply_nd (QS8, QU8) and maximum_nd / minimum_nd
// (S8, U8), against naive broadcasting loops over
// the definitions in elementwise-reference.h: every combination of broadcast
// axes for ranks 0..6 (including 0-D scalars, lower-rank inputs and size-1
// everywhere), extreme scales and zero points, output ranges, add's accuracy
// against exact arithmetic, thread counts, bad parameters and states.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "elementwise-reference.h"
#include "tflite-requantization-reference.h"
#include "operator-test-utils.h"
#include "xqnn.h"

namespace {

struct BinaryOp {
  const char* name;
  bool is_signed;
  bool is_add;  // add or subtract (the add kernels)
  bool is_sub;
  xqnn_status (*create)(int32_t, float, int32_t, float, int32_t, float, int32_t, int32_t, uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, const size_t*, size_t, const size_t*, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, const void*, void*);
};

#define BINARY_OP(op, t, ctype, is_signed, is_add, is_sub)                                            \
  BinaryOp{#op "_nd_" #t, is_signed, is_add, is_sub,                                                    \
           [](int32_t z1, float s1, int32_t z2, float s2, int32_t zo, float so, int32_t mn, int32_t mx, \
              uint32_t flags, xqnn_operator_t* out) {                                                 \
             return xqnn_create_##op##_nd_##t((ctype) z1, s1, (ctype) z2, s2, (ctype) zo, so,          \
                                              (ctype) mn, (ctype) mx, flags, out);                    \
           },                                                                                         \
           xqnn_reshape_##op##_nd_##t,                                                                \
           [](xqnn_operator_t o, const void* a, const void* b, void* y) {                             \
             return xqnn_setup_##op##_nd_##t(o, (const ctype*) a, (const ctype*) b, (ctype*) y);      \
           }}

const BinaryOp kOps[] = {
    BINARY_OP(add, qs8, int8_t, true, true, false),
    BINARY_OP(add, qu8, uint8_t, false, true, false),
    BINARY_OP(subtract, qs8, int8_t, true, true, true),
    BINARY_OP(subtract, qu8, uint8_t, false, true, true),
    BINARY_OP(multiply, qs8, int8_t, true, false, false),
    BINARY_OP(multiply, qu8, uint8_t, false, false, false),
};

void PrintTo(const BinaryOp& op, std::ostream* os) { *os << op.name; }

struct Quantization {
  int32_t zp1, zp2, zpo, qmin, qmax;
  float s1, s2, so;
};

std::string ShapeString(const std::vector<size_t>& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); i++) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

class BinaryElementwiseTest : public testing::TestWithParam<BinaryOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const BinaryOp& Op() const { return GetParam(); }
  int32_t Lo() const { return Op().is_signed ? -128 : 0; }
  int32_t Hi() const { return Op().is_signed ? 127 : 255; }
  int32_t Load(uint8_t v) const { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  Quantization Random(std::mt19937& rng) const {
    std::uniform_int_distribution<int32_t> zp(Lo(), Hi());
    std::uniform_real_distribution<float> log_scale(-5.0f, 3.0f);
    Quantization q{zp(rng), zp(rng), zp(rng), Lo(), Hi(), std::exp2(log_scale(rng)),
                   std::exp2(log_scale(rng)), std::exp2(log_scale(rng))};
    if (!Op().is_add) {
      // Keep the combined scale s1 * s2 / so within [2^-10, 2^7].
      std::uniform_real_distribution<float> log_ratio(-7.0f, 10.0f);
      q.so = q.s1 * q.s2 * std::exp2(log_ratio(rng));
    }
    return q;
  }

  int32_t Expected(int32_t a, int32_t b, const Quantization& q) const {
    if (tflite_) return tflite_reference::Add(a, b, q.zp1, q.zp2, q.s1, q.s2, q.so, q.zpo, q.qmin, q.qmax,
                                              /*left_shift=*/20, /*negate_b=*/Op().is_sub);
    if (Op().is_sub) return xqnn_test::ReferenceSubtract(a, b, q.zp1, q.zp2, q.s1, q.s2, q.so, q.zpo, q.qmin, q.qmax);
    return Op().is_add
               ? xqnn_test::ReferenceAdd(a, b, q.zp1, q.zp2, q.s1, q.s2, q.so, q.zpo, q.qmin, q.qmax)
               : xqnn_test::ReferenceMultiply(a, b, q.zp1, q.zp2, q.s1, q.s2, q.so, q.zpo, q.qmin, q.qmax);
  }

  // Naive numpy broadcasting: output[i] = op(a[broadcast(i)], b[broadcast(i)]).
  std::vector<int32_t> Reference(const std::vector<size_t>& shape1, const std::vector<size_t>& shape2,
                                 const std::vector<uint8_t>& a, const std::vector<uint8_t>& b,
                                 const Quantization& q, std::vector<size_t>* out_shape) const {
    const size_t rank = std::max(shape1.size(), shape2.size());
    std::vector<size_t> s1(rank, 1), s2(rank, 1), so(rank);
    std::copy(shape1.begin(), shape1.end(), s1.begin() + (rank - shape1.size()));
    std::copy(shape2.begin(), shape2.end(), s2.begin() + (rank - shape2.size()));
    size_t total = 1;
    for (size_t d = 0; d < rank; d++) {
      so[d] = s1[d] == 1 ? s2[d] : s1[d];
      total *= so[d];
    }
    *out_shape = so;
    std::vector<int32_t> out(total);
    std::vector<size_t> index(rank, 0);
    for (size_t i = 0; i < total; i++) {
      size_t rem = i, off1 = 0, off2 = 0, st1 = 1, st2 = 1;
      for (size_t d = rank; d-- > 0;) {
        index[d] = rem % so[d];
        rem /= so[d];
        off1 += (s1[d] == 1 ? 0 : index[d]) * st1;
        off2 += (s2[d] == 1 ? 0 : index[d]) * st2;
        st1 *= s1[d];
        st2 *= s2[d];
      }
      out[i] = Expected(Load(a[off1]), Load(b[off2]), q);
    }
    return out;
  }

  // Runs the operator; returns the outputs (with canary bytes checked).
  std::vector<int32_t> Run(const std::vector<size_t>& shape1, const std::vector<size_t>& shape2,
                           const std::vector<uint8_t>& a, const std::vector<uint8_t>& b,
                           const Quantization& q, size_t total, pthreadpool_t pool) {
    xqnn_operator_t op = nullptr;
    const uint32_t flags = tflite_ ? XQNN_FLAG_TFLITE_REQUANTIZATION : 0;
    EXPECT_EQ(Op().create(q.zp1, q.s1, q.zp2, q.s2, q.zpo, q.so, q.qmin, q.qmax, flags, &op), xqnn_status_success);
    if (op == nullptr) return {};
    std::vector<uint8_t> y(total + 32, 0xA5);
    EXPECT_EQ(Op().reshape(op, shape1.size(), shape1.data(), shape2.size(), shape2.data(), pool), xqnn_status_success);
    EXPECT_EQ(Op().setup(op, a.data(), b.data(), y.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    EXPECT_EQ(xqnn_delete_operator(op), xqnn_status_success);
    for (size_t i = total; i < y.size(); i++) EXPECT_EQ(y[i], 0xA5) << "write past the output at " << i;
    std::vector<int32_t> out(total);
    for (size_t i = 0; i < total; i++) out[i] = Load(y[i]);
    return out;
  }

  std::vector<uint8_t> RandomData(const std::vector<size_t>& shape, std::mt19937& rng) const {
    size_t n = 1;
    for (size_t d : shape) n *= d;
    std::uniform_int_distribution<int32_t> v(Lo(), Hi());
    std::vector<uint8_t> data(n + XQNN_EXTRA_BYTES);
    for (auto& x : data) x = (uint8_t) v(rng);
    return data;
  }

  void Check(const std::vector<size_t>& shape1, const std::vector<size_t>& shape2, const Quantization& q,
             std::mt19937& rng, pthreadpool_t pool = nullptr) {
    const std::vector<uint8_t> a = RandomData(shape1, rng), b = RandomData(shape2, rng);
    std::vector<size_t> out_shape;
    const std::vector<int32_t> expected = Reference(shape1, shape2, a, b, q, &out_shape);
    const std::vector<int32_t> got = Run(shape1, shape2, a, b, q, expected.size(), pool);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); i++) {
      ASSERT_EQ(got[i], expected[i])
          << Op().name << " " << ShapeString(shape1) << " x " << ShapeString(shape2) << " -> "
          << ShapeString(out_shape) << " at " << i << " zps=" << q.zp1 << "," << q.zp2 << "," << q.zpo
          << " scales=" << q.s1 << "," << q.s2 << "," << q.so << " range=[" << q.qmin << "," << q.qmax << "]"
          << (tflite_ ? " tflite" : "");
    }
  }

  bool tflite_ = false;  // XQNN_FLAG_TFLITE_REQUANTIZATION (add only)
};

// Every subset of broadcast axes for each input, ranks 0..6; leading 1s are
// dropped from an input's shape on every other combination (lower-rank inputs).
TEST_P(BinaryElementwiseTest, AllBroadcastCombinations) {
  std::mt19937 rng(1);
  const size_t sizes[6] = {2, 3, 2, 3, 2, 2};
  for (size_t rank = 0; rank <= 6; rank++) {
    for (uint32_t mask1 = 0; mask1 < (1u << rank); mask1++) {
      for (uint32_t mask2 = 0; mask2 < (1u << rank); mask2++) {
        std::vector<size_t> s1(rank), s2(rank);
        for (size_t d = 0; d < rank; d++) {
          s1[d] = (mask1 >> d) & 1 ? 1 : sizes[d];
          s2[d] = (mask2 >> d) & 1 ? 1 : sizes[d];
        }
        if ((mask1 ^ mask2) & 1) {
          while (!s1.empty() && s1.front() == 1) s1.erase(s1.begin());
          while (!s2.empty() && s2.front() == 1) s2.erase(s2.begin());
        }
        Check(s1, s2, Random(rng), rng);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST_P(BinaryElementwiseTest, ScalarsAndSizeOne) {
  std::mt19937 rng(2);
  const std::vector<std::vector<size_t>> shapes = {
      {}, {1}, {1, 1, 1, 1, 1, 1}, {37}, {1, 1, 1, 1, 1, 53}, {5, 1, 1, 1, 1, 1}, {3, 1, 4, 1, 5, 1}};
  for (const auto& s1 : shapes) {
    for (const auto& s2 : shapes) {
      bool compatible = true;
      for (size_t i = 1; i <= std::min(s1.size(), s2.size()); i++) {
        const size_t d1 = s1[s1.size() - i], d2 = s2[s2.size() - i];
        if (d1 != d2 && d1 != 1 && d2 != 1) compatible = false;
      }
      if (compatible) Check(s1, s2, Random(rng), rng);
    }
  }
}

// Two broadcast-compatible random shapes of rank <= 6: each dimension is 1 in
// either input a quarter of the time, and input1 loses up to 3 leading dimensions.
void RandomShapePair(std::mt19937& rng, std::vector<size_t>* s1, std::vector<size_t>* s2) {
  std::uniform_int_distribution<size_t> rank_dist(0, 6), dim(1, 9), coin(0, 3);
  const size_t rank = rank_dist(rng);
  s1->assign(rank, 1);
  s2->assign(rank, 1);
  for (size_t d = 0; d < rank; d++) {
    const size_t n = dim(rng);
    (*s1)[d] = coin(rng) == 0 ? 1 : n;
    (*s2)[d] = coin(rng) == 0 ? 1 : n;
  }
  s1->erase(s1->begin(), s1->begin() + std::min(coin(rng), s1->size()));
}

TEST_P(BinaryElementwiseTest, RandomShapes) {
  std::mt19937 rng(3);
  for (int iteration = 0; iteration < 200; iteration++) {
    std::vector<size_t> s1, s2;
    RandomShapePair(rng, &s1, &s2);
    Check(s1, s2, Random(rng), rng);
    if (HasFatalFailure()) return;
  }
}

TEST_P(BinaryElementwiseTest, ExtremeQuantization) {
  std::mt19937 rng(4);
  const float big = std::nextafter(256.0f, 0.0f), tiny = 0x1.0p-32f;
  std::uniform_int_distribution<int32_t> bound(Lo(), Hi());
  for (int32_t zp1 : {Lo(), Hi()}) {
    for (int32_t zp2 : {Lo(), Hi()}) {
      for (int32_t zpo : {Lo(), Hi()}) {
        for (int s = 0; s < 4; s++) {
          Quantization q = Random(rng);
          q.zp1 = zp1;
          q.zp2 = zp2;
          q.zpo = zpo;
          if (Op().is_add) {
            q.so = 1.0f;
            q.s1 = (s & 1) ? big : tiny;
            q.s2 = (s & 2) ? big : tiny;
          } else {
            q.s1 = (s & 1) ? big : tiny;
            q.s2 = (s & 2) ? 1.0f : 0.5f;
            q.so = q.s2;
          }
          if (s == 3) {
            q.qmin = bound(rng);
            q.qmax = bound(rng);
            if (q.qmin > q.qmax) std::swap(q.qmin, q.qmax);
          }
          Check({3, 1, 17}, {1, 4, 17}, q, rng);
          Check({3, 4, 1}, {17}, q, rng);
        }
      }
    }
  }
}

// Add: at most 1 unit from exact (double) arithmetic, over every pair of input
// values and many random quantizations.
TEST_P(BinaryElementwiseTest, AddAccuracyAgainstExactArithmetic) {
  if (!Op().is_add) GTEST_SKIP() << "add only";
  std::mt19937 rng(5);
  std::vector<uint8_t> a(256 + XQNN_EXTRA_BYTES), b(256 + XQNN_EXTRA_BYTES);
  for (int i = 0; i < 256; i++) a[i] = b[i] = (uint8_t) i;
  std::uniform_real_distribution<float> log_ratio(-12.0f, 7.99f), log_out(-10.0f, 10.0f);
  size_t inexact = 0, total = 0;
  for (int iteration = 0; iteration < 24; iteration++) {
    Quantization q = Random(rng);
    q.so = std::exp2(log_out(rng));
    q.s1 = q.so * std::exp2(log_ratio(rng));
    q.s2 = q.so * std::exp2(log_ratio(rng));
    const std::vector<int32_t> got = Run({256, 1}, {1, 256}, a, b, q, 256 * 256, nullptr);
    ASSERT_EQ(got.size(), 256u * 256u);
    for (int i = 0; i < 256; i++) {
      for (int j = 0; j < 256; j++) {
        const int32_t va = Load(a[i]), vb = Load(b[j]);
        const float s2 = Op().is_sub ? -q.s2 : q.s2;  // a - b = a + (-1) * b, exactly
        const int32_t exact = xqnn_test::ExactAdd(va, vb, q.zp1, q.zp2, q.s1, s2, q.so, q.zpo, q.qmin, q.qmax);
        const int32_t r = got[i * 256 + j];
        ASSERT_LE(std::abs(r - exact), 1) << "a=" << va << " b=" << vb << " zps=" << q.zp1 << "," << q.zp2
                                          << "," << q.zpo << " scales=" << q.s1 << "," << q.s2 << "," << q.so;
        inexact += r != exact;
        total++;
      }
    }
  }
  // Off-by-one results only happen within 2^-5 of a rounding boundary: rare.
  EXPECT_LT(inexact, total / 100) << inexact << " of " << total << " results differ from exact";
}

TEST_P(BinaryElementwiseTest, ThreadCounts) {
  std::mt19937 rng(6);
  const std::vector<std::pair<std::vector<size_t>, std::vector<size_t>>> cases = {
      {{4, 30, 70}, {1, 30, 1}}, {{1, 1, 70}, {9, 30, 1}},
      {{20000}, {1}}, {{}, {3, 7, 300}}, {{2, 3, 4, 5, 6, 7}, {2, 1, 4, 1, 6, 1}}};
  for (const auto& c : cases) {
    const Quantization q = Random(rng);
    const std::vector<uint8_t> a = RandomData(c.first, rng), b = RandomData(c.second, rng);
    std::vector<size_t> out_shape;
    const std::vector<int32_t> expected = Reference(c.first, c.second, a, b, q, &out_shape);
    const std::vector<int32_t> serial = Run(c.first, c.second, a, b, q, expected.size(), nullptr);
    ASSERT_EQ(serial, expected) << ShapeString(c.first) << " x " << ShapeString(c.second);
    for (size_t threads : TestThreadCounts()) {
      ASSERT_EQ(Run(c.first, c.second, a, b, q, expected.size(), TestThreadpool(threads)), serial)
          << threads << " threads, " << ShapeString(c.first) << " x " << ShapeString(c.second);
    }
  }
}

TEST_P(BinaryElementwiseTest, ZeroSizedOutput) {
  std::mt19937 rng(7);
  const Quantization q = Random(rng);
  const std::vector<std::pair<std::vector<size_t>, std::vector<size_t>>> cases = {
      {{0}, {1}}, {{3, 0}, {3, 1}}, {{0, 5}, {5}}, {{2, 0, 4}, {2, 0, 4}}};
  for (const auto& c : cases) {
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(Op().create(q.zp1, q.s1, q.zp2, q.s2, q.zpo, q.so, q.qmin, q.qmax, 0, &op), xqnn_status_success);
    ASSERT_EQ(Op().reshape(op, c.first.size(), c.first.data(), c.second.size(), c.second.data(), nullptr),
              xqnn_status_success);
    uint8_t dummy[4] = {0xA5, 0xA5, 0xA5, 0xA5};
    EXPECT_EQ(Op().setup(op, dummy, dummy, dummy), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    EXPECT_EQ(dummy[0], 0xA5);
    xqnn_delete_operator(op);
  }
}

TEST_P(BinaryElementwiseTest, InvalidCreateParameters) {
  const float nan = std::nanf(""), inf = INFINITY;
  xqnn_operator_t op = nullptr;
  const int32_t z = Lo();
  EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 1.0f, Lo(), Hi(), 0, nullptr), xqnn_status_invalid_parameter);
  for (float bad : {0.0f, -1.0f, nan, inf, -0.0f}) {
    EXPECT_EQ(Op().create(z, bad, z, 1.0f, z, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter) << bad;
    EXPECT_EQ(Op().create(z, 1.0f, z, bad, z, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter) << bad;
    EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, bad, Lo(), Hi(), 0, &op), xqnn_status_invalid_parameter) << bad;
  }
  EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 1.0f, Lo() + 1, Lo(), 0, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 1.0f, Lo(), Hi(), 0x80, &op), xqnn_status_invalid_parameter);
  // Scale ratios outside [2^-32, 256).
  EXPECT_EQ(Op().create(z, 256.0f, z, 1.0f, z, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().create(z, 1.0f, z, 0x1.0p-33f, z, 1.0f, Lo(), Hi(), 0, &op),
            Op().is_add ? xqnn_status_unsupported_parameter : xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().create(z, 1.0e30f, z, 1.0e30f, z, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().create(z, 1.0e-30f, z, 1.0e-30f, z, 1.0e30f, Lo(), Hi(), 0, &op), xqnn_status_unsupported_parameter);
  // Edges that are accepted.
  const float big = std::nextafter(256.0f, 0.0f);
  ASSERT_EQ(Op().create(z, big, z, Op().is_add ? big : 1.0f, z, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_success);
  xqnn_delete_operator(op);
  ASSERT_EQ(Op().create(z, 0x1.0p-32f, z, Op().is_add ? 0x1.0p-32f : 1.0f, z, 1.0f, Lo(), Hi(), 0, &op),
            xqnn_status_success);
  xqnn_delete_operator(op);
}

// Add with TFLite's fixed-point arithmetic: random shapes and quantizations,
// results halfway between integers, thread counts; multiply rejects the flag,
// and add rejects quantizations whose TFLite multipliers are not in [2^-32, 1).
TEST_P(BinaryElementwiseTest, TfliteRequantization) {
  const uint32_t flag = XQNN_FLAG_TFLITE_REQUANTIZATION;
  const int32_t z = Lo();
  xqnn_operator_t op = nullptr;
  if (!Op().is_add) {
    EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 1.0f, Lo(), Hi(), flag, &op), xqnn_status_invalid_parameter);
    EXPECT_EQ(op, nullptr);
    return;
  }
  EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 0x1.0p-20f, Lo(), Hi(), flag, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().create(z, 1.0f, z, 0x1.0p-33f, z, 1.0f, Lo(), Hi(), flag, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(Op().create(z, 1.0f, z, 1.0f, z, 0x1.0p+20f, Lo(), Hi(), flag, &op), xqnn_status_unsupported_parameter);
  EXPECT_EQ(op, nullptr);

  tflite_ = true;
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 60; iteration++) {
    std::vector<size_t> s1, s2;
    RandomShapePair(rng, &s1, &s2);
    Quantization q = Random(rng);
    if (iteration % 3 == 0) {  // (a' + b') / 2: halfway results
      q.s1 = q.s2 = 1.0f;
      q.so = 2.0f;
    }
    Check(s1, s2, q, rng, iteration % 4 == 0 ? TestThreadpool(1 + (size_t) iteration % 3) : nullptr);
    if (HasFatalFailure()) return;
  }
}

TEST_P(BinaryElementwiseTest, InvalidReshapeParametersAndStates) {
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(Op().create(Lo(), 0.5f, Hi(), 0.25f, 0, 1.0f, Lo(), Hi(), 0, &op), xqnn_status_success);
  uint8_t a[64 + XQNN_EXTRA_BYTES] = {}, b[64 + XQNN_EXTRA_BYTES] = {}, y[64] = {};
  // Before reshape.
  EXPECT_EQ(Op().setup(op, a, b, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const size_t s3[1] = {3}, s4[1] = {4}, s7[7] = {1, 1, 1, 1, 1, 1, 1};
  const size_t huge[2] = {SIZE_MAX / 2, 3};
  EXPECT_EQ(Op().reshape(nullptr, 1, s3, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 7, s7, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, s3, 7, s7, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, nullptr, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, s3, 1, nullptr, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, s3, 1, s4, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 2, huge, 1, s3, nullptr), xqnn_status_invalid_parameter);
  // Reshaped: setup before run; NULL pointers.
  ASSERT_EQ(Op().reshape(op, 1, s3, 0, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().setup(op, nullptr, b, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, a, nullptr, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, a, b, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(nullptr, a, b, y), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().setup(op, a, b, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // A failed reshape leaves the operator needing a reshape.
  EXPECT_EQ(Op().reshape(op, 1, s3, 1, s4, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(Op().setup(op, a, b, y), xqnn_status_invalid_state);
  // Wrong operator type.
  const BinaryOp& other = std::string(Op().name) == kOps[0].name ? kOps[1] : kOps[0];
  EXPECT_EQ(other.reshape(op, 1, s3, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_delete_operator(op), xqnn_status_success);
}

std::string OpName(const testing::TestParamInfo<BinaryOp>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Ops, BinaryElementwiseTest, testing::ValuesIn(kOps), OpName);

// ---- maximum_nd / minimum_nd (S8, U8): stored values compared, no parameters ----

struct MinMaxOp {
  const char* name;
  bool is_signed;
  bool is_max;
  xqnn_status (*create)(uint32_t, xqnn_operator_t*);
  xqnn_status (*reshape)(xqnn_operator_t, size_t, const size_t*, size_t, const size_t*, pthreadpool_t);
  xqnn_status (*setup)(xqnn_operator_t, const void*, const void*, void*);
};

#define MINMAX_OP(op, t, ctype, is_signed, is_max)                                            \
  MinMaxOp{#op "_nd_" #t, is_signed, is_max, xqnn_create_##op##_nd_##t, xqnn_reshape_##op##_nd_##t, \
           [](xqnn_operator_t o, const void* a, const void* b, void* y) {                     \
             return xqnn_setup_##op##_nd_##t(o, (const ctype*) a, (const ctype*) b, (ctype*) y); \
           }}

const MinMaxOp kMinMaxOps[] = {
    MINMAX_OP(maximum, s8, int8_t, true, true),
    MINMAX_OP(maximum, u8, uint8_t, false, true),
    MINMAX_OP(minimum, s8, int8_t, true, false),
    MINMAX_OP(minimum, u8, uint8_t, false, false),
};

void PrintTo(const MinMaxOp& op, std::ostream* os) { *os << op.name; }

class MinMaxTest : public testing::TestWithParam<MinMaxOp> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
  const MinMaxOp& Op() const { return GetParam(); }
  int32_t Load(uint8_t v) const { return Op().is_signed ? (int32_t) (int8_t) v : (int32_t) v; }

  // Naive broadcasting loop; returns the output elements.
  std::vector<int32_t> Reference(const std::vector<size_t>& shape1, const std::vector<size_t>& shape2,
                                 const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) const {
    const size_t rank = std::max(shape1.size(), shape2.size());
    std::vector<size_t> s1(rank, 1), s2(rank, 1), so(rank);
    std::copy(shape1.begin(), shape1.end(), s1.begin() + (rank - shape1.size()));
    std::copy(shape2.begin(), shape2.end(), s2.begin() + (rank - shape2.size()));
    size_t total = 1;
    for (size_t d = 0; d < rank; d++) total *= (so[d] = s1[d] == 1 ? s2[d] : s1[d]);
    std::vector<int32_t> out(total);
    for (size_t i = 0; i < total; i++) {
      size_t rem = i, off1 = 0, off2 = 0, st1 = 1, st2 = 1;
      for (size_t d = rank; d-- > 0;) {
        const size_t index = rem % so[d];
        rem /= so[d];
        off1 += (s1[d] == 1 ? 0 : index) * st1;
        off2 += (s2[d] == 1 ? 0 : index) * st2;
        st1 *= s1[d];
        st2 *= s2[d];
      }
      const int32_t va = Load(a[off1]), vb = Load(b[off2]);
      out[i] = Op().is_max ? std::max(va, vb) : std::min(va, vb);
    }
    return out;
  }

  std::vector<int32_t> Run(const std::vector<size_t>& shape1, const std::vector<size_t>& shape2,
                           const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, size_t total,
                           pthreadpool_t pool) {
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(Op().create(0, &op), xqnn_status_success);
    if (op == nullptr) return {};
    std::vector<uint8_t> y(total + 32, 0xA5);
    EXPECT_EQ(Op().reshape(op, shape1.size(), shape1.data(), shape2.size(), shape2.data(), pool), xqnn_status_success);
    EXPECT_EQ(Op().setup(op, a.data(), b.data(), y.data()), xqnn_status_success);
    EXPECT_EQ(xqnn_run_operator(op, pool), xqnn_status_success);
    EXPECT_EQ(xqnn_delete_operator(op), xqnn_status_success);
    for (size_t i = total; i < y.size(); i++) EXPECT_EQ(y[i], 0xA5) << "write past the output at " << i;
    std::vector<int32_t> out(total);
    for (size_t i = 0; i < total; i++) out[i] = Load(y[i]);
    return out;
  }

  static std::vector<uint8_t> RandomData(const std::vector<size_t>& shape, std::mt19937& rng) {
    size_t n = 1;
    for (size_t d : shape) n *= d;
    std::uniform_int_distribution<int32_t> v(0, 255);
    std::vector<uint8_t> data(n + XQNN_EXTRA_BYTES);
    for (auto& x : data) x = (uint8_t) v(rng);
    return data;
  }

  void Check(const std::vector<size_t>& s1, const std::vector<size_t>& s2, std::mt19937& rng,
             pthreadpool_t pool = nullptr) {
    const std::vector<uint8_t> a = RandomData(s1, rng), b = RandomData(s2, rng);
    const std::vector<int32_t> expected = Reference(s1, s2, a, b);
    ASSERT_EQ(Run(s1, s2, a, b, expected.size(), pool), expected)
        << Op().name << " " << ShapeString(s1) << " x " << ShapeString(s2);
  }
};

TEST_P(MinMaxTest, AllBroadcastCombinations) {
  std::mt19937 rng(11);
  const size_t sizes[6] = {2, 3, 2, 3, 2, 2};
  for (size_t rank = 0; rank <= 6; rank++) {
    for (uint32_t mask1 = 0; mask1 < (1u << rank); mask1++) {
      for (uint32_t mask2 = 0; mask2 < (1u << rank); mask2++) {
        std::vector<size_t> s1(rank), s2(rank);
        for (size_t d = 0; d < rank; d++) {
          s1[d] = (mask1 >> d) & 1 ? 1 : sizes[d];
          s2[d] = (mask2 >> d) & 1 ? 1 : sizes[d];
        }
        if ((mask1 ^ mask2) & 1) {
          while (!s1.empty() && s1.front() == 1) s1.erase(s1.begin());
        }
        Check(s1, s2, rng);
        if (HasFatalFailure()) return;
      }
    }
  }
}

// Long rows around the SIMD tiles (both inputs along the row, and one broadcast),
// random shapes, and thread counts.
TEST_P(MinMaxTest, RowsRandomShapesAndThreads) {
  std::mt19937 rng(12);
  for (size_t n = 1; n <= 100; n++) {
    Check({n}, {n}, rng);
    Check({n}, {1}, rng);
    Check({1}, {n}, rng);
    if (HasFatalFailure()) return;
  }
  for (int iteration = 0; iteration < 200; iteration++) {
    std::vector<size_t> s1, s2;
    RandomShapePair(rng, &s1, &s2);
    Check(s1, s2, rng, iteration % 5 == 0 ? TestThreadpool(1 + (size_t) iteration % 3) : nullptr);
    if (HasFatalFailure()) return;
  }
  for (size_t threads : TestThreadCounts()) {
    Check({4, 30, 70}, {1, 30, 1}, rng, TestThreadpool(threads));
    Check({20000}, {1}, rng, TestThreadpool(threads));
  }
}

TEST_P(MinMaxTest, ZeroSizedOutputAndBadParameters) {
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(Op().create(0, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().create(XQNN_FLAG_TFLITE_REQUANTIZATION, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().create(0x80, &op), xqnn_status_invalid_parameter);
  EXPECT_EQ(op, nullptr);
  ASSERT_EQ(Op().create(0, &op), xqnn_status_success);
  uint8_t a[64 + XQNN_EXTRA_BYTES] = {}, b[64 + XQNN_EXTRA_BYTES] = {}, y[64] = {};
  EXPECT_EQ(Op().setup(op, a, b, y), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  const size_t s0[2] = {3, 0}, s3[1] = {3}, s4[1] = {4}, s7[7] = {1, 1, 1, 1, 1, 1, 1};
  const size_t huge[2] = {SIZE_MAX / 2, 3};
  EXPECT_EQ(Op().reshape(nullptr, 1, s3, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 7, s7, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, nullptr, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 1, s3, 1, s4, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().reshape(op, 2, huge, 1, s3, nullptr), xqnn_status_invalid_parameter);
  ASSERT_EQ(Op().reshape(op, 2, s0, 1, s3 /* 0 against 3: incompatible */, nullptr),
            xqnn_status_invalid_parameter);
  const size_t s1[1] = {1};
  ASSERT_EQ(Op().reshape(op, 2, s0, 1, s1, nullptr), xqnn_status_success);  // empty output
  y[0] = 0xA5;
  EXPECT_EQ(Op().setup(op, a, b, y), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_EQ(y[0], 0xA5);
  ASSERT_EQ(Op().reshape(op, 1, s3, 0, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(Op().setup(op, nullptr, b, y), xqnn_status_invalid_parameter);
  EXPECT_EQ(Op().setup(op, a, b, nullptr), xqnn_status_invalid_parameter);
  // Wrong operator type.
  const MinMaxOp& other = std::string(Op().name) == kMinMaxOps[0].name ? kMinMaxOps[1] : kMinMaxOps[0];
  EXPECT_EQ(other.reshape(op, 1, s3, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(kOps[0].reshape(op, 1, s3, 1, s3, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(xqnn_delete_operator(op), xqnn_status_success);
}

std::string MinMaxName(const testing::TestParamInfo<MinMaxOp>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Ops, MinMaxTest, testing::ValuesIn(kMinMaxOps), MinMaxName);

}  // namespace
