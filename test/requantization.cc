// The fp32 requantization scheme (src/requantization) against exact
// arithmetic in double precision, and the kernels' magic-bias rounding
// against the lrintf reference.
//
// Exactness argument used by the checks: the float product of two floats is
// the double product (exact: 24 + 24 bits < 53) rounded to float once, so
// (float)((double)(float)acc * (double)scale) is the true float result of the
// scheme's multiply; clamping and round-half-even are then exact in double.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "xqnn/math.h"
#include "xqnn/requantization.h"
#include "tflite-requantization-reference.h"

namespace {

int32_t ExactRequantize(int32_t acc, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
  const double product = (double) (float) acc * (double) scale;  // exact
  double scaled = (double) (float) product;                       // one rounding, as the scheme
  scaled = std::max(scaled, (double) (qmin - zp));
  scaled = std::min(scaled, (double) (qmax - zp));
  // Round half to even, exactly, in double.
  const double floor_value = std::floor(scaled);
  const double fraction = scaled - floor_value;
  double rounded = floor_value;
  if (fraction > 0.5 || (fraction == 0.5 && std::fmod(floor_value, 2.0) != 0.0)) rounded += 1.0;
  return (int32_t) rounded + zp;
}

// What the micro-kernels compute: clamp, then magic-bias rounding.
int32_t KernelRequantize(int32_t acc, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
  union xqnn_qs8_qc8w_conv_minmax_params params;
  (void) params;
  float scaled = (float) acc * scale;
  scaled = std::max(scaled, (float) (qmin - zp));
  scaled = std::min(scaled, (float) (qmax - zp));
  return xqnn_fp32_round_magic(scaled, 12582912.0f, (int32_t) xqnn_float_as_uint32(12582912.0f) - zp);
}

std::vector<int32_t> EdgeAccumulators() {
  std::vector<int32_t> v = {0, 1, -1, 2, -2, 127, -128, 255, -255, 1 << 23, -(1 << 23),
                            (1 << 24) + 1, -(1 << 24) - 1, INT32_MAX, INT32_MIN, INT32_MAX - 1,
                            INT32_MIN + 1, 1 << 30, -(1 << 30)};
  return v;
}

struct Range { int32_t zp, qmin, qmax; };

std::vector<Range> RangeClasses(bool is_signed) {
  const int32_t lo = is_signed ? -128 : 0;
  const int32_t hi = is_signed ? 127 : 255;
  const int32_t mid = is_signed ? 0 : 128;
  std::vector<Range> classes;
  for (int32_t zp : {lo, lo + 1, mid - 1, mid, mid + 3, hi - 1, hi}) {
    classes.push_back({zp, lo, hi});                  // full range
    classes.push_back({zp, std::max(lo, zp), hi});    // ReLU
    classes.push_back({zp, std::max(lo, zp), std::min(hi, zp + 6)});  // ReLU6-like
    classes.push_back({zp, mid - 8, mid + 7});        // 4-bit emulation
    classes.push_back({zp, mid + 5, mid + 5});        // single value
  }
  return classes;
}

TEST(Requantization, ScaleValidity) {
  EXPECT_TRUE(xqnn_is_valid_requantization_scale(0x1.0p-32f));
  EXPECT_TRUE(xqnn_is_valid_requantization_scale(1.0f));
  EXPECT_TRUE(xqnn_is_valid_requantization_scale(std::nextafter(256.0f, 0.0f)));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(256.0f));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(std::nextafter(0x1.0p-32f, 0.0f)));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(0.0f));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(-1.0f));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(std::numeric_limits<float>::quiet_NaN()));
  EXPECT_FALSE(xqnn_is_valid_requantization_scale(std::numeric_limits<float>::infinity()));
}

TEST(Requantization, ScaleIsComputedInFloatInTheDesignOrder) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-20.0f, 5.0f);
  for (int i = 0; i < 100000; i++) {
    const float a = std::exp2(dist(rng)), b = std::exp2(dist(rng)), c = std::exp2(dist(rng));
    const float expected = (float) ((double) (float) ((double) a * (double) b) / (double) c);
    ASSERT_EQ(xqnn_fp32_requantization_scale(a, b, c), expected) << a << " " << b << " " << c;
  }
}

void CheckAgainstExact(bool is_signed, uint32_t seed, size_t random_count) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> log_scale(-32.0f, 8.0f);
  std::uniform_int_distribution<int32_t> any_acc(INT32_MIN, INT32_MAX);
  const auto classes = RangeClasses(is_signed);
  std::vector<float> scales = {0x1.0p-32f, 1.0f / 3.0f, 0.5f, 1.0f, 2.0f, 255.99998f};
  for (int i = 0; i < 60; i++) {
    float s = std::exp2(log_scale(rng));
    if (xqnn_is_valid_requantization_scale(s)) scales.push_back(s);
  }
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  for (const Range& r : classes) {
    for (float scale : scales) {
      // Accumulators that land on and around every output value, including ties.
      std::vector<int32_t> accs = EdgeAccumulators();
      for (int32_t q = -300; q <= 300; q += 7) {
        const double center = (q + 0.5) / scale;
        if (std::fabs(center) < 2.0e9) {
          const int32_t c = (int32_t) center;
          for (int32_t d = -2; d <= 2; d++) accs.push_back(c + d);
        }
      }
      for (size_t i = 0; i < random_count; i++) {
        const int bits = (int) (rng() % 31);
        accs.push_back(any_acc(rng) >> bits);
      }
      for (int32_t acc : accs) {
        const int32_t exact = ExactRequantize(acc, scale, r.zp, r.qmin, r.qmax);
        const int32_t reference = xqnn_requantize_fp32_reference(acc, scale, r.zp, r.qmin, r.qmax);
        const int32_t kernel = KernelRequantize(acc, scale, r.zp, r.qmin, r.qmax);
        ASSERT_EQ(reference, exact) << "acc " << acc << " scale " << scale << " zp " << r.zp
                                    << " [" << r.qmin << ", " << r.qmax << "]";
        ASSERT_EQ(kernel, exact) << "acc " << acc << " scale " << scale << " zp " << r.zp;
        ASSERT_GE(exact, r.qmin);
        ASSERT_LE(exact, r.qmax);
      }
    }
  }
}

// About 2.5 million accumulators per data type.
TEST(Requantization, QS8MatchesExactArithmetic) { CheckAgainstExact(true, 1, 300); }
TEST(Requantization, QU8MatchesExactArithmetic) { CheckAgainstExact(false, 2, 300); }

TEST(Requantization, TiesRoundToEven) {
  // acc * 0.5 lands exactly on .5 for odd accumulators.
  for (int32_t acc = -41; acc <= 41; acc += 2) {
    const int32_t expected = (int32_t) std::nearbyint(acc * 0.5);
    EXPECT_EQ(xqnn_requantize_fp32_reference(acc, 0.5f, 0, -128, 127), expected);
    EXPECT_EQ(KernelRequantize(acc, 0.5f, 0, -128, 127), expected);
  }
  EXPECT_EQ(xqnn_requantize_fp32_reference(5, 0.5f, 0, -128, 127), 2);
  EXPECT_EQ(xqnn_requantize_fp32_reference(7, 0.5f, 0, -128, 127), 4);
  EXPECT_EQ(xqnn_requantize_fp32_reference(-5, 0.5f, 0, -128, 127), -2);
}

// The scheme is within half a unit (plus float rounding of the product) of
// the real-valued result before clamping.
TEST(Requantization, AccuracyAgainstRealArithmetic) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> acc_dist(-(1 << 20), 1 << 20);
  std::uniform_real_distribution<float> log_scale(-20.0f, -2.0f);
  for (int i = 0; i < 1000000; i++) {
    const int32_t acc = acc_dist(rng);
    const float scale = std::exp2(log_scale(rng));
    const double real = (double) acc * (double) scale;
    if (std::fabs(real) > 120.0) continue;
    const int32_t q = xqnn_requantize_fp32_reference(acc, scale, 0, -128, 127);
    ASSERT_LE(std::fabs((double) q - real), 0.5 + 1e-5 * std::fabs(real) + 1e-6) << acc << " " << scale;
  }
}

TEST(Requantization, ArrayReferences) {
  const int32_t input[] = {-100000, -300, -1, 0, 1, 2, 3, 300, 100000};
  int8_t qs8[9];
  uint8_t qu8[9];
  xqnn_qs8_requantize_fp32__scalar(9, input, 0.5f, -3, -100, 100, qs8);
  xqnn_qu8_requantize_fp32__scalar(9, input, 0.5f, 128, 10, 250, qu8);
  for (int i = 0; i < 9; i++) {
    EXPECT_EQ(qs8[i], ExactRequantize(input[i], 0.5f, -3, -100, 100));
    EXPECT_EQ(qu8[i], ExactRequantize(input[i], 0.5f, 128, 10, 250));
  }
}

// ---- TFLite-compatible fixed-point scheme (XQNN_FLAG_TFLITE_REQUANTIZATION) ----

TEST(TfliteRequantization, MultiplierMatchesTflitesQuantizeMultiplier) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> log2_dist(-32.0, 8.0);
  std::vector<double> reals = {0x1.0p-32, 0.5, 1.0, 255.99999, std::nextafter(256.0, 0.0),
                               1.0 - 0x1.0p-40,  // rounds up to 2^31: the exponent moves
                               0.75, 3.0};
  for (int i = 0; i < 200000; i++) reals.push_back(std::exp2(log2_dist(rng)));
  for (double r : reals) {
    xqnn_tflite_multiplier m;
    ASSERT_TRUE(xqnn_tflite_quantize_multiplier(r, &m)) << r;
    const tflite_reference::Multiplier expected = tflite_reference::QuantizeMultiplier(r);
    ASSERT_EQ(m.multiplier, expected.multiplier) << r;
    ASSERT_EQ(m.exponent, expected.exponent) << r;
    ASSERT_GE(m.multiplier, INT32_C(1) << 30);
  }
}

TEST(TfliteRequantization, MultiplierRange) {
  xqnn_tflite_multiplier m = {7, 7};
  for (double r : {0.0, -1.0, std::nextafter(0x1.0p-32, 0.0), 256.0, 1e10,
                   std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_FALSE(xqnn_tflite_quantize_multiplier(r, &m)) << r;
    EXPECT_EQ(m.multiplier, 7);  // untouched
    EXPECT_EQ(m.exponent, 7);
  }
}

// xqnn's arithmetic against the reference written from TFLite's definitions,
// on random and extreme accumulators, for every exponent the range allows.
TEST(TfliteRequantization, MatchesTflitesArithmetic) {
  std::mt19937 rng(12);
  std::uniform_int_distribution<int32_t> acc_dist(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> small_dist(-70000, 70000);
  std::uniform_int_distribution<int32_t> multiplier_dist(INT32_C(1) << 30, INT32_MAX);
  const int32_t extremes[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX};
  for (int exponent = -31; exponent <= 9; exponent++) {
    for (int i = 0; i < 20000; i++) {
      tflite_reference::Multiplier q;
      q.multiplier = i < 3 ? (i == 0 ? INT32_C(1) << 30 : i == 1 ? INT32_MAX : 3 << 29) : multiplier_dist(rng);
      q.exponent = exponent;
      const int32_t acc = i < 7 ? extremes[i] : (i % 2 ? acc_dist(rng) : small_dist(rng));
      ASSERT_EQ(xqnn_tflite_multiply(acc, q.multiplier, q.exponent),
                tflite_reference::MultiplyByQuantizedMultiplier(acc, q))
          << "acc " << acc << " multiplier " << q.multiplier << " exponent " << exponent;
      const xqnn_tflite_multiplier m = {q.multiplier, q.exponent};
      for (int32_t zp : {-128, -3, 0, 127, 255}) {
        const int32_t qmin = zp < 0 ? -128 : 0, qmax = zp < 0 ? 127 : 255;
        ASSERT_EQ(xqnn_tflite_requantize(acc, m, zp, qmin, qmax),
                  tflite_reference::Requantize(acc, q, zp, qmin, qmax));
      }
    }
  }
}

// gemmlowp's RoundingDivideByPOT (TFLite's ADD): every x in a window around
// each multiple of 2^shift (so every remainder and sign), plus the extremes.
TEST(TfliteRequantization, RoundingDivideByPowerOfTwo) {
  for (int shift = 0; shift <= 31; shift++) {
    std::vector<int32_t> xs = {INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1, 0, 1, -1};
    const int64_t step = INT64_C(1) << shift;
    for (int64_t base : {INT64_C(0), step, -step, 3 * step, -5 * step}) {
      for (int64_t d = -9; d <= 9; d++) {
        for (int64_t v : {base + d, base + step / 2 + d}) {
          if (v >= INT32_MIN && v <= INT32_MAX) xs.push_back(static_cast<int32_t>(v));
        }
      }
    }
    for (int32_t x : xs) {
      ASSERT_EQ(xqnn_tflite_rounding_divide_by_pot(x, shift), tflite_reference::RoundingDivideByPOT(x, shift))
          << "x " << x << " shift " << shift;
    }
  }
  std::mt19937 rng(14);
  std::uniform_int_distribution<int32_t> x_dist(INT32_MIN, INT32_MAX), m_dist(INT32_C(1) << 30, INT32_MAX);
  for (int i = 0; i < 200000; i++) {
    const int32_t x = x_dist(rng), m = m_dist(rng);
    const int exponent = -static_cast<int>(static_cast<uint32_t>(i) % 32);
    ASSERT_EQ(xqnn_tflite_multiply_smaller_than_one(x, m, exponent),
              tflite_reference::RoundingDivideByPOT(tflite_reference::SaturatingRoundingDoublingHighMul(x, m), -exponent));
  }
}

// Accuracy: with right shift s, h = round(acc * M / 2^31) is within 1/2 of
// its real value and the rounding shift adds 1/2 of a unit of 2^s, and M is
// within 2^-31 (relative) of the real multiplier r:
//   |y - acc * r| <= 1/2 + 2^-(s+1) + |acc * r| * 2^-31.
// The bound is reached: y differs from the exactly rounded value.
TEST(TfliteRequantization, AccuracyAgainstRealArithmetic) {
  std::mt19937 rng(13);
  std::uniform_real_distribution<double> log2_dist(-32.0, 0.0);
  std::uniform_int_distribution<int32_t> acc_dist(-(1 << 24), 1 << 24);
  size_t differs_from_rounded = 0;
  for (int i = 0; i < 1000000; i++) {
    const double r = std::exp2(log2_dist(rng));
    xqnn_tflite_multiplier m;
    ASSERT_TRUE(xqnn_tflite_quantize_multiplier(r, &m));
    const int32_t acc = acc_dist(rng);
    const int32_t y = xqnn_tflite_multiply(acc, m.multiplier, m.exponent);
    const double exact = static_cast<double>(acc) * r;
    const int s = -m.exponent;
    ASSERT_LE(std::abs(y - exact), 0.5 + std::ldexp(1.0, -(s + 1)) + std::abs(exact) * 0x1.0p-31 + 1e-9)
        << "acc " << acc << " r " << r;
    differs_from_rounded += y != static_cast<int32_t>(std::nearbyint(exact));
  }
  EXPECT_GT(differs_from_rounded, 0u);
}

}  // namespace
